"""The load stage: the YAML inputs in, checked, as frozen values out.

In: rule files and the vocabulary (rules/), policies with an agency's tailoring
(policies/ or a path), a dossier's agency.yaml, documents.yaml and answers.yaml, waivers
and crosswalks. Out: a `Rulebook`, `Policy`s and a `Dossier` whose metrics are the
self-reported ones (the measure stage adds the tables'). Every problem of every file is
collected (file:line:col, did-you-mean) and raised at once as one InputError.
"""

from .collect import ProblemCollector
from .crosswalk import load_crosswalk
from .dossier import load_dossier
from .policies import load_policy
from .rules import load_rulebook
from .waivers import load_waivers

__all__ = ["ProblemCollector", "load_crosswalk", "load_dossier", "load_policy", "load_rulebook", "load_waivers"]
