"""Fuzzing the example dossier's bytes: whatever a careless edit or a broken export does to
a YAML or CSV file, merit answers 0, 1 or 2 with a message, never a traceback or 3.

Examples are derandomized (the same on every run, so CI is repeatable); the mutations are
the damage real files suffer: bytes flipped, deleted, duplicated, truncated, a line cut
out or doubled, a quote, colon, tab or NUL dropped in.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import EXAMPLE
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from merit.cli import main

# MERIT_FUZZ_EXAMPLES=500 for a long, random run (CI runs the same 12 per file every time).
LONG_RUN = "MERIT_FUZZ_EXAMPLES" in os.environ
EXAMPLES = int(os.environ.get("MERIT_FUZZ_EXAMPLES", "12"))
NOISE = [b'"', b"'", b":", b"\t", b"\x00", b"\xff", b"- ", b"&a ", b"*a", b"{", b"]", b"\r", b"\n", b";", b","]


@st.composite
def mutations(draw: st.DrawFn, size: int) -> list[tuple[str, int, bytes]]:
    """A few edits (kind, offset, bytes) to a file of `size` bytes."""
    edits = []
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["flip", "delete", "insert", "truncate", "duplicate"]))
        edits.append((kind, draw(st.integers(0, max(size - 1, 0))),
                      draw(st.one_of(st.sampled_from(NOISE), st.binary(min_size=1, max_size=4)))))
    return edits


def mutate(data: bytes, edits: list[tuple[str, int, bytes]]) -> bytes:
    for kind, offset, noise in edits:
        offset = min(offset, len(data))
        if kind == "flip" and data:
            data = data[:offset] + noise[:1] + data[offset + 1:]
        elif kind == "delete":
            data = data[:offset] + data[offset + 8:]
        elif kind == "insert":
            data = data[:offset] + noise + data[offset:]
        elif kind == "truncate":
            data = data[:offset]
        else:  # a stretch doubled, as a bad copy-paste does
            data = data[:offset] + data[offset:offset + 40] + data[offset:]
    return data


def _check(dossier: Path) -> None:
    result = CliRunner().invoke(main, ["check", str(dossier), "--format", "json"])
    assert result.exit_code in (0, 1, 2), result.output
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example with small tables (the first 60 rows of each), so each run is quick."""
    root = tmp_path_factory.mktemp("fuzz") / "base"
    shutil.copytree(EXAMPLE, root)
    for table in (root / "tables").glob("*.csv"):
        lines = table.read_bytes().splitlines(keepends=True)
        table.write_bytes(b"".join(lines[:60]))
    return root


@pytest.mark.parametrize("name", ["agency.yaml", "documents.yaml", "answers.yaml", "tables/pegawai.csv",
                                  "tables/skp.csv"])
def test_mutated_inputs_never_crash(base: Path, tmp_path_factory: pytest.TempPathFactory, name: str) -> None:
    original = (base / name).read_bytes()

    @settings(max_examples=EXAMPLES, deadline=None, derandomize=not LONG_RUN, database=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
    @given(edits=mutations(len(original)))
    def run(edits: list[tuple[str, int, bytes]]) -> None:
        dossier = tmp_path_factory.mktemp("case") / "d"
        shutil.copytree(base, dossier)
        (dossier / name).write_bytes(mutate(original, edits))
        _check(dossier)

    run()
