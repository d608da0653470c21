"""Metrics from tables: declared in YAML, checked at load, wired into load_dossier, and in
agreement with a plain-Python reference on random tables."""

from __future__ import annotations

import csv
import shutil
import tempfile
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from merit.engine.errors import InputError
from merit.engine.evaluate.inference import dossier_facts
from merit.engine.load.loader import load_rulebook, shipped_dir
from merit.engine.measure import compute_dossier_metrics, load_metric_specs, shipped_metric_files
from merit.engine.measure.metrics import compute_metrics
from merit.engine.measure.tables import load_personnel
from merit.engine.model import Rulebook
from merit.engine.pipeline import read_dossier

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "provinsi-contoh"
YEAR = 2025
OFFICIALS = ("jpt", "administrator", "pengawas")
WORKSHEET = ("kk_skp_complete_ratio", "kk_skp_on_time_ratio", "kk_skp_milestone_ratio", "kk_skp_evaluated_ratio",
             "kk_competency_jpt_ratio", "kk_competency_managerial_ratio", "kk_competency_nonmanagerial_ratio",
             "kk_talent_mapped_ratio", "kk_promotion_on_time_ratio")  # rules/metrics/worksheet.yaml


def nip(serial: int, sex: int = 1) -> str:
    return f"19800101200501{sex}{serial:03d}"


def write(path: Path, header: list[str], rows: list[list[object]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)


def test_shipped_metrics_are_in_the_vocabulary(rulebook: Rulebook) -> None:
    ids = {spec.id for spec in load_metric_specs(shipped_metric_files())}
    assert ids == {"pns_20jp_ratio", "assessment_valid_ratio", "skp_completion_ratio",
                   "jpt_open_selection_ratio", "succession_coverage_ratio", "officials_jpm_at_least_68_ratio",
                   "talent_pool_coverage_ratio", "skp_predicate_sangat_baik_ratio",
                   "talent_pool_without_recent_penalty_ratio", "penalties_recorded_siasn_ratio",
                   "vacancies_filled_from_talent_pool_ratio", *WORKSHEET}
    assert ids <= set(rulebook.vocabulary.metrics)


def test_example_tables_give_the_self_reported_figures_and_stay_small(rulebook: Rulebook) -> None:
    outcome = compute_dossier_metrics(EXAMPLE / "tables", YEAR, rulebook.vocabulary.metrics)
    values = {k: round(v.value, 4) for k, v in outcome.metric_values().items()}
    assert values == {"pns_20jp_ratio": 0.71, "assessment_valid_ratio": 0.62, "skp_completion_ratio": 0.97,
                      "jpt_open_selection_ratio": 0.9, "succession_coverage_ratio": 0.55,
                      "officials_jpm_at_least_68_ratio": 0.74, "talent_pool_coverage_ratio": 0.64,
                      "skp_predicate_sangat_baik_ratio": 0.31, "talent_pool_without_recent_penalty_ratio": 1.0,
                      "penalties_recorded_siasn_ratio": 0.94, "vacancies_filled_from_talent_pool_ratio": 0.35,
                      # the 2026 worksheet's (tests/personnel/test_personnel_worksheet.py)
                      "kk_skp_complete_ratio": 0.85, "kk_skp_on_time_ratio": 0.78, "kk_skp_milestone_ratio": 0.72,
                      "kk_skp_evaluated_ratio": 0.88, "kk_competency_jpt_ratio": 0.7,
                      "kk_competency_managerial_ratio": 0.675, "kk_competency_nonmanagerial_ratio": 0.0,
                      "kk_talent_mapped_ratio": 0.16, "kk_promotion_on_time_ratio": 0.9333,
                      "kk_digital_data_kinds": 11.0}
    failing = outcome.results["pns_20jp_ratio"].failing
    assert failing.height == 2400 - 1704 and set(failing.columns) >= {"__row", "nip"}
    # eight tables of ~3000 employees (disiplin and seleksi added ~40 kB, the worksheet's
    # SKP columns ~105 kB and kenaikan_pangkat ~11 kB)
    assert sum(p.stat().st_size for p in (EXAMPLE / "tables").iterdir()) < 1_200_000


def test_tables_override_answers_and_only_aggregates_become_facts(tmp_path: Path, rulebook: Rulebook) -> None:
    for name in ("agency.yaml", "documents.yaml", "answers.yaml"):
        shutil.copy(EXAMPLE / name, tmp_path / name)
    tables = tmp_path / "tables"
    tables.mkdir()
    write(tables / "pegawai.csv", ["NIP", "Nama", "Status", "Gol/Ruang"],
          [[nip(1), "A", "PNS", "III/a"], [nip(2), "B", "PNS", "III/b"], [nip(3), "C", "PNS", "IV/a"]])
    write(tables / "pelatihan.csv", ["NIP", "Tgl Selesai", "JP"],
          [[nip(1), "01-02-2025", 12], [nip(1), "01-03-2025", 8], [nip(2), "01-03-2024", 40]])
    dossier = read_dossier(tmp_path, rulebook)
    computed = dossier.metrics["pns_20jp_ratio"]
    assert computed.value == pytest.approx(1 / 3)
    assert computed.source == "computed from tables/pegawai.csv, tables/pelatihan.csv (1/3)"
    assert dossier.metrics["succession_coverage_ratio"].value == 0.55  # no jabatan table: answers.yaml
    facts = dossier_facts(dossier)
    assert not any("nip" in fact for fact in facts)
    assert len([f for f in facts if f.get("kind") == "metric"]) == len(dossier.metrics)


def test_a_bad_table_stops_reading_the_dossier(tmp_path: Path, rulebook: Rulebook) -> None:
    for name in ("agency.yaml", "documents.yaml", "answers.yaml"):
        shutil.copy(EXAMPLE / name, tmp_path / name)
    (tmp_path / "tables").mkdir()
    write(tmp_path / "tables" / "pegawai.csv", ["NIP", "Nama", "Status"], [["123", "A", "PNS"]])
    with pytest.raises(InputError) as caught:
        read_dossier(tmp_path, rulebook)
    assert "personnel.nip_format" in [p.code for p in caught.value.problems]


BAD_METRICS = """kind: metrics
metrics:
  pns_20jp_ratio:
    type: ratio
    table: pegawai
    where:
      - {column: statuss, op: "==", value: PNS}
    pass:
      - {column: jp, op: ">=", value: 20}
"""


def test_a_malformed_metric_file_fails_with_the_rules(tmp_path: Path) -> None:
    path = tmp_path / "metrics.yaml"
    path.write_text(BAD_METRICS, "utf-8")
    with pytest.raises(InputError) as caught:
        load_rulebook([path], base=[shipped_dir("rules")])
    mine = [(p.line, p.col, p.code, p.suggestion) for p in caught.value.problems if p.file == str(path)]
    assert mine == [(7, 18, "metrics.unknown_column", "status"), (9, 18, "metrics.unknown_column", "jpm")]  # a derived column


def test_a_computed_metric_must_have_its_home_in_the_vocabulary(tmp_path: Path) -> None:
    path = tmp_path / "metrics.yaml"
    path.write_text(BAD_METRICS.replace("pns_20jp_ratio", "pns_20jp_rasio").replace("statuss", "status")
                    .replace("column: jp,", "column: nip,"), "utf-8")
    with pytest.raises(InputError) as caught:
        load_rulebook([path], base=[shipped_dir("rules")])
    mine = [(p.line, p.col, p.code, p.suggestion) for p in caught.value.problems if p.file == str(path)]
    assert mine == [(3, 3, "metrics.unknown_metric", "pns_20jp_ratio")]


def test_a_metric_title_unit_and_provenance_come_from_the_vocabulary(rulebook) -> None:
    metric = rulebook.vocabulary.metrics["assessment_valid_ratio"]
    assert metric.unit == "ratio" and metric.title.en.startswith("Share of officials")
    assert "Art. 29(4)" in metric.provenance.en and "Pasal 29 ayat (4)" in metric.provenance.id and metric.references[0].regulation == "Peraturan BKN 26/2019"


# --- property: polars metrics agree with a plain-Python reference --------------------------

employees = st.lists(st.tuples(st.sampled_from(["PNS", "PPPK"]),
                               st.sampled_from(OFFICIALS + ("pelaksana", "fungsional"))),
                     min_size=1, max_size=12)


@st.composite
def tables(draw: st.DrawFn) -> tuple[list, list, list]:  # type: ignore[type-arg]
    staff = draw(employees)
    count = len(staff)
    serial = st.integers(1, count)
    trainings = draw(st.lists(st.tuples(serial, st.sampled_from([2024, 2025]),
                                        st.sampled_from([0, 2.5, 4, 8, 10, 12, 19.5, 20])), max_size=25))
    assessments = draw(st.lists(st.tuples(serial, st.dates(date(2018, 1, 1), date(2025, 12, 31))),
                                max_size=15))
    return staff, trainings, assessments


def reference(staff: list, trainings: list, assessments: list) -> dict[str, float]:  # type: ignore[type-arg]
    values = {}
    pns = [i + 1 for i, (status, _) in enumerate(staff) if status == "PNS"]
    if pns:
        jp = {s: sum(j for t, y, j in trainings if t == s and y == YEAR) for s in pns}
        values["pns_20jp_ratio"] = sum(1 for s in pns if jp[s] >= 20) / len(pns)
    officials = [i + 1 for i, (_, kind) in enumerate(staff) if kind in OFFICIALS]
    if officials:
        cutoff = date(YEAR - 3, 12, 31)
        valid = [s for s in officials if any(a == s and d >= cutoff for a, d in assessments)]
        values["assessment_valid_ratio"] = len(valid) / len(officials)
    return values


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tables())
def test_metrics_agree_with_plain_python(data: tuple[list, list, list]) -> None:  # type: ignore[type-arg]
    staff, trainings, assessments = data
    specs = [s for s in load_metric_specs(shipped_metric_files())
             if s.id in ("pns_20jp_ratio", "assessment_valid_ratio")]
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        write(root / "pegawai.csv", ["NIP", "Nama", "Status", "Gol/Ruang", "Jenis Jabatan"],
              [[nip(i + 1), "X", status, "III/a" if status == "PNS" else "", kind]
               for i, (status, kind) in enumerate(staff)])
        write(root / "pelatihan.csv", ["NIP", "Tgl Selesai", "JP"],
              [[nip(s), f"15-06-{y}", str(j).replace(".", ",")] for s, y, j in trainings])
        write(root / "asesmen.csv", ["NIP", "Tanggal Asesmen"],
              [[nip(s), d.strftime("%d/%m/%Y")] for s, d in assessments])
        results = compute_metrics(specs, load_personnel(root, YEAR), YEAR)
    got = {k: r.value for k, r in results.items()}
    assert got == pytest.approx(reference(staff, trainings, assessments))


@settings(max_examples=200, deadline=None)
@given(days=st.lists(st.one_of(st.none(), st.dates(date(2018, 1, 1), date(2030, 12, 31))), max_size=20),
       op=st.sampled_from(["==", "!=", "<", "<=", ">", ">="]), year=st.integers(2017, 2031))
def test_a_year_filter_compares_as_the_dates_year(days: list[date | None], op: str, year: int) -> None:
    """`part: year` is compiled to a comparison with the year's first or last day: the
    same rows as comparing each date's calendar year (and a missing date fails)."""
    import polars as pl
    from merit.engine.measure.metrics import compile_filter
    from merit.engine.measure.metricspecs import Filter

    frame = pl.DataFrame({"d": days}, schema={"d": pl.Date})
    got = frame.select(compile_filter(Filter("d", op, year, "year"), 2025)).to_series().to_list()
    compare = {"==": int.__eq__, "!=": int.__ne__, "<": int.__lt__, "<=": int.__le__, ">": int.__gt__,
               ">=": int.__ge__}[op]
    assert got == [d is not None and compare(d.year, year) for d in days]
