"""Reading the tables in the background (measure/readahead.py) changes nothing but time:
the same metrics, the same problems in the same order, and no thread left behind."""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

import pytest
from merit.engine.errors import InputError
from merit.engine.measure import (
    compute_dossier_metrics,
    load_metric_specs,
    shipped_metric_files,
    tables_read_ahead,
)
from merit.engine.measure import (
    readahead as prefetch,
)
from merit.engine.measure.metrics import columns_needed
from merit.engine.pipeline import assess_many

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "provinsi-contoh"
BAD = Path(__file__).resolve().parent / "data" / "bad" / "tables"
YEAR = 2025


def tables_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "merit-tables"]


def test_the_read_ahead_gives_the_metrics_a_foreground_read_gives(rulebook) -> None:  # type: ignore[no-untyped-def]
    known = rulebook.vocabulary.metrics
    alone = compute_dossier_metrics(EXAMPLE / "tables", YEAR, known).metric_values()
    keep = columns_needed(load_metric_specs(shipped_metric_files()))
    with tables_read_ahead(EXAMPLE) as job:
        assert job is not None
        assert job.claim(EXAMPLE / "tables", YEAR + 1, keep) is None  # another year: not this read-ahead
        assert job.claim(EXAMPLE / "tables", YEAR, {**keep, "pegawai": frozenset()}) is None  # other columns
        ahead = compute_dossier_metrics(EXAMPLE / "tables", YEAR, known, ahead=job).metric_values()
        assert job.claim(EXAMPLE / "tables", YEAR, keep) is None  # taken once
    assert ahead == alone
    assert not tables_threads()


def copy_with_bad_tables(tmp_path: Path) -> Path:
    dossier = tmp_path / "dossier"
    shutil.copytree(EXAMPLE, dossier, ignore=shutil.ignore_patterns("tables"))
    shutil.copytree(BAD, dossier / "tables")
    return dossier


def test_bad_tables_give_the_same_problems_with_and_without_the_read_ahead(tmp_path: Path, rulebook,  # type: ignore[no-untyped-def]
                                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    dossier = copy_with_bad_tables(tmp_path)
    with pytest.raises(InputError) as ahead:
        assess_many(dossier, ["kasn-2019"])
    monkeypatch.setattr(prefetch, "assessment_year", lambda path: None)  # no read-ahead
    with pytest.raises(InputError) as alone:
        assess_many(dossier, ["kasn-2019"])
    assert [p.render("en") for p in ahead.value.problems] == [p.render("en") for p in alone.value.problems]
    assert len(alone.value.problems) > 5
    assert not tables_threads()


def test_a_run_that_fails_before_the_tables_stops_the_read_ahead(tmp_path: Path) -> None:
    dossier = copy_with_bad_tables(tmp_path)
    with pytest.raises(InputError) as raised:
        assess_many(dossier, ["no-such-policy"])
    assert any("no-such-policy" in p.render("en") for p in raised.value.problems)
    assert not tables_threads()


@pytest.mark.parametrize("text", ["name: [unclosed", "assessment_year: '2025'", "- a list\n", ""])
def test_no_read_ahead_without_a_plain_assessment_year(tmp_path: Path, text: str) -> None:
    (tmp_path / "tables").mkdir()
    (tmp_path / "agency.yaml").write_text(text, "utf-8")
    with tables_read_ahead(tmp_path) as job:
        assert not tables_threads()
        assert job is None
