"""Must-show 1: `manage.py render_report flanders -o flanders.pdf` on the demo data makes a PDF
whose text (pypdf) names every demo network, every zone and the five themes, and whose numbers
equal the database's. The demo data is loaded once for the module inside a transaction that is
rolled back afterwards, and the PDF is rendered once."""

import re
from collections import Counter
from decimal import Decimal

import pytest
from django.contrib.humanize.templatetags.humanize import intcomma
from django.core.management import call_command
from django.db import transaction
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from pypdf import PdfReader

from missions.models import MissionTheme, MultiYearPlan, SubmissionStatus
from missions.selectors.plans import plan_version
from networks.models import Network, RegionalCareZone
from networks.selectors import coverage_on, networks_serving_on
from npz_registry.reports.context import (
    INDICATOR_STATUS_ORDER,
    flanders_report,
    indicator_progress_charts,
    network_report,
    plan_report,
)
from tests.networks.factories import RECOGNITION_DAY, NetworkFactory
from tests.reports.layout import overflowing_text
from tests.transition.factories import FundingFactory
from transition.models import FundingKind
from transition.selectors import mergers_by_status

INDICATOR_STATUSES = [status.value for status in INDICATOR_STATUS_ORDER]

pytestmark = [pytest.mark.pdf, pytest.mark.django_db]


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", str(text))


@pytest.fixture(scope="module")
def demo_data(django_db_setup, django_db_blocker):
    from networks.services.demo_data import load_demo_data
    from npz_registry.reference_data import load_reference_data

    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            load_reference_data()
            load_demo_data()
            yield
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture(scope="module")
def flanders_pdf(demo_data, django_db_blocker, tmp_path_factory):
    path = tmp_path_factory.mktemp("reports") / "flanders.pdf"
    with django_db_blocker.unblock():
        call_command("render_report", "flanders", "-o", str(path))
    reader = PdfReader(path)
    return {
        "path": path,
        "reader": reader,
        "text": squeeze(" ".join(page.extract_text() for page in reader.pages)),
    }


def test_render_report_writes_a_pdf_file(flanders_pdf):
    assert flanders_pdf["path"].read_bytes().startswith(b"%PDF-")
    assert 5 <= len(flanders_pdf["reader"].pages) <= 14  # a summary: about ten pages at any scale


def test_the_pdf_names_every_network_every_zone_and_the_five_themes(flanders_pdf):
    """The demo's thirteen networks fit the few names shown per zone and per merger status."""
    text = flanders_pdf["text"]
    networks = list(Network.objects.values_list("name", flat=True))
    zones = list(RegionalCareZone.objects.values_list("name", flat=True))
    themes = list(MissionTheme.objects.core().values_list("name", flat=True))
    assert len(networks) == 13 and len(zones) == 16 and len(themes) == 5
    assert [name for name in networks + zones + themes if squeeze(name) not in text] == []
    assert squeeze("Schaal van het register (de nota bepaalt geen schaal)") in text  # the scale is ours


def test_the_pdfs_numbers_equal_the_database(flanders_pdf):
    text = flanders_pdf["text"]
    coverage = coverage_on(RECOGNITION_DAY)
    with translation.override("nl-be"):
        assert squeeze(f"{len(coverage.covered_zones)} / {len(coverage.zones)}") in text
        assert squeeze(intcomma(coverage.population_total)) in text
        serving = networks_serving_on(RECOGNITION_DAY).count()  # the networks of the day, as the API's
        assert serving < Network.objects.count()  # the demo has networks that start later
        assert squeeze(f"{_('Networks')} {serving}") in text
        plans = Counter(MultiYearPlan.objects.values_list("status", flat=True))
        assert sum(plans.values()) == 3  # the demo data: one draft, one submitted, one approved
        assert squeeze(f"{_('Multi-year plans')} {sum(plans.values())}") in text
        for status in SubmissionStatus:
            assert squeeze(f"{capfirst(status.label)} {plans.get(status.value, 0)}") in text
        for group in mergers_by_status(RECOGNITION_DAY):
            assert squeeze(f"{capfirst(group['label'])} {len(group['mergers'])}") in text


def test_the_pdf_is_dutch_tagged_and_titled(flanders_pdf):
    reader = flanders_pdf["reader"]
    assert reader.trailer["/Root"]["/Lang"] == "nl-BE"
    assert "/StructTreeRoot" in reader.trailer["/Root"]
    with translation.override("nl-be"):
        assert reader.metadata.title.startswith(_("Palliative care networks in Flanders"))


def test_the_indicator_progress_is_counted_per_theme_not_listed_per_network(flanders_pdf):
    """demo-antwerpen has the approved plan with a progress report on 2025: its indicators are
    counted per theme and in total (the report summarises; each network's indicators are in its
    progress report), and the section names only the networks counted, with their year (it
    named none, so its figures could not be traced: found by review)."""
    text = flanders_pdf["text"]
    network = Network.objects.get(code="demo-antwerpen")
    with translation.override("nl-be"):
        heading = squeeze(_("Indicator progress"))
        next_chapter = squeeze(_("Mergers and milestones"))
        (chart,) = indicator_progress_charts([network])
        statuses = Counter(row["status"] for row in chart["rows"])
        total = squeeze(_("Total") + " " + " ".join(str(statuses.get(s, 0)) for s in INDICATOR_STATUSES))
    section = text[text.index(heading) :]
    section = section[: section.index(next_chapter)]
    assert total in section
    assert [n.name for n in Network.objects.all() if squeeze(n.name) in section] == [network.name]
    assert squeeze(f"{network.name} (2025)") in section


def test_the_demo_plan_in_review_is_a_concept_and_the_approved_one_is_not(demo_data):
    # The report's HTML, as the PDF prints it (test_plan_pdf.py renders plan PDFs themselves).
    for code, is_concept in (("demo-b", True), ("demo-antwerpen", False)):
        plan = MultiYearPlan.objects.select_related("network", "period").get(network__code=code)
        report = plan_report(plan, plan_version(plan))
        html = report.html()
        assert report.context["is_concept"] is is_concept and ("CONCEPT" in html) is is_concept, code
        assert plan.latest_version.content_hash in html


def test_no_text_of_the_three_reports_runs_out_of_its_cell_or_off_the_page(demo_data):
    """The funding table once had a column per year: with nine years of eight-figure amounts (as
    the generated data has) they were printed over each other. Years are now rows; this reads
    the laid-out boxes of each report on the demo data with such amounts added."""
    network = Network.objects.get(code="demo-antwerpen")
    grantee = NetworkFactory(code="test-grantee", name="Testnetwerk met subsidies")
    for year in range(2023, 2032):
        for kind in FundingKind:
            FundingFactory(network=grantee, year=year, kind=kind, amount=Decimal("17197000.00"))
    plan = MultiYearPlan.objects.select_related("network", "period").get(network=network)
    with translation.override("nl-be"):
        reports = {
            "flanders": flanders_report(),
            "network": network_report(network),
            "plan": plan_report(plan, plan_version(plan)),
        }
        assert "Financiering" in reports["flanders"].html()
        found = {name: overflowing_text(report.html()) for name, report in reports.items()}
    assert found == {"flanders": [], "network": [], "plan": []}


def test_a_name_or_address_without_spaces_wraps_inside_the_page_and_its_cells():
    """A name of long unbroken words ran past the page's edge on the cover, over the running
    header's other half and out of the identity table (found by review)."""
    token = "Palliatievezorgnetwerkondersteuninghuisartsenthuisverplegingwoonzorgcentra"
    network = NetworkFactory(
        code="test-long", name=f"{token} {token}", website=f"https://www.{token.lower()}.example/"
    )
    with translation.override("nl-be"):
        assert overflowing_text(network_report(network).html()) == []
