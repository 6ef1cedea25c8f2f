"""Playwright driving Debian's Chromium (never a downloaded browser)."""

import os
import shutil
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"

# Playwright's sync API runs an event loop in this thread; the database calls of the test
# setup happen outside it, so Django's async-safety guard does not apply here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

#: The password of the users the browser tests log in with.
BROWSER_PASSWORD = "npz-demo-browser"


@pytest.hookimpl(tryfirst=True)  # before `-m "not browser"` deselects
def pytest_collection_modifyitems(config, items):
    """Every test here drives Chromium against a live server: marked `browser`, on a database
    that commits (the server reads it from another thread)."""
    here = Path(__file__).parent
    for item in items:
        if here in item.path.parents:
            item.add_marker(pytest.mark.browser)
            item.add_marker(pytest.mark.django_db(transaction=True))


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not os.path.exists(CHROMIUM):
        pytest.fail(f"Chromium not found at {CHROMIUM}: apt-get install chromium (see README)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="nl-BE", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def screenshot_dir(settings):
    path = settings.BASE_DIR / "var" / "screenshots"
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.fixture
def audit(browser, live_server, screenshot_dir, settings):
    """Looks at pages with axe-core, their width and a screenshot (tests/browser/audit.py)."""
    from tests.browser.audit import PageAudit

    pages = PageAudit(
        browser, live_server.url, screenshot_dir, settings.SESSION_COOKIE_NAME, settings.LANGUAGE_COOKIE_NAME
    )
    yield pages
    pages.close()


@pytest.fixture
def log_in(page, live_server):
    """``log_in(factory, username, path, selector, **fields)``: a user made by ``factory`` logs in
    through the login form at ``path`` (the site's or the admin's) and the page waits for
    ``selector`` where it leads. Returns the user."""

    def log_in(factory, username, path, selector, **fields):
        user = factory(username=username, password=BROWSER_PASSWORD, **fields)
        page.goto(f"{live_server.url}{path}")
        page.fill("#id_username", username)
        page.fill("#id_password", BROWSER_PASSWORD)
        page.click("form:has(#id_password) [type=submit]")
        page.wait_for_selector(selector)
        return user

    return log_in
