"""Targets and bars: a category named by a user (by id or name, in either language, any
case, spacing or hyphenation, or an unambiguous prefix) and whether a result falls short of
`--fail-under` (a number or a category).

With several policies in one run, `--target` and `--fail-under` take `POLICY=VALUE`; a bare
value applies to the first policy, and only when it fits that policy's scale (a category of
it, or a number in its range): a bare 325 under the 0-1.25 index would silently mean nothing.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Sequence
from fractions import Fraction

from .errors import UsageError
from .model import Policy


def _normal(text: str) -> str:
    return re.sub(r"[\s_\-]+", " ", text.strip().lower())


def _names(policy: Policy) -> dict[str, str]:
    """Every way to name a band of `policy` (normalised) and the band's id."""
    found: dict[str, str] = {}
    for band in policy.bands:
        for name in (band.id, band.name.id, band.name.en):
            found[_normal(name)] = band.id
    return found


def _suggestion(wanted: str, names: Iterable[str]) -> str:
    """The closest name, with a low cutoff: a user who writes 'Bagus' means a category."""
    matches = difflib.get_close_matches(wanted, list(names), n=1, cutoff=0.4)
    return matches[0] if matches else ""


def find_band(policy: Policy, wanted: str) -> str | None:
    """The band id `wanted` names (exactly, once normalised, or as the prefix of exactly
    one band's names), else None."""
    names, key = _names(policy), _normal(wanted)
    if key in names:
        return names[key]
    by_prefix = {band for name, band in names.items() if key and name.startswith(key)}
    return by_prefix.pop() if len(by_prefix) == 1 else None


def band_id(policy: Policy, wanted: str | None) -> str | None:
    """The id of the band of `policy` that `wanted` names, None for None, or a UsageError."""
    if wanted is None:
        return None
    found = find_band(policy, wanted)
    if found is None:
        names = _names(policy)
        hint = _suggestion(_normal(wanted), names)
        known = ", ".join(b.name.id for b in policy.bands)
        if hint:
            band = policy.band(names[hint])
            raise UsageError("cli.unknown_category", name=wanted, known=known, suggestion=band.name.id)
        raise UsageError("cli.unknown_category_no_hint", name=wanted, known=known)
    return found


def _number(bar: str) -> Fraction | None:
    try:
        return Fraction(bar.strip().replace(",", "."))
    except (ValueError, ZeroDivisionError):
        return None


def falls_short(policy: Policy, total: Fraction | float, category_id: str, bar: str) -> bool:
    """Whether `total` is below the number `bar` (decimal point or comma), or the category
    below the category `bar` names (a UsageError when it names none)."""
    number = _number(bar)
    if number is not None:
        # a report's float (0.62) is read as written, not as its binary neighbour
        return Fraction(str(total) if isinstance(total, float) else total) < number
    ranks = [b.id for b in policy.bands]
    return ranks.index(category_id) < ranks.index(band_id(policy, bar) or "")


def fits(policy: Policy, value: str, kind: str) -> bool:
    """Whether a bare `value` makes sense under `policy`: a category of it, or (for
    --fail-under) a number on its scale."""
    number = _number(value)
    if number is None:
        return find_band(policy, value) is not None
    return kind == "fail-under" and policy.bands[0].min <= number <= policy.bands[-1].max


def _bare(policies: Sequence[Policy], value: str, kind: str) -> str:
    """The policy a bare value goes to: the first, when the value fits its scale."""
    first, ids = policies[0], [p.id for p in policies]
    if fits(first, value, kind):
        return first.id
    if _number(value) is None and not any(fits(p, value, kind) for p in policies[1:]):
        band_id(first, value)  # names no category anywhere: say which one it may mean
    raise UsageError("cli.bare_value", option=f"--{kind}", value=value, policy=first.id,
                     policies=", ".join(ids), example=f"--{kind} {ids[-1]}=...")


def per_policy(policies: Sequence[Policy], values: Sequence[str], kind: str) -> dict[str, str]:
    """`--target` / `--fail-under` values (`POLICY=VALUE` or bare) as policy id -> value.
    A bare value goes to the first policy when it fits that policy's scale; a UsageError
    names the policies otherwise, or for a policy not in the run."""
    ids = [p.id for p in policies]
    found: dict[str, str] = {}
    for value in values:
        policy_id, given = value.split("=", 1) if "=" in value else ("", value)
        policy_id, given = policy_id.strip(), given.strip()
        if not policy_id:
            policy_id = _bare(policies, given, kind)
        elif policy_id not in ids:
            raise UsageError("cli.unknown_policy_in_option", option=f"--{kind}", name=policy_id,
                             policies=", ".join(ids), suggestion=_suggestion(policy_id, ids) or ids[0])
        policy = policies[ids.index(policy_id)]
        if _number(given) is not None and not fits(policy, given, kind):
            raise UsageError("cli.value_off_scale", option=f"--{kind}", value=given, policy=policy_id,
                             low=f"{float(policy.bands[0].min):g}", high=f"{float(policy.bands[-1].max):g}")
        found[policy_id] = given
    return found
