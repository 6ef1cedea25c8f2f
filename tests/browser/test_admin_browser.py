"""A staff member logs in to the admin in a real browser and finds a municipality."""

from tests.networks.factories import (
    LegacyOrganisationFactory,
    MunicipalityFactory,
    RegionalCareZoneFactory,
    RegionalCareZoneMembershipFactory,
    StaffFactory,
)


def test_staff_logs_in_and_searches_municipalities_in_dutch(live_server, page, screenshot_dir, log_in):
    kempen = RegionalCareZoneFactory(code="kempen", name="Kempen")
    RegionalCareZoneMembershipFactory(
        municipality=MunicipalityFactory(nis_code="13025", name="Mol"), zone=kempen
    )
    MunicipalityFactory(nis_code="11001", name="Aartselaar")
    LegacyOrganisationFactory(code="pn-pnat", name="Palliatief Netwerk Turnhout")

    log_in(StaffFactory, "staff.browser", "/admin/", "#content-main")
    assert "Geografie en organisaties" in page.content()

    page.goto(f"{live_server.url}/admin/networks/municipality/")
    page.fill("#searchbar", "Mol")
    page.press("#searchbar", "Enter")
    page.wait_for_load_state()
    rows = page.locator("#result_list tbody tr")
    assert rows.count() == 1
    assert "Kempen" in rows.first.inner_text()
    page.screenshot(path=screenshot_dir / "admin-municipalities.png", full_page=True)


def test_anonymous_visitor_is_sent_to_the_login_page(live_server, page):
    page.goto(f"{live_server.url}/admin/networks/municipality/")
    assert "/aanmelden/" in page.url
    assert page.locator("#id_username").is_visible()
