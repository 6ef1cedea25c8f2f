"""A coordinator logs in, starts a multi-year plan in the portal and sees what is missing; on a
phone, a reviewer reads the versions table with its headers whole and writes a goal's comment in
a field as wide as the screen."""

import datetime

from missions.models import PlanningPeriod
from tests.missions.factories import MultiYearPlanFactory, make_themes
from tests.networks.factories import (
    CoordinatorFactory,
    NetworkFactory,
    RegionalCareZoneFactory,
    ServiceAreaFactory,
    StaffFactory,
)

#: How many lines the text of an element takes (a word broken letter by letter takes several).
LINES = """el => {
    const range = document.createRange();
    range.selectNodeContents(el);
    return range.getClientRects().length;
}"""


def test_coordinator_starts_a_plan_and_sees_the_missing_items(live_server, page, screenshot_dir, log_in):
    make_themes()
    network = NetworkFactory(code="demo-x", name="Demonetwerk X (fictief)")
    ServiceAreaFactory(
        network=network,
        zone=RegionalCareZoneFactory(code="kempen", name="Kempen"),
        valid_from=datetime.date(2027, 1, 1),
    )
    PlanningPeriod.objects.create(start_year=2027, end_year=2028, name="Verkort meerjarenplan 2027–2028")

    log_in(
        CoordinatorFactory,
        "coord.browser",
        "/aanmelden/?next=/portaal/",
        "text=Demonetwerk X (fictief)",
        network=network,
    )

    page.click("text=Nieuw meerjarenplan")
    page.select_option("#id_period", label="Verkort meerjarenplan 2027–2028")
    page.fill("#id_summary", "Prioriteiten (test)")
    page.click("button[type=submit]")
    page.wait_for_selector("#missing-items")
    missing = page.inner_text("#missing-items")
    assert "Informeren en noden detecteren" in missing
    assert "Kempen" in missing
    assert page.locator("button:has-text('Indienen')").is_disabled()
    page.screenshot(path=screenshot_dir / "portal-new-plan.png", full_page=True)


def test_on_a_phone_the_versions_keep_their_headers_whole_and_a_goals_comment_field_the_width(
    live_server, page, screenshot_dir, logged_in
):
    network = NetworkFactory(code="demo-x", name="Demonetwerk X (fictief)")
    ServiceAreaFactory(
        network=network,
        zone=RegionalCareZoneFactory(code="kempen", name="Kempen"),
        valid_from=datetime.date(2027, 1, 1),
    )
    period = PlanningPeriod.objects.create(
        start_year=2027, end_year=2028, name="Verkort meerjarenplan 2027–2028"
    )
    plan = MultiYearPlanFactory(network=network, period=period, in_review=True)
    logged_in(StaffFactory, "staff.phone", "/beoordeling/", "#main")
    page.set_viewport_size({"width": 390, "height": 900})

    page.goto(f"{live_server.url}/portaal/plannen/{plan.pk}/versies/")
    page.screenshot(path=screenshot_dir / "plan-versions-phone.png", full_page=True)
    for header in ("Versie", "Ingediend", "Door"):  # "Ve/rsi/e" before
        assert page.locator("#versions th", has_text=header).evaluate(LINES) == 1, header
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # the table scrolls in its region

    page.goto(f"{live_server.url}{plan.get_absolute_url()}")
    goal = plan.goals.order_by("pk").first()
    field = page.locator(f"#comment-goal-{goal.pk}").bounding_box()
    form = page.locator(f"form:has(#comment-goal-{goal.pk})").bounding_box()
    assert field["width"] >= form["width"] - 1  # the whole line (145 px of 332 before), the button under it
    action = goal.actions.get()
    assert page.get_by_role("button", name=f"Opmerking toevoegen: {action.what}", exact=True).count() == 1
