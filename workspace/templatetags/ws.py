from __future__ import annotations

import json
from typing import Any

from django import template

from ..i18n import t as translate

register = template.Library()


@register.simple_tag(takes_context=True)
def t(context: Any, key: str, **params: Any) -> str:
    return translate(key, context.get("lang", "id"), **params)


@register.filter
def get(mapping: Any, key: Any) -> Any:
    try:
        return mapping.get(key)
    except AttributeError:
        return None


@register.filter
def dom(text: Any) -> str:
    """An indicator id as an HTML id / anchor part (dots become hyphens)."""
    return str(text).replace(".", "-")


@register.filter
def problem(item: Any, lang: str) -> str:
    return item.render(lang) if hasattr(item, "render") else str(item)


@register.filter
def num(value: Any, lang_places: str = "id") -> str:
    """A number as its reader writes it (0,63 in Bahasa Indonesia): `value|num:lang` or
    `value|num:"en:4"` for four places."""
    from ...engine.i18n import fmt

    lang, _, places = str(lang_places).partition(":")
    return fmt(value, lang, int(places) if places else 2)


@register.filter
def raw(value: Any) -> str:
    """A number for machines (data-value attributes): plain decimal point."""
    return "" if value is None else str(float(value))


@register.filter
def num4(value: Any, lang: str = "id") -> str:
    """Four places: a level step's points, a measured ratio."""
    from ...engine.i18n import fmt

    return fmt(value, lang, 4)


@register.filter
def fields(value: Any) -> str:
    """An audit entry's before/after as one `field: value` line per field (a dict), or the
    value itself: readable in a table cell instead of a Python dict running off the page."""
    if isinstance(value, dict):
        return "\n".join(f"{key}: {_plain(item)}" for key, item in value.items())
    return _plain(value)


def _plain(value: Any) -> str:
    """A field's value as people read it: nested values as JSON, None as nothing."""
    if value is None:
        return ""
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)
