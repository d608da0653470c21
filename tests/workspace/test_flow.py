"""The worksheet drives the engine; statuses, the lock and the audit log; the dossier
export is what `merit check` reads, with the same total; import round-trips."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path
from typing import Any

from click.testing import CliRunner
from merit.cli import main

from .conftest import EXAMPLE, client_for

POLICY = "permenpanrb-19-2025"


def _total(client: Any, assessment: Any) -> str:
    response = client.get(f"/a/{assessment.agency.code}/{assessment.pk}/export/report.json")
    assert response.status_code == 200
    return str(json.loads(response.content)["total"])


def _cli_total(dossier: Path) -> str:
    result = CliRunner().invoke(main, ["check", str(dossier), "--policy", POLICY, "--format", "json"])
    assert result.exit_code == 0, result.output
    return str(json.loads(result.output)["total"])


def test_the_imported_example_scores_as_merit_check_does(world: dict[str, Any]) -> None:
    client = client_for(world["users"]["a"])
    assert _total(client, world["A"]) == _cli_total(EXAMPLE)


def test_the_exported_dossier_is_read_by_merit_check_with_the_same_total(
        world: dict[str, Any], tmp_path: Path) -> None:
    a = world["A"]
    client = client_for(world["users"]["a"])
    client.post(f"/a/prov-a/{a.pk}/q/kk.a1q1/", {"claimed_level": "4", "s-kk_a1q1_dasar_usulan": "true",
                                                  "note": "dipakai untuk usulan 2025"})
    response = client.get(f"/a/prov-a/{a.pk}/export/dossier.zip")
    zipfile.ZipFile(io.BytesIO(response.content)).extractall(tmp_path)
    [folder] = list(tmp_path.iterdir())
    assert _cli_total(folder) == _total(client, a)
    answers = (folder / "answers.yaml").read_text("utf-8")
    assert "kk_a1q1_dasar_usulan: true" in answers and "dipakai untuk usulan 2025" in answers


def test_import_of_an_export_round_trips(world: dict[str, Any]) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile
    from merit.workspace.models import Agency
    from merit.workspace.users import add_user

    a = world["A"]
    owner = client_for(world["users"]["a"])
    exported = owner.get(f"/a/prov-a/{a.pk}/export/dossier.zip").content
    Agency.objects.create(code="prov-c", name="C")
    other = client_for(add_user("user-c", "correct-horse-battery-1", "agency", "prov-c"))
    response = other.post("/a/prov-c/import/", {"policy": POLICY,
                                                "dossier": SimpleUploadedFile("d.zip", exported)})
    assert response.status_code == 302
    imported = Agency.objects.get(code="prov-c").assessments.get()
    assert _total(other, imported) == _total(owner, a)
    again = other.get(f"/a/prov-c/{imported.pk}/export/dossier.zip").content
    names = lambda data: sorted(zipfile.ZipFile(io.BytesIO(data)).namelist())  # noqa: E731
    assert [n.split("/", 1)[1] for n in names(again)] == [n.split("/", 1)[1] for n in names(exported)]


def test_a_broken_dossier_is_refused_with_its_problems(world: dict[str, Any]) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("d/agency.yaml", "name: X\nkind: provinsi\nassessment_year: 2025\n")
        archive.writestr("d/answers.yaml", "indicators: {nope.nope: {claimed_level: 9}}\n")
        archive.writestr("d/documents.yaml", "documents: []\n")
        archive.writestr("../../evil.yaml", "x")
    client = client_for(world["users"]["a"])
    response = client.post("/a/prov-a/import/", {"policy": POLICY,
                                                 "dossier": SimpleUploadedFile("d.zip", buffer.getvalue())})
    assert response.status_code == 400 and b"answers.yaml" in response.content


def test_answering_changes_the_engine_score(world: dict[str, Any]) -> None:
    a = world["A"]
    client = client_for(world["users"]["a"])
    before = _total(client, a)
    for key in ("kk_a1q1_dasar_usulan", "kk_a1q1_analisis_kebutuhan"):
        assert client.post(f"/a/prov-a/{a.pk}/q/kk.a1q1/", {"s-" + key: "false"}).status_code == 302
    after = _total(client, a)
    assert float(after) < float(before)
    page = client.get(f"/a/prov-a/{a.pk}/").content.decode()
    assert f'<b id="total" data-value="{float(after)}">{after.replace(".", ",")}</b>' in page


def test_status_machine_lock_and_audit(world: dict[str, Any]) -> None:
    from merit.workspace.models import AuditLog, Verification

    a = world["A"]
    agency, assessor = client_for(world["users"]["a"]), client_for(world["users"]["assessor"])
    url = f"/a/prov-a/{a.pk}/"

    def status() -> str:
        a.refresh_from_db()
        return a.status

    agency.post(url + "status/", {"status": "final"})
    assert status() == "draft"  # an agency cannot finalise
    agency.post(url + "status/", {"status": "submitted"})
    assessor.post(url + "status/", {"status": "in_review"})
    assessor.post(url + "verify/kk.a1q1/", {"verified_level": "2", "comment": "bukti kurang"})
    agency.post(url + "verify/kk.a1q1/", {"reply": "akan dilengkapi"})
    check = Verification.objects.get(assessment=a, indicator="kk.a1q1")
    assert (check.verified_level, check.comment, check.reply) == (2, "bukti kurang", "akan dilengkapi")
    assessor.post(url + "status/", {"status": "final"})
    assert status() == "final"
    revision = a.revision
    response = agency.post(url + "q/kk.a1q1/", {"claimed_level": "1"}, follow=True)
    assert "terkunci" in response.content.decode()
    assessor.post(url + "verify/kk.a1q1/", {"verified_level": "4", "comment": "x"})
    a.refresh_from_db()
    assert a.revision == revision and Verification.objects.get(pk=check.pk).verified_level == 2
    log = list(AuditLog.objects.filter(assessment=a).order_by("id").values_list("username", "what", "after"))
    assert ("user-a", "assessment.status", {"status": "submitted"}) in log
    assert ("assessor-a", "assessment.status", {"status": "final"}) in log
    verification = [e for e in log if e[1] == "verification kk.a1q1"]
    assert verification[0][0] == "assessor-a" and verification[0][2]["verified_level"] == 2
    from django.core.files.uploadedfile import SimpleUploadedFile

    exported = agency.get(url + "export/dossier.zip").content
    response = agency.post("/a/prov-a/import/", {"policy": POLICY, "dossier": SimpleUploadedFile("d.zip", exported)},
                           follow=True)
    assert "terkunci" in response.content.decode()
    a.refresh_from_db()
    assert a.revision == revision
    page = assessor.get(url + "audit/").content.decode()
    assert "bukti kurang" in page
    assert '<pre class="fields">status: final</pre>' in page  # a field per line, not a Python dict
    assert "{&#x27;status&#x27;" not in page and "{'status'" not in page
    assert agency.get(url + "audit/").status_code == 404


def test_personnel_tables_show_problems_by_row_and_computed_figures(world: dict[str, Any]) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    a = world["A"]
    client = client_for(world["users"]["a"])
    page = client.get(f"/a/prov-a/{a.pk}/tables/").content.decode()
    assert 'id="figures"' in page and "tables/" not in page.split('id="figures"')[0].split("table-problems")[0][-1:]
    bad = (EXAMPLE / "tables" / "pegawai.csv").read_text("utf-8").splitlines()
    header, first = bad[0], bad[1].split(bad[0][len(bad[0].split(",")[0])] if "," in bad[0] else ";")
    broken = "\n".join([header, ",".join(["x"] * len(first)), *bad[2:]]) + "\n"
    client.post(f"/a/prov-a/{a.pk}/tables/", {"action": "upload", "name": "pegawai.csv",
                                              "file": SimpleUploadedFile("p.csv", broken.encode())})
    page = client.get(f"/a/prov-a/{a.pk}/tables/").content.decode()
    assert 'id="table-problems"' in page and "tables/pegawai.csv" in page


def test_tasks_from_the_plan_with_overdue_highlighted(world: dict[str, Any]) -> None:
    from merit.workspace.models import Task

    a = world["A"]
    client = client_for(world["users"]["a"])
    client.post(f"/a/prov-a/{a.pk}/tasks/generate/")
    tasks = list(Task.objects.filter(assessment=a))
    assert tasks
    client.post(f"/a/prov-a/{a.pk}/tasks/{tasks[0].pk}/", {"person": "Budi", "deadline": "2020-01-01",
                                                           "status": "open"})
    client.post(f"/a/prov-a/{a.pk}/tasks/{tasks[0].pk}/", {"comment": "mulai minggu depan"})
    page = client.get(f"/a/prov-a/{a.pk}/tasks/").content.decode()
    assert f'id="t-{tasks[0].pk}" class="task card overdue"' in page and "mulai minggu depan" in page


def test_english_is_switchable(world: dict[str, Any]) -> None:
    client = client_for(world["users"]["a"])
    assert "Simpan" in client.get(f"/a/prov-a/{world['A'].pk}/").content.decode()
    client.post("/lang/", {"lang": "en"})
    assert "Save" in client.get(f"/a/prov-a/{world['A'].pk}/").content.decode()


def test_saves_from_stale_pages_never_undo_each_others_writes(world: dict[str, Any]) -> None:
    """Each change re-reads the row under the assessment's lock: two people editing different
    questions of one assessment keep both answers, and a final status is never overwritten."""
    import pytest
    from merit.workspace import services
    from merit.workspace.models import Assessment

    user = world["users"]["a"]
    first, second = (Assessment.objects.get(pk=world["A"].pk) for _ in range(2))
    services.change(user, first, first, lambda fresh: {"statements": {**fresh.statements, "kk_a1q1_dasar_usulan": True}},
                    "one")
    services.change(user, second, second, lambda fresh: {"statements": {**fresh.statements, "kk_a2q1_dimanfaatkan": True}},
                    "two")
    statements = Assessment.objects.get(pk=first.pk).statements
    assert statements["kk_a1q1_dasar_usulan"] is True and statements["kk_a2q1_dimanfaatkan"] is True
    Assessment.objects.filter(pk=first.pk).update(status="final")
    with pytest.raises(services.Forbidden):
        services.change(user, second, second, {"target": "x"}, "stale")
    assert Assessment.objects.get(pk=first.pk).status == "final"


def test_every_export_is_the_engines_rendering(world: dict[str, Any]) -> None:
    from merit.engine import api
    from openpyxl import load_workbook

    a = world["A"]
    client = client_for(world["users"]["assessor"])
    report = __import__("merit.workspace.dossier", fromlist=["assess"]).assess(a, "id").report
    for name, (view, fmt, content_type) in {
            "report.html": ("check", "html", "text/html"), "report.md": ("check", "md", "text/markdown"),
            "checklist.csv": ("checklist", "csv", "text/csv"), "checklist.md": ("checklist", "md", "text/markdown"),
    }.items():
        response = client.get(f"/a/prov-a/{a.pk}/export/{name}")
        assert response.status_code == 200 and response.headers["Content-Type"].startswith(content_type)
        assert response.content.decode("utf-8") == api.renderer(view, fmt)(report), name
    html = client.get(f"/a/prov-a/{a.pk}/export/report.html")
    assert html.headers["Content-Security-Policy"] == "default-src 'none'; style-src 'unsafe-inline'"
    assert "attachment" in html.headers["Content-Disposition"]
    xlsx = client.get(f"/a/prov-a/{a.pk}/export/checklist.xlsx")
    assert load_workbook(io.BytesIO(xlsx.content)).active.max_row > 1
    assert client.get(f"/a/prov-a/{a.pk}/export/../../etc/passwd").status_code == 404


def test_a_zip_over_its_bounds_is_refused(world: dict[str, Any], monkeypatch: Any) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile
    from merit.workspace import transfer

    monkeypatch.setattr(transfer, "MAX_UNPACKED", 1000)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("d/agency.yaml", "name: X\nkind: provinsi\nassessment_year: 2025\n")
        archive.writestr("d/tables/pegawai.csv", "0" * 5000)  # compresses to a few bytes
    client = client_for(world["users"]["a"])
    response = client.post("/a/prov-a/import/", {"policy": POLICY,
                                                 "dossier": SimpleUploadedFile("d.zip", buffer.getvalue())})
    assert response.status_code == 400 and b"too many or too large" in response.content
