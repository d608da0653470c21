"""Real exports read as they are (issue 12): the built-in profiles (SIASN employee export,
rw-diklat + rw-kursus, rw-hukdis, rw-skp22, the e-Kinerja SKP workbook), a SIMPEG read
through tables/tables.yaml with every `sources:` key, the round trip (the example's tables
re-exported in each shape give the example's report), and what the report says about
where each figure comes from."""

from __future__ import annotations

import json
import shutil
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from click.testing import CliRunner
from merit.cli import main
from merit.engine.errors import InputError
from merit.engine.measure import load_personnel

sys.path.insert(0, str(Path(__file__).resolve().parent))
import exports  # noqa: E402  (the converter: tests/personnel/exports.py)

EXAMPLE = exports.EXAMPLE


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


def _report(dossier: Path, *policy: str) -> dict[str, Any]:
    code, output = _run("check", str(dossier), "--format", "json", *policy)
    assert code == 0, output
    return json.loads(output)


def _shape(root: Path, name: str) -> Path:
    """The example re-exported in one shape (see exports.py)."""
    out = root / name
    if name == "siasn":
        exports.siasn(out)
    elif name == "siasn-pipe":
        exports.siasn(out, delimiter="|")
    elif name == "ekinerja":
        exports._copy_dossier(out, keep=("pegawai", "jabatan", "asesmen", "disiplin", "seleksi",
                                         "kenaikan_pangkat", "pelatihan"))
        exports.ekinerja(out / "tables" / "laporan_skp_2024.xlsx", exports.rows("skp.csv"))
    elif name == "siasn-history":
        exports.siasn(out)
        for table in ("skp", "disiplin"):
            (out / "tables" / f"{table}.csv").unlink()
        exports.siasn_history(out / "tables")
    else:
        exports.simpeg(out)
    return out


SHAPES = ("siasn", "siasn-pipe", "ekinerja", "siasn-history", "simpeg")


@pytest.fixture(scope="module")
def shapes(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("shapes")
    return {name: _shape(root, name) for name in SHAPES}


@pytest.fixture(scope="module")
def example_report() -> dict[str, Any]:
    return _report(EXAMPLE)


def _without_sources(report: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in report.items() if k != "sources"}


# --- the round trip --------------------------------------------------------------------------

@pytest.mark.parametrize("shape", SHAPES)
def test_each_shape_gives_the_example_report(shapes: dict[str, Path], example_report: dict[str, Any],
                                             shape: str) -> None:
    """Re-exported as SIASN, e-Kinerja or SIMPEG give it, the example's tables give the same
    scores, levels, gaps and plan (only the list of sources differs)."""
    assert _without_sources(_report(shapes[shape])) == _without_sources(example_report)


@pytest.mark.parametrize("shape", ["siasn", "simpeg"])
def test_worksheet_policy_round_trip(shapes: dict[str, Path], shape: str) -> None:
    policy = ("--policy", "permenpanrb-19-2025")
    assert _without_sources(_report(shapes[shape], *policy)) == _without_sources(_report(EXAMPLE, *policy))


def test_the_report_names_the_profile_of_each_file(shapes: dict[str, Path]) -> None:
    files = {f["file"]: f["read_as"] for f in _report(shapes["siasn-history"])["sources"]["files"]}
    assert files == {"tables/Export_Data_ASN_2025.csv": "siasn-pegawai", "tables/rw-diklat.csv": "siasn-pelatihan",
                     "tables/rw-kursus.csv": "siasn-pelatihan", "tables/rw-skp22.csv": "siasn-skp",
                     "tables/rw-hukdis.csv": "siasn-disiplin", "tables/jabatan.csv": "merit",
                     "tables/asesmen.csv": "merit", "tables/seleksi.csv": "merit",
                     "tables/kenaikan_pangkat.csv": "merit"}
    simpeg = {f["file"]: f["read_as"] for f in _report(shapes["simpeg"])["sources"]["files"]}
    assert simpeg["tables/simpeg_pegawai_2025.csv"] == "tables.yaml"


def test_validate_says_how_each_file_was_read(shapes: dict[str, Path]) -> None:
    code, output = _run("validate", str(shapes["ekinerja"]), "--lang", "en")
    assert code == 0, output
    assert "laporan_skp_2024.xlsx: table skp, read with the built-in profile ekinerja-skp" in output
    assert "pegawai.csv: table pegawai, read in merit's own shape" in output


# --- each built-in profile -------------------------------------------------------------------

def _people() -> list[dict[str, str]]:
    return exports.rows("pegawai.csv")


def test_siasn_employee_export_is_read_as_it_is(shapes: dict[str, Path]) -> None:
    staff = load_personnel(shapes["siasn"] / "tables", 2025).tables["pegawai"]
    assert staff.read_as == ("siasn-pegawai",) and staff.rows == len(_people())
    frame = staff.frame
    assert frame["status"].value_counts().sort("status").rows() == [("CPNS", 100), ("PNS", 2400), ("PPPK", 500)]
    # ESELON NAMA tells the structural posts apart: the same kinds as the example
    expected = pl.Series([p["Jenis Jabatan"] for p in _people()]).value_counts().sort("").rows()
    assert frame["jenis_jabatan"].value_counts().sort("jenis_jabatan").rows() == expected
    assert set(frame["pendidikan"].drop_nulls()) <= {"SMA", "SMP", "D3", "D4", "S1", "S2", "S3"}


def test_an_older_siasn_export_without_eselon_leaves_structural_posts_unknown(tmp_path: Path) -> None:
    tables = tmp_path / "tables"
    tables.mkdir()
    people = _people()[:60]
    exports.write_csv(tables / "export.csv", exports.SIASN_HEADERS, [exports.siasn_employee(p, newer=False) for p in people])
    frame = load_personnel(tables, 2025).tables["pegawai"].frame
    structural = [p["Jenis Jabatan"] in ("jpt", "administrator", "pengawas") for p in people]
    kinds = frame["jenis_jabatan"].to_list()
    assert all(kind is None for kind, s in zip(kinds, structural) if s)  # unknown, not guessed
    assert all(kind in ("fungsional", "pelaksana") for kind, s in zip(kinds, structural) if not s)


def test_siasn_history_tables_join_through_the_pns_id(shapes: dict[str, Path]) -> None:
    personnel = load_personnel(shapes["siasn-history"] / "tables", 2025)
    training = personnel.tables["pelatihan"]
    assert training.read_as == ("siasn-pelatihan", "siasn-pelatihan")  # rw-diklat and rw-kursus as one
    assert training.rows == len(exports.rows("pelatihan.csv"))
    penalties, appraisals = personnel.tables["disiplin"], personnel.tables["skp"]
    assert penalties.rows == len(exports.rows("disiplin.csv")) and penalties.excluded_rows == 0
    levels = pl.Series([d["Tingkat Hukuman Disiplin"] for d in exports.rows("disiplin.csv")])
    assert penalties.frame["tingkat"].value_counts().sort("tingkat").rows() == levels.value_counts().sort("").rows()
    assert appraisals.rows == len(exports.rows("skp.csv"))
    assert set(appraisals.frame["hasil_kerja"].drop_nulls()) <= {"di atas ekspektasi", "sesuai ekspektasi",
                                                                  "di bawah ekspektasi"}


def test_a_pns_id_no_employee_has_is_named_not_guessed(shapes: dict[str, Path], tmp_path: Path) -> None:
    dossier = tmp_path / "d"
    shutil.copytree(shapes["siasn-history"], dossier)
    path = dossier / "tables" / "rw-hukdis.csv"
    lines = path.read_text("utf-8").splitlines()
    parts = lines[1].split(",")
    parts[1] = "00000000-DEAD-BEEF-0000-000000000000"
    path.write_text("\n".join([lines[0], ",".join(parts), *lines[2:]]) + "\n", "utf-8")
    with pytest.raises(InputError) as caught:
        load_personnel(dossier / "tables", 2025)
    text = caught.value.render("en")
    assert "rw-hukdis.csv:2:2: column 'pnsOrang': '00000000-DEAD-BEEF-0000-000000000000' is no employee's PNS ID" in text


def test_ekinerja_workbook_header_on_row_8(shapes: dict[str, Path]) -> None:
    appraisals = load_personnel(shapes["ekinerja"] / "tables", 2025).tables["skp"]
    assert appraisals.read_as == ("ekinerja-skp",)
    assert appraisals.rows == len(exports.rows("skp.csv"))
    assert appraisals.frame["__row"][0] == 9  # the sheet's own row numbers, below the header on row 8


# --- tables.yaml: every key, checked like every YAML input -----------------------------------

def _dossier_with(tmp_path: Path, tables_yaml: str, edit: Callable[[Path], None] | None = None) -> Path:
    dossier = tmp_path / "d"
    shutil.copytree(EXAMPLE, dossier)
    if edit is not None:
        edit(dossier / "tables")
    (dossier / "tables" / "tables.yaml").write_text(tables_yaml, "utf-8")
    return dossier


def test_every_sources_key_is_used_by_the_simpeg_shape(shapes: dict[str, Path]) -> None:
    text = (shapes["simpeg"] / "tables" / "tables.yaml").read_text("utf-8")
    for key in ("files:", "header_row:", "delimiter:", "null:", "columns:", "values:", "key:"):
        assert key in text
    personnel = load_personnel(shapes["simpeg"] / "tables", 2025)
    assert personnel.tables["pegawai"].frame["golongan"].drop_nulls().len() == 2500
    assert personnel.tables["disiplin"].frame["tercatat_siasn"].value_counts().sort("tercatat_siasn").rows() == [
        ("tidak", 17), ("ya", 333)]


def test_a_list_of_headers_takes_the_first_the_file_has(tmp_path: Path) -> None:
    def rename(tables: Path) -> None:
        text = (tables / "pegawai.csv").read_text("utf-8-sig").replace("Unit Kerja", "Satker", 1)
        (tables / "pegawai.csv").write_text(text, "utf-8")
    dossier = _dossier_with(tmp_path, "sources:\n  pegawai:\n    columns: {unit_kerja: [OPD, Satker]}\n", rename)
    frame = load_personnel(dossier / "tables", 2025).tables["pegawai"].frame
    assert frame["unit_kerja"].null_count() == 0


def test_tables_yaml_problems_at_their_place_with_did_you_mean(tmp_path: Path) -> None:
    dossier = _dossier_with(tmp_path, """sources:
  pegawai:
    colums: {nip: NIP}
    values:
      status: {"Pegawai Negeri": PNSS}
  pelatihn:
    files: [x.csv]
  skp:
    columns: {tahunn: Tahun}
""")
    code, output = _run("validate", str(dossier), "--lang", "en")
    assert code == 2
    assert "tables.yaml:3:5: unknown key 'colums'" in output and "(did you mean 'columns'?)" in output
    assert "tables.yaml:5:34: 'PNSS' is not a value of column status" in output and "(did you mean 'PNS'?)" in output
    assert "tables.yaml:6:3: unknown table 'pelatihn'" in output and "(did you mean 'pelatihan'?)" in output
    assert "tables.yaml:9:15: table skp has no column 'tahunn'" in output and "(did you mean 'tahun'?)" in output


def test_merit_init_example_block_is_a_valid_mapping(tmp_path: Path) -> None:
    code, output = _run("init", str(tmp_path / "new"))
    assert code == 0, output
    text = (tmp_path / "new" / "tables" / "tables.yaml").read_text("utf-8")
    block = "\n".join(line[2:] for line in text[text.index("# sources:\n"):].splitlines())
    dossier = _dossier_with(tmp_path, block)
    from merit.engine.measure.dictionary import table_specs
    from merit.engine.measure.sources import load_sources
    assert set(load_sources(dossier / "tables", table_specs())) == {"pegawai", "disiplin"}


# --- data the source never stores ------------------------------------------------------------

def _talent_app(tables: Path) -> None:
    """Assessments with a year and no date; a penalty register without the level."""
    rows = exports.rows("asesmen.csv")
    (tables / "asesmen.csv").unlink()
    exports.write_csv(tables / "hasil_talenta.csv", ["NIP", "Tahun Asesmen", "Nilai JPM", "Rekomendasi"],
                      [[r["NIP"], r["Tanggal Asesmen"][:4], r["JPM (%)"], r["Kategori"]] for r in rows], ";")
    penalties = exports.rows("disiplin.csv")
    header = [h for h in penalties[0] if h != "Tingkat Hukuman Disiplin"]
    exports.write_csv(tables / "disiplin.csv", header, [[p[h] for h in header] for p in penalties])


TALENT_YAML = """sources:
  asesmen:
    files: [hasil_talenta.csv]
    columns: {tanggal_asesmen: "Tahun Asesmen"}
  disiplin:
    columns: {tingkat: null}
"""


def test_a_year_reads_as_an_approximate_date_and_a_missing_level_is_said(tmp_path: Path) -> None:
    report = _report(_dossier_with(tmp_path, TALENT_YAML, _talent_app), "--lang", "en")
    figures = {f["metric"]: f for f in report["sources"]["figures"]}
    assert figures["assessment_valid_ratio"]["approximate"] == ["asesmen.tanggal_asesmen"]
    assert figures["assessment_valid_ratio"]["files"] == ["tables/pegawai.csv", "tables/hasil_talenta.csv"]
    fallback = figures["talent_pool_without_recent_penalty_ratio"]
    assert fallback["origin"] == "answers" and fallback["missing"] == ["disiplin.tingkat"]
    files = {f["file"]: f for f in report["sources"]["files"]}
    assert files["tables/disiplin.csv"]["absent"] == ["tingkat"]
    code, text = _run("check", str(tmp_path / "d"), "--lang", "en")
    assert "talent_pool_without_recent_penalty_ratio = 100%: self-reported (answers.yaml: " in text
    assert "not computed from the tables (missing: disiplin.tingkat), so the self-reported figure stands" in text
    assert "approximate: asesmen.tanggal_asesmen holds only a year (read as 1 January)" in text


def test_a_missing_column_says_how_to_declare_it_absent(tmp_path: Path) -> None:
    dossier = _dossier_with(tmp_path, "max_bad_row_share: 0\n", _talent_app)
    (dossier / "tables" / "hasil_talenta.csv").rename(dossier / "tables" / "asesmen.csv")
    code, output = _run("validate", str(dossier), "--lang", "en")
    assert code == 2
    assert "disiplin.csv:1:1: required column 'tingkat' is missing" in output
    assert "write 'columns: {tingkat: null}' for this table in tables/tables.yaml" in output


def test_the_header_row_is_found_by_itself_under_title_lines(shapes: dict[str, Path], tmp_path: Path) -> None:
    dossier = tmp_path / "d"
    shutil.copytree(shapes["simpeg"], dossier)
    path = dossier / "tables" / "tables.yaml"
    path.write_text(path.read_text("utf-8").replace("    header_row: 3\n", ""), "utf-8")
    staff = load_personnel(dossier / "tables", 2025).tables["pegawai"]
    assert staff.rows == len(_people()) and staff.frame["__row"][0] == 4


def test_what_an_export_lacks_is_said_wherever_a_figure_differs(shapes: dict[str, Path]) -> None:
    """The e-Kinerja workbook has no RHK, IKI or targets: under the worksheet those metrics
    keep answers.yaml's figure, and every figure that differs from the example's says why."""
    policy = ("--policy", "permenpanrb-19-2025")
    ours = {f["metric"]: f for f in _report(shapes["ekinerja"], *policy)["sources"]["figures"]}
    theirs = {f["metric"]: f for f in _report(EXAMPLE, *policy)["sources"]["figures"]}
    differ = [m for m in theirs if ours[m]["value"] != theirs[m]["value"] or ours[m]["origin"] != theirs[m]["origin"]]
    assert "kk_skp_complete_ratio" in differ
    # the count of data kinds the tables carry is measured from them: fewer columns, fewer kinds
    assert ours["kk_digital_data_kinds"]["value"] == theirs["kk_digital_data_kinds"]["value"] - 1
    for metric in (m for m in differ if m != "kk_digital_data_kinds"):
        assert ours[metric]["origin"] == "answers" and ours[metric]["missing"], metric
    assert ours["kk_skp_complete_ratio"]["missing"] == ["skp.rhk", "skp.iki", "skp.target"]
