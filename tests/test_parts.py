"""Reports that add up: in every format, the aspects' rows, the survey row and the
correction row sum to the printed total, within the rounding the report states; the
highest reachable total and the bands out of reach are stated."""

from __future__ import annotations

import json
import re
import shutil
from fractions import Fraction
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import EXAMPLE
from merit.cli import main
from merit.engine.evaluate.scoring import out_of_reach, score
from merit.engine.model import Correction, Survey

NISM = "permenpanrb-19-2025"
STATED = re.compile(r"(?:shown to|ditampilkan dengan) (\d+) (?:decimals|desimal) (?:and add up to|dan berjumlah) "
                    r"([\d.,-]+); .*: total ([\d.,-]+)\.")


@pytest.fixture(scope="module")
def corrected(tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("corrected") / "dossier"
    shutil.copytree(EXAMPLE, target)
    with (target / "answers.yaml").open("a", encoding="utf-8") as answers:
        answers.write('correction: {value: 0.05, reason: "Temuan pelanggaran <b>seleksi</b> 2025"}\n')
    return target


def _run(dossier: Path, fmt: str, *policies: str, lang: str = "en") -> str:
    args = ["check", str(dossier), "--format", fmt, "--lang", lang]
    for policy in policies:
        args += ["--policy", policy]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    return result.stdout


def _number(text: str, lang: str) -> Fraction:
    text = text.strip().strip("*")
    text = text.replace(".", "").replace(",", ".") if lang == "id" else text.replace(",", "")
    return Fraction(text)


def _rows_text(output: str, lang: str) -> list[tuple[list[Fraction], Fraction, int, Fraction]]:
    """Each report's (row values, printed total, places, stated sum) from the text format."""
    found = []
    for block in output.split("\n\n"):
        lines = block.splitlines()
        if len(lines) < 3 or not lines[-1].startswith("Total "):
            continue
        values = [_number(line[49:58], lang) for line in lines[1:-1]]
        found.append((values, _number(lines[-1][49:58], lang)))
    stated = STATED.findall(output)
    return [(v, t, int(p), _number(s, lang)) for (v, t), (p, s, _) in zip(found, stated)]


def _rows_table(output: str, lang: str, row: str) -> list[tuple[list[Fraction], Fraction, int, Fraction]]:
    """From Markdown or HTML: the aspects' table rows (score column) up to the total row."""
    found = []
    for table in re.split(r"\n## |<section", output):
        rows = re.findall(row, table)
        if rows and any(name.strip("* ") == "Total" for name, _ in rows):
            values = [_number(v, lang) for name, v in rows if name.strip("* ") != "Total"]
            total = next(_number(v, lang) for name, v in rows if name.strip("* ") == "Total")
            found.append((values, total))
    stated = STATED.findall(output)
    return [(v, t, int(p), _number(s, lang)) for (v, t), (p, s, _) in zip(found, stated)]


MD_ROW = r"\n\| ([^|\n]+?) \|[^|\n]*\|[^|\n]*\| ([-\d.,*]+) \|"
HTML_ROW = r"<td>([^<]+)</td>\s*<td[^>]*>[^<]*</td>\s*<td[^>]*>[^<]*</td>\s*<td class=\"num\">([-\d.,]+)</td>"


def _parse(fmt: str, output: str, lang: str) -> list[tuple[list[Fraction], Fraction, int, Fraction]]:
    if fmt == "json":
        data = json.loads(output)
        reports = data.get("reports", [data])
        return [([Fraction(str(a["score"])) for a in r["aspects"]]
                 + ([Fraction(str(r["parts"]["survey"])), Fraction(str(r["parts"]["correction"]))]
                    if r["parts"]["formula"] == "maturity-index" else []),
                 Fraction(str(r["total"])), 4, Fraction(str(r["parts"]["sum"]))) for r in reports]
    if fmt == "text":
        return _rows_text(output, lang)
    if fmt == "html":  # the summary page repeats the rows (tests/test_summary.py checks them)
        output = re.sub(r'<section class="sheet".*?</section>', "", output, flags=re.DOTALL)
    return _rows_table(output, lang, MD_ROW if fmt == "md" else HTML_ROW)


def _check_sums(parsed, policies: tuple[str, ...]) -> None:
    assert len(parsed) == len(policies)
    for (values, total, places, stated), policy in zip(parsed, policies):
        slack = Fraction(len(values), 2 * 10 ** places)  # each row rounded to `places`
        assert abs(sum(values) - stated) <= slack, (policy, values, stated)
        step = Fraction(1, 100) if policy == NISM else Fraction(1, 2)
        assert abs(total - stated) < step, (policy, total, stated)  # the stated rounding
        if policy == NISM:
            assert len(values) == 10  # eight aspects, the survey, the correction


@pytest.mark.parametrize("fmt", ["text", "md", "html", "json"])
@pytest.mark.parametrize(("policies", "lang"), [(("kasn-2019",), "en"), ((NISM,), "en"),
                                                (("kasn-2019", NISM), "en"), ((NISM, "kasn-2019"), "id")])
def test_rows_add_up_to_the_total_in_every_format(corrected: Path, fmt: str, policies, lang: str) -> None:
    output = _run(corrected, fmt, *policies, lang=lang)
    _check_sums(_parse(fmt, output, lang), policies)


def test_the_correction_row_and_its_reason_are_shown(corrected: Path) -> None:
    data = json.loads(_run(corrected, "json", NISM))
    assert data["parts"]["correction"] == -0.05 and data["parts"]["survey"] == 0.185
    assert data["parts"]["correction_reason"].startswith("Temuan")
    text = _run(corrected, "text", NISM)
    assert "Correction factor" in text and "-0.05" in text and "Temuan pelanggaran" in text
    html = _run(corrected, "html", NISM)
    assert "<b>seleksi</b>" not in html and "&lt;b&gt;seleksi" in html
    plain = json.loads(_run(EXAMPLE, "json", NISM))
    assert plain["total"] - data["total"] == pytest.approx(0.05)


def test_highest_reachable_and_bands_out_of_reach_are_stated(corrected: Path) -> None:
    for lang, words in (("en", ("Highest index this policy can give: 1 ", "Out of reach", "Advanced (>= 1.01)")),
                        ("id", ("Indeks tertinggi yang dapat dicapai", "Tidak terjangkau", "Maju (>= 1,01)"))):
        for fmt in ("text", "md", "html"):
            output = _run(corrected, fmt, NISM, lang=lang)
            assert all(w in output for w in words), (fmt, lang)
    data = json.loads(_run(corrected, "json", NISM))
    assert data["parts"]["highest"] == 1 and data["parts"]["out_of_reach"] == ["maju"]
    kasn = json.loads(_run(corrected, "json", "kasn-2019"))
    assert kasn["parts"]["highest"] == 400 and kasn["parts"]["out_of_reach"] == []
    assert kasn["parts"]["correction"] == 0  # KASN 2019 has no correction factor


def test_a_correction_never_takes_the_index_below_zero(nism, rulebook) -> None:
    levels = {ref.id: 1 for _, ref in nism.indicators()}
    result = score(nism, levels, Survey(Fraction(0), "t"), Correction(Fraction(1), "t"))
    assert result.total == 0 and sum(result.parts.values()) == 0
    assert [b.id for b in out_of_reach(nism)] == ["maju"]


@pytest.fixture(scope="module")
def nism(rulebook):
    from merit.engine.load.loader import load_policy

    return load_policy(NISM, rulebook)
