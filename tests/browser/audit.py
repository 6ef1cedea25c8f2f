"""Look at a page as its users do: axe-core (WCAG 2.1 A and AA), the width of the document and a
screenshot, in Dutch and English, at 390 px (a phone) and 1280 px (a laptop).

axe-core is vendored in tests/browser/vendor/axe.min.js (see the README there): it is evaluated
in the page through the DevTools protocol, so a Content-Security-Policy that forbids inline
scripts does not stop it.
"""

import base64
import functools
from dataclasses import dataclass, field
from pathlib import Path

AXE_PATH = Path(__file__).parent / "vendor" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
LANGUAGES = ("nl-be", "en")
WIDTHS = (390, 1280)
HEIGHT = 900

# The first five nodes of each violation, with the first line of axe's explanation.
RUN_AXE = """async (tags) => {
  const options = {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]};
  const result = await axe.run(document, options);
  const where = (node) => node.target.join(" ") + " :: " + node.failureSummary.split("\\n")[1];
  return result.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help, count: v.nodes.length, targets: v.nodes.slice(0, 5).map(where),
  }));
}"""

DOCUMENT_WIDTH = "() => Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)"


@functools.cache
def axe_source() -> str:
    return AXE_PATH.read_text(encoding="utf-8")


def axe_violations(page) -> list[dict]:
    """The WCAG 2.1 A/AA violations axe finds on the page as it is now."""
    if not page.evaluate("() => typeof axe !== 'undefined'"):
        page.evaluate(axe_source())
    return page.evaluate(RUN_AXE, WCAG_TAGS)


def full_page_screenshot(page, path: Path) -> None:
    """A PNG of the whole document, as ``page.screenshot(full_page=True)`` takes it, but encoded
    by Chromium's fast PNG encoder (``optimizeForSpeed``): a third less time per screenshot, and
    the audit takes one for each page, language and width."""
    session = page.context.new_cdp_session(page)
    try:
        size = session.send("Page.getLayoutMetrics")["cssContentSize"]
        clip = {"x": 0, "y": 0, "width": size["width"], "height": size["height"], "scale": 1}
        shot = session.send(
            "Page.captureScreenshot",
            {"format": "png", "captureBeyondViewport": True, "clip": clip, "optimizeForSpeed": True},
        )
    finally:
        session.detach()
    path.write_bytes(base64.b64decode(shot["data"]))


def describe(violation: dict) -> str:
    targets = "".join(f"\n      {target}" for target in violation["targets"])
    return f"{violation['id']} ({violation['impact']}, {violation['count']}×): {violation['help']}{targets}"


@dataclass
class PageAudit:
    """Opens pages in one browser, with one context per (user, language) reused across pages."""

    browser: object
    base_url: str
    screenshot_dir: Path
    session_cookie_name: str
    language_cookie_name: str
    contexts: dict = field(default_factory=dict)
    with_axe: list = field(default_factory=list)

    def page_for(self, session_key: str | None, language: str):
        """A page logged in with `session_key` (None: anonymous) that asks for `language`."""
        key = (session_key, language)
        if key not in self.contexts:
            context = self.browser.new_context(
                locale="nl-BE", viewport={"width": WIDTHS[-1], "height": HEIGHT}
            )
            cookies = [{"name": self.language_cookie_name, "value": language, "url": self.base_url}]
            if session_key:
                cookies.append({"name": self.session_cookie_name, "value": session_key, "url": self.base_url})
            context.add_cookies(cookies)
            self.contexts[key] = context.new_page()
        return self.contexts[key]

    def check(self, path: str, name: str, *, session_key: str | None = None) -> list[str]:
        """Open `path` in each language and look at it at each width. Returns the problems
        found (empty when the page passes); `assert_accessible` fails on them."""
        problems = []
        for language in LANGUAGES:
            page = self.page_for(session_key, language)
            if page not in self.with_axe:  # axe-core in each document this page opens from now on
                page.add_init_script(axe_source())
                self.with_axe.append(page)
            response = page.goto(self.base_url + path)
            if response is None or response.status != 200:
                status = response.status if response else "no response"
                problems.append(f"{name} [{language}]: {path} answered {status}")
                continue
            if page.evaluate("() => document.documentElement.lang") != language:
                problems.append(f"{name} [{language}]: <html lang> is not {language}")
            for width in WIDTHS:
                page.set_viewport_size({"width": width, "height": HEIGHT})
                where = f"{name} [{language}, {width} px]"
                document_width = page.evaluate(DOCUMENT_WIDTH)
                if document_width > width:
                    problems.append(f"{where}: the document is {document_width} px wide")
                problems.extend(f"{where}: {describe(v)}" for v in axe_violations(page))
                full_page_screenshot(page, self.screenshot_dir / f"{name}-{language}-{width}.png")
        return problems

    def assert_accessible(self, path: str, name: str, *, session_key: str | None = None):
        problems = self.check(path, name, session_key=session_key)
        assert not problems, "\n".join(problems)

    def close(self):
        for page in self.contexts.values():
            page.context.close()
        self.contexts.clear()


def session_key(user) -> str:
    """A logged-in session for `user`, without going through the login form (faster; the login
    page has its own browser test)."""
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client.cookies[settings.SESSION_COOKIE_NAME].value
