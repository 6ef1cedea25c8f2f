"""Chromium pages kept for the whole run of a worker and lent to one test at a time.

A new page costs Chromium a new renderer process: 0.3 to 0.8 s, two to five times a page load,
and the browser tests used about fifty of them. Each page here has its own context (its own
cookies, so one test may hold several users at once); a test borrows pages and the pool takes
them back clean: no routes, no cookies, no session storage, at the default size. A test
starts with a ``goto`` (it finds the page on the last document of an earlier test). Listeners
a test adds to a page must be removed by the test (the ``dialogs`` fixture in conftest.py
does): a page that comes back with one is closed, not lent again.
"""

from dataclasses import dataclass, field

LOCALE = "nl-BE"
VIEWPORT = {"width": 1280, "height": 900}


@dataclass
class PagePool:
    browser: object
    #: Evaluated in each document of the pool's pages (axe-core for the audit's pages), or None.
    init_script: str | None = None
    free: list = field(default_factory=list)
    lent: list = field(default_factory=list)
    sessions: dict = field(default_factory=dict)

    def take(self):
        """A clean page: no cookies, 1280 × 900 px, Dutch (Belgium)."""
        if self.free:
            page = self.free.pop()
        else:
            context = self.browser.new_context(locale=LOCALE, viewport=VIEWPORT)
            if self.init_script:
                context.add_init_script(self.init_script)
            page = context.new_page()
        self.lent.append(page)
        return page

    def cdp_session(self, page):
        """The DevTools session of `page`, opened once (the screenshots of the audit use it)."""
        if page not in self.sessions:
            self.sessions[page] = page.context.new_cdp_session(page)
        return self.sessions[page]

    def give_back(self, pages=None):
        """Take back `pages` (default: every page lent), cleaned for the next test, or closed."""
        for page in list(self.lent if pages is None else pages):
            self.lent.remove(page)
            if self._clean(page):
                self.free.append(page)
            else:
                self.sessions.pop(page, None)
                page.context.close()

    @staticmethod
    def _clean(page) -> bool:
        """Ready for the next test: no routes and no cookies, at the default size. The test's
        last document stays until the next test's first ``goto`` (a navigation to about:blank
        would cost 0.1 to 0.2 s a page). A page with a listener the test left (Playwright's own
        are ``close`` and ``crash``) is not lent again."""
        from playwright.sync_api import Error

        if page.is_closed() or set(page._impl_obj.event_names()) - {"close", "crash"}:
            return False
        try:
            page.unroute_all(behavior="ignoreErrors")
            page.context.clear_cookies()
            # The copy of the last form sent (static/js/unsaved-changes.js) stays with the tab.
            page.evaluate("() => { try { sessionStorage.clear(); } catch (error) {} }")
            if page.viewport_size != VIEWPORT:
                page.set_viewport_size(VIEWPORT)
        except Error:
            return False
        return True

    def close(self):
        self.give_back()
        for page in self.free:
            page.context.close()
        self.free.clear()
        self.sessions.clear()
