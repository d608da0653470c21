"""The pages render for each role, and the worksheet shows the engine's score."""

from __future__ import annotations

from typing import Any

from .conftest import client_for


def test_pages_render_for_the_agency_user(world: dict[str, Any]) -> None:
    a = world["A"]
    client = client_for(world["users"]["a"])
    base = f"/a/prov-a/{a.pk}/"
    for url in ["/", "/a/prov-a/", base, base + "survey/", base + "evidence/", base + "tables/",
                base + "tasks/", base + "exports/", "/a/prov-a/compare/"]:
        response = client.get(url)
        assert response.status_code == 200, url
    page = client.get(base).content.decode()
    assert 'id="total"' in page and 'id="q-kk-a1q1"' in page
