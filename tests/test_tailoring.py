"""An agency's own policy file extends a shipped one; the result is checked like any policy."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pytest
from merit.engine.errors import InputError
from merit.engine.evaluate.conditions import MetricCondition
from merit.engine.load.loader import load_policy
from merit.engine.model import Text

HEAD = """kind: policy
id: prov-contoh-2025
extends: kasn-2019
provenance: "Tailored for a test."
"""


def _load(tmp_path: Path, body: str, rulebook, name: str = "p.yaml"):
    path = tmp_path / name
    path.write_text(HEAD + body)
    return load_policy(str(path), rulebook)


def _problems(tmp_path: Path, body: str, rulebook) -> list[tuple[str, int]]:
    with pytest.raises(InputError) as info:
        _load(tmp_path, body, rulebook)
    return [(p.code, p.line) for p in info.value.problems]


def test_an_extension_inherits_everything_it_does_not_change(tmp_path: Path, rulebook, kasn) -> None:
    policy = _load(tmp_path, "target: baik\n", rulebook)
    assert policy.id == "prov-contoh-2025" and policy.target == "baik"
    assert [a.id for a in policy.aspects] == [a.id for a in kasn.aspects]
    assert policy.bands == kasn.bands


def test_weights_can_move_between_aspects_if_they_still_sum_to_one(tmp_path: Path, rulebook) -> None:
    body = """aspects:
  - {id: pengembangan-karier, weight: 0.25, provenance: "local choice"}
  - {id: sistem-informasi, weight: 0.15, provenance: "local choice"}
"""
    policy = _load(tmp_path, body, rulebook)
    assert {a.id: a.weight for a in policy.aspects}["sistem-informasi"] == Fraction("0.15")
    # an agency's own note may be one string: it serves both languages
    assert {a.id: a.provenance for a in policy.aspects}["sistem-informasi"] == Text("local choice", "local choice")
    assert policy.provenance == Text("Tailored for a test.", "Tailored for a test.")
    assert _problems(tmp_path, body.replace("0.15", "0.2"), rulebook) == [("policy.weights_sum", 6)]


def test_bands_must_still_cover_the_range(tmp_path: Path, rulebook) -> None:
    body = """bands:
  - {id: kurang, name: {id: Kurang, en: Fair}, min: 100, max: 250, provenance: local}
  - {id: baik, name: {id: Baik, en: Good}, min: 260, max: 400, provenance: local}
target: baik
"""
    assert _problems(tmp_path, body, rulebook) == [("policy.band_gap", 7)]


def test_thresholds_replace_a_condition_value(tmp_path: Path, rulebook, kasn) -> None:
    policy = _load(tmp_path, "thresholds:\n  karier.standar-kompetensi.L4.0: 0.6\n", rulebook)
    rule = next(ref.rule for _, ref in policy.indicators() if ref.id == "karier.standar-kompetensi")
    metric = rule.level(4).conditions.items[0]
    assert isinstance(metric, MetricCondition) and metric.value == 0.6
    original = next(ref.rule for _, ref in kasn.indicators() if ref.id == "karier.standar-kompetensi")
    assert original.level(4).conditions.items[0].value == 0.8  # shipped rules stay as they are


def test_an_unknown_threshold_id_suggests_the_closest(tmp_path: Path, rulebook) -> None:
    with pytest.raises(InputError) as info:
        _load(tmp_path, "thresholds:\n  karier.standar-kompetensi.L4.1: 0.6\n", rulebook)
    [problem] = info.value.problems
    assert problem.code == "policy.unknown_threshold"
    assert problem.suggestion == "karier.standar-kompetensi.L4.0"


def test_indicators_can_be_removed_and_added(tmp_path: Path, rulebook) -> None:
    body = """aspects:
  - id: pengadaan
    remove_indicators: [pengadaan.pengadaan-pppk]
  - id: budaya-kerja
    name: {id: Budaya Kerja, en: Work culture}
    weight: 0.05
    provenance: "local aspect"
    indicators: [{rule: perlindungan.jaminan-sosial-k3}]
  - {id: sistem-informasi, weight: 0.05, provenance: "makes room for the local aspect"}
  - {id: perlindungan-pelayanan, remove_indicators: [perlindungan.jaminan-sosial-k3]}
"""
    policy = _load(tmp_path, body, rulebook)
    ids = {ref.id for _, ref in policy.indicators()}
    assert "pengadaan.pengadaan-pppk" not in ids and "perlindungan.jaminan-sosial-k3" in ids
    assert next(a for a in policy.aspects if a.id == "budaya-kerja").indicators[0].id == "perlindungan.jaminan-sosial-k3"
    assert _problems(tmp_path, body.replace("[pengadaan.pengadaan-pppk]", "[pengadaan.pppk]"), rulebook) == [
        ("policy.remove_unknown", 7)]


def test_a_new_aspect_needs_its_name_weight_and_indicators(tmp_path: Path, rulebook) -> None:
    assert _problems(tmp_path, "aspects:\n  - {id: baru, weight: 0.1}\n", rulebook) == [("policy.unknown_aspect", 6)]


def test_extensions_chain_and_cycles_are_refused(tmp_path: Path, rulebook) -> None:
    (tmp_path / "a.yaml").write_text(HEAD + "target: baik\n")
    (tmp_path / "b.yaml").write_text(HEAD.replace("extends: kasn-2019", "extends: a.yaml").replace(
        "prov-contoh-2025", "kab-contoh") + "thresholds:\n  karier.standar-kompetensi.L4.0: 0.7\n")
    chained = load_policy(str(tmp_path / "b.yaml"), rulebook)
    assert chained.target == "baik" and chained.id == "kab-contoh"
    (tmp_path / "a.yaml").write_text(HEAD.replace("extends: kasn-2019", "extends: b.yaml"))
    with pytest.raises(InputError) as info:
        load_policy(str(tmp_path / "b.yaml"), rulebook)
    assert [p.code for p in info.value.problems] == ["policy.extends_cycle"]


def test_extending_an_unknown_policy(tmp_path: Path, rulebook) -> None:
    path = tmp_path / "p.yaml"
    path.write_text(HEAD.replace("extends: kasn-2019", "extends: kasn-2091"))
    with pytest.raises(InputError) as info:
        load_policy(str(path), rulebook)
    [problem] = info.value.problems
    assert (problem.code, problem.suggestion, problem.line) == ("policy.not_found", "kasn-2019", 3)


def test_an_agency_overrides_effort_estimates_and_the_plan_follows(tmp_path: Path, rulebook, kasn) -> None:
    policy = _load(tmp_path, "efforts:\n  karier.pengembangan-individu.L3: 0.5\n", rulebook)
    rule = next(ref.rule for _, ref in policy.indicators() if ref.id == "karier.pengembangan-individu")
    assert rule.level(3).effort == Fraction(1, 2)
    shipped = next(ref.rule for _, ref in kasn.indicators() if ref.id == "karier.pengembangan-individu")
    assert shipped.level(3).effort != Fraction(1, 2)
    with pytest.raises(InputError) as info:
        _load(tmp_path, "efforts:\n  karier.pengembangan-individu.L5: 2\n", rulebook)
    assert [p.code for p in info.value.problems] == ["schema.form_level_id"]
    with pytest.raises(InputError) as info:  # level 1 is a KASN rule's floor: no step leads to it
        _load(tmp_path, "efforts:\n  karier.pengembangan-individu.L1: 2\n", rulebook)
    assert [p.code for p in info.value.problems] == ["policy.unknown_effort"]
    with pytest.raises(InputError) as info:
        _load(tmp_path, "efforts:\n  karier.pengembangan-individo.L3: 2\n", rulebook)
    [problem] = info.value.problems
    assert (problem.code, problem.suggestion) == ("policy.unknown_effort", "karier.pengembangan-individu.L3")
