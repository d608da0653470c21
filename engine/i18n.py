"""User-facing text in Bahasa Indonesia (default) and English.

All messages live in locale/messages.yaml as `code: {id: ..., en: ...}`; the code is what
the engine passes around, the text is chosen at the edge. A missing translation is a bug
caught by tests, never shown to a user as a blank.
"""

from __future__ import annotations

from fractions import Fraction
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

LANGUAGES = ("id", "en")
DEFAULT_LANG = "id"


# libyaml's loader when PyYAML was built with it: the catalog is read on every run, and
# the pure-Python SafeLoader took ~0.07 s of it (same data either way).
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@lru_cache(maxsize=1)
def catalog() -> dict[str, dict[str, str]]:
    text = resources.files(__package__).joinpath("locale/messages.yaml").read_text("utf-8")
    return yaml.load(text, Loader=_Loader)


def message(code: str, lang: str = DEFAULT_LANG, **params: Any) -> str:
    """The text of message `code` in `lang`, with `params` filled in."""
    entry = catalog().get(code)
    if entry is None:
        return f"{code} {params}" if params else code
    return entry[lang if lang in entry else DEFAULT_LANG].format(**params)


def fmt(value: Any, lang: str = DEFAULT_LANG, places: int = 2) -> str:
    """A number as its reader writes it: 287,5 in Bahasa Indonesia, 287.5 in English."""
    if value is None:
        return "-"
    if isinstance(value, bool):
        return message(f"value.{str(value).lower()}", lang)
    if not isinstance(value, (int, float, Fraction)):
        return str(value)
    text = f"{float(value):,.{places}f}".rstrip("0").rstrip(".") if places else f"{float(value):,.0f}"
    if lang == "id":
        text = text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    return text


# Shares are always percentages with at most this many decimals, in every output.
PERCENT_PLACES = 2


def percent(share: Any, lang: str = DEFAULT_LANG) -> str:
    """A share (0.675) as its readers write it: 67,5% in Bahasa Indonesia, 67.5% in English."""
    if share is None:
        return "-"
    return f"{fmt(Fraction(str(share)) * 100, lang, PERCENT_PLACES)}%"


def effort(value: Any, lang: str = DEFAULT_LANG) -> str:
    """An effort estimate with its unit: 19 orang-minggu, 1 person-week."""
    if value is None:
        return "-"
    unit = message("unit.person_week" if value == 1 else "unit.person_weeks", lang)
    return f"{fmt(value, lang)} {unit}"


def quantity(value: Any, unit: str, lang: str) -> str:
    """A number in its unit: ratios as percentages (0.95 -> 95%), as assessors write them."""
    if value is None or isinstance(value, bool):
        return fmt(value, lang)
    if unit == "ratio":
        return percent(value, lang)
    if unit == "count":  # a number of things the metric's title names ("jumlah jenis data ...")
        return fmt(value, lang, 0)
    return f"{fmt(value, lang, 4)} {unit}".rstrip()
