"""The improve stage: from an assessment to the way up.

`gap_list` lists what each indicator's next level lacks and where claims exceed the evidence;
`planner` finds the least-effort (and the fewest-steps) set of level steps to a target.
"""

from __future__ import annotations

from .gap_list import ClaimGap, Gap, claim_gaps, gaps
from .planner import Plan, PlanResult, Step, plan

__all__ = ["ClaimGap", "Gap", "Plan", "PlanResult", "Step", "claim_gaps", "gaps", "plan"]
