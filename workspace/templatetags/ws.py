from __future__ import annotations

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
