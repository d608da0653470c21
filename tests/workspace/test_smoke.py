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
    question = page[page.index('id="q-kk-a1q1"'):page.index('id="q-kk-a1q2"')]
    # the engine's reasons per score: the document and the answer level 4 lacks, marked unmet
    assert '<li class="d1 unmet">✗ Dokumen &#x27;Bukti pemanfaatan Anjab-ABK' in question
    assert '<li class="d0 met">✓ Pernyataan &#x27;Anjab dan ABK tersedia untuk seluruh jabatan' in question
