"""The renderer registry and the typed report model: one place lists every (view, format),
and the JSON report is derived from the typed report by one function."""

from __future__ import annotations

import dataclasses
import json

import pytest
from click.testing import CliRunner
from conftest import EXAMPLE
from merit.cli import main
from merit.engine.errors import UsageError
from merit.engine.pipeline import assess_many
from merit.engine.render import RENDERERS, formats, renderer
from merit.engine.render.model import Report, Trace, to_json
from merit.engine.render.report import build_report, validate_report
from merit.engine.render.sections import Statement


def test_every_view_lists_its_formats_in_the_order_the_cli_offers_them() -> None:
    assert formats("check") == ("text", "json", "md", "html", "pdf")
    assert formats("side-by-side") == formats("check")
    assert formats("gaps") == formats("plan") == ("text", "json")
    assert formats("checklist") == ("md", "csv", "xlsx", "html", "pdf")
    assert formats("compare") == ("text", "md", "html")
    assert all(callable(render) for render in RENDERERS.values())


def test_an_unknown_format_is_refused_with_a_suggestion() -> None:
    with pytest.raises(UsageError) as info:
        renderer("checklist", "xslx")
    assert info.value.render("en") == "unknown format 'xslx' for checklist; known: md, csv, xlsx, html, pdf (perhaps 'xlsx'?)"


def test_the_cli_offers_the_registered_formats() -> None:
    result = CliRunner().invoke(main, ["checklist", str(EXAMPLE), "--format", "docx"])
    assert result.exit_code == 2 and "'md', 'csv', 'xlsx', 'html', 'pdf'" in result.output


def test_to_json_keeps_field_order_renames_and_leaves_out_empty_optional_fields() -> None:
    leaf = Trace("c1", "document", True, "found", ("800/1/2025",))
    assert list(to_json(Trace("c0", "all", True, "all of", (), (leaf,)))) == \
        ["id", "kind", "held", "statement", "children"]
    assert to_json(leaf)["evidence"] == ["800/1/2025"]
    assert "concerned" not in to_json(Statement("c2", "metric", "short"))


def test_the_report_is_typed_and_its_json_matches_the_schema() -> None:
    [assessment] = assess_many(EXAMPLE, ["kasn-2019"])
    report = build_report(assessment, "en")
    assert isinstance(report, Report) and dataclasses.is_dataclass(report.plan)
    validate_report(report)
    data = to_json(report)
    assert json.loads(renderer("check", "json")(report)) == data
    assert data["total"] == report.total and "waivers" not in data
    assert [i["id"] for i in data["indicators"]] == [i.id for i in report.indicators]
    # Evidence found comes from the traces, as typed document numbers.
    assert any(i.evidence() for i in report.indicators)
