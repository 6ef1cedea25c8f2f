"""Look at a page as its users do: axe-core (WCAG 2.1 A and AA), the width of the document and a
screenshot, in Dutch and English, at 390 px (a phone) and 1280 px (a laptop).

axe-core is vendored in tests/browser/vendor/axe.min.js (see the README there): it is evaluated
in each document of the audit's pages through the DevTools protocol, so a Content-Security-Policy
that forbids inline scripts does not stop it.
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

# What the audit reads in one call: <html lang>, the width of the document and axe's
# violations, the first five nodes of each with the first line of axe's explanation.
LOOK = """async (tags) => {
  const lang = document.documentElement.lang;
  const width = Math.max(document.documentElement.scrollWidth, document.body.scrollWidth);
  const options = {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]};
  const result = await axe.run(document, options);
  const where = (node) => node.target.join(" ") + " :: " + node.failureSummary.split("\\n")[1];
  const violations = result.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help, count: v.nodes.length, targets: v.nodes.slice(0, 5).map(where),
  }));
  return {lang, width, violations};
}"""


@functools.cache
def axe_source() -> str:
    return AXE_PATH.read_text(encoding="utf-8")


def full_page_screenshot(page, path: Path, session) -> None:
    """A PNG of the whole document, as ``page.screenshot(full_page=True)`` takes it, but encoded
    by Chromium's fast PNG encoder (``optimizeForSpeed``): a third less time per screenshot, and
    the audit takes one for each page, language and width. `session`: the page's DevTools
    session (``PagePool.cdp_session``)."""
    size = session.send("Page.getLayoutMetrics")["cssContentSize"]
    clip = {"x": 0, "y": 0, "width": size["width"], "height": size["height"], "scale": 1}
    shot = session.send(
        "Page.captureScreenshot",
        {"format": "png", "captureBeyondViewport": True, "clip": clip, "optimizeForSpeed": True},
    )
    path.write_bytes(base64.b64decode(shot["data"]))


def describe(violation: dict) -> str:
    targets = "".join(f"\n      {target}" for target in violation["targets"])
    return f"{violation['id']} ({violation['impact']}, {violation['count']}×): {violation['help']}{targets}"


@dataclass
class PageAudit:
    """Lends a test pages of the worker's pools (tests/browser/pool.py): one per (user,
    language), axe-core in each document of the pages the audit looks at."""

    with_axe: object  # PagePool
    plain: object  # PagePool
    base_url: str
    screenshot_dir: Path
    session_cookie_name: str
    language_cookie_name: str
    pages: dict = field(default_factory=dict)

    def page_for(self, session_key: str | None, language: str, *, axe: bool = True):
        """A page logged in with `session_key` (None: anonymous) that asks for `language`; with
        axe-core in each of its documents unless `axe` is False (a page only driven or measured)."""
        key = (session_key, language, axe)
        if key not in self.pages:
            page = (self.with_axe if axe else self.plain).take()
            cookies = [{"name": self.language_cookie_name, "value": language, "url": self.base_url}]
            if session_key:
                cookies.append({"name": self.session_cookie_name, "value": session_key, "url": self.base_url})
            page.context.add_cookies(cookies)
            self.pages[key] = page
        return self.pages[key]

    def check(self, path: str, name: str, *, session_key: str | None = None) -> list[str]:
        """Open `path` in each language and look at it at each width. Returns the problems
        found (empty when the page passes); `assert_accessible` fails on them."""
        problems = []
        for language in LANGUAGES:
            page = self.page_for(session_key, language)
            response = page.goto(self.base_url + path)
            if response is None or response.status != 200:
                status = response.status if response else "no response"
                problems.append(f"{name} [{language}]: {path} answered {status}")
                continue
            for width in WIDTHS:
                page.set_viewport_size({"width": width, "height": HEIGHT})
                where = f"{name} [{language}, {width} px]"
                seen = page.evaluate(LOOK, WCAG_TAGS)
                if width == WIDTHS[0] and seen["lang"] != language:
                    problems.append(f"{name} [{language}]: <html lang> is not {language}")
                if seen["width"] > width:
                    problems.append(f"{where}: the document is {seen['width']} px wide")
                problems.extend(f"{where}: {describe(v)}" for v in seen["violations"])
                shot = self.screenshot_dir / f"{name}-{language}-{width}.png"
                full_page_screenshot(page, shot, self.with_axe.cdp_session(page))
        return problems

    def assert_accessible(self, path: str, name: str, *, session_key: str | None = None):
        """Fails on the problems `check` finds. Returns the page of the first language, left on
        `path` at the last width (1280 px), for the test to go on with."""
        problems = self.check(path, name, session_key=session_key)
        assert not problems, "\n".join(problems)
        return self.page_for(session_key, LANGUAGES[0])

    def close(self):
        for (_, _, axe), page in self.pages.items():
            (self.with_axe if axe else self.plain).give_back([page])
        self.pages.clear()


def session_key(user) -> str:
    """A logged-in session for `user`, without going through the login form (faster; the login
    page has its own browser test)."""
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client.cookies[settings.SESSION_COOKIE_NAME].value
