"""No output of the example mixes the two languages: every view and format a person reads
(check, gaps, plan, checklist, compare, policies show, the init templates, validate), in
Bahasa Indonesia and in English, is checked against a list of common function words of the
other language.

What is not merit's to translate is taken out first: the dossier's own text (every string
of the example's YAML files: agency and document names, answers, reasons) and the few
Indonesian terms kept on purpose in English output (ALLOWED, each with its reason)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from conftest import EXAMPLE
from merit.cli import main
from openpyxl import load_workbook

# Common function words: frequent, short, and never proper names.
WORDS = {
    "id": {"dan", "yang", "tidak", "belum", "untuk", "dengan", "pada", "dari", "atau", "adalah", "oleh",
           "sudah", "dalam", "setiap", "tahun"},
    "en": {"the", "and", "not", "with", "for", "of", "is", "are", "from", "or", "has", "each", "year"},
}
POLICY_FILES = Path(__file__).resolve().parent.parent / "policies"


def _band_names() -> dict[str, set[str]]:
    """The category names of the shipped policies in each language (capitalised as written)."""
    names: dict[str, set[str]] = {"id": set(), "en": set()}
    for path in POLICY_FILES.glob("*.yaml"):
        for band in yaml.safe_load(path.read_text("utf-8")).get("bands", []):
            for lang in names:
                names[lang].add(band["name"][lang])
    return names


BANDS = _band_names()
# Indonesian kept in English output on purpose, as proper names or input values a reader
# types (their English gloss is beside them where they appear).
ALLOWED = {
    "en": [
        r"\(ditetapkan\)",          # the document status as documents.yaml spells it
        r"Pejabat Pembina Kepegawaian",  # the PPK's title in law (UU 20/2023), glossed
        r"Kertas Kerja Evaluasi Sistem Merit \d+",  # the worksheet's title
        r"Peraturan KASN \d+/\d+",  # regulation titles
        r"\b(ya|tidak)(?=:)|\(options: [^)]*\)",  # a choice's option values, as answers.yaml takes them
        # SKP performance predicates (PermenPANRB 6/2022), as the skp table records them
        r"rated (?:below )?(?:Butuh Perbaikan, Kurang or Sangat Kurang|Sangat Baik|Baik)",
        r"official name '[^']+'",    # a policy's provenance citing the regulation's own band name
    ],
    "id": [],
}
POLICIES = ("kasn-2019", "permenpanrb-19-2025")


def _dossier_strings() -> list[str]:
    """Every string in the example's YAML files, longest first (so parts go after wholes)."""
    found: set[str] = set()

    def walk(value: object) -> None:
        if isinstance(value, str):
            found.add(value)
        elif isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    for path in EXAMPLE.glob("*.yaml"):
        walk(yaml.safe_load(path.read_text("utf-8")))
    return sorted((s for s in found if len(s) > 3), key=len, reverse=True)


def _run(*args: str) -> str:
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code in (0, 1), result.output
    return result.output


def _outputs(lang: str, tmp: Path) -> Iterator[tuple[str, str]]:
    dossier = str(EXAMPLE)
    for policy in POLICIES:
        common = ("--policy", policy, "--lang", lang, "--as-of", "2026-01-15")
        for fmt in ("text", "md", "html"):
            yield f"check {policy} {fmt}", _run("check", dossier, *common, "--format", fmt)
            yield f"check {policy} {fmt} summary", _run("check", dossier, *common, "--format", fmt, "--summary-only")
        yield f"check {policy} json", _json_text(_run("check", dossier, *common, "--format", "json"))
        for view in ("gaps", "plan"):
            yield f"{view} {policy}", _run(view, dossier, *common)
        for fmt in ("md", "csv", "html"):
            yield f"checklist {policy} {fmt}", _run("checklist", dossier, *common, "--format", fmt)
        book = tmp / f"{policy}.xlsx"
        _run("checklist", dossier, *common, "--format", "xlsx", "-o", str(book))
        yield f"checklist {policy} xlsx", "\n".join(
            str(cell.value) for sheet in load_workbook(book).worksheets
            for row in sheet.iter_rows() for cell in row if cell.value is not None)
        yield f"policies show {policy}", _run("policies", "show", policy, "--lang", lang)
        saved = tmp / f"{policy}.json"
        saved.write_text(_run("check", dossier, *common, "--format", "json"), encoding="utf-8")
        for fmt in ("text", "md", "html"):
            yield f"compare {policy} {fmt}", _run("compare", str(saved), str(saved), "--format", fmt, "--lang", lang)
    yield "check side by side text", _run("check", dossier, "--policy", POLICIES[0], "--policy", POLICIES[1],
                                          "--lang", lang, "--as-of", "2026-01-15")
    yield "policies list", _run("policies", "list", "--lang", lang)
    yield "validate", _run("validate", dossier, "--lang", lang)
    for policy in POLICIES:
        target = tmp / f"init-{policy}"
        _run("init", str(target), "--policy", policy, "--lang", lang)
        for path in sorted(target.glob("*.yaml")):
            yield f"init {policy} {path.name}", path.read_text("utf-8")


def _json_text(text: str) -> str:
    """The sentences of a JSON report (its values), not its keys nor the categories'
    official names (`category`, `claimed_category`, ...; `*_name` is the reader's)."""
    values: list[str] = []

    def walk(value: object) -> None:
        if isinstance(value, str):
            values.append(value)
        elif isinstance(value, dict):
            for key, item in value.items():
                if "category" not in key or key.endswith(("_name", "_id")):
                    walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(json.loads(text))
    return "\n".join(values)


def _strays(text: str, lang: str, dossier: list[str]) -> list[str]:
    other = "en" if lang == "id" else "id"
    for value in dossier:
        text = text.replace(value, " ")
    for pattern in ALLOWED[lang]:
        text = re.sub(pattern, " ", text)
    text = re.sub(r"<style>.*?</style>", " ", text, flags=re.DOTALL)  # CSS and its comments
    # Markup and what is not prose: tags, entities, dotted ids (kk.a1q1), paths, YAML keys.
    text = re.sub(r"<[^>]+>|&\w+;|\b[\w-]+\.[\w.-]+\b|/[\w./\\-]+|\b\w*_\w*\b", " ", text)
    found = []
    for line in text.splitlines():
        words = {w.lower() for w in re.findall(r"[A-Za-z]+", line)}
        bands = {b for b in BANDS[other] - BANDS[lang] if re.search(rf"\b{b}\b", line)}
        if words & WORDS[other] or bands:
            found.append(f"{sorted(words & WORDS[other]) + sorted(bands)}: {line.strip()[:160]}")
    return found


def test_the_check_finds_a_mixed_line() -> None:
    assert _strays("Category: Intermediate (Menengah)", "en", []) != []
    assert _strays("As claimed by the agency: 322.5 (Baik)", "en", []) != []
    assert _strays("Kategori: Baik, belum untuk the target", "id", []) != []
    assert _strays("Kategori: Baik; dokumen 'Rencana and Plan' ditemukan", "id", ["Rencana and Plan"]) == []


@pytest.mark.parametrize("lang", ["id", "en"])
def test_no_output_of_the_example_mixes_the_languages(lang: str, tmp_path: Path) -> None:
    dossier = _dossier_strings()
    problems = []
    for name, text in _outputs(lang, tmp_path):
        problems += [f"{name}: {line}" for line in _strays(text, lang, dossier)]
    assert problems == [], "\n".join(problems[:40]) + f"\n... {len(problems)} lines"
