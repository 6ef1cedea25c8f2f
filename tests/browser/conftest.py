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


#: The modules of the longest browser tests (10 to 25 s each), handed out first: xdist's workers
#: take tests in the order of the collection, and a long test taken last keeps one worker busy
#: while the other has nothing left (the short tests of the other modules even them out).
LONGEST_FIRST = ("test_page_width.py", "test_accessibility.py", "test_flows_browser.py")


@pytest.hookimpl(tryfirst=True)  # before `-m "not browser"` deselects
def pytest_collection_modifyitems(config, items):
    """Every test here drives Chromium against a live server: marked `browser`, on a database
    that commits (the server reads it from another thread). Among the places of the collection
    they take, the modules of LONGEST_FIRST come first (the sorts after this one are stable)."""
    here = Path(__file__).parent
    places = [index for index, item in enumerate(items) if here in item.path.parents]
    for index in places:
        items[index].add_marker(pytest.mark.browser)
        items[index].add_marker(pytest.mark.django_db(transaction=True))

    def rank(item):
        name = item.path.name
        return LONGEST_FIRST.index(name) if name in LONGEST_FIRST else len(LONGEST_FIRST)

    ordered = sorted((items[index] for index in places), key=rank)
    for index, item in zip(places, ordered, strict=True):
        items[index] = item


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


@pytest.fixture(scope="session", autouse=True)
def _one_request_per_connection():
    """The live server answers each request with "Connection: close" and closes the connection.
    The pages of the pools outlive their test (tests/browser/pool.py), and with them Chromium's
    idle keep-alive connections: a server thread waiting on one ended only when Chromium dropped
    it, during a later test, and then failed to close the test database's connection it shares
    with the tests' thread. The header tells Chromium not to reuse the connection."""
    from unittest import mock

    from django.core.servers.basehttp import ServerHandler

    cleanup_headers = ServerHandler.cleanup_headers

    def close_after_answer(self):
        cleanup_headers(self)
        self.headers["Connection"] = "close"
        self.request_handler.close_connection = True

    with mock.patch.object(ServerHandler, "cleanup_headers", close_after_answer):
        yield


@pytest.fixture(scope="session")
def plain_pages(browser):
    """The worker's pages without axe-core (tests/browser/pool.py)."""
    from tests.browser.pool import PagePool

    pool = PagePool(browser)
    yield pool
    pool.close()


@pytest.fixture(scope="session")
def axe_pages(browser):
    """The worker's pages with axe-core in each document, for the audit (tests/browser/audit.py)."""
    from tests.browser.audit import axe_source
    from tests.browser.pool import PagePool

    pool = PagePool(browser, init_script=axe_source())
    yield pool
    pool.close()


@pytest.fixture
def page(plain_pages):
    """A clean page in Dutch (Belgium) at 1280 × 900 px, lent for the test."""
    page = plain_pages.take()
    yield page
    plain_pages.give_back([page])


@pytest.fixture
def dialogs(page):
    """The types of the dialogs `page` opens during the test, each dismissed (the user stays)."""
    asked = []

    def stay(dialog):
        asked.append(dialog.type)
        dialog.dismiss()

    page.on("dialog", stay)
    yield asked
    page.remove_listener("dialog", stay)


@pytest.fixture
def screenshot_dir(settings):
    path = settings.BASE_DIR / "var" / "screenshots"
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.fixture
def audit(axe_pages, plain_pages, live_server, screenshot_dir, settings):
    """Looks at pages with axe-core, their width and a screenshot (tests/browser/audit.py)."""
    from tests.browser.audit import PageAudit

    pages = PageAudit(
        axe_pages,
        plain_pages,
        live_server.url,
        screenshot_dir,
        settings.SESSION_COOKIE_NAME,
        settings.LANGUAGE_COOKIE_NAME,
    )
    yield pages
    pages.close()


@pytest.fixture
def log_in(page, live_server):
    """``log_in(factory, username, path, selector, **fields)``: a user made by ``factory`` logs in
    through the login form at ``path`` (the site's or the admin's) and the page waits for
    ``selector`` where it leads. Returns the user. For tests of the login itself: the others
    use ``logged_in``."""

    def log_in(factory, username, path, selector, **fields):
        user = factory(username=username, password=BROWSER_PASSWORD, **fields)
        page.goto(f"{live_server.url}{path}")
        page.fill("#id_username", username)
        page.fill("#id_password", BROWSER_PASSWORD)
        page.click("form:has(#id_password) [type=submit]")
        page.wait_for_selector(selector)
        return user

    return log_in


@pytest.fixture
def logged_in(page, live_server, settings):
    """``logged_in(factory, username, path, selector, language=None, **fields)``: a user made by
    ``factory``, logged in by a session cookie (the login form has its own tests), opens ``path``
    and the page waits for ``selector``. With ``language``, the page asks for it. Returns the user."""
    from tests.browser.audit import session_key

    def logged_in(factory, username, path, selector, *, language=None, **fields):
        user = factory(username=username, password=BROWSER_PASSWORD, **fields)
        cookies = [{"name": settings.SESSION_COOKIE_NAME, "value": session_key(user), "url": live_server.url}]
        if language:
            cookies.append({"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url})
        page.context.add_cookies(cookies)
        page.goto(f"{live_server.url}{path}")
        page.wait_for_selector(selector)
        return user

    return logged_in
