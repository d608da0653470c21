"""The command line: exit codes, languages, output files, and no tracebacks."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner
from conftest import EXAMPLE
from merit.cli import EXIT_BAD_INPUT, EXIT_OK, main
from merit.engine.load.schema import validate
from merit.engine.render.write import write_atomically


def _run(*args: str):
    return CliRunner().invoke(main, list(args))


def test_check_text_shows_aspects_total_category_and_gap() -> None:
    result = _run("check", str(EXAMPLE))
    assert result.exit_code == EXIT_OK
    for expected in ("Pengembangan Karier", "Total", "Kategori:", "Sangat Baik (>= 325)"):
        assert expected in result.output


def test_check_in_english() -> None:
    result = _run("check", str(EXAMPLE), "--lang", "en")
    assert result.exit_code == EXIT_OK
    assert "Career development" in result.output and "Category:" in result.output


def test_json_report_has_the_promised_fields_and_validates() -> None:
    report = json.loads(_run("check", str(EXAMPLE), "--format", "json").output)
    assert isinstance(report["total"], (int, float)) and isinstance(report["category"], str)
    assert {"id", "score"} <= set(report["aspects"][0])
    assert {"id", "aspect", "level"} <= set(report["indicators"][0])
    assert {"category", "threshold", "gap"} <= set(report["target"])
    assert report["target"]["threshold"] == 325
    assert report["target"]["gap"] == max(0, 325 - report["total"])
    assert validate(report, "report", "<report>") == []


def test_output_is_written_atomically_and_inputs_untouched(tmp_path: Path) -> None:
    dossier = tmp_path / "d"
    shutil.copytree(EXAMPLE, dossier)
    before = {p: p.read_bytes() for p in dossier.rglob("*") if p.is_file()}
    out = tmp_path / "report.json"
    result = _run("check", str(dossier), "--format", "json", "--output", str(out))
    assert result.exit_code == EXIT_OK
    assert json.loads(out.read_text("utf-8"))["agency"]["name"] == "Pemerintah Provinsi Contoh"
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []
    for input_file in (dossier / "answers.yaml", dossier / "tables" / "pegawai.csv"):
        refused = _run("check", str(dossier), "--output", str(input_file))
        assert refused.exit_code == EXIT_BAD_INPUT
        assert "masukan tidak pernah ditimpa" in refused.output
    assert {p: p.read_bytes() for p in dossier.rglob("*") if p.is_file()} == before


def test_write_atomically_replaces_whole_files(tmp_path: Path) -> None:
    target = tmp_path / "x.txt"
    target.write_text("old")
    write_atomically(target, "new")
    assert target.read_text() == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.txt"]


def test_missing_dossier_is_a_clear_error() -> None:
    result = _run("check", "/nonexistent/dossier")
    assert result.exit_code == EXIT_BAD_INPUT
    assert "/nonexistent/dossier: dosir harus berupa direktori" in result.output


def test_unknown_policy_suggests_the_closest() -> None:
    result = _run("check", str(EXAMPLE), "--policy", "kasn-2018", "--lang", "en")
    assert result.exit_code == EXIT_BAD_INPUT
    assert "did you mean 'kasn-2019'?" in result.output


def test_usage_errors_exit_2() -> None:
    assert _run("check", str(EXAMPLE), "--format", "pdf").exit_code == 2
    assert _run("nosuchcommand").exit_code == 2


def test_installed_command_runs_outside_the_checkout(tmp_path: Path) -> None:
    merit = Path(sys.executable).parent / "merit"
    result = subprocess.run([str(merit), "check", str(EXAMPLE), "--format", "json"],
                            cwd=tmp_path, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["policy"]["id"] == "kasn-2019"
    bad = subprocess.run([str(merit), "check", str(tmp_path)], cwd=tmp_path,
                         capture_output=True, text=True, check=False)
    assert bad.returncode == EXIT_BAD_INPUT
    assert "Traceback" not in bad.stderr and "agency.yaml: berkas tidak ditemukan" in bad.stderr


def test_progress_shows_on_a_terminal_only() -> None:
    import io

    from merit.cli import TerminalProgress, _with_progress
    from merit.engine import progress

    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    tty = Tty()
    shown = TerminalProgress(tty, "en")
    with progress.listening(shown):
        progress.step("progress.evaluate", policy="kasn-2019")
    shown.close()
    assert "Assessing under policy kasn-2019" in tty.getvalue()
    assert tty.getvalue().endswith("\r\x1b[K")  # the line is erased at the end
    result = CliRunner().invoke(main, ["check", str(EXAMPLE)])  # not a terminal: quiet
    assert "Menilai dengan kebijakan" not in result.output
    assert _with_progress("id", lambda: 42) == 42


def test_the_readme_shows_the_example_plan_as_merit_prints_it() -> None:
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text("utf-8")
    section = readme.split("### The example's way to Sangat Baik", 1)[1]
    shown = section.split("```\n", 1)[1].split("```", 1)[0].rstrip()
    printed = _run("plan", str(EXAMPLE), "--lang", "en").output.split("Fewest-steps plan:")[0].rstrip()
    assert shown == printed, "README plan is stale: paste `merit plan examples/provinsi-contoh --lang en`"
