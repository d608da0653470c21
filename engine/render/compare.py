"""Two saved JSON reports of one agency under one policy (e.g. 2024 and 2025), compared:
the total and category, each aspect's score and each indicator's level, what moved.

Reports are read as written by `merit check --format json` and validated against the
published report schema first, so a file that is not a merit report is refused with its
name, never half-compared. Only reports of the same policy are comparable: scores of
different policies live on different scales.
"""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path
from typing import Any

from ..errors import InputError, Problem, UsageError
from ..load.schema import validate
from .templating import render_template
from .wording import fmt


def load_report(path: Path) -> dict[str, Any]:
    """A saved JSON report, or an InputError naming the file (and line:col for bad JSON)."""
    source = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError([Problem(source, 0, 0, "file.missing")]) from None
    except UnicodeDecodeError as exc:
        raise InputError([Problem(source, 0, 0, "file.encoding", {"detail": str(exc)})]) from None
    except OSError as exc:
        raise InputError([Problem(source, 0, 0, "file.unreadable", {"detail": exc.strerror or str(exc)})]) from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError([Problem(source, exc.lineno, exc.colno, "compare.json_syntax", {"detail": exc.msg})]) from None
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


def _side(report: dict[str, Any], path: Path) -> dict[str, Any]:
    return {"path": str(path), "agency": report.get("agency", {}).get("name", ""),
            "year": report.get("agency", {}).get("assessment_year"), "total": report["total"],
            "max_total": report.get("max_total"), "category": report["category"],
            "category_name": report.get("category_name", report["category"]),
            "gap": report["target"]["gap"]}


def _aspects(old: dict[str, Any], new: dict[str, Any]) -> list[dict[str, Any]]:
    before = {a["id"]: a for a in old["aspects"]}
    rows = []
    for aspect in new["aspects"]:
        prior = before.get(aspect["id"])
        rows.append({"id": aspect["id"], "name": aspect.get("name", aspect["id"]),
                     "max_score": aspect.get("max_score"),
                     "old": prior["score"] if prior else None, "new": aspect["score"],
                     "delta": _delta(prior["score"], aspect["score"]) if prior else None})
    return rows


def _indicators(old: dict[str, Any], new: dict[str, Any]) -> dict[str, Any]:
    before = {i["id"]: i for i in old["indicators"]}
    after = {i["id"]: i for i in new["indicators"]}
    up, down, unchanged = [], [], 0
    for iid, item in after.items():
        prior = before.get(iid)
        if prior is None:
            continue
        change = {"id": iid, "title": item.get("title", iid), "aspect": item.get("aspect", ""),
                  "old": prior["level"], "new": item["level"], "delta": item["level"] - prior["level"]}
        if change["delta"] > 0:
            up.append(change)
        elif change["delta"] < 0:
            down.append(change)
        else:
            unchanged += 1
    def brief(item: dict[str, Any]) -> dict[str, Any]:
        return {"id": item["id"], "title": item.get("title", item["id"]), "level": item["level"]}

    return {"up": up, "down": down, "unchanged": unchanged,
            "only_old": [brief(i) for iid, i in before.items() if iid not in after],
            "only_new": [brief(i) for iid, i in after.items() if iid not in before]}


def compare_reports(old: dict[str, Any], new: dict[str, Any], old_path: Path, new_path: Path,
                    lang: str = "id") -> dict[str, Any]:
    """What moved between two reports of the same policy (UsageError otherwise)."""
    if old["policy"]["id"] != new["policy"]["id"]:
        raise UsageError("compare.policy_mismatch", old=old["policy"]["id"], old_path=str(old_path),
                         new=new["policy"]["id"], new_path=str(new_path))
    return {
        "lang": lang,
        "policy": new["policy"],
        "old": _side(old, old_path),
        "new": _side(new, new_path),
        "total_delta": _delta(old["total"], new["total"]),
        "category_changed": old.get("category_id", old["category"]) != new.get("category_id", new["category"]),
        "target": {"category_name": new["target"].get("category_name", new["target"]["category"]),
                   "threshold": new["target"]["threshold"]},
        "aspects": _aspects(old, new),
        "indicators": _indicators(old, new),
    }


def compare_files(old_path: Path, new_path: Path, lang: str = "id") -> dict[str, Any]:
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


def render_comparison(comparison: dict[str, Any], fmt_name: str) -> str:
    lang = comparison["lang"]
    return render_template(f"compare.{fmt_name}.j2", lang, places=4, c=comparison,
                           signed=lambda value: signed(value, lang))
