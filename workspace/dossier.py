"""The bridge to the engine: an assessment's dossier materialised in exactly the CLI's
format (agency.yaml, answers.yaml, documents.yaml, tables/), assessed by the engine's
public API, exported as a zip that `merit check` reads as it is, and imported back.

The engine is the only evaluator. Its result is cached by the dossier's content (the
hash of the files it would read), and engine runs are serialised: durable_rules keeps
its rulesets in one process-wide engine."""

from __future__ import annotations

import dataclasses
import hashlib
import io
import re
import tempfile
import threading
import zipfile
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ..engine import api
from . import blobs, worksheet
from .models import Assessment

POLICY_FILE = "policy.yaml"  # beside the dossier, for a tailored policy
_LOCK = threading.Lock()
_CACHE: OrderedDict[tuple[Any, ...], Result] = OrderedDict()
_CACHE_SIZE = 64


@dataclass(frozen=True)
class Result:
    """The engine's report of an assessment, or the input problems that stopped it."""

    report: Any | None
    problems: tuple[Any, ...]
    assessment: Any | None = None  # the engine's Assessment (for exports)


def agency_yaml(assessment: Assessment) -> dict[str, Any]:
    agency = assessment.agency
    data: dict[str, Any] = {"name": agency.name, "kind": agency.kind}
    for key in ("code", "region", "contact"):
        if getattr(agency, key):
            data[key] = getattr(agency, key)
    data["assessment_year"] = assessment.year
    return data


def answers_yaml(assessment: Assessment) -> dict[str, Any]:
    indicators: dict[str, Any] = {}
    for answer in assessment.answers.all():
        if answer.claimed_level is None:
            continue
        entry: dict[str, Any] = {"claimed_level": answer.claimed_level}
        if answer.evidence:
            entry["evidence"] = list(answer.evidence)
        if answer.note:
            entry["note"] = answer.note
        indicators[answer.indicator] = entry
    data: dict[str, Any] = {"indicators": indicators, "statements": dict(assessment.statements)}
    if assessment.metrics:
        data["metrics"] = dict(assessment.metrics)
    if assessment.survey:
        data["survey"] = dict(assessment.survey)
    if assessment.correction:
        data["correction"] = dict(assessment.correction)
    return data


def documents_yaml(assessment: Assessment, with_files: bool = False) -> dict[str, Any]:
    documents = []
    for doc in assessment.documents.all():
        entry: dict[str, Any] = {"type": doc.type, "number": doc.number, "title": doc.title,
                                 "issued": doc.issued}
        for key in ("valid_from", "valid_until"):
            if getattr(doc, key):
                entry[key] = getattr(doc, key)
        entry["status"] = doc.status
        if doc.issuer:
            entry["issuer"] = doc.issuer
        current = doc.current if with_files else None
        if current is not None:
            entry["file"] = evidence_name(doc.pk, current)
        elif doc.file_ref:
            entry["file"] = doc.file_ref
        documents.append(entry)
    return {"documents": documents}


def evidence_name(pk: int, version: Any) -> str:
    """The name of an evidence file in an exported dossier: built from ids, never a user's name."""
    ext = {"pdf": "pdf", "png": "png", "jpeg": "jpg", "ooxml": "zip", "ole": "bin"}[version.kind]
    return f"bukti/{pk}-v{version.number}.{ext}"


_Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # libyaml's when PyYAML has it


def _dump(data: Any) -> str:
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, default_flow_style=False)


def files(assessment: Assessment, with_evidence: bool = False, stand_ins: bool = False) -> dict[str, bytes]:
    """The dossier's files: relative path -> content (`stand_ins`: a table's stored hash
    instead of its content, which that hash names: enough to tell two dossiers apart)."""
    out = {"agency.yaml": _dump(agency_yaml(assessment)).encode(),
           "answers.yaml": _dump(answers_yaml(assessment)).encode(),
           "documents.yaml": _dump(documents_yaml(assessment, with_evidence)).encode()}
    for table in assessment.tables.all():
        out[f"tables/{table.name}"] = (f"sha256:{table.sha256}".encode() if stand_ins
                                       else blobs.read(table.sha256))
    if assessment.tables_yaml.strip():
        out["tables/tables.yaml"] = assessment.tables_yaml.encode()
    if with_evidence:
        for doc in assessment.documents.all():
            current = doc.current
            if current is not None:
                out[evidence_name(doc.pk, current)] = blobs.read(current.sha256)
    if assessment.policy_yaml.strip():
        out[POLICY_FILE] = assessment.policy_yaml.encode()
    return out


def materialise(assessment: Assessment, root: Path, content: dict[str, bytes] | None = None) -> Path:
    """Write the dossier into ROOT/dossier (and a tailored policy beside it); the dossier."""
    dossier = root / "dossier"
    for name, data in (files(assessment) if content is None else content).items():
        target = root / name if name == POLICY_FILE else dossier / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    dossier.mkdir(exist_ok=True)
    return dossier


def policy_ref(assessment: Assessment, root: Path) -> str:
    return str(root / POLICY_FILE) if assessment.policy_yaml.strip() else assessment.policy


def _digest(content: dict[str, bytes]) -> str:
    digest = hashlib.sha256()
    for name in sorted(content):
        digest.update(name.encode() + b"\0" + hashlib.sha256(content[name]).digest())
    return digest.hexdigest()


def assess(assessment: Assessment, lang: str = "id") -> Result:
    """The engine's result for `assessment` as it stands (cached by the dossier's content,
    so that an unchanged dossier is never assessed twice).

    Engine runs wait for one another; a request that waited re-reads the dossier first, so
    a burst of edits to one assessment costs one run for everyone waiting, not one each."""
    key = (_digest(files(assessment, stand_ins=True)), assessment.policy, lang, assessment.target)
    result = _CACHE.get(key)
    if result is None:
        with _LOCK:
            assessment.refresh_from_db()
            key = (_digest(files(assessment, stand_ins=True)), assessment.policy, lang, assessment.target)
            result = _CACHE.get(key)
            if result is None:
                result = _run(assessment, lang, files(assessment))
                _CACHE[key] = result
                while len(_CACHE) > _CACHE_SIZE:
                    _CACHE.popitem(last=False)
    if result.report is not None and assessment.scored_revision != assessment.revision:
        Assessment.objects.filter(pk=assessment.pk).update(
            scored_revision=assessment.revision, total=float(result.report.total),
            category=result.report.category_name)
    return result


def _run(assessment: Assessment, lang: str, content: dict[str, bytes]) -> Result:
    with tempfile.TemporaryDirectory(prefix="merit-ws-") as tmp:
        root = Path(tmp)
        dossier = materialise(assessment, root, content)
        try:
            [engine] = api.assess_many(dossier, [policy_ref(assessment, root)], worksheet.rulebook())
            band = api.band_id(engine.policy, assessment.target) if assessment.target else None
            report = api.build_report(engine, lang, band, False)
        except api.InputError as error:
            return Result(None, tuple(_relative(p, root) for p in error.problems))
        except api.UsageError as error:
            return Result(None, (error,))
    return Result(report, (), engine)


def _relative(problem: Any, root: Path) -> Any:
    """A problem whose file names the dossier's own file (tables/pegawai.csv), not the temp path."""
    file = getattr(problem, "file", None)
    if not isinstance(file, str) or not isinstance(problem, api.Problem):
        return problem
    for base in (str(root / "dossier") + "/", str(root) + "/"):
        if file.startswith(base):
            return dataclasses.replace(problem, file=file[len(base):])
    return problem


def export_zip(assessment: Assessment) -> bytes:
    """The dossier as a zip of a directory `merit check` reads as it is (with the evidence)."""
    folder = f"{assessment.agency.code}-{assessment.year}"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files(assessment, with_evidence=True).items():
            archive.writestr(f"{folder}/{name}", content)
    return buffer.getvalue()


SAFE_MEMBER = re.compile(r"^(?:[A-Za-z0-9_.-]+/)?(?:agency|answers|documents)\.yaml$"
                         r"|^(?:[A-Za-z0-9_.-]+/)?tables/[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$"
                         r"|^(?:[A-Za-z0-9_.-]+/)?bukti/[0-9]+-v[0-9]+\.(?:pdf|png|jpg|zip|bin)$")
