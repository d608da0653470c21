"""Reports: one report value built from an assessment, rendered as text or JSON.

`build_report` makes the JSON-ready dict (validated against schemas/report.json); every
renderer works from that dict, so the text and the JSON can never tell different stories.
Reports name documents, never people: personnel data stays out of them.
"""

from __future__ import annotations

import json
from fractions import Fraction
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from ... import __version__
from ..evaluate.conditions import NodeResult
from ..evaluate.inference import IndicatorResult
from ..evaluate.scoring import score_range
from ..i18n import message
from ..load.crosswalk import find_crosswalk
from ..load.schema import validate
from ..pipeline import Assessment
from . import __name__ as _render_package
from . import findings
from .wording import describe, fmt, number

if TYPE_CHECKING:
    from jinja2 import Environment

__all__ = ["build_report", "build_side_by_side", "describe", "fmt", "number",
           "render", "render_side_by_side", "validate_report"]

REPORT_SCHEMA_VERSION = 1
_HEADER_KEYS = ("schema_version", "tool", "lang", "policy", "agency", "total", "category", "target")


def build_report(assessment: Assessment, lang: str = "id", target: str | None = None) -> dict[str, Any]:
    """The report of one assessment. `target` (a band id) replaces the policy's target."""
    policy, score, dossier = assessment.policy, assessment.score, assessment.dossier
    target_band = policy.band(target or policy.target)
    gap_to_target = max(Fraction(0), target_band.min - score.total)
    indicators = [
        _indicator(aspect.id, ref.rule.id, assessment, lang)
        for aspect, ref in policy.indicators()
    ]
    report = {
        "schema_version": REPORT_SCHEMA_VERSION,
        "tool": {"name": "merit", "version": __version__},
        "lang": lang,
        "policy": {"id": policy.id, "name": policy.name.get(lang)},
        "agency": {"name": dossier.agency.name, "kind": dossier.agency.kind,
                   "assessment_year": dossier.agency.assessment_year},
        "total": number(score.total),
        "raw_total": number(score.raw_total),
        "max_total": number(score_range(policy)[1]),
        "category": score.band.name.id,
        "category_id": score.band.id,
        "category_name": score.band.name.get(lang),
        "bands": [{"id": b.id, "name": b.name.get(lang), "min": number(b.min), "max": number(b.max)}
                  for b in policy.bands],
        "aspects": [
            {"id": a.aspect.id, "name": a.aspect.name.get(lang), "weight": number(a.aspect.weight),
             "score": number(a.score), "max_score": number(a.max_score),
             "mean_level": number(a.mean_level),
             "indicators": [ref.id for ref in a.aspect.indicators]}
            for a in score.aspects
        ],
        "indicators": indicators,
        "target": {"category": target_band.name.id, "category_id": target_band.id,
                   "category_name": target_band.name.get(lang),
                   "threshold": number(target_band.min), "gap": number(gap_to_target),
                   "reached": gap_to_target == 0},
        "gaps": findings.gap_section(assessment, lang),
        "plan": findings.plan_section(assessment, target_band, lang),
        "claims": findings.claims_section(assessment, lang),
    }
    waivers = findings.waiver_section(assessment)
    if waivers is not None:
        report["waivers"] = waivers
    excluded = findings.excluded_section(assessment, lang)
    if excluded is not None:
        report["excluded_rows"] = excluded
    return report


def _indicator(aspect: str, rule_id: str, assessment: Assessment, lang: str) -> dict[str, Any]:
    rule = assessment.rulebook.rules[rule_id]
    result: IndicatorResult = assessment.evaluation.indicators[rule_id]
    claim = assessment.dossier.claims.get(rule_id)
    return {
        "id": rule_id,
        "aspect": aspect,
        "title": rule.title.get(lang),
        "level": result.level,
        "claimed_level": claim.claimed_level if claim else None,
        "next_level": _next_level(result, assessment, lang),
        "levels": [
            {"level": lr.level, "held": lr.held, "reached": lr.reached,
             "description": rule.level(lr.level).description.get(lang),
             "conditions": _trace(lr.result, assessment, lang) if lr.result else None}
            for lr in result.levels
        ],
    }


def _next_level(result: IndicatorResult, assessment: Assessment, lang: str) -> dict[str, Any] | None:
    """The level above the verified one and the statements of what it still lacks."""
    found = result.next_unmet()
    if found is None:
        return None
    level, unmet = found
    return {"level": level, "unmet": [describe(atom, assessment, lang) for atom in unmet]}


def _trace(node: NodeResult, assessment: Assessment, lang: str) -> dict[str, Any]:
    out: dict[str, Any] = {"id": node.cid, "kind": node.kind, "held": node.held,
                           "statement": describe(node, assessment, lang)}
    documents = node.condition.evidence(node, assessment.dossier) if node.condition else ()
    if documents:
        out["evidence"] = list(documents)
    if node.children:
        out["children"] = [_trace(child, assessment, lang) for child in node.children]
    return out


def build_side_by_side(assessments: list[Assessment], reports: list[dict[str, Any]],
                       lang: str = "id") -> dict[str, Any]:
    """The reports of one dossier under several policies, with the crosswalk between the
    first policy and each other one (indicator levels next to each other)."""
    first = assessments[0]
    titles = first.rulebook.rules
    crosswalks = []
    for other in assessments[1:]:
        crosswalk = find_crosswalk(first.policy, other.policy)
        if crosswalk is None:
            continue
        crosswalks.append({
            "id": crosswalk.id, "from": first.policy.id, "to": other.policy.id,
            "mappings": [
                {"from": m.source, "from_title": titles[m.source].title.get(lang),
                 "from_level": first.level(m.source), "relation": m.relation, "to": m.target,
                 "to_title": titles[m.target].title.get(lang), "to_level": other.level(m.target)}
                for m in crosswalk.mappings
            ],
        })
    return {"schema_version": REPORT_SCHEMA_VERSION, "lang": lang, "reports": reports,
            "crosswalks": crosswalks}


def render_side_by_side(bundle: dict[str, Any], fmt_name: str) -> str:
    if fmt_name == "json":
        return json.dumps(bundle, ensure_ascii=False, indent=2) + "\n"
    # HTML is one document holding every report; other formats read fine one after another.
    parts = [] if fmt_name == "html" else [render(report, fmt_name) for report in bundle["reports"]]
    lang = bundle["lang"]
    template = _environment().get_template(f"side-by-side.{fmt_name}.j2")
    parts.append(template.render(b=bundle, t=lambda code, **kw: message(code, lang, **kw),
                                 num=lambda value, places=2: fmt(value, lang, places)))
    return "\n".join(parts)


def validate_report(report: dict[str, Any]) -> None:
    """Every report merit writes must match its published schema (a bug otherwise)."""
    from ..errors import EngineError

    problems = validate(json.loads(json.dumps(report)), "report", "<report>")
    if problems:
        raise EngineError("report does not match schemas/report.json: "
                          + "; ".join(p.render("en") for p in problems[:5]))


@lru_cache(maxsize=1)
def _environment() -> Environment:
    # jinja2 is imported here, not at the top: JSON reports do not need it (~0.03 s).
    # One environment per process, so a template is compiled once however often it is used.
    # HTML templates escape every value (dossier text is untrusted); text and Markdown
    # templates must not, or a name like "A & B" would print as "A &amp; B".
    from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

    from .filters import FILTERS, GLOBALS

    env = Environment(loader=PackageLoader(_render_package, "templates"), undefined=StrictUndefined,
                      keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True,
                      autoescape=select_autoescape(enabled_extensions=("html.j2",),
                                                   default_for_string=False, default=False))
    env.filters.update(FILTERS)
    env.globals.update(GLOBALS)
    return env


def render(report: dict[str, Any], fmt_name: str, view: str = "check") -> str:
    """The report as text, JSON, ...; `view` picks the part shown (check, gaps, plan)."""
    if fmt_name == "json":
        data = report if view == "check" else {key: report[key] for key in (*_HEADER_KEYS, view)}
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    lang = report["lang"]
    template = _environment().get_template(f"{view}.{fmt_name}.j2")
    return template.render(r=report, t=lambda code, **kw: message(code, lang, **kw),
                           num=lambda value, places=2: fmt(value, lang, places))
