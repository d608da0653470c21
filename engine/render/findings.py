"""Report sections that say what to do: gaps, the improvement plan, claims against
evidence, waivers and the personnel rows left out. Each returns plain JSON-ready data for
build_report."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from ..evaluate.conditions import NodeResult
from ..evaluate.scoring import score
from ..i18n import message
from ..improve import Plan, claim_gaps, gaps, plan
from ..model import Band
from ..pipeline import Assessment
from .wording import describe, fmt, number

MAX_CONCERNED = 50  # rows listed per condition; the full list belongs in the checklist export


def _statement(node: NodeResult, assessment: Assessment, lang: str) -> dict[str, Any]:
    out: dict[str, Any] = {"id": node.cid, "kind": node.kind, "statement": describe(node, assessment, lang)}
    rows = node.condition.concerned_rows(assessment.dossier) if node.condition else None
    if rows is None:
        return out
    if rows.upper_bound:
        # An upper bound is broken by the rows the metric counts, not by the others; their
        # keys are not kept, so the count is given without a list.
        out["statement"] += " " + _rows_note("gap.rows_counted", rows.counted, rows.total, lang)
    else:
        failing = rows.total - rows.counted
        out["statement"] += " " + _rows_note("gap.rows", failing, rows.total, lang)
        out["concerned"] = {"count": failing, "total": rows.total,
                            "sample": list(rows.failing[:MAX_CONCERNED])}
    return out


def _rows_note(code: str, count: int, total: int, lang: str) -> str:
    return message(code, lang, count=fmt(count, lang, 0), total=fmt(total, lang, 0),
                   share=fmt(100 * count / total, lang, 1) + "%")


def gap_section(assessment: Assessment, lang: str) -> list[dict[str, Any]]:
    rules, vocab = assessment.rulebook.rules, assessment.rulebook.vocabulary.document_types
    return [
        {"indicator": gap.indicator, "aspect": gap.aspect, "title": rules[gap.indicator].title.get(lang),
         "level": gap.level, "next_level": gap.next_level, "points": number(gap.points),
         "unmet": [_statement(node, assessment, lang) for node in gap.unmet],
         "evidence": [vocab[t].name.get(lang) if t in vocab else t for t in gap.evidence]}
        for gap in gaps(assessment.policy, assessment.evaluation.indicators)
    ]


def plan_section(assessment: Assessment, target: Band, lang: str) -> dict[str, Any]:
    result = plan(assessment.policy, assessment.levels(), assessment.score.raw_total, target.min)
    rules = assessment.rulebook.rules
    policy = assessment.policy

    def plan_data(chosen: Plan | None) -> dict[str, Any] | None:
        if chosen is None:
            return None
        after = score(policy, {**assessment.levels(), **{s.indicator: s.to_level for s in chosen.steps}},
                      assessment.dossier.survey)
        return {"steps": [{"indicator": s.indicator, "title": rules[s.indicator].title.get(lang),
                           "from_level": s.from_level, "to_level": s.to_level, "effort": number(s.effort),
                           "points": number(s.points),
                           "remediation": [step.get(lang) for n in range(s.from_level + 1, s.to_level + 1)
                                           for step in rules[s.indicator].level(n).remediation]}
                          for s in chosen.steps],
                "effort": number(chosen.effort), "step_count": chosen.step_count,
                "total_after": number(after.total), "category_after": after.band.name.id,
                "category_after_name": after.band.name.get(lang)}

    best = score(policy, {rid: policy.scoring.max_level for rid in assessment.levels()},
                 assessment.dossier.survey)
    return {"target": {"category": target.name.id, "category_id": target.id,
                       "category_name": target.name.get(lang), "threshold": number(target.min)},
            "reachable": result.reachable, "already_reached": result.needed == 0,
            "best_total": number(best.total), "best_category": best.band.name.id,
            "best_category_name": best.band.name.get(lang),
            "cheapest": plan_data(result.cheapest), "fewest_steps": plan_data(result.fewest_steps)}


def claims_section(assessment: Assessment, lang: str) -> dict[str, Any]:
    claimed = {rid: claim.claimed_level for rid, claim in assessment.dossier.claims.items()}
    found = claim_gaps(assessment.policy, assessment.evaluation.indicators, claimed)
    rules = assessment.rulebook.rules
    levels = assessment.levels()
    as_claimed = score(assessment.policy, {rid: claimed.get(rid, lvl) for rid, lvl in levels.items()},
                       assessment.dossier.survey)
    under = [rid for rid, lvl in levels.items() if rid in claimed and claimed[rid] < lvl]
    return {
        "claimed_total": number(as_claimed.total), "claimed_category": as_claimed.band.name.id,
        "verified_total": number(assessment.score.total), "verified_category": assessment.score.band.name.id,
        "over_claimed": [
            {"indicator": c.indicator, "title": rules[c.indicator].title.get(lang),
             "claimed_level": c.claimed_level, "verified_level": c.verified_level,
             "missing": [_statement(node, assessment, lang) for node in c.missing]}
            for c in found],
        "under_claimed": [{"indicator": rid, "title": rules[rid].title.get(lang),
                           "claimed_level": claimed[rid], "verified_level": levels[rid]} for rid in under],
        "unclaimed": [rid for rid in levels if rid not in claimed],
    }


def waiver_section(assessment: Assessment) -> dict[str, Any] | None:
    waivers, before = assessment.waivers, assessment.before_waivers
    if waivers is None or before is None:
        return None
    in_policy = set(assessment.levels())

    def listed(items: tuple[Any, ...]) -> list[dict[str, Any]]:
        return [{"target": w.target, "indicator": w.indicator, "justification": w.justification,
                 "approver": w.approver, "expires": w.expires.isoformat(),
                 "in_policy": w.indicator in in_policy} for w in items]

    return {"file": waivers.source, "applied": listed(waivers.applied), "expired": listed(waivers.expired),
            "total_before": number(before.score.total), "category_before": before.score.band.name.id,
            "total_after": number(assessment.score.total), "category_after": assessment.score.band.name.id}


MASKED = "…"  # what a report shows for a cell's value: the file holds it, and it may be personal data


def excluded_section(assessment: Assessment, lang: str) -> dict[str, Any] | None:
    """The personnel rows left out of the metrics under the bad-row threshold: per file, how
    many of how many, and every problem by file, row and column. A cell's value is never
    repeated (NIPs and birth dates are personal data; the auditor opens the file)."""
    excluded = assessment.dossier.excluded
    if excluded is None:
        return None
    problems = [replace(p, params={**p.params, "value": MASKED}) if "value" in p.params else p
                for p in excluded.problems]
    return {"threshold": excluded.threshold, "rows": excluded.rows,
            "files": [{"file": f.file, "excluded": f.excluded, "rows": f.rows} for f in excluded.files],
            "problems": [{"file": p.file, "row": p.line, "column": p.col, "header": str(p.params.get("column", "")),
                          "code": p.code, "message": message(p.code, lang, **p.params)} for p in problems]}
