"""Must-show 3 of issue 13: the share of residents with an increased reimbursement (verhoogde
tegemoetkoming) is an importable indicator; once staff import its municipal values and give it
a weight with a source, the needs index and the suggested intensity of the zones follow. The
municipalities and values below are fictional test data."""

import datetime
import io
from pathlib import Path

import pytest
import tablib
from bs4 import BeautifulSoup
from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import translation

from missions.models import Indicator, IndicatorValue, RegionalIntensity
from missions.models.indicators import BuiltinIndicator
from missions.resources import IndicatorResource
from missions.selectors import needs_overview
from npz_registry.models import Certainty
from tests.missions.factories import make_themes
from tests.networks.factories import (
    MunicipalityFactory,
    MunicipalityFiguresFactory,
    RegionalCareZoneFactory,
    ServiceAreaFactory,
)

pytestmark = pytest.mark.django_db

CODE = "aandeel-verhoogde-tegemoetkoming"
SHARES = {"zone-a": ("90001", 10), "zone-b": ("90002", 20), "zone-c": ("90003", 60)}


def load_reimbursement_indicator():
    """The indicator row of fixtures/indicators.csv, loaded through the indicator resource."""
    text = (Path(settings.BASE_DIR) / "fixtures" / "indicators.csv").read_text(encoding="utf-8")
    dataset = tablib.Dataset().load(text, format="csv")
    rows = tablib.Dataset(*[row for row in dataset if row[0] == CODE], headers=dataset.headers)
    result = IndicatorResource(create_new=True, preview=False).import_data(rows, dry_run=False)
    assert not result.has_errors() and not result.has_validation_errors()
    return Indicator.objects.get(code=CODE)


@pytest.fixture
def three_zones(network_a):
    """Three zones of one municipality each, with equal 65+ shares and deaths, so the built-in
    indicators do not distinguish them and only the reimbursement share can."""
    for builtin in (BuiltinIndicator.SHARE_65_PLUS, BuiltinIndicator.DEATHS_PER_1000):
        Indicator.objects.create(
            code=builtin.lower(), name=builtin.label, name_en=builtin.label, builtin=builtin,
            direction="MORE_NEED", weight=1, weight_source="Eigen aanname (test)",
        )  # fmt: skip
    zones = {}
    for code, (nis_code, _share) in SHARES.items():
        zone = RegionalCareZoneFactory(code=code, name=code.title())
        town = MunicipalityFactory(nis_code=nis_code, name=f"Fictieve gemeente {nis_code}", zone=zone)
        MunicipalityFiguresFactory(municipality=town, year=2026, population=10_000, aged_65_plus=2_000)
        MunicipalityFiguresFactory(
            municipality=town, year=2025, population=None, aged_65_plus=None, deaths=100
        )
        zones[code] = zone
    make_themes()
    ServiceAreaFactory(network=network_a, zone=zones["zone-c"], valid_from=datetime.date(2026, 1, 1))
    return zones


def import_municipal_values(client):
    """Staff upload the municipal shares in the back office (dry run, then confirm)."""
    csv = "indicator,nis_code,year,value,source\n" + "".join(
        f"{CODE},{nis_code},2025,{share},Fictieve testwaarden\n" for nis_code, share in SHARES.values()
    )
    upload = io.BytesIO(csv.encode())
    upload.name = "verhoogde-tegemoetkoming.csv"
    preview = client.post(
        reverse("admin:missions_indicatorvalue_import"),
        {"import_file": upload, "format": "0", "resource": "1"},  # 1: values per municipality
    )
    assert not preview.context["result"].has_validation_errors()
    response = client.post(
        reverse("admin:missions_indicatorvalue_process_import"), preview.context["confirm_form"].initial
    )
    assert response.status_code == 302


def change_form_data(client, indicator) -> dict:
    """The admin change form of the indicator as the browser would send it back."""
    page = client.get(reverse("admin:missions_indicator_change", args=[indicator.pk]))
    form = BeautifulSoup(page.content, "html.parser").select_one("form#indicator_form")
    data = {}
    for field in form.select("input[name], textarea[name], select[name]"):
        if field.name == "select":
            chosen = field.select_one("option[selected]")
            data[field["name"]] = chosen["value"] if chosen else ""
        elif field.name == "textarea":
            data[field["name"]] = field.get_text()
        elif field.get("type") not in ("submit", "checkbox") or field.has_attr("checked"):
            data[field["name"]] = field.get("value", "")
    return data


def test_an_imported_reimbursement_share_with_a_staff_weight_moves_the_index_and_the_suggestion(
    staff_client, coordinator_a_client, three_zones
):
    indicator = load_reimbursement_indicator()
    assert (indicator.level, indicator.weight, indicator.unit) == ("MUNICIPALITY", 0, "%")
    assert "IMA" in indicator.source and not IndicatorValue.objects.exists()  # no values shipped
    import_municipal_values(staff_client)
    assert IndicatorValue.objects.filter(indicator=indicator).count() == 3

    # Weight 0: the share is shown but does not count; the built-ins are equal everywhere.
    overview = needs_overview()
    assert overview.values[CODE] == pytest.approx({"zone-a": 10, "zone-b": 20, "zone-c": 60})
    assert all(overview.result.zones[code].index is None for code in SHARES)
    assert overview.suggested(three_zones["zone-c"]) is None

    # Staff give it weight 2 with the source of that choice.
    data = change_form_data(staff_client, indicator)
    data.update(weight="2", weight_source="Beslissing afdeling (test)", weight_certainty="FIXED")
    response = staff_client.post(reverse("admin:missions_indicator_change", args=[indicator.pk]), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    indicator.refresh_from_db()
    assert (indicator.weight, indicator.weight_certainty) == (2, Certainty.FIXED)

    # By hand: mean 30, population sd sqrt((400 + 100 + 900) / 3) = 21.602; the built-ins are
    # skipped (all zones equal), so the index is the z-score: -0.926, -0.463, +1.389.
    overview = needs_overview()
    indices = {code: overview.result.zones[code].index for code in SHARES}
    assert indices == pytest.approx({"zone-a": -0.926, "zone-b": -0.463, "zone-c": 1.389}, abs=1e-3)
    assert {code: overview.result.zones[code].suggested_level for code in SHARES} == {
        "zone-a": 1,
        "zone-b": 2,
        "zone-c": 3,
    }
    skipped = {item.code for item in overview.result.skipped}
    assert skipped == {"share_65_plus", "deaths_per_1000"}
    with translation.override("en"):  # named by their labels on the page, in its language
        names = sorted(Indicator.objects.filter(code__in=skipped).values_list("name_en", flat=True))
        assert sorted(item["label"] for item in overview.skipped) == names

    # The intensity form of zone C suggests level 3, and saving stores that suggestion.
    page = coordinator_a_client.get("/netwerken/test-a/opdrachten/zone-c/informeren/")
    assert page.context["cell"].suggested == 3
    strong = BeautifulSoup(page.content, "html.parser").find("strong", string=lambda s: s and "3" in s)
    assert strong is not None
    coordinator_a_client.post(
        "/netwerken/test-a/opdrachten/zone-c/informeren/", {"delivery_emphasis": "BOTH", "level": 3}
    )
    assert RegionalIntensity.objects.get().suggested_level == 3


def test_an_indicators_unit_is_shown_in_the_pages_language(staff_client):
    indicator = load_reimbursement_indicator()
    Indicator.objects.filter(pk=indicator.pk).update(unit="per 1.000", unit_en="per 1,000")
    indicator.refresh_from_db()
    with translation.override("nl-be"):
        assert indicator.unit_label == "per 1.000"
    with translation.override("en"):
        assert indicator.unit_label == "per 1,000"
    assert load_reimbursement_indicator().unit_en == "%"  # the reference file has both


def test_a_weight_without_its_source_is_refused(staff_client, three_zones):
    indicator = load_reimbursement_indicator()
    data = change_form_data(staff_client, indicator)
    data.update(weight="2", weight_source="")
    response = staff_client.post(reverse("admin:missions_indicator_change", args=[indicator.pk]), data)
    assert response.status_code == 200
    assert "bron" in str(response.context["adminform"].form.errors).lower()
    indicator.refresh_from_db()
    assert indicator.weight == 0

    indicator.weight, indicator.weight_source = 2, ""
    with pytest.raises(IntegrityError), transaction.atomic():
        indicator.save()
