"""A coordinator logs in, starts a multi-year plan in the portal and sees what is missing."""

import datetime

from missions.models import PlanningPeriod
from tests.missions.factories import make_themes
from tests.networks.factories import (
    CoordinatorFactory,
    NetworkFactory,
    RegionalCareZoneFactory,
    ServiceAreaFactory,
)


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
