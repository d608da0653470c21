"""The live tests' own services work: the throwaway PostgreSQL takes the password in its URL
and only that, and the screenshot judge tells a rendered page from a blank one."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

from live_servers import Postgres
from screenshots import decode


def _psql(server: Postgres, url: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(server.bindir / "psql"), url, "-tAc", "select current_user, version()"],
                          capture_output=True, text=True, timeout=30)


def test_postgres_accepts_its_url_and_refuses_a_wrong_password(postgres: Postgres) -> None:
    good = _psql(postgres, postgres.url)
    assert good.returncode == 0, good.stderr
    assert good.stdout.startswith("merit|PostgreSQL "), good.stdout
    bad = _psql(postgres, postgres.url.replace(postgres.password, "not-" + postgres.password))
    assert bad.returncode != 0
    assert "password authentication failed" in bad.stderr


def test_screenshot_judge_tells_text_from_blank(browser: Any, tmp_path: Path) -> None:
    blank = tmp_path / "blank.html"
    blank.write_text("<!DOCTYPE html><html><body style='background:#fff'></body></html>", "utf-8")
    page = tmp_path / "page.html"
    page.write_text("<!DOCTYPE html><html><body><h1>Lembar kerja</h1>"
                    + "<p>Skor terverifikasi 3 dari 4.</p>" * 40 + "</body></html>", "utf-8")
    browser.get(blank.as_uri())
    empty = decode(browser.get_screenshot_as_png())
    browser.get(page.as_uri())
    full = decode(browser.get_screenshot_as_png())
    assert (full.width, full.height) == (empty.width, empty.height)
    assert len(empty.colours()) == 1 and empty.variance() == 0
    assert len(full.colours()) > 10 and full.variance() > 100
    assert full.non_background_share() > 0.02
