"""Two saved JSON reports of one agency under one policy (e.g. 2024 and 2025), compared:
the total and category, each aspect's score and each indicator's level, what moved.

Reports are read as written by `merit check --format json` and validated against the
published report schema first, so a file that is not a merit report is refused with its
name, never half-compared. Only reports of the same policy are comparable: scores of
different policies live on different scales. The comparison is a typed value (Comparison)
the templates read.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any

from ..errors import InputError, Problem, UsageError
from ..load.inputs import load_json
from ..load.schema import validate
from .model import PolicyRow
from .sections import Number
from .templating import render_template
from .wording import fmt


def load_report(path: Path) -> dict[str, Any]:
    """A saved JSON report, or an InputError naming the file (and line:col for bad JSON)."""
    source = str(path)
    data = load_json(path)
    problems = validate(data, "report", source)
    if problems:
        # The schema problems say what is off; the first line says what the file should be.
        raise InputError([Problem(source, 0, 0, "compare.not_report"), *problems[:5]])
    return data


def _exact(value: Any) -> Fraction:
    """A JSON number as an exact fraction of its decimal text, so 287.5 - 250 is 37.5."""
    return Fraction(str(value))


def _number(value: Fraction) -> float | int:
    return int(value) if value.denominator == 1 else round(float(value), 4)


def _delta(old: Any, new: Any) -> float | int:
    return _number(_exact(new) - _exact(old))


@dataclass(frozen=True)
class Side:
    """One of the two reports: where it came from and its headline figures."""

    path: str
    agency: str
    year: int | None
    total: Number
    max_total: Number | None
    category: str
    category_name: str
    gap: Number


@dataclass(frozen=True)
class AspectChange:
    id: str
    name: str
    max_score: Number | None
    old: Number | None  # None: the aspect is not in the old report
    new: Number
    delta: Number | None


@dataclass(frozen=True)
class LevelChange:
    id: str
    title: str
    aspect: str
    old: int
    new: int
    delta: int


@dataclass(frozen=True)
class LevelOnly:
    """An indicator only one of the reports has."""

    id: str
    title: str
    level: int


@dataclass(frozen=True)
class IndicatorChanges:
    up: tuple[LevelChange, ...]
    down: tuple[LevelChange, ...]
    unchanged: int
    only_old: tuple[LevelOnly, ...]
    only_new: tuple[LevelOnly, ...]


@dataclass(frozen=True)
class CompareTarget:
    category_name: str
    threshold: Number


@dataclass(frozen=True)
class Comparison:
    lang: str
    policy: PolicyRow
    old: Side
    new: Side
    total_delta: Number
    category_changed: bool
    target: CompareTarget
    aspects: tuple[AspectChange, ...]
    indicators: IndicatorChanges


def _side(report: dict[str, Any], path: Path) -> Side:
    agency = report.get("agency", {})
    return Side(str(path), agency.get("name", ""), agency.get("assessment_year"), report["total"],
                report.get("max_total"), report["category"],
                report.get("category_name", report["category"]), report["target"]["gap"])


def _aspects(old: dict[str, Any], new: dict[str, Any]) -> tuple[AspectChange, ...]:
    before = {a["id"]: a for a in old["aspects"]}
    rows = []
    for aspect in new["aspects"]:
        prior = before.get(aspect["id"])
        rows.append(AspectChange(aspect["id"], aspect.get("name", aspect["id"]), aspect.get("max_score"),
                                 prior["score"] if prior else None, aspect["score"],
                                 _delta(prior["score"], aspect["score"]) if prior else None))
    return tuple(rows)


def _brief(item: dict[str, Any]) -> LevelOnly:
    return LevelOnly(item["id"], item.get("title", item["id"]), item["level"])


def _indicators(old: dict[str, Any], new: dict[str, Any]) -> IndicatorChanges:
    before = {i["id"]: i for i in old["indicators"]}
    after = {i["id"]: i for i in new["indicators"]}
    changes = [LevelChange(iid, item.get("title", iid), item.get("aspect", ""), before[iid]["level"],
                           item["level"], item["level"] - before[iid]["level"])
               for iid, item in after.items() if iid in before]
    return IndicatorChanges(tuple(c for c in changes if c.delta > 0), tuple(c for c in changes if c.delta < 0),
                            sum(1 for c in changes if c.delta == 0),
                            tuple(_brief(i) for iid, i in before.items() if iid not in after),
                            tuple(_brief(i) for iid, i in after.items() if iid not in before))


def compare_reports(old: dict[str, Any], new: dict[str, Any], old_path: Path, new_path: Path,
                    lang: str = "id") -> Comparison:
    """What moved between two reports of the same policy (UsageError otherwise)."""
    if old["policy"]["id"] != new["policy"]["id"]:
        raise UsageError("compare.policy_mismatch", old=old["policy"]["id"], old_path=str(old_path),
                         new=new["policy"]["id"], new_path=str(new_path))
    return Comparison(
        lang, PolicyRow(new["policy"]["id"], new["policy"]["name"]),
        _side(old, old_path), _side(new, new_path), _delta(old["total"], new["total"]),
        old.get("category_id", old["category"]) != new.get("category_id", new["category"]),
        CompareTarget(new["target"].get("category_name", new["target"]["category"]),
                      new["target"]["threshold"]),
        _aspects(old, new), _indicators(old, new))


def compare_files(old_path: Path, new_path: Path, lang: str = "id") -> Comparison:
    """Load both reports (every problem of both files at once), then compare them."""
    reports, problems = [], []
    for path in (old_path, new_path):
        try:
            reports.append(load_report(path))
        except InputError as exc:
            problems.extend(exc.problems)
    if problems:
        raise InputError(problems)
    return compare_reports(reports[0], reports[1], old_path, new_path, lang)


def signed(value: Any, lang: str) -> str:
    """A change with its sign: +12,5 / -2,5 / 0."""
    if value is None:
        return "-"
    text = fmt(value, lang, 4)
    return f"+{text}" if value > 0 else text


def render_comparison(comparison: Comparison, fmt_name: str) -> str:
    lang = comparison.lang
    return render_template(f"compare.{fmt_name}.j2", lang, places=4, c=comparison,
                           signed=lambda value: signed(value, lang))
