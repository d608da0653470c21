"""`merit map FILE`: the sources: block that reads an export, valid as printed, never
showing personal data; and the messages an officer acts on when an export does not fit."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from merit.cli import main

sys.path.insert(0, str(Path(__file__).resolve().parent))
import exports  # noqa: E402

EXAMPLE = exports.EXAMPLE


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every shape's files side by side: SIASN (with its history tables), e-Kinerja, SIMPEG."""
    root = tmp_path_factory.mktemp("exported")
    exports.siasn(root / "siasn")
    exports.siasn_history(root / "siasn" / "tables")
    exports.simpeg(root / "simpeg")
    exports.ekinerja(root / "laporan_skp.xlsx", exports.rows("skp.csv"))
    return root


def _map(path: Path, *args: str) -> str:
    code, output = _run("map", str(path), *args)
    assert code == 0, output
    return output


PROFILED = ["siasn/tables/Export_Data_ASN_2025.csv", "siasn/tables/rw-diklat.csv", "siasn/tables/rw-kursus.csv",
            "siasn/tables/rw-hukdis.csv", "siasn/tables/rw-skp22.csv", "laporan_skp.xlsx"]


@pytest.mark.parametrize("name", PROFILED)
def test_map_of_a_profiled_export_names_its_profile_and_is_valid_yaml(exported: Path, name: str) -> None:
    text = _map(exported / name, "--lang", "en")
    assert "recognised as the built-in profile" in text
    block = yaml.safe_load(text)["sources"]
    [(table, entry)] = block.items()
    assert entry["files"] == [Path(name).name]
    assert "?" not in "".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))


def test_map_never_prints_personal_data(exported: Path) -> None:
    people = exports.rows("pegawai.csv")
    texts = [_map(exported / name) for name in PROFILED]
    texts.append(_map(exported / "simpeg" / "tables" / "simpeg_pegawai_2025.csv"))
    for text in texts:
        assert not any(p["NIP"] in text or p["NIP"][:8] + p["NIP"][8:] in text for p in people)
        assert not any(p["Nama Pegawai"] in text for p in people)


def test_map_block_copied_into_tables_yaml_validates(exported: Path, tmp_path: Path) -> None:
    """The officer's path: map the SIASN files, copy the blocks, validate, same report."""
    dossier = tmp_path / "d"
    shutil.copytree(exported / "siasn", dossier)
    blocks = {}
    for name in ("Export_Data_ASN_2025.csv", "rw-hukdis.csv", "rw-skp22.csv"):
        blocks.update(yaml.safe_load(_map(dossier / "tables" / name))["sources"])
    for table in ("skp", "disiplin"):
        (dossier / "tables" / f"{table}.csv").unlink()
    (dossier / "tables" / "tables.yaml").write_text(yaml.safe_dump({"sources": blocks}, allow_unicode=True), "utf-8")
    code, output = _run("validate", str(dossier), "--lang", "en")
    assert code == 0, output
    assert "Export_Data_ASN_2025.csv: table pegawai, read through tables/tables.yaml" in output
    assert "rw-hukdis.csv: table disiplin, read through tables/tables.yaml" in output


def test_map_of_a_simpeg_export_guesses_and_flags(exported: Path) -> None:
    text = _map(exported / "simpeg" / "tables" / "simpeg_pegawai_2025.csv", "--lang", "en")
    assert "CSV, delimiter '|', encoding UTF-8; headers on row 3" in text
    entry = yaml.safe_load(text)["sources"]["pegawai"]
    assert entry["header_row"] == 3 and entry["delimiter"] == "|" and entry[None] == ["NULL"]  # `null:` (a key YAML reads as None)
    assert entry["columns"]["golongan"] == "golongan_id"  # flagged as a guess in its comment
    assert entry["values"]["golongan"]["9"] == "III/a" and entry["values"]["golongan"]["17"] == "IV/e"
    assert entry["values"]["pendidikan"]["D.III/Sarmud/Akademi"] == "D3"
    assert entry["values"]["jenis_jabatan"]["Fungsional Umum"] == "pelaksana"
    assert entry["values"]["jenis_jabatan"]["Struktural"] is None  # not told apart without the eselon
    assert "does not tell JPT, administrator and pengawas apart" in text
    assert "3 columns merit does not use: pegawai_id, jenis_kelamin, eselon" in text


def test_map_with_table_and_unknown_table(exported: Path) -> None:
    path = exported / "simpeg" / "tables" / "simpeg_riwayat_diklat.csv"
    text = _map(path, "--table", "pelatihan", "--lang", "en")
    assert "# nip: ?  # ? REQUIRED, not found" in text
    code, output = _run("map", str(path), "--table", "pelatihn", "--lang", "en")
    assert code == 2 and "unknown table 'pelatihn'" in output


# --- messages an officer can act on -----------------------------------------------------------

def _dossier(tmp_path: Path) -> Path:
    dossier = tmp_path / "d"
    shutil.copytree(EXAMPLE, dossier)
    return dossier


def test_header_and_value_problems_in_one_run_grouped_with_the_fix(tmp_path: Path) -> None:
    dossier = _dossier(tmp_path)
    people = dossier / "tables" / "pegawai.csv"
    people.write_text(people.read_text("utf-8-sig").replace(";PNS;", ";Pegawai Negeri;"), "utf-8")
    training = dossier / "tables" / "pelatihan.csv"
    text = training.read_text("utf-8").splitlines()
    training.write_text("\n".join([text[0].replace("JP", "Jml Jam"), *text[1:]]) + "\n", "utf-8")
    code, output = _run("validate", str(dossier), "--lang", "en")
    assert code == 2
    lines = output.splitlines()
    value = [line for line in lines if "'Pegawai Negeri' is not allowed" in line]
    assert len(value) == 1  # one line for 2400 rows
    assert "(the same in 2400 rows:" in value[0]
    assert 'sources: {pegawai: {values: {status: {"Pegawai Negeri": ...}}}}' in value[0]
    header = [line for line in lines if "required column 'jp' is missing" in line]
    assert len(header) == 1
    assert "perhaps 'Jml Jam'?" in header[0] and "CSV, ',', UTF-8, headers on row 1" in header[0]
    assert 'sources: {pelatihan: {columns: {jp: "Jml Jam"}}}' in header[0]


def test_a_mapping_fixes_what_the_messages_asked_for(tmp_path: Path) -> None:
    dossier = _dossier(tmp_path)
    people = dossier / "tables" / "pegawai.csv"
    people.write_text(people.read_text("utf-8-sig").replace(";PNS;", ";Pegawai Negeri;"), "utf-8")
    (dossier / "tables" / "tables.yaml").write_text(
        'sources: {pegawai: {values: {status: {"Pegawai Negeri": PNS}}}}\n', "utf-8")
    code, output = _run("validate", str(dossier))
    assert code == 0, output


def test_a_simpeg_map_as_printed_validates(exported: Path, tmp_path: Path) -> None:
    """Guesses and all, the printed block is a valid mapping: the officer can start from it."""
    dossier = tmp_path / "d"
    shutil.copytree(exported / "simpeg", dossier)
    settings = dossier / "tables" / "tables.yaml"
    data = yaml.safe_load(settings.read_text("utf-8"))
    data["sources"]["pegawai"] = yaml.safe_load(_map(dossier / "tables" / "simpeg_pegawai_2025.csv"))["sources"]["pegawai"]
    settings.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    code, output = _run("validate", str(dossier))
    assert code == 0, output
