"""Wording of the PDFs (found by review): a source is cited by its document's title, never by the
file of the registry's own copy of it, and the plan's unit column does not hyphenate short units
("patiën- ten")."""

import datetime
import re
from io import BytesIO

import pytest
from django.utils import translation
from pypdf import PdfReader

from missions.models import IndicatorTarget, MultiYearPlan, PlanIndicator
from missions.selectors.plans import plan_version
from networks.templatetags.npz_extras import readable_source
from npz_registry.pdf import render_pdf
from npz_registry.reports.context import flanders_report, plan_report
from tests.missions.conftest import advance
from tests.networks.factories import ReformDateFactory
from tests.reports.layout import overflowing_text
from tests.transition.factories import ActionLineFactory
from transition.models import ActionLineRevision

pytestmark = pytest.mark.django_db

WEBINAR = "Webinarslides ‘Rollen en opdrachten’ (seeds/slides-webinar-roles-and-missions.txt)"


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", str(text))


def test_a_source_names_the_document_not_the_registrys_copy_of_it():
    assert readable_source(f"{WEBINAR}, dia ‘Volgende stappen’") == (
        "Webinarslides ‘Rollen en opdrachten’, dia ‘Volgende stappen’"
    )
    note = "Nota ‘Rollen en opdrachten netwerken palliatieve zorg’ (juli 2025), thema 1, punt 1"
    assert (
        readable_source(f"{note} (regel 132 van seeds/note-roles-and-missions-npz-2025.txt).") == f"{note}."
    )
    assert readable_source(note) == note  # a date in parentheses stays
    assert readable_source("") == ""


def test_the_flanders_report_cites_the_calendar_and_the_revisions_by_title(world):
    step = ReformDateFactory(source=f"{WEBINAR}, dia ‘Traject hervorming van de palliatieve zorg’")
    line = ActionLineFactory()
    ActionLineRevision.objects.create(
        action_line=line,
        stated_on="2025-07",
        target_as_written="nieuwe regelgeving vanaf 01/01/2027",
        target_end="2027-01-01",
        source=f"{WEBINAR}, ‘Volgende stappen’",
    )

    with translation.override("nl-be"):
        report = flanders_report(datetime.date(2027, 1, 1))
        html = report.html()

    assert "seeds/" not in html
    assert "Webinarslides ‘Rollen en opdrachten’, dia ‘Traject hervorming" in html
    assert "Webinarslides ‘Rollen en opdrachten’, ‘Volgende stappen’" in html
    step.refresh_from_db()
    assert "seeds/" in step.source  # the data is as staff entered it; the report reads it cited


@pytest.mark.pdf
def test_the_plans_unit_column_keeps_short_units_whole(make_plan, coordinator_a):
    """'patiënten' and 'huisartsen' were printed as 'patiën- ten' and 'huisart- sen', also with six
    target years (the narrowest columns); nothing runs out of its cell."""
    plan = make_plan(complete=True)
    indicators = list(PlanIndicator.objects.filter(goal__plan=plan).order_by("pk"))
    units = ["patiënten", "huisartsen", "begeleidingen", "zorgverleners", "%"]
    for indicator, unit in zip(indicators, units, strict=False):
        indicator.unit = unit
        indicator.save()
    for year in range(2029, 2033):  # six target years: the "many years" layout
        IndicatorTarget.objects.create(indicator=indicators[0], year=year, value=1250)
    advance(plan, "submit", by=coordinator_a)
    plan = MultiYearPlan.objects.select_related("network", "period").get(pk=plan.pk)

    with translation.override("nl-be"):
        report = plan_report(plan, plan_version(plan))
        html = report.html()
        content = render_pdf(html, base_url="http://testserver/", title=report.title, lang=report.lang)
    text = " ".join(page.extract_text() for page in PdfReader(BytesIO(content)).pages)

    assert report.context["years"] == [2027, 2028, 2029, 2030, 2031, 2032]
    for unit in units[:4]:
        assert unit in text, unit
    assert not re.search(r"(patiën|huisart|begelei|zorgver)\w*‐", text)  # no hyphen inside a unit
    assert overflowing_text(html) == []
