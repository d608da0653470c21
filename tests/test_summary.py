"""The summary page (lembar ringkasan) every report opens with: golden files in both
languages, its rows adding up, the rules' version and the time of generation that make a
printed result traceable, and `--summary-only`."""

from __future__ import annotations

import json
import os
import re
import shutil
from fractions import Fraction
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import EXAMPLE, FIXED_NOW
from merit.cli import main
from merit.engine.load.fingerprint import rules_version, used_files
from merit.engine.load.loader import load_policy, load_rulebook
from merit.engine.render.stamp import generated_at, when

GOLDEN = Path(__file__).resolve().parent / "golden"
WORKSHEET = ("--policy", "permenpanrb-19-2025", "--as-of", "2026-01-15")
SUFFIX = {"text": "txt", "md": "md", "html": "html"}


def _check(*args: str, code: int = 0) -> str:
    result = CliRunner().invoke(main, ["check", *args])
    assert result.exit_code == code, result.output
    return result.output


@pytest.mark.parametrize("lang", ["id", "en"])
@pytest.mark.parametrize(("policy", "fmt"), [("worksheet", "text"), ("worksheet", "md"), ("worksheet", "html"),
                                             ("kasn", "text"), ("kasn", "md")])
def test_summary_page_matches_golden(policy: str, fmt: str, lang: str) -> None:
    args = WORKSHEET if policy == "worksheet" else ("--policy", "kasn-2019")
    output = _check(str(EXAMPLE), *args, "--format", fmt, "--lang", lang, "--summary-only")
    golden = GOLDEN / f"summary.{policy}.{lang}.{SUFFIX[fmt]}"
    if os.environ.get("MERIT_UPDATE_GOLDEN"):
        golden.write_text(output, encoding="utf-8")
    assert output == golden.read_text(encoding="utf-8")


def _sheet(html: str) -> str:
    found = re.search(r'<section class="sheet".*?</section>', html, re.DOTALL)
    assert found is not None
    return found.group()


@pytest.mark.parametrize("lang", ["id", "en"])
def test_the_html_report_opens_with_the_summary_page_then_the_annex(lang: str) -> None:
    html = _check(str(EXAMPLE), *WORKSHEET, "--format", "html", "--lang", lang)
    sheet = _sheet(html)
    assert html.index(sheet) < html.index('class="annex"') < html.index('id="indicators"')
    t = {"id": ("Kepala BKD/BKPSDM", "Pejabat Pembina Kepegawaian (PPK)", "Tempat, tanggal", "orang-minggu",
                "15 Januari 2026 pukul 09.30"),
         "en": ("Head of BKD/BKPSDM", "(PPK)", "Place, date", "person-weeks", "15 January 2026 at 09:30")}[lang]
    for text in t:
        assert text in sheet, text
    assert re.search(r"sha256:[0-9a-f]{12}", sheet) and "0.1.0" in sheet
    # No forced break before every section: only the summary page stands alone.
    assert "break-before: page; page-break-before: always" not in html
    assert html.count("<ol class=\"gaps\">") == 1 and _sheet(html).count("<li>") == 3


def _number(text: str, lang: str) -> Fraction:
    return Fraction(text.replace(".", "").replace(",", ".") if lang == "id" else text.replace(",", ""))


@pytest.mark.parametrize("lang", ["id", "en"])
@pytest.mark.parametrize("policy", ["kasn-2019", "permenpanrb-19-2025"])
def test_the_summary_rows_add_up_to_the_total(policy: str, lang: str) -> None:
    report = json.loads(_check(str(EXAMPLE), "--policy", policy, "--format", "json", "--as-of", "2026-01-15"))
    sheet = _sheet(_check(str(EXAMPLE), "--policy", policy, "--format", "html", "--lang", lang,
                          "--as-of", "2026-01-15"))
    body = sheet[sheet.index("<tbody>"):sheet.index("</tbody>")]
    rows = re.findall(r'<tr(?: class="part")?><td>[^<]*</td><td class="num">([-\d.,]+)</td>', body)
    total = re.search(r'<tfoot><tr><td>[^<]*</td><td class="num">([-\d.,]+)</td>', sheet)
    assert total is not None
    expected = len(report["aspects"]) + (2 if report["parts"]["formula"] == "maturity-index" else 0)
    assert len(rows) == expected
    places = report["parts"]["places"]
    assert abs(sum(_number(v, lang) for v in rows) - Fraction(str(report["parts"]["sum"]))) \
        <= Fraction(len(rows), 2 * 10 ** places)
    assert _number(total.group(1), lang) == Fraction(str(report["total"]))


def test_summary_only_is_refused_for_json() -> None:
    output = _check(str(EXAMPLE), "--format", "json", "--summary-only", "--lang", "en", code=2)
    assert "--summary-only applies to --format text, md, html and pdf" in output


def test_summary_only_html_has_no_annex_and_side_by_side_has_one_page_per_policy() -> None:
    html = _check(str(EXAMPLE), "--policy", "kasn-2019", "--policy", "permenpanrb-19-2025",
                  "--format", "html", "--summary-only")
    assert html.count('<section class="sheet"') == 2
    assert 'class="annex"' not in html and 'id="side-by-side"' not in html


# --- traceability: the rules' version and the time of generation ----------------------

def test_rules_version_is_a_hash_of_the_files_the_policy_uses(tmp_path: Path) -> None:
    rulebook = load_rulebook()
    kasn, worksheet = (load_policy(p, rulebook) for p in ("kasn-2019", "permenpanrb-19-2025"))
    assert rules_version(rulebook, kasn) != rules_version(rulebook, worksheet)
    assert re.fullmatch(r"sha256:[0-9a-f]{12}", rules_version(rulebook, kasn))
    names = {p.name for p in used_files(rulebook, worksheet)}
    assert "permenpanrb-19-2025.yaml" in names and "kasn-2019.yaml" not in names
    # A copy of the rules gives the same version; changing a scored rule changes it, and
    # changing a rule the policy does not score does not.
    rules = tmp_path / "rules"
    shutil.copytree(Path(__file__).resolve().parent.parent / "rules", rules)
    copied = load_rulebook([rules])
    assert rules_version(copied, load_policy("kasn-2019", copied)) == rules_version(rulebook, kasn)
    kk_rule = next(rules.glob("kk/*.yaml"))
    kk_rule.write_text(kk_rule.read_text("utf-8") + "\n# edited\n", encoding="utf-8")
    edited = load_rulebook([rules])
    assert rules_version(edited, load_policy("kasn-2019", edited)) == rules_version(rulebook, kasn)
    assert rules_version(edited, load_policy("permenpanrb-19-2025", edited)) != rules_version(rulebook, worksheet)


def test_generation_time_is_fixed_by_merit_now_or_source_date_epoch(monkeypatch: pytest.MonkeyPatch) -> None:
    assert generated_at().isoformat() == FIXED_NOW
    monkeypatch.delenv("MERIT_NOW")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1768444200")
    assert generated_at().isoformat() == "2026-01-15T02:30:00+00:00"
    assert when(generated_at().isoformat(), "id") == "15 Januari 2026 pukul 02.30 (UTC)"
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    assert generated_at().utcoffset() is not None  # the machine's local time, with its offset


def test_a_bad_merit_now_is_an_input_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MERIT_NOW", "yesterday")
    output = _check(str(EXAMPLE), "--lang", "en", code=2)
    assert "MERIT_NOW='yesterday' is not a time" in output and "Traceback" not in output


def test_the_json_report_carries_the_rules_version_and_the_time() -> None:
    tool = json.loads(_check(str(EXAMPLE), "--format", "json"))["tool"]
    assert tool["generated"] == FIXED_NOW and re.fullmatch(r"sha256:[0-9a-f]{12}", tool["rules_version"])
