"""Shared test helpers: the shipped rulebook and policy, loaded once per session.

Every report carries the time it was made (engine/render/stamp.py); the tests fix it with
MERIT_NOW, so that golden files and "same output twice" comparisons hold (a test of the
clock itself unsets it)."""

from __future__ import annotations

import os
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from merit.engine.load.loader import default_expiry, load_policy, load_rulebook
from merit.engine.model import (
    Agency,
    Document,
    Dossier,
    MetricValue,
    Policy,
    Rulebook,
    Vocabulary,
    Where,
)

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "provinsi-contoh"
RULE_FIXTURES = Path(__file__).resolve().parent / "rules"
FIXED_NOW = "2026-01-15T09:30:00+07:00"
os.environ["MERIT_NOW"] = FIXED_NOW
# The rulebook cache (engine/load/cache.py) of this run lives in a folder of its own, never
# in the user's ~/.cache; the commands the tests run as subprocesses share it.
os.environ["MERIT_CACHE_DIR"] = tempfile.mkdtemp(prefix="merit-test-cache-")
os.environ.pop("MERIT_NO_CACHE", None)


@pytest.fixture(scope="session")
def rulebook() -> Rulebook:
    return load_rulebook()


@pytest.fixture(scope="session")
def kasn(rulebook: Rulebook) -> Policy:
    return load_policy("kasn-2019", rulebook)


def make_document(spec: dict[str, Any], index: int, year: int, vocabulary: Vocabulary) -> Document:
    """A document from a compact fixture: enacted on 1 January of `year` unless it says."""
    issued = date.fromisoformat(str(spec.get("issued", f"{year}-01-01")))
    until = (date.fromisoformat(str(spec["valid_until"])) if "valid_until" in spec
             else default_expiry(vocabulary, spec["type"], issued))
    return Document(type=spec["type"], number=spec.get("number", f"DOC-{index}"),
                    title=spec.get("title", spec["type"]), issued=issued,
                    status=spec.get("status", "ditetapkan"), where=Where("<fixture>"),
                    valid_until=until)


def make_dossier(spec: dict[str, Any], vocabulary: Vocabulary, year: int = 2025) -> Dossier:
    """A dossier from a compact fixture (documents, statements, metrics)."""
    documents = tuple(make_document(d, i, year, vocabulary)
                      for i, d in enumerate(spec.get("documents", [])))
    metrics = {k: MetricValue(k, float(v), "fixture") for k, v in spec.get("metrics", {}).items()}
    return Dossier("<fixture>", Agency("Fixture", spec.get("agency_kind", "provinsi"), year), documents, {},
                   dict(spec.get("statements", {})), metrics)
