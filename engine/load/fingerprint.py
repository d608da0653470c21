"""The rules' version: a content hash of the rule, vocabulary, metric and policy files an
assessment actually used, printed on every report so that a signed printout can be traced
to the exact rules that produced it.

sha256 over the files sorted by name, each as its name, a NUL, its length and its bytes.
A file is named by its path from the nearest folder called `rules` or `policies`
(`rules/kk/a1q1.yaml`, `policies/kasn-2019.yaml`), any other by `local/` and its file name,
so the hash is the same wherever merit or a copy of its rules is installed. Rule files of rules the policy does not score are left out: a
change to the KASN rules does not change a 2026 worksheet report's version. Shortened to 12
hex digits (48 bits), plenty to tell versions apart, short enough to read off a page.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from ..model import Policy, Rulebook

PREFIX = "sha256:"
DIGITS = 12


def used_files(rulebook: Rulebook, policy: Policy) -> list[Path]:
    """The files behind an assessment: the policy chain, the vocabulary and metric files,
    and the rule files of the rules the policy scores."""
    rule_files = {_resolved(r.where.file) for r in rulebook.rules.values()}
    scored = {_resolved(ref.rule.where.file) for _, ref in policy.indicators()}
    files = {_resolved(f) for f in rulebook.sources} - (rule_files - scored)
    return sorted(files | scored | {_resolved(f) for f in policy.sources})


def rules_version(rulebook: Rulebook, policy: Policy) -> str:
    """`sha256:` and the first 12 hex digits of the hash of `used_files`."""
    digest = hashlib.sha256()
    for name, path in sorted((_name(path), path) for path in used_files(rulebook, policy)):
        data = path.read_bytes() if path.is_file() else b""
        digest.update(name.encode("utf-8") + b"\0" + str(len(data)).encode("ascii") + b"\0" + data)
    return PREFIX + digest.hexdigest()[:DIGITS]


def _resolved(file: str) -> Path:
    return Path(file).resolve()


def _name(path: Path) -> str:
    for parent in path.parents:
        if parent.name in ("rules", "policies"):
            return f"{parent.name}/{path.relative_to(parent).as_posix()}"
    return "local/" + path.name
