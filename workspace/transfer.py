"""Dossier import (a zip of a directory `merit check` reads) and the engine's outputs
that need files: the year-over-year comparison of two assessments' JSON reports."""

from __future__ import annotations

import io
import posixpath
import re
import tempfile
import zipfile
from pathlib import Path
from typing import Any

import yaml
from django.conf import settings
from django.db import transaction

from ..engine import api
from . import blobs, dossier, services
from .models import Agency, Answer, Assessment, Document, EvidenceVersion, TableUpload

MAX_MEMBERS = 2000
MAX_UNPACKED = 256 * 1024 * 1024  # read in memory: a bound on what one import may take
TABLE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}\.(csv|tsv|txt|xlsx|xls)$")
YAML_FILES = ("agency.yaml", "answers.yaml", "documents.yaml")
EVIDENCE_KINDS = ("pdf", "png", "jpeg", "ooxml", "ole")
TABLE_KINDS = ("text", "ooxml", "ole")


class ImportRefused(Exception):
    def __init__(self, problems: list[Any]) -> None:
        super().__init__("import refused")
        self.problems = problems

    def rendered(self, lang: str) -> list[str]:
        return [p.render(lang) if hasattr(p, "render") else str(p) for p in self.problems]


class _Text:
    def __init__(self, text: str) -> None:
        self.text = text

    def render(self, lang: str) -> str:
        return self.text


def read_zip(upload: Any) -> dict[str, bytes]:
    """The dossier's members (relative to the folder holding agency.yaml), read in memory:
    member names are never used as paths."""
    if upload.size > int(settings.MERIT_UPLOAD_LIMIT) * 5:
        raise ImportRefused([_Text("zip: too large")])
    try:
        archive = zipfile.ZipFile(upload)
    except zipfile.BadZipFile:
        raise ImportRefused([_Text("zip: not a zip file")]) from None
    infos = [i for i in archive.infolist() if not i.is_dir()]
    if len(infos) > MAX_MEMBERS or sum(i.file_size for i in infos) > MAX_UNPACKED:
        raise ImportRefused([_Text("zip: too many or too large members")])
    roots = sorted(posixpath.dirname(i.filename) for i in infos
                   if posixpath.basename(i.filename) == "agency.yaml")
    if not roots:
        raise ImportRefused([_Text("zip: no agency.yaml")])
    prefix = roots[0] + "/" if roots[0] else ""
    out = {}
    for info in infos:
        name = posixpath.normpath(info.filename)
        if name.startswith(prefix) and not name.startswith("../"):
            out[name[len(prefix):]] = archive.read(info)
    return out


def _validate(members: dict[str, bytes], policy: str) -> None:
    """Run the engine on the dossier written with fixed, checked names; refuse on problems."""
    with tempfile.TemporaryDirectory(prefix="merit-import-") as tmp:
        root = Path(tmp) / "dossier"
        (root / "tables").mkdir(parents=True)
        for name in YAML_FILES:
            if name in members:
                (root / name).write_bytes(members[name])
        for name, content in _tables(members).items():
            (root / "tables" / name).write_bytes(content)
        if "tables/tables.yaml" in members:
            (root / "tables" / "tables.yaml").write_bytes(members["tables/tables.yaml"])
        try:
            api.assess_many(root, [policy])
        except api.InputError as exc:
            raise ImportRefused([dossier._relative(p, Path(tmp)) for p in exc.problems]) from None


def _tables(members: dict[str, bytes]) -> dict[str, bytes]:
    found = {}
    for name, content in members.items():
        if name.startswith("tables/") and TABLE_NAME.match(name[7:]):
            found[name[7:]] = content
    return found


def read_dir(root: Path) -> dict[str, bytes]:
    """A dossier directory's files (for the demo and the command line)."""
    out = {name: (root / name).read_bytes() for name in YAML_FILES if (root / name).is_file()}
    tables = root / "tables"
    if tables.is_dir():
        for path in sorted(tables.iterdir()):
            if path.is_file() and (TABLE_NAME.match(path.name) or path.name == "tables.yaml"):
                out[f"tables/{path.name}"] = path.read_bytes()
    return out


def import_zip(user: Any, agency: Agency, upload: Any, policy: str) -> Assessment:
    return import_members(user, agency, read_zip(upload), policy)


def import_members(user: Any, agency: Agency, members: dict[str, bytes], policy: str) -> Assessment:
    _validate(members, policy)
    data = {name: yaml.safe_load(members[name].decode("utf-8")) or {} for name in YAML_FILES
            if name in members}
    return _store(user, agency, policy, data, members)


@transaction.atomic
def _store(user: Any, agency: Agency, policy: str, data: dict[str, Any],
           members: dict[str, bytes]) -> Assessment:
    info, answers = data.get("agency.yaml", {}), data.get("answers.yaml", {})
    year = int(info["assessment_year"])
    target, created = Assessment.objects.get_or_create(agency=agency, year=year, policy=policy)
    target = services.lock(target)  # refused when final
    before = {"agency": {k: getattr(agency, k) for k in ("name", "kind", "region", "contact")}}
    for key in ("name", "kind", "region", "contact"):
        if key in info:
            setattr(agency, key, str(info[key]))
    agency.save()
    target.answers.all().delete()
    target.documents.all().delete()
    target.tables.all().delete()
    target.statements = answers.get("statements") or {}
    target.metrics = answers.get("metrics") or {}
    target.survey = answers.get("survey")
    target.correction = answers.get("correction")
    target.tables_yaml = members.get("tables/tables.yaml", b"").decode("utf-8")
    target.save()
    for indicator, entry in (answers.get("indicators") or {}).items():
        Answer.objects.create(assessment=target, indicator=indicator,
                              claimed_level=entry.get("claimed_level"), note=entry.get("note", ""),
                              evidence=list(entry.get("evidence") or []))
    for entry in (data.get("documents.yaml") or {}).get("documents") or []:
        _document(user, target, entry, members)
    for name, content in _tables(members).items():
        sha, size, _ = blobs.store(io.BytesIO(content), TABLE_KINDS)
        TableUpload.objects.create(assessment=target, name=name, sha256=sha, size=size, uploaded_by=user)
    services.audit(user, "dossier.import", assessment=target, before=before,
                   after={"created": created, "year": year, "policy": policy,
                          "indicators": target.answers.count(), "documents": target.documents.count(),
                          "tables": target.tables.count()})
    services.touch(target)
    return target


def _document(user: Any, target: Assessment, entry: dict[str, Any], members: dict[str, bytes]) -> None:
    ref = str(entry.get("file", ""))
    doc = Document.objects.create(
        assessment=target, type=entry["type"], number=str(entry["number"]), title=entry["title"],
        issued=entry["issued"], valid_from=entry.get("valid_from"), valid_until=entry.get("valid_until"),
        status=entry["status"], issuer=str(entry.get("issuer", "")), file_ref=ref)
    content = members.get(posixpath.normpath(ref)) if ref else None
    if content is None:
        return
    try:
        sha, size, kind = blobs.store(io.BytesIO(content), EVIDENCE_KINDS)
    except blobs.Refused:
        return  # kept as a reference only: the file is not an accepted document kind
    EvidenceVersion.objects.create(document=doc, number=1, sha256=sha, size=size, kind=kind,
                                   filename=posixpath.basename(ref)[:200], uploaded_by=user)


def comparison(old: Assessment, new: Assessment, lang: str, fmt: str) -> str | None:
    """The CLI's comparison of the two assessments' JSON reports (None when one cannot be assessed)."""
    reports = [dossier.assess(a, lang).report for a in (old, new)]
    if any(r is None for r in reports):
        return None
    with tempfile.TemporaryDirectory(prefix="merit-compare-") as tmp:
        paths = []
        for index, report in enumerate(reports):
            path = Path(tmp) / f"{index + 1}-{(old, new)[index].year}.json"
            path.write_text(str(api.renderer("check", "json")(report)), "utf-8")
            paths.append(path)
        try:
            text = str(api.renderer("compare", fmt)(api.compare_files(paths[0], paths[1], lang)))
        except api.MeritError as exc:
            text = exc.render(lang)
        return text.replace(str(Path(tmp)) + "/", "")  # the report files' names, not where they were


def copy_dossier(source: Assessment, target: Assessment) -> None:
    """Copy `source`'s dossier (not its verification, tasks or status) into the new `target`:
    a new year starts from the last one's answers, documents (and files) and tables."""
    for field in ("statements", "metrics", "survey", "correction", "tables_yaml"):
        setattr(target, field, getattr(source, field))
    target.save()
    for answer in source.answers.all():
        Answer.objects.create(assessment=target, indicator=answer.indicator, claimed_level=answer.claimed_level,
                              note=answer.note, evidence=list(answer.evidence))
    for doc in source.documents.all():
        versions = list(doc.versions.all())
        doc.pk, doc.assessment = None, target
        doc.save()
        for version in versions:
            EvidenceVersion.objects.create(document=doc, number=version.number, sha256=version.sha256,
                                           size=version.size, kind=version.kind, filename=version.filename,
                                           uploaded_by=version.uploaded_by)
    for table in source.tables.all():
        TableUpload.objects.create(assessment=target, name=table.name, sha256=table.sha256,
                                   size=table.size, uploaded_by=table.uploaded_by)
