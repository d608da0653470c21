"""The workspace in a real browser (Debian's chromium through Selenium and chromedriver),
against `merit serve` on SQLite: an agency user creates an assessment, uploads three
documents (a PDF each), answers three questions with them as evidence, uploads the
example's personnel tables, watches the score rise and submits; an assessor takes it into
review, verifies and finalises it. Screenshots of the pages are judged (not blank, the key
texts shown) and kept in the run's `artifacts` directory (printed) for people to look at."""

from __future__ import annotations

import re
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from live_servers import Workspace
from screenshots import decode

ROOT = Path(__file__).resolve().parents[2]
TABLES = sorted((ROOT / "examples" / "provinsi-contoh" / "tables").glob("*.csv"))
DEMO_ADMIN = ("demo-admin", "merit-demo-2026")
AGENCY, AGENCY_NAME = "prov-uji", "Pemerintah Provinsi Uji"
PASSWORD = "Uji-browser-2026-kata-sandi"
# Three questions of the KASN 2019 policy, the documents that carry their score 2, and the
# gate one of them asks; karier.standar-kompetensi reaches 3 once the tables give the
# share of officials with a valid competency assessment (62 % in the example's 2025 data).
QUESTIONS = (
    ("perencanaan.anjab-abk", "anjab", "821/ANJAB/2025", 2, {}),
    ("karier.standar-kompetensi", "skj", "821/SKJ/2025", 3, {}),
    ("kinerja.dialog-kinerja", "kebijakan-kinerja", "821/KINERJA/2025", 2,
     {"performance_dialogue_held": "true"}),
)
PDF = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
       b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
       b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\n"
       b"trailer<</Root 1 0 R>>\n%%EOF\n")


STEPS: list[tuple[str, float]] = []  # (what was clicked, seconds until the next page loaded)


def dom(indicator: str) -> str:
    return indicator.replace(".", "-")


# --- set-up over HTTP: the admin makes the agency and its two users ---------------------

def make_agency_and_users(base: str) -> None:
    from webclient import Session, forms

    admin = Session(base)
    page = admin.get("/login/")
    admin.submit(forms(page.text)[-1], page.url, {"username": DEMO_ADMIN[0], "password": DEMO_ADMIN[1]})
    for changes in ({"code": AGENCY, "name": AGENCY_NAME, "kind": "provinsi"},
                    {"username": "uji-agency", "password": PASSWORD, "role": "agency", "agency": AGENCY},
                    {"username": "uji-assessor", "password": PASSWORD, "role": "assessor",
                     "assigned": [AGENCY]}):
        page = admin.get("/users/")
        wanted = "add-agency" if "code" in changes else "add-user"
        form = next(f for f in forms(page.text) if f.attrs.get("id") == wanted)
        done = admin.submit(form, page.url, changes)
        assert done.status == 200 and 'class="error"' not in done.text, done.text[-2000:]
    admin.close()


# --- browser helpers -------------------------------------------------------------------

def wait_for(driver: Any, condition: Callable[[Any], Any], timeout: float = 60) -> Any:
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, timeout, poll_frequency=0.1).until(condition)


def click_and_load(driver: Any, element_id: str) -> None:
    """Click a submit button or link and wait until the next page has loaded."""
    from selenium.common.exceptions import WebDriverException
    from selenium.webdriver.common.by import By

    old = driver.find_element(By.TAG_NAME, "html")
    started = time.monotonic()
    driver.find_element(By.ID, element_id).click()

    def replaced(_: Any) -> bool:
        # The old page's element is stale once the next page is there; while the document
        # is being swapped chromium may instead say the node is not in the document.
        try:
            old.is_enabled()
        except WebDriverException:
            return True
        return False

    wait_for(driver, replaced)
    wait_for(driver, lambda d: d.execute_script("return document.readyState") == "complete")
    STEPS.append((element_id, time.monotonic() - started))


def text_of(driver: Any, element_id: str) -> str:
    from selenium.webdriver.common.by import By

    return str(driver.find_element(By.ID, element_id).text).strip()


def exists(driver: Any, element_id: str) -> bool:
    from selenium.webdriver.common.by import By

    return bool(driver.find_elements(By.ID, element_id))


def total(driver: Any) -> float:
    """The engine's total as the page gives it to machines (data-value); the text shown
    must be the same number as an Indonesian reader writes it (113,5)."""
    from selenium.webdriver.common.by import By

    element = driver.find_element(By.ID, "total")
    value = float(element.get_attribute("data-value"))
    assert float(element.text.strip().replace(".", "").replace(",", ".")) == value, element.text
    return value


def fill(driver: Any, element_id: str, value: str) -> None:
    from selenium.webdriver.common.by import By

    field = driver.find_element(By.ID, element_id)
    field.clear()
    field.send_keys(value)


def choose(driver: Any, element_id: str, *values: str) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    select = Select(driver.find_element(By.ID, element_id))
    if select.is_multiple:
        select.deselect_all()
    for value in values:
        select.select_by_value(value)


def log_in(driver: Any, base: str, username: str) -> None:
    driver.get(base + "/login/")
    fill(driver, "id_username", username)
    fill(driver, "id_password", PASSWORD)
    click_and_load(driver, "login-submit")
    assert text_of(driver, "user-name").startswith(username)


def log_out(driver: Any) -> None:
    click_and_load(driver, "logout")
    assert exists(driver, "login-form")


def shoot(driver: Any, name: str, texts: list[str], tmp: Path) -> Path:
    """Screenshot the page into `tmp` (the run's artifacts directory) and judge it."""
    from selenium.webdriver.common.by import By

    png = tmp / f"{name}.png"
    png.write_bytes(driver.get_screenshot_as_png())
    picture = decode(png.read_bytes())
    assert picture.width >= 1000 and picture.height >= 600, (picture.width, picture.height)
    # A blank or unstyled-error page has one or two colours and no variance.
    assert len(picture.colours()) > 20 and picture.variance() > 200, name
    assert picture.non_background_share() > 0.03, name
    shown = driver.find_element(By.TAG_NAME, "body").text
    missing = [t for t in texts if t not in shown]
    assert not missing, (name, missing)
    return png


def download(driver: Any, url: str) -> bytes:
    """Fetch a URL with the browser's session cookie (the file as the user gets it)."""
    cookie = "; ".join(f"{c['name']}={c['value']}" for c in driver.get_cookies())
    with urllib.request.urlopen(urllib.request.Request(url, headers={"Cookie": cookie}), timeout=30) as answer:
        return bytes(answer.read())


def keep_failure(driver: Any, workspace: Workspace, artifacts: Path) -> None:
    """The page and the server's log where the flow stopped, for whoever reads the failure."""
    try:
        (artifacts / "failure.html").write_text(f"<!-- {driver.current_url} -->\n" + driver.page_source, "utf-8")
        driver.save_screenshot(str(artifacts / "failure.png"))
    except Exception as exc:  # the browser itself may be what failed
        print(f"no failure page kept: {exc}")
    (artifacts / "failure-serve.log").write_text(workspace.log_tail(20000), "utf-8")
    print(f"\nfailure page and server log kept in {artifacts}")


# --- the flow --------------------------------------------------------------------------

def agency_fills_in(driver: Any, base: str, tmp: Path, shots: Path) -> dict[str, float]:
    from merit.workspace.i18n import t
    from selenium.webdriver.common.by import By

    log_in(driver, base, "uji-agency")
    click_and_load(driver, f"agency-{AGENCY}")
    fill(driver, "id_year", "2025")
    choose(driver, "id_policy", "kasn-2019")
    click_and_load(driver, "create-assessment")
    scores = {"empty": total(driver)}
    worksheet = driver.current_url

    pdf = tmp / "bukti.pdf"
    pdf.write_bytes(PDF)
    click_and_load(driver, "tab-evidence")
    for _, kind, number, _, _ in QUESTIONS:
        choose(driver, "id_type", kind)
        fill(driver, "id_number", number)
        fill(driver, "id_title", f"Keputusan Gubernur ({kind})")
        driver.execute_script("arguments[0].value = '2025-02-03'", driver.find_element(By.ID, "id_issued"))
        fill(driver, "id_issuer", "Gubernur Uji")
        driver.find_element(By.ID, "id_file").send_keys(str(pdf))
        click_and_load(driver, "add-document-submit")
        assert number in text_of(driver, "documents")
    links = driver.find_elements(By.CSS_SELECTOR, "#documents a.download")
    assert len(links) == 3
    assert download(driver, links[0].get_attribute("href")) == PDF

    driver.get(worksheet)
    for indicator, _, number, level, gates in QUESTIONS:
        choose(driver, f"claimed-{dom(indicator)}", str(level))
        for key, value in gates.items():
            choose(driver, f"s-{key}", value)
        fill(driver, f"note-{dom(indicator)}", f"Bukti: {number}")
        choose(driver, f"evidence-{dom(indicator)}", number)
        click_and_load(driver, f"save-{dom(indicator)}")
        assert t("ws.saved") in text_of(driver, "messages")
        assert text_of(driver, f"level-{dom(indicator)}") == "2", indicator
    scores["answered"] = total(driver)
    shoot(driver, "1-agency-worksheet-answered", [AGENCY_NAME, "perencanaan.anjab-abk", t("ws.title")], shots)

    click_and_load(driver, "tab-tables")
    for table in TABLES:
        driver.find_element(By.ID, "id_table_file").send_keys(str(table))
        click_and_load(driver, "upload-table-submit")
        assert table.name in text_of(driver, "tables")
    assert not exists(driver, "table-problems"), text_of(driver, "table-problems")
    figures = text_of(driver, "figures")
    assert "assessment_valid_ratio" in figures and re.search(r"\d+/\d+", figures), figures
    shoot(driver, "2-agency-tables", [t("tables.figures"), "pegawai.csv", "assessment_valid_ratio"], shots)

    click_and_load(driver, "tab-worksheet")
    scores["tables"] = total(driver)
    assert text_of(driver, "level-karier-standar-kompetensi") == "3"
    click_and_load(driver, "status-submitted")
    assert driver.find_element(By.ID, "status").get_attribute("data-status") == "submitted"
    log_out(driver)
    return scores


def assessor_verifies_and_finalises(driver: Any, base: str, tmp: Path) -> None:
    from merit.workspace.i18n import t
    from selenium.webdriver.common.by import By

    log_in(driver, base, "uji-assessor")
    assert AGENCY_NAME in text_of(driver, "overview")
    click_and_load(driver, f"agency-{AGENCY}")
    click_and_load(driver, "assessment-2025-kasn-2019")
    assert not exists(driver, "add-document-submit") and not exists(driver, "save-perencanaan-anjab-abk")
    click_and_load(driver, "status-in_review")
    for indicator, _, number, _, _ in QUESTIONS:
        choose(driver, f"vlevel-{dom(indicator)}", "2")
        fill(driver, f"vcomment-{dom(indicator)}", f"Sesuai dokumen {number}.")
        click_and_load(driver, f"verify-save-{dom(indicator)}")
        assert text_of(driver, f"verified-{dom(indicator)}") == "2"
    click_and_load(driver, "status-final")
    assert driver.find_element(By.ID, "status").get_attribute("data-status") == "final"
    assert exists(driver, "locked") and not exists(driver, "verify-perencanaan-anjab-abk")
    shoot(driver, "3-assessor-final", [t("status.final"), "Sesuai dokumen 821/SKJ/2025.", t("ws.locked")], tmp)
    click_and_load(driver, "tab-audit")
    audit = text_of(driver, "audit")
    for entry in ("answer kinerja.dialog-kinerja", "verification karier.standar-kompetensi",
                  "uji-agency", "uji-assessor"):
        assert entry in audit, entry
    shoot(driver, "4-assessor-audit", [t("tab.audit"), "uji-assessor"], tmp)


def test_agency_fills_in_and_assessor_finalises(demo_sqlite: Workspace, browser: Any, tmp_path: Path,
                                                artifacts: Path) -> None:
    if len(TABLES) < 5:
        pytest.fail(f"the example's tables are missing: {TABLES}")
    started = time.monotonic()
    workspace = demo_sqlite
    make_agency_and_users(workspace.url)
    try:
        scores = agency_fills_in(browser, workspace.url, tmp_path, artifacts)
        # The score rises with the answered questions, and again with the tables.
        assert scores["empty"] < scores["answered"] < scores["tables"], scores
        assessor_verifies_and_finalises(browser, workspace.url, artifacts)
    except BaseException:
        keep_failure(browser, workspace, artifacts)
        raise
    slowest = ", ".join(f"{name} {seconds:.1f} s" for name, seconds in sorted(STEPS, key=lambda s: -s[1])[:3])
    print(f"\nbrowser flow in {time.monotonic() - started:.1f} s ({len(STEPS)} pages, slowest: {slowest}), "
          f"scores {scores}, screenshots in {artifacts}")
