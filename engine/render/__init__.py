"""The render stage: an Assessment in, what a person reads out.

`report` builds the typed report (`model`, `sections`; its JSON, `model.to_json`, validated
against schemas/report.json) and renders it as text, Markdown or HTML through the templates;
`checklist` writes the remediation checklist (md, csv, xlsx; `printable` its HTML, and
`pdf` prints HTML to PDF with headless Chromium); `compare` sets two saved
reports side by side; `reference` documents the rules without a dossier; `scaffold` writes
an empty dossier (merit init); `write` puts any output on disk atomically. Every template
goes through one jinja environment (`templating`).

This module is the registry of every (view, format) merit can write: views are what is
shown (a check report, its gaps or plan, several policies side by side, a remediation
checklist, a comparison of two saved reports), formats how. The CLI's `--format` choices
come from `formats(view)`. A renderer takes the view's typed value (model.Report,
model.SideBySide, compare.Comparison) and returns text, or bytes for XLSX and PDF. Each renderer's
module is imported on first use, so that listing the formats imports neither jinja2 nor
openpyxl.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module
from typing import Any, Union

from ..errors import UsageError, closest

Renderer = Callable[..., Union[str, bytes]]

CHECK_FORMATS = ("text", "json", "md", "html")


def _lazy(module: str, function: str, *args: str) -> Renderer:
    """`module.function(value, *args, **options)`, the module imported when first called
    (options such as the checklist CSV's delimiter pass through)."""

    def run(value: Any, **options: Any) -> str | bytes:
        found = getattr(import_module(f"{__name__}.{module}"), function)
        rendered: str | bytes = found(value, *args, **options)
        return rendered

    return run


RENDERERS: dict[tuple[str, str], Renderer] = {
    **{("check", f): _lazy("report", "render", f) for f in CHECK_FORMATS},
    ("check", "pdf"): _lazy("pdf", "report_pdf"),
    **{(view, f): _lazy("report", "render", f, view) for view in ("gaps", "plan") for f in ("text", "json")},
    **{("side-by-side", f): _lazy("report", "render_side_by_side", f) for f in CHECK_FORMATS},
    ("side-by-side", "pdf"): _lazy("pdf", "side_by_side_pdf"),
    ("checklist", "md"): _lazy("checklist", "render_markdown"),
    ("checklist", "csv"): _lazy("checklist", "render_csv"),
    ("checklist", "xlsx"): _lazy("checklist", "render_xlsx"),
    ("checklist", "html"): _lazy("printable", "render_checklist_html"),
    ("checklist", "pdf"): _lazy("pdf", "checklist_pdf"),
    **{("compare", f): _lazy("compare", "render_comparison", f) for f in ("text", "md", "html")},
    **{("policy", f): _lazy("policycard", "render_policy_card", f) for f in ("text", "json")},
}


def formats(view: str) -> tuple[str, ...]:
    """The formats `view` can be written in, in the order the CLI offers them."""
    return tuple(f for v, f in RENDERERS if v == view)


def renderer(view: str, fmt: str) -> Renderer:
    """The renderer of `view` in `fmt`, or a UsageError suggesting a known format."""
    found = RENDERERS.get((view, fmt))
    if found is None:
        known = formats(view)
        raise UsageError("render.unknown_format", format=fmt, view=view, known=", ".join(known),
                         suggestion=closest(fmt, known) or "-")
    return found
