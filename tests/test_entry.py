"""The `merit` executable (cli.run) ends the process at once after the command: every
output written and flushed, the exit codes unchanged."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "provinsi-contoh"
MERIT = str(Path(sys.executable).with_name("merit"))


def merit(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([MERIT, *args], capture_output=True, text=True, timeout=120, check=False)


def test_the_text_report_reaches_a_pipe_whole() -> None:
    run = merit("check", str(EXAMPLE))
    assert run.returncode == 0 and run.stderr == ""
    assert run.stdout.startswith("Penilaian Sistem Merit") and run.stdout.endswith("\n")
    assert run.stdout.count("\n") > 100


def test_exit_codes_and_messages_are_those_of_the_commands(tmp_path: Path) -> None:
    assert merit("--version").returncode == 0
    missing = merit("check", str(tmp_path / "none"))
    assert missing.returncode == 2 and "agency.yaml" in missing.stderr and "Traceback" not in missing.stderr
    out = tmp_path / "r.json"
    below = merit("check", str(EXAMPLE), "--format", "json", "-o", str(out), "--fail-under", "399")
    assert below.returncode == 1 and json.loads(out.read_text())["total"] > 0


def test_a_reader_that_stops_early_is_no_error() -> None:
    pipe = subprocess.run(f"'{MERIT}' check '{EXAMPLE}' | head -c 10", shell=True, capture_output=True,
                          text=True, timeout=120, check=False)
    assert pipe.stdout == "Penilaian " and "Traceback" not in pipe.stderr
