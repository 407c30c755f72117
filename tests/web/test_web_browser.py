"""End-to-end tests of the page in a real headless Chromium (Playwright driving Debian's
``chromium``; ``.ci/run`` installs it). Screenshots go to ``test-artifacts/web/`` at the
repository root, for a person to look at.
"""

from __future__ import annotations

import shutil
import socket
import threading
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SHOTS = REPO / "test-artifacts" / "web"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed here "
                       "(apt-get install -y chromium); CI installs it"),
]
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server():
    import uvicorn

    from osteon.web.app import create_app

    port = _free_port()
    srv = uvicorn.Server(uvicorn.Config(create_app(warm=True), host="127.0.0.1", port=port,
                                        log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    end = time.monotonic() + 120
    while not srv.started and time.monotonic() < end:
        time.sleep(0.1)
    assert srv.started, "server did not start"
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(10)


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True,
                              args=["--no-sandbox", "--disable-gpu"])
        yield b
        b.close()


def _run_and_wait(page) -> None:
    page.click("#run")
    page.wait_for_selector("#results:not([hidden]) .result", timeout=120_000)
    page.wait_for_selector("#status:has-text('Forecast ready')", timeout=120_000)


def test_fill_form_forecast_bands_change_scenario_download(server, browser, tmp_path):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page = browser.new_page(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(server + "/")
    page.wait_for_selector("body[data-ready='1']")
    page.get_by_label("Age now (years) *").fill("64")
    page.get_by_label("Body mass (kg)").fill("62")
    page.get_by_label("Height (cm)").fill("160")
    page.click("#add-lab")
    page.locator("#labs .row").last.get_by_label("Value", exact=True).fill("15")
    page.locator("#labs .row").last.get_by_label("Unit", exact=True).select_option("pg/mL")
    page.get_by_label("Years ahead").fill("4")
    page.get_by_label("Variants behind the bands").fill("5")
    _run_and_wait(page)
    # the bands: plotly draws one filled area per scenario on each chart
    fills = page.locator("#charts .chart path.js-fill")
    assert fills.count() >= 2 * 3, fills.count()
    assert page.locator(".result[data-scenario='calcium and walking'] td").count() == 16
    assert "not medical advice" in page.locator("#disclaimer").inner_text()
    assert page.locator(".result .fracture").first.inner_text().startswith("4-year")
    page.screenshot(path=str(SHOTS / "forecast.png"), full_page=True)
    page.locator("#results").screenshot(path=str(SHOTS / "results.png"))
    # change the scenario: calcium dose up, walking removed
    scen = page.locator(".scenario").first
    scen.locator(".intervention").nth(1).get_by_role("button", name="Remove intervention").click()
    scen.locator(".intervention").first.get_by_label("dose", exact=True).fill("1200 mg")
    scen.get_by_label("Scenario name", exact=True).fill("calcium only")
    _run_and_wait(page)
    page.wait_for_selector(".result[data-scenario='calcium only']")
    caption = page.locator(".result[data-scenario='calcium only'] caption").inner_text()
    # the results are those of the changed scenario: more calcium, no walking
    assert "1200 mg" in caption and "walking" not in caption, caption
    assert page.locator(".result[data-scenario='calcium and walking']").count() == 0
    page.screenshot(path=str(SHOTS / "forecast-changed.png"), full_page=True)
    with page.expect_download() as dl:
        page.click("#download-csv")
    path = tmp_path / "f.csv"
    dl.value.save_as(path)
    text = path.read_text()
    assert "scenario,time_years,age_years,site,t_score" in text
    assert "calcium only" in text and "no change" in text
    assert not errors, errors


def test_keyboard_and_phone(server, browser):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page = browser.new_page(viewport={"width": 390, "height": 844}, is_mobile=True)
    page.goto(server + "/")
    page.wait_for_selector("body[data-ready='1']")
    # no horizontal scrolling on a phone
    assert page.evaluate("document.documentElement.scrollWidth") <= 390 + 1
    # tabbing reaches labelled controls in order, starting with the skip link
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to results"
    labelled = 0
    for _ in range(12):
        page.keyboard.press("Tab")
        if page.evaluate("(() => { const a = document.activeElement;"
                         " return !!(a.labels && a.labels.length) || a.tagName === 'A'"
                         " || a.tagName === 'BUTTON'; })()"):
            labelled += 1
    assert labelled == 12
    page.get_by_label("Years ahead").fill("2")
    page.get_by_label("Variants behind the bands").fill("3")
    page.focus("#run")
    page.keyboard.press("Enter")
    page.wait_for_selector("#results:not([hidden]) .result", timeout=120_000)
    assert page.evaluate("document.activeElement.id") == "results"
    page.screenshot(path=str(SHOTS / "phone.png"), full_page=True)


def test_person_file_forecast_from_the_page(server, browser):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(server + "/")
    page.wait_for_selector("body[data-ready='1']")
    page.set_input_files("#person-file", str(REPO / "examples" / "person-woman-56.yaml"))
    page.get_by_label("Calcium, vitamin D and protein").check()
    page.get_by_label("Draws", exact=True).fill("10")
    page.get_by_role("button", name="Start person forecast").click()
    page.wait_for_selector("#person-status:has-text('Person forecast ready')", timeout=240_000)
    rows = page.locator("#person-result tr")
    assert rows.count() == 3  # header, no_change, diet
    assert page.locator("#person-result a").count() == 3
    page.locator("#person").screenshot(path=str(SHOTS / "person-forecast.png"))


def test_api_docs_render_without_a_cdn(server, browser):
    page = browser.new_page()
    outside = []
    page.on("request", lambda r: outside.append(r.url) if not r.url.startswith(
        (server, "data:")) else None)
    page.goto(server + "/docs")
    page.wait_for_selector(".opblock", timeout=60_000)
    assert page.locator(".opblock").count() >= 8
    assert not outside, outside
