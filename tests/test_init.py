"""merit init: an empty dossier that validates once the required fields are filled, with
the vocabulary listed, table templates the readers recognise, and no overwriting."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from merit.cli import main
from merit.engine.load.loader import load_rulebook
from merit.engine.measure.dictionary import table_specs


def _invoke(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


def _fill_required(dossier: Path) -> None:
    agency = dossier / "agency.yaml"
    text = agency.read_text("utf-8")
    text = re.sub(r'(?m)^name: ""$', 'name: "Pemerintah Kabupaten Uji"', text)
    text = re.sub(r'(?m)^kind: ""$', "kind: kabupaten", text)
    text = re.sub(r"(?m)^assessment_year: null$", "assessment_year: 2025", text)
    agency.write_text(text, encoding="utf-8")


def test_init_writes_a_dossier_that_validates_once_filled(tmp_path: Path) -> None:
    dossier = tmp_path / "baru"
    code, output = _invoke("init", str(dossier))
    assert code == 0, output
    assert {p.name for p in dossier.iterdir()} >= {"agency.yaml", "documents.yaml", "answers.yaml"}
    code, output = _invoke("validate", str(dossier))
    assert code == 2 and "agency.yaml" in output  # empty required fields are reported
    _fill_required(dossier)
    code, output = _invoke("validate", str(dossier))
    assert code == 0, output
    code, output = _invoke("check", str(dossier))  # and it can be assessed, at the floor
    assert code == 0, output


def test_init_lists_the_vocabulary_in_comments(tmp_path: Path) -> None:
    _invoke("init", str(tmp_path))
    vocabulary = load_rulebook().vocabulary
    documents = (tmp_path / "documents.yaml").read_text("utf-8")
    answers = (tmp_path / "answers.yaml").read_text("utf-8")
    assert all(f"#   {t}: " in documents for t in vocabulary.document_types)
    assert all(f"#   {s}: " in answers for s in vocabulary.statements)
    assert "#   perencanaan.anjab-abk: {claimed_level: 1" in answers
    assert "WAJIB" in (tmp_path / "agency.yaml").read_text("utf-8")


def test_init_table_templates_have_headers_the_readers_match(tmp_path: Path) -> None:
    _invoke("init", str(tmp_path))
    for spec in table_specs().values():
        header = (tmp_path / "tables" / f"{spec.id}.csv").read_text("utf-8").strip().split(";")
        assert [spec.match_header(h) for h in header] == list(spec.columns)


def test_init_uncommented_examples_are_valid(tmp_path: Path) -> None:
    """The commented lines are meant to be uncommented: they must then validate."""
    _invoke("init", str(tmp_path))
    _fill_required(tmp_path)
    answers = tmp_path / "answers.yaml"
    text = answers.read_text("utf-8").replace("indicators: {}", "indicators:")
    text = text.replace("#   perencanaan.anjab-abk:", "  perencanaan.anjab-abk:")
    answers.write_text(text, encoding="utf-8")
    code, output = _invoke("validate", str(tmp_path))
    assert code == 0, output


@pytest.mark.parametrize("lang", ["id", "en"])
def test_init_never_overwrites(tmp_path: Path, lang: str) -> None:
    (tmp_path / "answers.yaml").write_text("# milik pengguna\n", encoding="utf-8")
    code, output = _invoke("init", str(tmp_path), "--lang", lang)
    assert code == 2
    assert "answers.yaml" in output and ("sudah ada" if lang == "id" else "already exists") in output
    assert (tmp_path / "answers.yaml").read_text("utf-8") == "# milik pengguna\n"
    assert not (tmp_path / "agency.yaml").exists()  # nothing written when anything exists


def test_init_refuses_a_file_as_directory(tmp_path: Path) -> None:
    target = tmp_path / "berkas"
    target.write_text("x", encoding="utf-8")
    code, output = _invoke("init", str(target))
    assert code == 2 and "berkas" in output


def test_init_in_english_writes_english_comments(tmp_path: Path) -> None:
    from merit.engine.render.scaffold import dossier_files

    english = dossier_files(lang="en")
    comments = " ".join(line for name in ("agency.yaml", "documents.yaml", "answers.yaml")
                        for line in str(english[name]).splitlines()
                        if line.startswith("# ") and not line.startswith("#   "))  # entries carry ids
    for word in ("WAJIB", "Isi ", "dokumen", "tahun", "berlaku", "Jawaban", "Angka"):
        assert word not in comments, word
    assert "REQUIRED" in comments and "The agency's self-assessment." in comments
