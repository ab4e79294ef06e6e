"""The built site as a person sees it: headless Chromium over a local server.

Without Chromium and chromedriver these tests skip on a workstation and fail in
CI (the environment variable CI is set): a missing browser must not pass."""

from __future__ import annotations

import functools
import json
import os
import shutil
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from gitrepo import GitRepo
from site_kit import GENERATORS, SEARCH_INDEX, build_with, make_repo

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--disable-quic", "--disable-dev-shm-usage",
         "--window-size=1280,1000")
SEVEN = ["1. Promised outcome", "2. Decision criteria", "3. Objections", "4. Champion and skeptic",
         "5. Risk flags", "6. Success metric", "7. Lost-deal cohort"]


def _missing_browser(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"browser tests need Chromium in CI: {reason}")
    pytest.skip(reason)


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="module", params=GENERATORS)
def base_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The same repo built by each generator, served on 127.0.0.1."""
    root = make_repo(GitRepo(tmp_path_factory.mktemp("browser") / "repo"))
    done = build_with(request.param, root)
    assert done.returncode == 0, done.stderr
    handler = functools.partial(_Quiet, directory=str(root / "site"))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def driver(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError as e:
        _missing_browser(f"selenium is not installed: {e}")
    if not (os.access(CHROMIUM, os.X_OK) and os.access(CHROMEDRIVER, os.X_OK)):
        _missing_browser(f"no {CHROMIUM} or {CHROMEDRIVER}")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}")
    options.set_capability("goog:loggingPrefs", {"performance": "ALL"})
    browser = webdriver.Chrome(options=options, service=Service(CHROMEDRIVER))
    browser.set_page_load_timeout(30)
    yield browser
    browser.quit()


def visit(driver: Any, url: str) -> None:
    driver.get(url)
    driver.execute_script("return document.readyState")


def texts(driver: Any, css: str) -> list[str]:
    from selenium.webdriver.common.by import By

    return [e.text.strip() for e in driver.find_elements(By.CSS_SELECTOR, css)]


def test_account_page_shows_all_seven_field_titles(driver: Any, base_url: str) -> None:
    visit(driver, f"{base_url}/accounts/acme-logistics/")
    headings = texts(driver, "article h2")
    assert [h for h in headings if h in SEVEN] == SEVEN
    assert driver.title == "Acme Logistics - Handoffs"


def test_gap_page_shows_the_chart_and_the_named_accounts(driver: Any, base_url: str) -> None:
    from selenium.webdriver.common.by import By

    visit(driver, f"{base_url}/gap/")
    chart = driver.find_element(By.CSS_SELECTOR, "article svg.handoff-weekly")
    width, height = driver.execute_script(
        "const r = arguments[0].getBoundingClientRect(); return [r.width, r.height];", chart)
    assert width > 100 and height > 100
    links = {e.text: e.get_attribute("href") for e in driver.find_elements(By.CSS_SELECTOR, "article a")}
    assert links["Beta Freight"] == f"{base_url}/accounts/beta-freight/"
    assert "Gamma Routes" in driver.find_element(By.CSS_SELECTOR, "article").text


def test_a_record_with_script_runs_none(driver: Any, base_url: str) -> None:
    from selenium.common.exceptions import NoAlertPresentException

    visit(driver, f"{base_url}/accounts/evil-corp/")
    assert driver.execute_script("return typeof window.__pwned") == "undefined"
    with pytest.raises(NoAlertPresentException):
        driver.switch_to.alert.text  # noqa: B018 - reading it is the check
    handlers = driver.execute_script(
        "return [...document.querySelectorAll('article *')].flatMap(e => [...e.attributes])"
        ".filter(a => a.name.startsWith('on') || a.value.trim().toLowerCase().startsWith('javascript:'))"
        ".map(a => a.name);")
    assert handlers == []
    assert "<script>window.__pwned=1</script>" in driver.find_element("css selector", "article").text


def test_search_works_offline(driver: Any, base_url: str, request: pytest.FixtureRequest) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    visit(driver, f"{base_url}/")
    if request.node.callspec.params["base_url"] == "zensical":
        # Zensical's search is a dialog in a shadow root, opened by its header button.
        driver.find_element(By.CSS_SELECTOR, "button.md-search__button").click()
        find = ("return [...document.querySelectorAll('*')]"
                ".find(e => e.shadowRoot && e.shadowRoot.querySelector('dialog'))")
        host = WebDriverWait(driver, 10).until(lambda d: d.execute_script(find))
        driver.execute_script("return arguments[0].shadowRoot.querySelector('input')", host).send_keys("Priya")
        WebDriverWait(driver, 20).until(lambda d: "Acme Logistics" in d.execute_script(
            "return arguments[0].shadowRoot.querySelector('ol[role=listbox]').textContent", host))
        return
    driver.find_element(By.CSS_SELECTOR, "label.md-search__icon, .md-search__input").click()
    box = WebDriverWait(driver, 10).until(ec.element_to_be_clickable((By.CSS_SELECTOR, "input.md-search__input")))
    box.send_keys("Priya")
    # Read the results in one script: the list is rebuilt as the query is typed, so an element
    # fetched in one call may be gone by the next.
    read = "return [...document.querySelectorAll('.md-search-result__item')].map(e => e.textContent).join(' ')"
    WebDriverWait(driver, 20).until(lambda d: "Acme Logistics" in d.execute_script(read))


def test_no_request_leaves_localhost(driver: Any, base_url: str) -> None:
    for path in ("/", "/gap/", "/accounts/", "/cohorts/", "/accounts/acme-logistics/", "/accounts/evil-corp/",
                 "/cohorts/2026-W46-logistics/"):
        visit(driver, base_url + path)
    urls = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    assert len(urls) > 10
    # chrome:// pages are the browser's own (its new-tab page), not network requests.
    outside = [u for u in urls if not u.startswith(("http://127.0.0.1:", "data:", "blob:", "chrome://"))]
    assert outside == []
    assert any(u.endswith(tuple(f"/{p}" for p in SEARCH_INDEX.values())) for u in urls)
