"""The one jinja2 environment every renderer uses (reports, side by side, comparisons,
checklists, the rule reference), and the helpers every template gets.

jinja2 is imported on first use, not at the top: JSON reports do not need it (~0.03 s).
One environment per process, so a template is compiled once however often it is used.
HTML templates escape every value (dossier text is untrusted); text and Markdown templates
must not, or a name like "A & B" would print as "A &amp; B" (Markdown goes through the
`md` filter instead, see filters.py).
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING, Any

from ..i18n import effort, message, percent, quantity
from . import __name__ as _render_package
from .stamp import when
from .wording import fmt

if TYPE_CHECKING:
    from jinja2 import Environment


@lru_cache(maxsize=1)
def environment() -> Environment:
    from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

    from .filters import FILTERS, GLOBALS

    env = Environment(loader=PackageLoader(_render_package, "templates"), undefined=StrictUndefined,
                      keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True,
                      autoescape=select_autoescape(enabled_extensions=("html.j2",),
                                                   default_for_string=False, default=False))
    env.filters.update(FILTERS)
    env.globals.update(GLOBALS)
    return env


def render_template(name: str, lang: str, places: int = 2, **context: Any) -> str:
    """Template `name` with `t` (messages in `lang`), `num` (numbers as its readers write
    them, `places` decimals unless told), `pct` (shares as percentages) and `effort` (with
    its unit), the one number style of every output (engine/i18n.py), besides `context`."""
    return environment().get_template(name).render(
        t=lambda code, **kw: message(code, lang, **kw),
        num=lambda value, places=places: fmt(value, lang, places),
        pct=lambda share: percent(share, lang), effort=lambda value: effort(value, lang),
        qty=lambda value, unit: quantity(value, unit, lang),
        when=lambda stamp: when(stamp, lang), **context)
