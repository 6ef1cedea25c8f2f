"""The pages of the layout, the public pages and the staff tables, as their users see them:
no WCAG 2.1 A/AA violation (axe-core), no page wider than the screen, in Dutch and English at
390 and 1280 px, with a screenshot of each in var/screenshots/."""

import datetime
from decimal import Decimal

import pytest

from tests.browser.audit import session_key
from tests.missions.factories import MultiYearPlanFactory, PartnerTypeFactory, PlanGoalFactory, make_themes
from tests.networks import factories as networks
from tests.transition.factories import ActionLineFactory, FundingFactory, MergerFactory, MilestoneFactory


@pytest.fixture
def kempen():
    """A zone served by a network from 1 January 2027, a municipality in it, a late milestone, a
    legacy organisation without successor, an action line and funding over two years."""
    zone = networks.RegionalCareZoneFactory(code="kempen", name="Kempen")
    networks.RegionalCareZoneMembershipFactory(
        municipality=networks.MunicipalityFactory(nis_code="13025", name="Mol"), zone=zone
    )
    network = networks.NetworkFactory(code="npz-kempen", name="NPZ Kempen (test)")
    networks.ServiceAreaFactory(network=network, zone=zone, valid_from=datetime.date(2027, 1, 1))
    merger = MergerFactory(network=network)
    MilestoneFactory(merger=merger, due_date=datetime.date(2026, 6, 30))
    legacy = networks.LegacyOrganisationFactory(code="pn-test", name="Palliatief Netwerk Test")
    legacy.derived_regional_care_zones.add(zone)
    merger.participants.add(legacy)  # its grants show on the coordinator's funding page
    ActionLineFactory(position=1, work_forms=[2])
    for year, amount in ((2026, "400000"), (2027, "450000")):
        FundingFactory(network=None, legacy_organisation=legacy, year=year, amount=Decimal(amount))
    return network


def test_public_pages(audit, kempen):
    audit.assert_accessible("/", "home-anonymous")
    audit.assert_accessible("/netwerk-zoeken/?q=Mol", "search")
    audit.assert_accessible("/toegankelijkheid/", "accessibility")
    audit.assert_accessible("/api/v1/docs/", "api-docs")


@pytest.fixture
def staff():
    return session_key(networks.StaffFactory(username="staff.audit", first_name="Sam", last_name="Staff"))


def test_staff_home_and_transition_pages(audit, kempen, staff):
    for path, name in (
        ("/", "home-staff"),
        ("/transition/", "dashboard"),
        ("/transition/financiering/", "funding"),
        ("/transition/mijlpalen/", "late-milestones"),
    ):
        audit.assert_accessible(path, name, session_key=staff)


def test_staff_reports_and_back_office(audit, kempen, staff):
    audit.assert_accessible("/rapporten/", "reports", session_key=staff)
    audit.assert_accessible("/admin/networks/network/", "admin-networks", session_key=staff)
    # A filtered list says "1 result (N total)" with a link to the whole list inside grey text.
    networks.NetworkFactory(name="Tweede netwerk")
    audit.assert_accessible("/admin/networks/network/?q=Tweede", "admin-networks-filtered", session_key=staff)
    audit.assert_accessible(
        f"/admin/networks/network/{kempen.pk}/history/", "admin-history", session_key=staff
    )
    plan = MultiYearPlanFactory(network=kempen)
    PlanGoalFactory(plan=plan)
    audit.assert_accessible(f"/portaal/plannen/{plan.pk}/geschiedenis/", "plan-history", session_key=staff)


def test_a_plan_and_its_approved_progress_report_as_staff_read_them(audit, kempen, staff):
    """The plan page with its yearly reports, and a report nobody can change any more: its tables
    scroll in a region the keyboard reaches (its fields are disabled, so not focusable)."""
    from tests.missions.factories import YearlyProgressFactory

    plan = MultiYearPlanFactory(network=kempen, complete=True, approved=True)
    progress = YearlyProgressFactory(plan=plan, filled=True, approved=True)
    audit.assert_accessible(f"/portaal/plannen/{plan.pk}/", "plan-detail", session_key=staff)
    audit.assert_accessible(f"/portaal/voortgang/{progress.pk}/", "progress-approved", session_key=staff)


@pytest.mark.parametrize("language", ["nl-be", "en"])
def test_the_staff_menu_fits_one_line_on_a_laptop_and_folds_into_a_button_on_a_phone(audit, staff, language):
    page = audit.page_for(staff, language, axe=False)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(audit.base_url + "/transition/")
    links = page.locator(".app-nav .nav-link")
    assert links.count() == 6
    assert len({round(box["y"]) for box in (links.nth(i).bounding_box() for i in range(6))}) == 1
    assert page.locator(".app-nav .nav-link.active").get_attribute("aria-current") == "page"

    page.set_viewport_size({"width": 390, "height": 900})
    assert not links.first.is_visible()
    toggle = page.locator(".app-nav-toggler")
    # Reached with the keyboard, the button shows its focus (Bootstrap's toggler hid it).
    page.locator("body").focus()
    for _ in range(20):
        page.keyboard.press("Tab")
        if toggle.evaluate("element => element === document.activeElement"):
            break
    outline = toggle.evaluate(
        "element => getComputedStyle(element).outlineStyle + ' ' + getComputedStyle(element).outlineWidth"
    )
    assert outline == "solid 3px"
    toggle.click()
    links.last.wait_for(state="visible")
    assert toggle.get_attribute("aria-expanded") == "true"
    assert page.locator(".app-nav-account .account-name").inner_text() == "Sam Staff"


def test_coordinator_home(audit, kempen):
    coordinator = session_key(networks.CoordinatorFactory(username="coord.audit", network=kempen))
    audit.assert_accessible("/", "home-coordinator", session_key=coordinator)
    audit.assert_accessible("/transition/financiering/", "funding-coordinator", session_key=coordinator)


def test_missions_matrix_pages(audit, kempen, staff):
    """The network's matrix with every level, a missing cell and the coordinator's edit links
    (the "Wijzigen" links on level-1 cells failed contrast), its cell form, and the Flanders
    overview: no axe violation, no page wider than the screen, at both widths."""
    from missions.models import RegionalIntensity
    from networks.models import Municipality

    themes = make_themes()
    partner = PartnerTypeFactory(name="Huisartsen")
    for theme, level in zip(themes, (1, 2, 3, 1), strict=False):  # the fifth theme stays missing
        cell = RegionalIntensity.objects.create(
            network=kempen, zone=kempen.service_areas.get().zone, theme=theme, level=level, suggested_level=2
        )
        cell.partner_types.add(partner)
    primary = networks.PrimaryCareZoneFactory(code="noorderkempen", name="ELZ Noorderkempen")
    networks.PrimaryCareZoneMembershipFactory(
        municipality=Municipality.objects.get(nis_code="13025"), zone=primary
    )
    RegionalIntensity.objects.create(
        network=kempen,
        zone=kempen.service_areas.get().zone,
        theme=themes[0],
        level=3,
        primary_care_zone=primary,
    )
    coordinator = session_key(networks.CoordinatorFactory(username="coord.matrix", network=kempen))
    matrix = f"/netwerken/{kempen.code}/opdrachten/"
    audit.assert_accessible(matrix, "matrix-coordinator", session_key=coordinator)
    audit.assert_accessible(f"{matrix}kempen/{themes[0].code}/", "intensity-form", session_key=coordinator)
    audit.assert_accessible(
        f"{matrix}kempen/{themes[0].code}/eerstelijnszones/", "intensity-primary", session_key=coordinator
    )
    audit.assert_accessible(matrix, "matrix-staff", session_key=staff)
    audit.assert_accessible("/opdrachten/", "missions-flanders", session_key=staff)
