"""Jinja2 filters every template shares (Markdown escaping, SVG coordinates).

HTML escaping is jinja2's own autoescape (see templating.environment); Markdown has no such
thing, so text that lands in any Markdown output (reports, checklists, comparisons, the rule
reference) goes through `md` below, the one Markdown escaper: a name like `A | B` must not
split a table cell and `<script>` must not reach a renderer as HTML.
"""

from __future__ import annotations

import re
from typing import Any

# Characters that start Markdown or HTML syntax anywhere inside a line: emphasis, code,
# links, HTML tags, table cells, strike-through. Line-start syntax (#, -, >, 1.) cannot
# occur, since templates never start a line with a value.
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<|~])")
# What GitHub-flavoured Markdown turns into a live link although it is plain text: a
# scheme's "://" and "www." (an escaped ':' or '.' reads the same but links nowhere), and
# an e-mail address (its '@' is followed by a zero-width joiner, which stops the autolink).
_AUTOLINK = re.compile(r"(?<=[A-Za-z]):(?=//)|(?<=\bwww)\.", re.IGNORECASE)
_EMAIL_AT = re.compile(r"(?<=[\w.+-])@(?=[\w-]+\.)")


def md(value: Any) -> str:
    """Text safe inside a Markdown paragraph, list item or table cell."""
    text = "" if value is None else str(value)
    text = text.replace("&", "&amp;")
    text = _MD_SPECIAL.sub(r"\\\1", text)
    text = _AUTOLINK.sub(lambda m: "\\" + m.group(), _EMAIL_AT.sub("@\u200d", text))
    # A line break would end a table row or a list item: keep the text on one line.
    return " ".join(text.split())


def coord(value: Any) -> str:
    """A number as an SVG attribute wants it: dot decimal, at most 1 place, no locale."""
    number = float(value)
    return f"{number:.1f}".removesuffix(".0")


def scale(value: Any, low: Any, high: Any, length: Any) -> float:
    """Where `value` falls on an axis from `low` to `high` drawn `length` units long."""
    low, high, value = float(low), float(high), float(value)
    if high <= low:
        return 0.0
    clamped = min(max(value, low), high)
    return (clamped - low) / (high - low) * float(length)


def band_colour(index: int, count: int) -> str:
    """A band's colour, from red (lowest) to green (highest), for any number of bands."""
    palette = ("#d64545", "#e8833a", "#e6b93c", "#8cbf4f", "#3f9e5a", "#23724a")
    if count <= 1:
        return palette[-1]
    return palette[round(index * (len(palette) - 1) / (count - 1))]


FILTERS = {"md": md, "coord": coord}
GLOBALS = {"scale": scale, "band_colour": band_colour}
