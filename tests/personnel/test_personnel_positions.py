"""Related rows addressed by their employee's position (engine/measure/positions.py):
placing per-position groups gives what a left join on the key gives, and the metrics are
the same whether the positions come from the checks or are found when computing."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from merit.engine.measure import nip
from merit.engine.measure.metricfiles import shipped_metric_files
from merit.engine.measure.metrics import columns_needed, compute_metrics
from merit.engine.measure.metricspecs import load_metric_specs
from merit.engine.measure.positions import Keys, Parent, at, find, per_position, with_positions
from merit.engine.measure.tables import load_personnel

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "provinsi-contoh"
DATA = Path(__file__).resolve().parent / "data"
YEAR = 2025

keys_lists = st.lists(st.one_of(st.none(), st.integers(0, 12)), max_size=30)


@settings(max_examples=150, deadline=None)
@given(parent=keys_lists, child=keys_lists)
def test_placed_groups_are_what_a_left_join_on_the_key_gives(parent: list[int | None],
                                                              child: list[int | None]) -> None:
    people = pl.DataFrame({"nip": parent}, schema={"nip": pl.Int64})
    rows = pl.DataFrame({"nip": child, "jp": list(range(len(child)))}, schema={"nip": pl.Int64, "jp": pl.Int64})
    of = {"pegawai": Parent(people, "nip")}
    rows = with_positions({"pegawai": people, "pelatihan": rows}, [("pelatihan", "nip", "pegawai")], of)["pelatihan"]
    groups = per_position(rows.lazy(), "nip", pl.col("jp").sum(), pl.len().alias("n")).collect()
    got = people.hstack(of["pegawai"].placed(groups, "nip").get_columns())
    by_key = rows.filter(pl.col("nip").is_not_null()).group_by("nip").agg(pl.col("jp").sum(), pl.len().alias("n"))
    expected = people.join(by_key, on="nip", how="left", maintain_order="left")
    assert got.equals(expected, null_equal=True)


@settings(max_examples=150, deadline=None)
@given(keys=st.lists(st.integers(0, 40), unique=True, max_size=30), values=keys_lists)
def test_find_gives_each_value_its_key_s_position(keys: list[int], values: list[int | None]) -> None:
    found = find(pl.Series(values, dtype=pl.Int64), pl.Series(keys, dtype=pl.Int64)).to_list()
    assert found == [keys.index(v) if v in keys else None for v in values]


@settings(max_examples=200, deadline=None)
@given(keys=st.lists(st.integers(0, 40), max_size=30), values=keys_lists)
def test_keys_sorted_once_find_and_test_membership_as_hashing_does(keys: list[int],
                                                                     values: list[int | None]) -> None:
    """positions.Keys merges sorted values with keys sorted once: the same positions as a
    hash lookup (a repeated key, from several files, by its first row), the same
    membership as is_in (null for a null value), for values in any order."""
    parent, series = pl.Series(keys, dtype=pl.Int64), pl.Series(values, dtype=pl.Int64)
    sorted_once = Keys(parent)
    for _ in range(2):  # (the second lookup reuses the sorted keys)
        assert sorted_once.find(series).to_list() == [keys.index(v) if v in keys else None for v in values]
        assert nip.member(series, sorted_once).to_list() == series.is_in(parent.implode()).to_list()
    if len(set(keys)) == len(keys):
        assert find(series, sorted_once).to_list() == find(series, parent).to_list()
        assert nip._looked_up(series, sorted_once, True).to_list() == find(series, parent).to_list()


@settings(max_examples=150, deadline=None)
@given(keys=st.lists(st.sampled_from(["JPT-001", "JPT-002", "ADM-10", "ADM-9", "PGW-1"]), max_size=8),
       values=st.lists(st.one_of(st.none(), st.sampled_from(["JPT-001", "ADM-9", "PGW-1", "X"])), max_size=20),
       coded=st.sampled_from(["text", "both coded", "values coded"]))
def test_keys_of_text_find_each_value_s_first_row(keys: list[str], values: list[str | None], coded: str) -> None:
    """Post codes (jabatan's key, text, read dictionary-coded or not) are looked up as NIPs
    are: each value's first row among the keys, null for a value none has."""
    parent, series = pl.Series(keys, dtype=pl.Utf8), pl.Series(values, dtype=pl.Utf8)
    if coded == "both coded":
        parent = parent.cast(pl.Categorical(pl.Categories.random()))
        series = series.cast(parent.dtype)
    elif coded == "values coded":
        series = series.cast(pl.Categorical(pl.Categories.random()))
    assert find(series, parent).to_list() == [keys.index(v) if v in keys else None for v in values]


def _results(folder: Path, positions: bool, threshold: float = 1.0) -> dict[str, Any]:
    specs = load_metric_specs(shipped_metric_files())
    personnel = load_personnel(folder, YEAR, threshold, keep=columns_needed(specs), positions=positions)
    results = compute_metrics(specs, personnel, YEAR)
    return {mid: (r.value, r.passed, r.total, r.groups, r.failing.to_dicts()) for mid, r in results.items()}


def _two_files(tmp_path: Path, repeat: bool) -> Path:
    """The example's tables with the employees in two files (a source's `files`), the
    second starting with the first file's last employee again when `repeat`."""
    tables = tmp_path / "tables"
    shutil.copytree(EXAMPLE / "tables", tables)
    lines = (tables / "pegawai.csv").read_text("utf-8-sig").splitlines()
    half = len(lines) // 2
    (tables / "pegawai.csv").unlink()
    (tables / "pegawai-1.csv").write_text("\n".join(lines[:half]) + "\n", "utf-8")
    (tables / "pegawai-2.csv").write_text("\n".join([lines[0], *lines[half - 1:half] * repeat, *lines[half:]]) + "\n",
                                          "utf-8")
    (tables / "tables.yaml").write_text('sources:\n  pegawai:\n    files: ["pegawai-*.csv"]\n', "utf-8")
    return tables


@pytest.mark.parametrize("folder", [EXAMPLE / "tables", DATA / "messy" / "tables", DATA / "bad" / "tables"],
                         ids=["example", "messy", "bad"])
def test_positions_from_the_checks_give_the_metrics_found_later(folder: Path) -> None:
    assert _results(folder, True) == _results(folder, False)


@pytest.mark.parametrize("repeat", [False, True], ids=["split", "repeated"])
def test_employees_in_several_files_give_the_metrics_of_one(tmp_path: Path, repeat: bool) -> None:
    split = _two_files(tmp_path, repeat)
    got = _results(split, True)
    assert got == _results(split, False)
    if not repeat:  # the same employees as the example's one file (the rows of each, in order)
        one = _results(EXAMPLE / "tables", True)
        assert {m: v[:4] for m, v in got.items()} == {m: v[:4] for m, v in one.items()}
    else:  # the repeated employee counts twice, with the same values both times (as a join gives)
        totals = {m: v[2] for m, v in _results(EXAMPLE / "tables", True).items()}
        assert {got[m][2] - totals[m] for m in totals} == {0, 1}


def test_positions_come_from_the_checks_only_where_they_are_exact(tmp_path: Path) -> None:
    def positioned(folder: Path, positions: bool = True) -> set[str]:
        personnel = load_personnel(folder, YEAR, 1.0, positions=positions)
        return {tid for tid, t in personnel.tables.items() if any(c.startswith(at("")) for c in t.frame.columns)}

    assert {"pelatihan", "asesmen", "skp", "disiplin"} <= positioned(EXAMPLE / "tables")
    assert positioned(EXAMPLE / "tables", positions=False) == set()
    assert positioned(_two_files(tmp_path, False)) == set()  # the employees' keys span two files
    # bad employee rows, left out under the threshold: the keys are not the kept rows'
    assert load_personnel(DATA / "bad" / "tables", YEAR, 1.0).tables["pegawai"].excluded_rows
    assert positioned(DATA / "bad" / "tables") == set()


@settings(max_examples=150, deadline=None)
@given(keys=st.lists(st.integers(0, 20), unique=True, max_size=15),
       runs=st.lists(st.tuples(st.one_of(st.none(), st.integers(0, 25)), st.integers(1, 4)), max_size=15))
def test_a_run_of_one_nip_is_looked_up_as_each_of_its_rows(keys: list[int], runs: list[tuple[int | None, int]]) -> None:
    values = pl.Series([value for value, length in runs for _ in range(length)], dtype=pl.Int64)
    parent = pl.Series(keys, dtype=pl.Int64)
    assert nip._looked_up(values, parent, True).to_list() == find(values, parent).to_list()
    assert nip._looked_up(values, parent, False).to_list() == nip.member(values, parent).to_list()


POSTS_METRIC = """\
kind: metrics
provenance: "A test metric over the posts, from the selections that name them."
metrics:
  posts_with_open_selection_ratio:
    type: ratio
    table: jabatan
    derive:
      terbuka:
        table: seleksi
        agg: count
        where:
          - {column: jenis, op: "==", value: seleksi terbuka}
        default: 0
    pass:
      - {column: terbuka, op: ">=", value: 1}
"""


def test_a_metric_over_posts_places_the_selections_by_post_code(tmp_path: Path) -> None:
    """A derived value whose population is not the employees (posts, keyed by their code
    as text): the selections are placed beside their posts as a join on the code would."""
    (tmp_path / "posts.yaml").write_text(POSTS_METRIC, "utf-8")
    specs = load_metric_specs([tmp_path / "posts.yaml"])
    personnel = load_personnel(EXAMPLE / "tables", YEAR)
    result = compute_metrics(specs, personnel, YEAR)["posts_with_open_selection_ratio"]
    posts, selections = personnel.tables["jabatan"].frame, personnel.tables["seleksi"].frame
    counted = (selections.filter(pl.col("jenis") == "seleksi terbuka").group_by("kode_jabatan").len()
               .rename({"len": "terbuka"}))
    expected = posts.join(counted, on="kode_jabatan", how="left").with_columns(pl.col("terbuka").fill_null(0))
    assert (result.passed, result.total) == (expected.filter(pl.col("terbuka") >= 1).height, posts.height)
    assert 0 < result.passed < result.total
