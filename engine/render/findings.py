"""Report sections that say what to do: gaps, the improvement plan, claims against
evidence, waivers and the personnel rows left out. Each returns typed report values
(model.py) for build_report."""

from __future__ import annotations

from dataclasses import replace
from fractions import Fraction
from typing import Any

from ..evaluate.conditions import NodeResult
from ..evaluate.scoring import score
from ..i18n import message, percent
from ..improve import Plan, claim_gaps, gaps, plan
from ..model import Band
from ..pipeline import Assessment
from .sections import (
    ClaimRow,
    ClaimsSection,
    Concerned,
    ExcludedFileRow,
    ExcludedProblemRow,
    ExcludedSection,
    GapRow,
    PlanPath,
    PlanRow,
    PlanSection,
    PlanTarget,
    Statement,
    WaiverRow,
    WaiverSection,
)
from .wording import describe, fmt, number

MAX_CONCERNED = 50  # rows listed per condition; the full list belongs in the checklist export


def masked(key: str) -> str:
    """A NIP as default outputs show it: the birth year and the serial, the rest hidden
    (198503122010011001 -> 1985***********001). Other keys (post codes) are no one's."""
    return f"{key[:4]}{'*' * 11}{key[-3:]}" if len(key) == 18 and key.isdigit() else key


def _unmet(node: NodeResult, assessment: Assessment, lang: str, people: bool = False) -> Statement:
    """An unmet condition as its sentence, with the rows it concerns when it rests on a
    metric of the tables (the people concerned masked unless `people`)."""
    statement = describe(node, assessment, lang)
    rows = node.condition.concerned_rows(assessment.dossier) if node.condition else None
    if rows is None:
        return Statement(node.cid, node.kind, statement)
    if rows.upper_bound:
        # An upper bound is broken by the rows the metric counts, not by the others; their
        # keys are not kept, so the count is given without a list.
        return Statement(node.cid, node.kind,
                         f"{statement} {_rows_note('gap.rows_counted', rows.counted, rows.total, lang)}")
    failing = rows.total - rows.counted
    sample = tuple(key if people else masked(key) for key in rows.failing[:MAX_CONCERNED])
    return Statement(node.cid, node.kind, f"{statement} {_rows_note('gap.rows', failing, rows.total, lang)}",
                     Concerned(failing, rows.total, sample))


def _rows_note(code: str, count: int, total: int, lang: str) -> str:
    return message(code, lang, count=fmt(count, lang, 0), total=fmt(total, lang, 0),
                   share=percent(Fraction(count, total), lang))


def gap_section(assessment: Assessment, lang: str, people: bool = False) -> tuple[GapRow, ...]:
    rules, vocab = assessment.rulebook.rules, assessment.rulebook.vocabulary.document_types
    return tuple(
        GapRow(gap.indicator, gap.aspect, rules[gap.indicator].title.get(lang), gap.level,
               gap.next_level, number(gap.points),
               tuple(_unmet(node, assessment, lang, people) for node in gap.unmet),
               tuple(vocab[t].name.get(lang) if t in vocab else t for t in gap.evidence))
        for gap in gaps(assessment.policy, assessment.evaluation.indicators)
    )


def _plan_path(assessment: Assessment, chosen: Plan | None, lang: str) -> PlanPath | None:
    if chosen is None:
        return None
    rules, policy = assessment.rulebook.rules, assessment.policy
    after = score(policy, {**assessment.levels(), **{s.indicator: s.to_level for s in chosen.steps}},
                  assessment.dossier.survey, assessment.dossier.correction)
    steps = tuple(
        PlanRow(s.indicator, rules[s.indicator].title.get(lang), s.from_level, s.to_level,
                number(s.effort), number(s.points),
                tuple(step.get(lang) for n in range(s.from_level + 1, s.to_level + 1)
                      for step in rules[s.indicator].level(n).remediation))
        for s in chosen.steps)
    return PlanPath(steps, number(chosen.effort), chosen.step_count, number(after.total),
                    after.band.name.id, after.band.name.get(lang))


def plan_section(assessment: Assessment, target: Band, lang: str) -> PlanSection:
    result = plan(assessment.policy, assessment.levels(), assessment.score.raw_total, target.min)
    policy = assessment.policy
    best = score(policy, {rid: policy.scoring.max_level for rid in assessment.levels()},
                 assessment.dossier.survey, assessment.dossier.correction)
    return PlanSection(
        PlanTarget(target.name.id, target.id, target.name.get(lang), number(target.min)),
        result.reachable, result.needed == 0, number(best.total), best.band.name.id,
        best.band.name.get(lang), _plan_path(assessment, result.cheapest, lang),
        _plan_path(assessment, result.fewest_steps, lang))


def claims_section(assessment: Assessment, lang: str, people: bool = False) -> ClaimsSection:
    claimed = {rid: claim.claimed_level for rid, claim in assessment.dossier.claims.items()}
    found = claim_gaps(assessment.policy, assessment.evaluation.indicators, claimed)
    rules = assessment.rulebook.rules
    levels = assessment.levels()
    as_claimed = score(assessment.policy, {rid: claimed.get(rid, lvl) for rid, lvl in levels.items()},
                       assessment.dossier.survey, assessment.dossier.correction)
    under = [rid for rid, lvl in levels.items() if rid in claimed and claimed[rid] < lvl]
    return ClaimsSection(
        number(as_claimed.total), as_claimed.band.name.id,
        number(assessment.score.total), assessment.score.band.name.id,
        tuple(ClaimRow(c.indicator, rules[c.indicator].title.get(lang), c.claimed_level,
                       c.verified_level, tuple(_unmet(node, assessment, lang, people) for node in c.missing))
              for c in found),
        tuple(ClaimRow(rid, rules[rid].title.get(lang), claimed[rid], levels[rid]) for rid in under),
        tuple(rid for rid in levels if rid not in claimed),
        as_claimed.band.name.get(lang), assessment.score.band.name.get(lang))


def waiver_section(assessment: Assessment) -> WaiverSection | None:
    waivers, before = assessment.waivers, assessment.before_waivers
    if waivers is None or before is None:
        return None
    in_policy = set(assessment.evaluation.indicators)

    def listed(items: tuple[Any, ...]) -> tuple[WaiverRow, ...]:
        return tuple(WaiverRow(w.target, w.indicator, w.justification, w.approver,
                               w.expires.isoformat(), w.indicator in in_policy) for w in items)

    return WaiverSection(waivers.source, listed(waivers.applied), listed(waivers.expired),
                         number(before.score.total), before.score.band.name.id,
                         number(assessment.score.total), assessment.score.band.name.id)


MASKED = "…"  # what a report shows for a cell's value: the file holds it, and it may be personal data


def excluded_section(assessment: Assessment, lang: str) -> ExcludedSection | None:
    """The personnel rows left out of the metrics under the bad-row threshold: per file, how
    many of how many, and every problem by file, row and column. A cell's value is never
    repeated (NIPs and birth dates are personal data; the auditor opens the file)."""
    excluded = assessment.dossier.excluded
    if excluded is None:
        return None
    problems = [replace(p, params={**p.params, "value": MASKED}) if "value" in p.params else p
                for p in excluded.problems]
    return ExcludedSection(
        excluded.threshold, excluded.rows,
        tuple(ExcludedFileRow(f.file, f.excluded, f.rows) for f in excluded.files),
        tuple(ExcludedProblemRow(p.file, p.line, p.col, str(p.params.get("column", "")), p.code,
                                 message(p.code, lang, **p.params)) for p in problems))
