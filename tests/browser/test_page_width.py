"""No logged-in page is wider than a phone (issue 10, must-show 3).

Every GET page reachable from the named URLs (the catalogue of npz_registry/bench/pages.py,
which fails on a named URL without a sample) is opened at 390 px as department staff and as a
network coordinator, on demo-like data: the real reference data with the generator's fictional
world on top. A wide table may scroll inside its own labelled, focusable region; the document
itself may not: `document.documentElement.scrollWidth` must stay within the 390 px viewport.
The back office (Django's admin, its own responsive layout) and the API's JSON answers are not
pages of ours and are left out. Screenshots of pages that fail go to var/screenshots/."""

import pytest
from django.core.management import call_command

from npz_registry.bench.generate import SCALES, build_world
from npz_registry.bench.pages import ROLES, Samples, pages
from tests.browser.audit import session_key

PHONE = {"width": 390, "height": 900}
#: Named pages that are not HTML pages of ours.
NOT_HTML = {"healthz"}
WIDTH = "() => document.documentElement.scrollWidth"


@pytest.fixture
def demo_world():
    call_command("load_reference_data", verbosity=0)
    build_world(SCALES[1], seed=42)
    return [page for page in pages(Samples()) if page.kind == "page" and page.name not in NOT_HTML]


def _too_wide(audit, session, found_pages, persona) -> tuple[list[str], set[str]]:
    """The pages wider than the phone for one persona, and the names of those it could open."""
    page = audit.page_for(session, "nl-be", axe=False)
    page.set_viewport_size(PHONE)
    problems, opened = [], set()
    for found in found_pages:
        response = page.goto(audit.base_url + found.path)
        if response is None or response.status != 200 or "/aanmelden/" in page.url and found.name != "login":
            continue  # refused to this persona (403/404) or sent to the login page
        opened.add(found.name)
        width = page.evaluate(WIDTH)
        if width > PHONE["width"]:
            problems.append(f"{persona} {found.name} {found.path}: {width} px")
            name = found.name.replace(":", "-")
            page.screenshot(path=audit.screenshot_dir / f"too-wide-{persona}-{name}.png")
    return problems, opened


def test_no_logged_in_page_is_wider_than_a_phone(audit, demo_world, django_user_model):
    problems, opened = [], set()
    for persona in ("staff", "coordinator"):
        user = django_user_model.objects.get(username=ROLES[persona])
        found, names = _too_wide(audit, session_key(user), demo_world, persona)
        problems += found
        opened |= names
    assert not problems, "pages wider than 390 px:\n" + "\n".join(problems)
    # Every page of the catalogue was opened by at least one of the two personas.
    assert {page.name for page in demo_world} <= opened | {"login"}, {
        page.name for page in demo_world
    } - opened
