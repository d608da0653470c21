"""Reports: one typed report value (model.py) built from an assessment, rendered as text,
Markdown, HTML or JSON.

`build_report` makes the `Report`; the templates read it, and the JSON is derived from it by
`model.to_json` (validated against schemas/report.json), so the text and the JSON can never
tell different stories. Reports name documents, never people: personnel data stays out of them.
"""

from __future__ import annotations

import json
from fractions import Fraction
from typing import Any

from ... import __version__
from ..errors import EngineError, UsageError
from ..evaluate.conditions import NodeResult
from ..evaluate.inference import IndicatorResult
from ..evaluate.scoring import Score, out_of_reach, score_range
from ..load.crosswalk import find_crosswalk
from ..load.fingerprint import rules_version
from ..load.schema import validate
from ..pipeline import Assessment
from . import findings
from .figures import figures_section
from .model import (
    SCHEMA_VERSION,
    AgencyRow,
    AspectRow,
    BandRow,
    CrosswalkRow,
    CrosswalkView,
    IndicatorRow,
    LevelRow,
    NextLevel,
    PartsSection,
    PolicyRow,
    Report,
    SideBySide,
    TargetRow,
    Tool,
    Trace,
    to_json,
)
from .stamp import generated_at, iso
from .templating import render_template
from .wording import describe, fmt, number

__all__ = ["build_report", "build_side_by_side", "describe", "fmt", "number",
           "render", "render_side_by_side", "to_json", "validate_report"]

_HEADER_KEYS = ("schema_version", "tool", "lang", "policy", "agency", "total", "category", "target")


def build_report(assessment: Assessment, lang: str = "id", target: str | None = None,
                 people: bool = False) -> Report:
    """The report of one assessment. `target` (a band id) replaces the policy's target.
    Employees concerned by a gap are masked (masked NIPs) unless `people` asks for them."""
    policy, score, agency = assessment.policy, assessment.score, assessment.dossier.agency
    target_band = policy.band(target or policy.target)
    gap_to_target = max(Fraction(0), target_band.min - score.total)
    return Report(
        SCHEMA_VERSION, Tool("merit", __version__, rules_version(assessment.rulebook, policy), iso(generated_at())),
        lang,
        PolicyRow(policy.id, policy.name.get(lang)),
        AgencyRow(agency.name, agency.kind, agency.assessment_year),
        number(score.total), number(score.raw_total), number(score_range(policy)[1]),
        score.band.name.id, score.band.id, score.band.name.get(lang),
        tuple(BandRow(b.id, b.name.get(lang), number(b.min), number(b.max)) for b in policy.bands),
        tuple(AspectRow(a.aspect.id, a.aspect.name.get(lang), number(a.aspect.weight), number(a.score),
                        number(a.max_score), number(a.mean_level),
                        tuple(ref.id for ref in a.aspect.indicators))
              for a in score.aspects),
        parts_section(assessment),
        tuple(_indicator(aspect.id, ref.rule.id, assessment, lang) for aspect, ref in policy.indicators()),
        TargetRow(target_band.name.id, target_band.id, target_band.name.get(lang),
                  number(target_band.min), number(gap_to_target), gap_to_target == 0),
        findings.gap_section(assessment, lang, people),
        findings.plan_section(assessment, target_band, lang),
        findings.claims_section(assessment, lang, people),
        findings.waiver_section(assessment),
        findings.excluded_section(assessment, lang),
        figures_section(assessment),
    )


def parts_section(assessment: Assessment) -> PartsSection:
    """The terms of the total, so that a report's rows visibly add up to it."""
    policy, score, dossier = assessment.policy, assessment.score, assessment.dossier
    scoring = policy.scoring
    survey = dossier.survey if scoring.survey_weight else None
    correction = dossier.correction if scoring.correction is not None else None
    return PartsSection(
        scoring.formula, number(_maturity(score)), number(score.parts.get("survey", 0)),
        number(score.parts.get("correction", 0)), number(score.raw_total), 2 if scoring.scale >= 10 else 4,
        number(scoring.round_to) if scoring.round_to is not None else None, scoring.rounding,
        number(score_range(policy)[1]), tuple(b.id for b in out_of_reach(policy)),
        number(scoring.survey_weight) if scoring.formula == "maturity-index" else None,
        number(survey.score) if survey else None, correction.reason if correction else None)


def _maturity(score: Score) -> Fraction:
    """The level-based part: the sum of the aspects' rows."""
    return sum((a.score for a in score.aspects), start=Fraction(0))


def _indicator(aspect: str, rule_id: str, assessment: Assessment, lang: str) -> IndicatorRow:
    rule = assessment.rulebook.rules[rule_id]
    result: IndicatorResult = assessment.evaluation.indicators[rule_id]
    claim = assessment.dossier.claims.get(rule_id)
    return IndicatorRow(
        rule_id, aspect, rule.title.get(lang), result.level,
        claim.claimed_level if claim else None,
        _next_level(result, assessment, lang),
        tuple(LevelRow(lr.level, lr.held, lr.reached, rule.level(lr.level).description.get(lang),
                       _trace(lr.result, assessment, lang) if lr.result else None)
              for lr in result.levels),
        result.applicable,
        None if result.applicable or result.applies is None else describe(result.applies, assessment, lang),
    )


def _next_level(result: IndicatorResult, assessment: Assessment, lang: str) -> NextLevel | None:
    """The level above the verified one and the statements of what it still lacks."""
    found = result.next_unmet()
    if found is None:
        return None
    level, unmet = found
    return NextLevel(level, tuple(describe(atom, assessment, lang) for atom in unmet))


def _trace(node: NodeResult, assessment: Assessment, lang: str) -> Trace:
    """A condition's result, with the numbers of the documents it cites as evidence."""
    return Trace(node.cid, node.kind, node.held, describe(node, assessment, lang),
                 tuple(node.condition.evidence(node, assessment.dossier)) if node.condition else (),
                 tuple(_trace(child, assessment, lang) for child in node.children))


def build_side_by_side(assessments: list[Assessment], reports: list[Report],
                       lang: str = "id") -> SideBySide:
    """The reports of one dossier under several policies, with the crosswalk between the
    first policy and each other one (indicator levels next to each other)."""
    first = assessments[0]
    titles = first.rulebook.rules
    crosswalks = []
    for other in assessments[1:]:
        crosswalk = find_crosswalk(first.policy, other.policy)
        if crosswalk is None:
            continue
        crosswalks.append(CrosswalkView(crosswalk.id, first.policy.id, other.policy.id, tuple(
            CrosswalkRow(m.source, titles[m.source].title.get(lang), first.level(m.source), m.relation,
                         m.target, titles[m.target].title.get(lang), other.level(m.target))
            for m in crosswalk.mappings)))
    return SideBySide(SCHEMA_VERSION, lang, tuple(reports), tuple(crosswalks))


def _json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def render_side_by_side(bundle: SideBySide, fmt_name: str, summary_only: bool = False) -> str:
    if fmt_name == "json":
        _json_has_no_summary(summary_only)
        return _json(to_json(bundle))
    if summary_only and fmt_name != "html":
        return "\n".join(render(report, fmt_name, summary_only=True) for report in bundle.reports)
    # HTML is one document holding every report; other formats read fine one after another.
    parts = [] if fmt_name == "html" else [render(report, fmt_name) for report in bundle.reports]
    parts.append(render_template(f"side-by-side.{fmt_name}.j2", bundle.lang, 4, b=bundle,
                                 summary_only=summary_only))
    return "\n".join(parts)


def _json_has_no_summary(summary_only: bool) -> None:
    if summary_only:
        raise UsageError("summary.only_formats", format="json")


def validate_report(report: Report) -> None:
    """Every report merit writes must match its published schema (a bug otherwise)."""
    problems = validate(json.loads(json.dumps(to_json(report))), "report", "<report>")
    if problems:
        raise EngineError("report does not match schemas/report.json: "
                          + "; ".join(p.render("en") for p in problems[:5]))


def render(report: Report, fmt_name: str, view: str = "check", summary_only: bool = False) -> str:
    """The report as text, JSON, ...; `view` picks the part shown (check, gaps, plan);
    `summary_only` the summary page alone (text, md, html)."""
    if fmt_name == "json":
        _json_has_no_summary(summary_only)
        data = to_json(report)
        return _json(data if view == "check" else {key: data[key] for key in (*_HEADER_KEYS, view)})
    if summary_only and fmt_name != "html":
        return render_template(f"summary.{fmt_name}.j2", report.lang, report.parts.places, r=report)
    return render_template(f"{view}.{fmt_name}.j2", report.lang, report.parts.places, r=report,
                           summary_only=summary_only)
