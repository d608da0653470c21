"""Years and policies: KASN and a tailored policy work, a new year copies the last one's
dossier, the comparison is the CLI's, the overview sorts and exports; the admin's page."""

from __future__ import annotations

import io
from typing import Any

from .conftest import client_for

TAILORED = 'kind: policy\nid: prov-a-2025\nextends: kasn-2019\nprovenance: "Tailored for a test."\ntarget: baik\n'


def _new(client: Any, **fields: Any) -> Any:
    return client.post("/a/prov-a/new/", fields)


def test_a_new_year_copies_the_dossier_and_compares(world: dict[str, Any]) -> None:
    from merit.workspace.models import Assessment

    a = world["A"]
    client = client_for(world["users"]["a"])
    response = _new(client, year="2026", policy="permenpanrb-19-2025", copy_from=str(a.pk))
    assert response.status_code == 302
    new = Assessment.objects.get(agency=a.agency, year=2026)
    assert new.answers.count() == a.answers.count() and new.tables.count() == a.tables.count()
    assert new.documents.count() == a.documents.count()
    client.post(f"/a/prov-a/{new.pk}/q/kk.a1q1/", {"s-kk_a1q1_dasar_usulan": "true"})
    page = client.get(f"/a/prov-a/compare/?old={a.pk}&new={new.pk}").content.decode()
    shown = page[page.index('<pre id="comparison">'):]
    assert "Total: 0,63 -&gt;" in shown and "Lama: 2025" in shown and "Baru: 2026" in shown
    assert "/tmp" not in shown and "merit-compare" not in shown
    html = client.get(f"/a/prov-a/compare/?old={a.pk}&new={new.pk}&format=html")
    assert html.status_code == 200 and b"<html" in html.content and "attachment" in html.headers["Content-Disposition"]


def test_kasn_and_a_tailored_policy_work(world: dict[str, Any]) -> None:
    from merit.workspace.models import Assessment

    client = client_for(world["users"]["a"])
    assert _new(client, year="2025", policy="kasn-2019", copy_from=str(world["A"].pk)).status_code == 302
    kasn = Assessment.objects.get(agency=world["a"], policy="kasn-2019")
    page = client.get(f"/a/prov-a/{kasn.pk}/").content.decode()
    assert 'id="total"' in page and 'id="q-perencanaan-anjab-abk"' in page
    _new(client, year="2024", policy="kasn-2019", policy_yaml=TAILORED)
    tailored = Assessment.objects.get(agency=world["a"], year=2024)
    page = client.get(f"/a/prov-a/{tailored.pk}/").content.decode()
    assert 'id="total"' in page and 'id="problems"' not in page, page[page.find("problems"):][:1500]
    _new(client, year="2023", policy="kasn-2019", policy_yaml=TAILORED.replace("baik", "nope"))
    assert not Assessment.objects.filter(agency=world["a"], year=2023).exists()


def test_the_overview_sorts_and_exports(world: dict[str, Any]) -> None:
    from openpyxl import load_workbook

    admin = client_for(world["users"]["admin"])
    def table(query: str) -> str:
        page = admin.get("/" + query).content.decode()
        return page[page.index('id="overview"'):]

    assert table("?sort=agency&dir=desc").index("/a/prov-b/") < table("?sort=agency&dir=desc").index("/a/prov-a/")
    assert table("?sort=agency").index("/a/prov-a/") < table("?sort=agency").index("/a/prov-b/")
    up, down = table("?sort=score"), table("?sort=score&dir=desc")
    assert (up.index("/a/prov-a/") < up.index("/a/prov-b/")) != (down.index("/a/prov-a/") < down.index("/a/prov-b/"))
    sheet = load_workbook(io.BytesIO(admin.get("/overview.xlsx").content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] in ("Kode", "Code") and {r[0] for r in rows[1:]} == {"prov-a", "prov-b"}
    assessor = client_for(world["users"]["assessor"]).get("/").content.decode()
    assert "/a/prov-a/" in assessor and "/a/prov-b/" not in assessor


def test_the_admin_adds_agencies_and_users_in_the_browser(world: dict[str, Any]) -> None:
    from django.contrib.auth.models import User

    admin = client_for(world["users"]["admin"])
    admin.post("/users/", {"action": "agency", "code": "Kota Baru", "name": "Kota Baru", "kind": "kota"})
    admin.post("/users/", {"action": "user", "username": "kb-user", "password": "another-long-pass",
                           "role": "agency", "agency": "kota-baru"})
    user = User.objects.get(username="kb-user")
    assert user.profile.agency.code == "kota-baru" and user.check_password("another-long-pass")
    assert client_for(world["users"]["a"]).get("/users/").status_code == 404
    admin.post("/users/", {"action": "assign", "username": "assessor-a", "assigned": ["prov-a", "prov-b"]})
    assert client_for(world["users"]["assessor"]).get("/a/prov-b/").status_code == 200
    log = admin.get("/audit/").content.decode()
    assert "user.create" in log and "kb-user" in log and "user.assign" in log and "agency.create" in log
