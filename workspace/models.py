"""The workspace's data: agencies, people and roles, and per agency and year the dossier
(the same content as agency.yaml, answers.yaml, documents.yaml and tables/), the
assessor's verification, the remediation tasks, and the audit log of every change.

Every change goes through services.py, which writes the audit log and bumps the
assessment's revision (the key of the engine's cached result)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

ROLES = (("admin", "admin"), ("agency", "agency"), ("assessor", "assessor"))
STATUSES = ("draft", "submitted", "in_review", "revision_requested", "final")
# Who may move an assessment from one status to the next.
TRANSITIONS = {
    ("draft", "submitted"): "agency",
    ("revision_requested", "submitted"): "agency",
    ("submitted", "in_review"): "assessor",
    ("in_review", "revision_requested"): "assessor",
    ("in_review", "final"): "assessor",
    ("final", "in_review"): "admin",  # only an admin reopens a final assessment
}
TASK_STATUSES = ("open", "in_progress", "done")
DOCUMENT_STATUSES = ("draft", "ditetapkan", "dicabut")


class Agency(models.Model):
    code = models.SlugField(max_length=64, unique=True)
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, default="provinsi")
    region = models.CharField(max_length=200, blank=True)
    contact = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return self.code


class Profile(models.Model):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile")
    role = models.CharField(max_length=10, choices=ROLES)
    agency = models.ForeignKey(Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="members")
    assigned = models.ManyToManyField(Agency, blank=True, related_name="assessors")


class Assessment(models.Model):
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="assessments")
    year = models.PositiveIntegerField()
    policy = models.CharField(max_length=100)  # a shipped policy id
    policy_yaml = models.TextField(blank=True)  # or the agency's tailored policy (extends one)
    status = models.CharField(max_length=20, default="draft")
    target = models.CharField(max_length=100, blank=True)
    # agency.yaml's other fields are the Agency's; answers.yaml's parts besides indicators:
    statements = models.JSONField(default=dict)
    metrics = models.JSONField(default=dict)
    survey = models.JSONField(null=True, blank=True)
    correction = models.JSONField(null=True, blank=True)
    tables_yaml = models.TextField(blank=True)  # tables/tables.yaml (the agency's mapping)
    revision = models.PositiveIntegerField(default=1)
    # The engine's last result, kept for the overview (recomputed when revision moves on).
    scored_revision = models.PositiveIntegerField(default=0)
    total = models.FloatField(null=True, blank=True)
    category = models.CharField(max_length=100, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        unique_together = [("agency", "year", "policy")]
        ordering = ["-year", "policy"]

    @property
    def locked(self) -> bool:
        return self.status == "final"


class Answer(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="answers")
    indicator = models.CharField(max_length=120)
    claimed_level = models.PositiveSmallIntegerField(null=True, blank=True)
    note = models.TextField(blank=True)
    evidence = models.JSONField(default=list)  # document numbers, as in answers.yaml

    class Meta:
        unique_together = [("assessment", "indicator")]
        ordering = ["indicator"]


class Document(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="documents")
    type = models.CharField(max_length=100)
    number = models.CharField(max_length=200)
    title = models.CharField(max_length=400)
    issued = models.DateField()
    valid_from = models.DateField(null=True, blank=True)
    valid_until = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=12, default="ditetapkan")
    issuer = models.CharField(max_length=200, blank=True)
    file_ref = models.CharField(max_length=300, blank=True)  # documents.yaml's `file`, as given

    class Meta:
        unique_together = [("assessment", "number")]
        ordering = ["type", "number"]

    @property
    def current(self) -> EvidenceVersion | None:
        return self.versions.order_by("-number").first()


class EvidenceVersion(models.Model):
    """One uploaded file of a document, stored as DATA/evidence/<sha256> (never by its name)."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    size = models.PositiveBigIntegerField()
    kind = models.CharField(max_length=10)  # pdf, png, jpeg, ooxml, ole
    filename = models.CharField(max_length=200)  # shown and offered on download, never a path
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    uploaded = models.DateTimeField(auto_now_add=True)

    class Meta:
        unique_together = [("document", "number")]
        ordering = ["-number"]


class TableUpload(models.Model):
    """A personnel table (tables/NAME in the dossier), stored by content hash."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="tables")
    name = models.CharField(max_length=100)  # checked safe name, e.g. pegawai.csv
    sha256 = models.CharField(max_length=64)
    size = models.PositiveBigIntegerField()
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    uploaded = models.DateTimeField(auto_now=True)

    class Meta:
        unique_together = [("assessment", "name")]
        ordering = ["name"]


class Verification(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="verifications")
    indicator = models.CharField(max_length=120)
    verified_level = models.PositiveSmallIntegerField(null=True, blank=True)
    comment = models.TextField(blank=True)
    reply = models.TextField(blank=True)
    assessor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                 related_name="+")
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        unique_together = [("assessment", "indicator")]


class Task(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="tasks")
    indicator = models.CharField(max_length=120)
    title = models.CharField(max_length=500)
    target_level = models.PositiveSmallIntegerField(null=True, blank=True)
    person = models.CharField(max_length=200, blank=True)
    deadline = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=12, default="open")
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["indicator", "id"]


class TaskComment(models.Model):
    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    text = models.TextField()
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created"]


class AuditLog(models.Model):
    who = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    username = models.CharField(max_length=150, blank=True)
    when = models.DateTimeField(auto_now_add=True)
    agency = models.ForeignKey(Agency, null=True, on_delete=models.SET_NULL)
    assessment = models.ForeignKey(Assessment, null=True, on_delete=models.SET_NULL)
    what = models.CharField(max_length=200)
    before = models.JSONField(null=True)
    after = models.JSONField(null=True)

    class Meta:
        ordering = ["-when", "-id"]


class LoginAttempt(models.Model):
    """Failed logins per username and address, for throttling."""

    username = models.CharField(max_length=150)
    address = models.CharField(max_length=64)
    when = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["username", "address", "when"])]
