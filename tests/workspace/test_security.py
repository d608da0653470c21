"""Authorization on every URL, CSRF, login throttling, hashed passwords, upload limits and
content checks, and no user-controlled path touching the disk."""

from __future__ import annotations

import io
import re
from typing import Any

import pytest

from .conftest import PASSWORD, client_for

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PUBLIC = {"healthz", "static", "login", "set_lang"}
GLOBAL = {"home", "overview_xlsx", "users", "audit_all", "logout"}  # not scoped to an agency


def _upload(client: Any, assessment: Any, content: bytes, name: str = "sk.pdf", number: str = "X/1/2025") -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(f"/a/{assessment.agency.code}/{assessment.pk}/evidence/", {
        "type": "anjab", "number": number, "title": "Keputusan", "issued": "2025-01-02",
        "status": "ditetapkan", "file": SimpleUploadedFile(name, content)})


def _patterns() -> list[Any]:
    from django.urls import get_resolver

    return list(get_resolver().url_patterns)


def _url_of(pattern: Any, values: dict[str, Any]) -> str:
    from django.urls import reverse

    names = re.findall(r"<(?:\w+:)?(\w+)>", str(pattern.pattern))
    return reverse(pattern.name, kwargs={n: values[n] for n in names})


@pytest.fixture()
def targets(world: dict[str, Any]) -> dict[str, Any]:
    from merit.workspace.models import Document, Task

    a = world["A"]
    owner = client_for(world["users"]["a"])
    assert _upload(owner, a, PDF).status_code == 302
    doc = Document.objects.get(assessment=a, number="X/1/2025")
    task = Task.objects.create(assessment=a, indicator="kk.a1q1", title="t")
    return {"code": "prov-a", "pk": a.pk, "indicator": "kk.a1q1", "doc": doc.pk, "number": 1,
            "task": task.pk, "name": "report.json"}


def test_every_url_of_agency_a_is_404_for_agency_b_and_closed_to_anonymous(
        world: dict[str, Any], targets: dict[str, Any]) -> None:
    from merit.workspace.models import AuditLog

    other, anonymous = client_for(world["users"]["b"]), client_for()
    before = AuditLog.objects.count()
    walked = 0
    for pattern in _patterns():
        if pattern.name in PUBLIC:
            continue
        url = _url_of(pattern, targets)
        for method in ("get", "post"):
            response = getattr(anonymous, method)(url)
            assert response.status_code in (302, 404, 405), (method, url, response.status_code)
            if response.status_code == 302:
                assert response.url.startswith("/login/"), url
            if pattern.name == "logout":  # would end the other user's session
                continue
            response = getattr(other, method)(url)
            if pattern.name in GLOBAL:
                assert b"prov-a" not in response.content and b"Provinsi A" not in response.content, url
            else:
                assert response.status_code in (404, 405), (method, url, response.status_code)
        walked += 1
    assert walked >= 24
    assert AuditLog.objects.count() == before  # nothing changed


def test_the_owner_and_the_assigned_assessor_see_every_page(world: dict[str, Any], targets: dict[str, Any]) -> None:
    for who in ("a", "assessor", "admin"):
        client = client_for(world["users"][who])
        for pattern in _patterns():
            if pattern.name in {"logout", "set_lang", "static"} or pattern.name not in _GETTABLE:
                continue
            if pattern.name in ("users", "audit_all") and who != "admin" or pattern.name == "audit" and who == "a":
                continue
            response = client.get(_url_of(pattern, targets))
            assert response.status_code == 200, (who, pattern.name, response.status_code)


_GETTABLE = {"healthz", "login", "home", "overview_xlsx", "users", "audit_all", "agency", "compare", "assessment",
             "survey", "audit", "evidence", "document", "download", "tables", "tasks", "exports", "export"}


def test_csrf_is_enforced_on_forms(world: dict[str, Any]) -> None:
    a = world["A"]
    client = client_for(world["users"]["a"], enforce_csrf_checks=True)
    response = client.post(f"/a/prov-a/{a.pk}/q/kk.a1q1/", {"claimed_level": "2"})
    assert response.status_code == 403
    anonymous = client_for(enforce_csrf_checks=True)
    assert anonymous.post("/login/", {"username": "user-a", "password": PASSWORD}).status_code == 403
    page = client.get(f"/a/prov-a/{a.pk}/").content.decode()
    forms = page.count("<form")
    assert forms > 30 and page.count("csrfmiddlewaretoken") == forms - page.count('method="get"')


def test_login_is_throttled_after_failures(world: dict[str, Any]) -> None:
    client = client_for()
    for _ in range(5):
        response = client.post("/login/", {"username": "user-a", "password": "wrong"})
        assert response.status_code == 200 and b"login-error" in response.content
    response = client.post("/login/", {"username": "user-a", "password": PASSWORD})
    assert response.status_code == 429
    other_user = client.post("/login/", {"username": "user-b", "password": PASSWORD})
    assert other_user.status_code == 302


def test_passwords_are_hashed_and_login_works(world: dict[str, Any]) -> None:
    from django.conf import global_settings
    from django.test import override_settings
    from merit.workspace.users import add_user

    with override_settings(PASSWORD_HASHERS=global_settings.PASSWORD_HASHERS):  # the workspace's
        user = add_user("new-user", PASSWORD, "agency", "prov-a")
    assert PASSWORD not in user.password and user.password.startswith("pbkdf2_sha256$")
    client = client_for()
    response = client.post("/login/", {"username": "user-a", "password": PASSWORD})
    assert response.status_code == 302 and response.url == "/"


def test_session_cookie_is_httponly_and_samesite(world: dict[str, Any]) -> None:
    client = client_for()
    response = client.post("/login/", {"username": "user-a", "password": PASSWORD})
    cookie = response.cookies["sessionid"]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"


def test_pages_carry_a_csp_without_inline_scripts(world: dict[str, Any]) -> None:
    client = client_for(world["users"]["a"])
    response = client.get(f"/a/prov-a/{world['A'].pk}/")
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "unsafe-inline" not in csp
    assert re.search(rb"<script(?![^>]*\ssrc=)", response.content) is None


def test_uploads_are_type_checked_from_content_and_size_limited(world: dict[str, Any]) -> None:
    from django.test import override_settings
    from merit.workspace.models import Document

    a = world["A"]
    client = client_for(world["users"]["a"])
    response = _upload(client, a, b"MZ\x90\x00 not a document", name="evil.pdf", number="B/1")
    assert Document.objects.filter(number="B/1").exists() is False or not Document.objects.get(
        number="B/1").versions.exists()
    assert "tidak diterima" in client.get(response.url).content.decode()
    with override_settings(MERIT_UPLOAD_LIMIT=1024):
        _upload(client, a, PDF + b"0" * 2048, number="B/2")
    assert not Document.objects.filter(number="B/2", versions__isnull=False).exists()
    _upload(client, a, PDF, number="B/3")
    assert Document.objects.get(number="B/3").versions.get().kind == "pdf"
    client.post(f"/a/prov-a/{a.pk}/evidence/", {"type": "no-such-type", "number": "B/4", "title": "t",
                                                "issued": "2025-01-02", "status": "ditetapkan"})
    assert not Document.objects.filter(number="B/4").exists()
    page = client.get(f"/a/prov-a/{a.pk}/evidence/").content.decode()
    row = page[page.index(f'id="doc-{Document.objects.get(number="B/3").pk}"'):]
    assert 'data-counts="1"' in row[:row.index("</tr>")]  # enacted in 2025, in force in 2025


def test_user_file_names_never_touch_the_disk(world: dict[str, Any], db: Any) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile
    from merit.workspace import blobs
    from merit.workspace.models import EvidenceVersion, TableUpload

    a = world["A"]
    client = client_for(world["users"]["a"])
    _upload(client, a, PDF, name="../../../etc/passwd.pdf", number="P/1")
    version = EvidenceVersion.objects.get(document__number="P/1")
    assert "/" not in version.filename and blobs.path_of(version.sha256).read_bytes() == PDF
    assert blobs.path_of(version.sha256).parent.parent == db / "evidence"
    for name in ("../pegawai.csv", "a/b.csv", ".hidden.csv", "tables.yaml", "x.sh"):
        client.post(f"/a/prov-a/{a.pk}/tables/", {"action": "upload", "name": name,
                                                  "file": SimpleUploadedFile("t.csv", b"nip\n1\n")})
    assert not TableUpload.objects.filter(assessment=a).exclude(
        name__in=[p.name for p in (a.tables.all())]).exists()
    assert all(re.match(r"^[A-Za-z0-9][A-Za-z0-9_.-]*\.(csv|xlsx)$", t.name) for t in a.tables.all())
    assert client.get("/static/..%2Fsettings.py").status_code == 404
    assert client.get("/static/style.css").status_code == 200
    with pytest.raises(ValueError):
        blobs.path_of("../../etc/passwd")


def test_download_serves_the_stored_version_as_attachment(world: dict[str, Any]) -> None:
    from merit.workspace.models import Document

    a = world["A"]
    client = client_for(world["users"]["a"])
    _upload(client, a, PDF, number="D/1")
    doc = Document.objects.get(number="D/1")
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.post(f"/a/prov-a/{a.pk}/evidence/{doc.pk}/", {"file": SimpleUploadedFile("v2.png", b"\x89PNG\r\n\x1a\nxx")})
    assert [v.number for v in doc.versions.all()] == [2, 1]
    first = client.get(f"/a/prov-a/{a.pk}/evidence/{doc.pk}/v1/")
    assert first.status_code == 200 and b"".join(first.streaming_content) == PDF
    assert "attachment" in first.headers["Content-Disposition"]


def test_healthz(db: Any) -> None:
    response = client_for().get("/healthz")
    assert response.status_code == 200 and response.json() == {"status": "ok", "database": "ok"}


def test_xlsx_overview_cells_never_become_formulas(world: dict[str, Any]) -> None:
    from openpyxl import load_workbook

    world["a"].name = "=HYPERLINK(\"http://x\")"
    world["a"].save()
    response = client_for(world["users"]["admin"]).get("/overview.xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    names = [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert names and all(not str(n).startswith("=") for n in names)


def test_deleting_a_document_takes_it_out_of_the_answers(world: dict[str, Any]) -> None:
    from merit.workspace.models import Answer, Document

    a = world["A"]
    client = client_for(world["users"]["a"])
    _upload(client, a, PDF, number="DEL/1")
    doc = Document.objects.get(number="DEL/1")
    client.post(f"/a/prov-a/{a.pk}/q/kk.a1q1/", {"evidence_present": "1", "evidence": ["DEL/1"]})
    assert Answer.objects.get(assessment=a, indicator="kk.a1q1").evidence == ["DEL/1"]
    client.post(f"/a/prov-a/{a.pk}/evidence/{doc.pk}/", {"action": "delete"})
    assert not Document.objects.filter(pk=doc.pk).exists()
    assert Answer.objects.get(assessment=a, indicator="kk.a1q1").evidence == []
    assert 'id="problems"' not in client.get(f"/a/prov-a/{a.pk}/").content.decode()
