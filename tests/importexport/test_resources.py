"""The resources every import and export goes through (npz_registry.importexport.resources):
a clean import, the same import again, one bad row, unknown keys, a key twice, formulas, the
XLSX round trip of every table, and queries that do not grow with the rows."""

import datetime

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from missions import resources as missions_resources
from missions.models import Indicator, IndicatorDirection, IndicatorLevel, IndicatorValue
from missions.resources import IndicatorMunicipalityValueResource, IndicatorZoneValueResource
from networks import resources as networks_resources
from networks.models import LegacyOrganisation, Municipality, MunicipalityFigures, PrimaryCareZoneMembership
from networks.resources import (
    LegacyOrganisationResource,
    MunicipalityFiguresResource,
    MunicipalityResource,
    PrimaryCareZoneMembershipResource,
    PrimaryCareZoneResource,
)
from npz_registry.importexport import resources as resources_module
from npz_registry.importexport.files import read_dataset
from npz_registry.importexport.resources import BatchResource, ImportFileError
from npz_registry.importexport.widgets import IntegerCellWidget
from npz_registry.limits import NOTE
from tests.importexport.conftest import FORMULA, csv_dataset, xlsx_bytes
from tests.networks.factories import (
    MunicipalityFactory,
    PrimaryCareZoneFactory,
    RegionalCareZoneFactory,
    StaffFactory,
)
from transition import resources as transition_resources

pytestmark = pytest.mark.django_db

MUNICIPALITY_COLUMNS = ["nis_code", "name", "region", "province"]


def all_resources():
    found = []
    for module in (networks_resources, missions_resources, transition_resources):
        for obj in vars(module).values():
            if (
                isinstance(obj, type)
                and issubclass(obj, BatchResource)
                and obj.__module__ == module.__name__
                and obj._meta.model is not None
            ):
                found.append(obj)
    return found


def messages_of(result) -> dict:
    return {row.number: row.error_dict for row in result.invalid_rows}


def municipalities(*rows):
    return csv_dataset(
        MUNICIPALITY_COLUMNS, [[nis, name, "Vlaams Gewest", "Antwerpen"] for nis, name in rows]
    )


def test_a_clean_import_creates_every_row_with_its_history_and_user():
    staff = StaffFactory(username="staff.import")
    result = MunicipalityResource().import_data(
        municipalities(("11001", "Aartselaar"), ("11002", "Antwerpen")), user=staff, file_name="gemeenten.csv"
    )

    assert not result.has_errors() and not result.has_validation_errors()
    assert result.totals["new"] == 2
    aartselaar = Municipality.objects.get(nis_code="11001")
    assert aartselaar.region == Municipality.Region.FLEMISH
    record = aartselaar.history.get()
    assert record.history_type == "+" and record.history_user == staff
    assert record.history_change_reason == "import gemeenten.csv"


def test_the_same_import_again_skips_every_row_and_writes_no_history():
    rows = municipalities(("11001", "Aartselaar"), ("11002", "Antwerpen"))
    MunicipalityResource().import_data(rows)

    result = MunicipalityResource().import_data(rows)

    assert result.totals["skip"] == 2 and result.totals["new"] == result.totals["update"] == 0
    assert Municipality.history.count() == 2


def test_a_changed_row_is_updated_with_a_history_record():
    MunicipalityResource().import_data(municipalities(("11001", "Aartselaar")))

    result = MunicipalityResource().import_data(municipalities(("11001", "Aartselaar (nieuw)")))

    assert result.totals["update"] == 1
    aartselaar = Municipality.objects.get()
    assert aartselaar.name == "Aartselaar (nieuw)"
    assert [h.history_type for h in aartselaar.history.all()] == ["~", "+"]


def test_one_bad_row_saves_nothing_and_its_error_names_the_row_and_the_column():
    rows = municipalities(("11001", "Aartselaar"), ("11002", "Antwerpen"), ("1103", "Fout"))

    result = MunicipalityResource().import_data(rows)

    assert messages_of(result) == {
        3: {"nis_code": ["Een NIS-code heeft precies vijf cijfers (bijvoorbeeld 11002)."]}
    }
    assert not Municipality.objects.exists()


def test_a_dry_run_checks_every_row_and_saves_nothing():
    result = MunicipalityResource().import_data(municipalities(("11001", "Aartselaar")), dry_run=True)

    assert result.totals["new"] == 1 and not result.has_validation_errors()
    assert not Municipality.objects.exists() and not Municipality.history.exists()


def test_an_unknown_nis_code_is_refused_unless_staff_choose_to_add_rows():
    MunicipalityFactory(nis_code="11001", name="Aartselaar")
    rows = municipalities(("11001", "Aartselaar"), ("99999", "Spookgemeente"))

    refused = MunicipalityResource(create_new=False).import_data(rows)
    assert messages_of(refused)[2]["nis_code"] == [
        "nis_code 99999 staat niet in de tabel. "
        "Vink “Rijen met nieuwe sleutels toevoegen” aan om de rij toe te voegen."
    ]
    assert not Municipality.objects.filter(nis_code="99999").exists()

    MunicipalityResource(create_new=True).import_data(rows)
    assert Municipality.objects.filter(nis_code="99999").exists()


def test_an_unknown_nis_code_in_a_table_of_values_is_a_row_error():
    MunicipalityFactory(nis_code="11001")
    rows = csv_dataset(["nis_code", "year", "population"], [["11001", 2026, 100], ["99999", 2026, 50]])

    result = MunicipalityFiguresResource().import_data(rows)

    assert messages_of(result) == {2: {"nis_code": ["Geen gemeente met NIS-code 99999."]}}
    assert not MunicipalityFigures.objects.exists()


def test_the_same_key_twice_is_an_error_naming_both_rows():
    rows = municipalities(("11001", "Aartselaar"), ("11002", "Antwerpen"), ("11001", "Aartselaar bis"))

    result = MunicipalityResource().import_data(rows)

    assert messages_of(result) == {
        3: {"nis_code": ["Rij 2 en rij 4 hebben dezelfde sleutel (nis_code 11001)."]},
    }
    assert not Municipality.objects.exists()


def test_wrong_headers_are_refused_with_a_dutch_message_naming_them():
    rows = csv_dataset(["NIS", "Naam"], [["11001", "Aartselaar"]])

    result = MunicipalityResource().import_data(rows)

    [error] = result.base_errors
    message = str(error.error)
    # The key and every column the table cannot store empty (region), not the optional ones;
    # "Naam" is the name column as the preview names it.
    assert message.startswith("Het bestand mist de kolom(men) nis_code, region. Verwachte kolommen:")
    assert "Gevonden: NIS, name." in message
    assert not result.rows and not Municipality.objects.exists()


def test_a_text_longer_than_its_field_takes_is_a_row_error_and_saves_nothing():
    rows = csv_dataset(
        [*MUNICIPALITY_COLUMNS, "notes"],
        [["11001", "Aartselaar", "Vlaams Gewest", "Antwerpen", "x" * (NOTE + 1)]],
    )

    result = MunicipalityResource().import_data(rows)

    assert "2000" in messages_of(result)[1]["notes"][0]
    assert not Municipality.objects.exists()


def test_too_many_rows_are_refused_before_any_row_is_read(settings):
    settings.NPZ_IMPORT_MAX_ROWS = 2
    rows = municipalities(("11001", "A"), ("11002", "B"), ("11003", "C"))

    result = MunicipalityResource().import_data(rows)

    assert [str(e.error) for e in result.base_errors] == [
        "Het bestand telt 3 rijen; een import neemt hoogstens 2 rijen. Splits het bestand en importeer de "
        "delen na elkaar."
    ]
    assert not Municipality.objects.exists()


def test_a_database_refusal_saves_nothing_and_is_listed(monkeypatch):
    # A value only the database checks. The year range of the figures is a row error now
    # (tests/test_fix_import_constraints.py); with the check in Python switched off, the database
    # refuses at the write, in the constraint's own words.
    monkeypatch.setattr(resources_module, "constraint_errors", lambda instance, exclude: {})
    MunicipalityFactory(nis_code="11001")
    rows = csv_dataset(["nis_code", "year", "population"], [["11001", 2026, 100], ["11001", 1800, 50]])

    result = MunicipalityFiguresResource().import_data(rows)

    assert [str(e.error) for e in result.base_errors] == [
        "De databank weigerde de rijen: Het jaar ligt tussen 1970 en 2100."
    ]
    assert not MunicipalityFigures.objects.exists()


def test_rows_that_point_at_rows_later_in_the_file_are_linked():
    rows = csv_dataset(
        ["code", "name", "kind", "parent_code"],
        [
            ["antwerpen-centrum", "Antwerpen-Centrum", "ELZ_SUBMUNICIPAL", "antwerpen-en-rand"],
            ["antwerpen-en-rand", "Antwerpen en rand", "ELZ_CLUSTER", ""],
        ],
    )

    result = PrimaryCareZoneResource().import_data(rows)

    assert not result.has_validation_errors(), messages_of(result)
    centrum = PrimaryCareZoneFactory._meta.model.objects.get(code="antwerpen-centrum")
    assert centrum.parent.code == "antwerpen-en-rand"


def test_partners_of_the_same_kind_are_refused_even_when_both_are_new():
    rows = csv_dataset(
        ["id", "kind", "name", "linked_id"],
        [["pn-a", "PN_PSV", "Netwerk A", "pn-b"], ["pn-b", "PN_PSV", "Netwerk B", "pn-a"]],
    )

    result = LegacyOrganisationResource().import_data(rows)

    assert sorted(messages_of(result)) == [1, 2]
    assert messages_of(result)[1]["linked_id"][0].startswith("De partner moet van de andere soort zijn")
    assert not LegacyOrganisation.objects.exists()


def test_memberships_that_overlap_within_one_file_are_refused():
    MunicipalityFactory(nis_code="11001", name="Aartselaar")
    for code in ("rupelaar", "zora"):
        PrimaryCareZoneFactory(code=code)
    rows = csv_dataset(
        ["nis_code", "zone_code", "valid_from", "valid_until"],
        [["11001", "rupelaar", "2025-01-01", ""], ["11001", "zora", "2026-01-01", ""]],
    )

    result = PrimaryCareZoneMembershipResource().import_data(rows)

    assert list(messages_of(result)) == [2]
    assert "overlappende periode" in messages_of(result)[2]["__all__"][0]
    assert not PrimaryCareZoneMembership.objects.exists()


def test_formula_cells_come_back_escaped_in_csv_and_xlsx_and_import_back_unchanged(every_table):
    dataset = LegacyOrganisationResource().export()
    notes = dataset.headers.index("notes")
    phone = dataset.headers.index("phone")
    pn = next(row for row in dataset if row[0] == "pn-test")
    assert pn[notes] == "'" + FORMULA and pn[phone] == "'+32 14 00 00 00"
    assert "'=HYPERLINK" in dataset.export("csv")

    sheet = openpyxl.load_workbook(__import__("io").BytesIO(xlsx_bytes(dataset))).active
    cells = [cell for row in sheet.iter_rows() for cell in row if str(cell.value).startswith("'=HYPERLINK")]
    assert cells and all(cell.data_type == "s" for cell in cells)  # text, never a formula

    result = LegacyOrganisationResource().import_data(read_dataset(xlsx_bytes(dataset), "xlsx"))
    assert result.totals["skip"] == 2 and not result.has_validation_errors()
    assert LegacyOrganisation.objects.get(code="pn-test").notes == FORMULA


@pytest.mark.parametrize("resource_class", all_resources(), ids=lambda r: r.__name__)
def test_every_tables_xlsx_export_imports_back_unchanged(every_table, resource_class):
    exported = resource_class().export()
    assert len(exported), "the fixture has no row for this table"
    history_before = {m: m.history.count() for m in [resource_class._meta.model] if hasattr(m, "history")}

    result = resource_class().import_data(read_dataset(xlsx_bytes(exported), "xlsx"))

    assert not result.has_errors(), [str(e.error) for e in result.base_errors]
    assert not result.has_validation_errors(), messages_of(result)
    assert result.totals["new"] == result.totals["update"] == 0
    assert result.totals["skip"] == len(exported)
    assert {m: m.history.count() for m in history_before} == history_before


def indicator_values(count: int):
    """`count` new values of one municipal indicator for as many municipalities."""
    indicator = Indicator.objects.get_or_create(
        code="mantelzorg",
        defaults={
            "name": "M",
            "name_en": "M",
            "direction": IndicatorDirection.MORE_NEED,
            "level": IndicatorLevel.MUNICIPALITY,
        },
    )[0]
    towns = [MunicipalityFactory() for _ in range(count)]
    return csv_dataset(
        ["indicator", "nis_code", "year", "value"],
        [[indicator.code, town.nis_code, 2025, "1,5"] for town in towns],
    )


def zone_values(count: int):
    Indicator.objects.get_or_create(
        code="kansarmoede", defaults={"name": "K", "name_en": "K", "direction": IndicatorDirection.MORE_NEED}
    )
    zones = [RegionalCareZoneFactory() for _ in range(count)]
    return csv_dataset(
        ["indicator", "zone_code", "year", "value"], [["kansarmoede", z.code, 2024, 3] for z in zones]
    )


def organisations(count: int):
    zone = RegionalCareZoneFactory(code="kempen")
    MunicipalityFactory(nis_code="13025")
    rows = []
    for n in range(count):
        rows.append([f"pn-{n}", "PN_PSV", f"Netwerk {n}", f"mbe-{n}", "13025", zone.code])
        rows.append([f"mbe-{n}", "MBE", f"Equipe {n}", f"pn-{n}", "", zone.code])
    return csv_dataset(
        ["id", "kind", "name", "linked_id", "seat_nis_code", "referentieregio_overlap_derived"], rows
    )


def memberships(count: int):
    zone = PrimaryCareZoneFactory()
    towns = [MunicipalityFactory() for _ in range(count)]
    return csv_dataset(
        ["nis_code", "zone_code", "valid_from"], [[town.nis_code, zone.code, "2025-01-01"] for town in towns]
    )


@pytest.mark.parametrize(
    "resource_class, rows",
    [
        (IndicatorMunicipalityValueResource, indicator_values),
        (IndicatorZoneValueResource, zone_values),
        (LegacyOrganisationResource, organisations),
        (PrimaryCareZoneMembershipResource, memberships),
    ],
    ids=lambda p: getattr(p, "__name__", ""),
)
@pytest.mark.parametrize("dry_run", [True, False], ids=["dry-run", "commit"])
def test_an_imports_queries_do_not_grow_with_its_rows(resource_class, rows, dry_run):
    # Up to SQLite's batch of one INSERT (999 parameters: 30+ history rows): a row costs no query.
    counts = []
    for size in (2, 15):
        dataset = rows(size)
        with CaptureQueriesContext(connection) as queries:
            result = resource_class().import_data(dataset, dry_run=dry_run)
        assert not result.has_validation_errors(), messages_of(result)
        assert result.totals["new"] == len(dataset)
        counts.append(len(queries.captured_queries))
        resource_class._meta.model.objects.all().delete()
    assert counts[0] == counts[1]


def test_dutch_and_english_decimals_and_xlsx_numbers_are_read_alike():
    dataset = indicator_values(3)
    dataset = csv_dataset(
        dataset.headers, [row[:3] + (value,) for row, value in zip(dataset, ["1,5", "1.5", 1.5], strict=True)]
    )

    IndicatorMunicipalityValueResource().import_data(dataset)

    assert {str(v) for v in IndicatorValue.objects.values_list("value", flat=True)} == {"1.5000"}


def test_a_date_from_an_xlsx_cell_is_a_date_again():
    MunicipalityFactory(nis_code="11001")
    PrimaryCareZoneFactory(code="rupelaar")
    dataset = csv_dataset(
        ["nis_code", "zone_code", "valid_from"], [["11001", "rupelaar", datetime.datetime(2025, 1, 1)]]
    )
    PrimaryCareZoneMembershipResource().import_data(dataset)

    assert PrimaryCareZoneMembership.objects.get().valid_from == datetime.date(2025, 1, 1)


def municipality_file(*lines):
    """Lines of the department's municipalities.csv (only the columns these tests need)."""
    columns = ["nis_code", "name", "region", "province", "primary_care_zone", "primary_care_subzones"]
    columns += [
        "referentieregio",
        "regional_care_zone",
        "population",
        "population_ref_date",
        "deaths",
        "deaths_year",
    ]
    return csv_dataset(columns, [[line.get(column, "") for column in columns] for line in lines])


def town(nis_code, name, **cells):
    return {"nis_code": nis_code, "name": name, "region": "Vlaams Gewest", "province": "Antwerpen", **cells}


@pytest.fixture
def zones():
    RegionalCareZoneFactory(code="regio-antwerpen")
    RegionalCareZoneFactory(code="brussel")
    for code in ("rupelaar", "antwerpen-centrum"):
        PrimaryCareZoneFactory(code=code)


def test_the_departments_municipality_file_brings_zones_and_figures_all_or_nothing(zones):
    from networks.resources import MunicipalityFileResource

    good = municipality_file(
        town(
            "11001",
            "Aartselaar",
            primary_care_zone="rupelaar",
            primary_care_subzones="antwerpen-centrum",
            referentieregio="regio-antwerpen",
            population=14427,
            population_ref_date="2020-01-01",
            deaths=170,
            deaths_year=2025,
        ),
        town("21004", "Brussel", region="Brussels Hoofdstedelijk Gewest", province=""),
    )
    resource = MunicipalityFileResource()
    result = resource.import_data(good)

    assert not result.has_validation_errors(), messages_of(result)
    aartselaar = Municipality.objects.get(nis_code="11001")
    assert sorted((m.zone.code, m.is_partial) for m in aartselaar.primary_care_zone_memberships.all()) == [
        ("antwerpen-centrum", True),
        ("rupelaar", False),
    ]
    assert aartselaar.regional_care_zone_memberships.get().zone.code == "regio-antwerpen"
    assert (
        Municipality.objects.get(nis_code="21004").regional_care_zone_memberships.get().zone.code == "brussel"
    )
    assert {(f.year, f.population, f.deaths) for f in aartselaar.figures.all()} == {
        (2020, 14427, None),
        (2025, None, 170),
    }
    assert {t.label: t.created for t in resource.derived_counts}["municipal figures"] == 2

    again = MunicipalityFileResource().import_data(good)
    assert again.totals["skip"] == 2 and MunicipalityFigures.history.count() == 2


@pytest.mark.parametrize(
    "second_line, column, message",
    [
        (
            {"primary_care_zone": "rupelaar", "population": 5, "population_ref_date": "2020-03-01"},
            "__all__",
            "population_ref_date: 2020-03-01 is not a count on 1 January.",
        ),
        (
            {"primary_care_zone": "rupelaar", "deaths": 170, "deaths_year": "twintig"},
            "__all__",
            "deaths_year: twintig is not a year (write four digits, for example 2025).",
        ),
        (
            {"primary_care_zone": "rupelaar", "deaths": 170, "deaths_year": ""},
            "__all__",
            "deaths_year: (empty) is not a year (write four digits, for example 2025).",
        ),
        (
            {"primary_care_zone": "onbekend"},
            "primary_care_zone",
            "Memberships of primary care zones: No primary care zone with code onbekend.",
        ),
        (
            {"primary_care_zone": "rupelaar", "primary_care_subzones": "antwerpen-centrum; onbekend"},
            "primary_care_subzones",
            "Memberships of primary care zones: No primary care zone with code onbekend.",
        ),
        (
            {"primary_care_zone": "rupelaar", "population": "veel", "population_ref_date": "2020-01-01"},
            "population",
            "Municipal figures: veel is not a whole number.",
        ),
    ],
    ids=[
        "a count not on 1 January",
        "a year of deaths that is not a year",
        "an empty year of deaths",
        "an unknown zone",
        "an unknown subzone",
        "a population that is not a number",
    ],
)
def test_a_bad_line_of_the_municipality_file_saves_nothing_and_names_its_row_and_column(
    zones, second_line, column, message
):
    from networks.resources import MunicipalityFileResource

    lines = municipality_file(
        town(
            "11001",
            "Aartselaar",
            primary_care_zone="rupelaar",
            population=14427,
            population_ref_date="2020-01-01",
        ),
        town("11002", "Antwerpen", referentieregio="regio-antwerpen", **second_line),
    )

    with translation.override("en"):
        result = MunicipalityFileResource().import_data(lines)

    assert messages_of(result) == {2: {column: [message]}}
    assert not Municipality.objects.exists() and not MunicipalityFigures.objects.exists()


@pytest.mark.parametrize(("cell", "stored"), [("ja", True), (" Nee ", False), ("TRUE", True), ("0", False)])
def test_a_yes_no_column_reads_yes_and_no_in_dutch_and_english(cell, stored):
    zone = RegionalCareZoneFactory(code="kempen", is_verified=not stored)
    rows = networks_resources.RegionalCareZoneResource().export()
    rows[0] = [cell if header == "is_verified_regional_care_zone" else value
               for header, value in zip(rows.headers, rows[0], strict=True)]  # fmt: skip

    result = networks_resources.RegionalCareZoneResource().import_data(rows)

    assert not result.has_errors() and not result.has_validation_errors()
    zone.refresh_from_db()
    assert zone.is_verified is stored


def test_a_yes_no_column_with_other_text_is_a_row_error_not_a_silent_no():
    zone = RegionalCareZoneFactory(code="kempen", is_verified=True)
    rows = networks_resources.RegionalCareZoneResource().export()
    rows[0] = ["misschien" if header == "is_verified_regional_care_zone" else value
               for header, value in zip(rows.headers, rows[0], strict=True)]  # fmt: skip

    result = networks_resources.RegionalCareZoneResource().import_data(rows)

    assert messages_of(result) == {
        1: {"is_verified_regional_care_zone": ["misschien is geen ja of nee (schrijf ja of nee)."]}
    }
    zone.refresh_from_db()
    assert zone.is_verified is True


def test_a_file_without_a_value_column_names_it_with_the_missing_keys():
    # The QA file: "indicatorr,nis,jaar,waarde,bron" lacked the value column too, but only the keys
    # were named; a file with the keys and no value column would have failed on every row.
    indicator = Indicator.objects.create(
        code="aandeel-vt", name="Aandeel VT", level=IndicatorLevel.MUNICIPALITY,
        direction=IndicatorDirection.MORE_NEED,
    )  # fmt: skip
    MunicipalityFactory(nis_code="41002")
    wrong = csv_dataset(
        ["indicatorr", "nis", "jaar", "waarde", "bron"], [["aandeel-vt", "41002", "2024", "18,5", "x"]]
    )
    [error] = IndicatorMunicipalityValueResource().import_data(wrong).base_errors
    # "jaar", "waarde" and "bron" are the year, value and source columns as the preview names them.
    assert str(error.error).startswith("Het bestand mist de kolom(men) indicator, nis_code.")

    without_value = csv_dataset(
        ["indicator", "nis_code", "year", "source"], [[indicator.code, "41002", "2024", "x"]]
    )
    [error] = IndicatorMunicipalityValueResource().import_data(without_value).base_errors
    assert str(error.error).startswith("Het bestand mist de kolom(men) value.")
    assert not IndicatorValue.objects.exists()


def test_a_file_with_a_header_and_no_rows_is_refused_rather_than_previewed_empty():
    result = MunicipalityResource().import_data(csv_dataset(MUNICIPALITY_COLUMNS, []))
    [error] = result.base_errors
    assert str(error.error) == "Het bestand heeft een kopregel maar geen rijen: er is niets te importeren."


def test_a_whole_number_too_large_says_so():
    with pytest.raises(ValueError, match="99999999999999999999 is te groot."):
        IntegerCellWidget().clean("99999999999999999999")


@pytest.mark.parametrize(
    ("unit", "year", "value", "error"),
    [
        ("%", "2024", "-5", {"value": ["Een percentage ligt tussen 0 en 100."]}),
        ("%", "2024", "100,5", {"value": ["Een percentage ligt tussen 0 en 100."]}),
        ("%", "1800", "18,5", {"year": ["Zorg ervoor dat deze waarde minstens 1990 is."]}),
        ("per 1.000", "2024", "-5", None),
        ("%", "2024", "100", None),
    ],
)
def test_an_implausible_indicator_value_is_a_row_error(unit, year, value, error):
    indicator = Indicator.objects.create(
        code="aandeel-vt", name="Aandeel VT", level=IndicatorLevel.MUNICIPALITY, unit=unit,
        direction=IndicatorDirection.MORE_NEED,
    )  # fmt: skip
    MunicipalityFactory(nis_code="41002")
    rows = csv_dataset(["indicator", "nis_code", "year", "value"], [[indicator.code, "41002", year, value]])
    result = IndicatorMunicipalityValueResource().import_data(rows)
    assert messages_of(result) == ({1: error} if error else {})
    assert IndicatorValue.objects.exists() is (error is None)


def test_every_table_is_named_as_staff_read_it_not_by_its_class():
    """The export's choice of table and its messages ("choose at least one field of …") name it."""
    from django.utils import translation

    with translation.override("nl-be"):
        assert networks_resources.RegionalCareZoneResource.get_display_name() == "Regionale zorgzones"
        assert IndicatorMunicipalityValueResource.get_display_name() == "Waarden per gemeente"
        for resource in all_resources():
            assert not str(resource.get_display_name()).endswith("Resource"), resource


# Files as Excel in Belgium writes them (exploratory test of 6 December) ---------------------


@pytest.mark.parametrize(
    "cell, stored",
    [("1.234,5", "1234.5000"), ("-1.234.567,89", "-1234567.8900"), ("1 000,50", "1000.5000")],
)
def test_thousands_with_dots_and_a_decimal_comma_are_read_as_written(cell, stored):
    dataset = indicator_values(1)
    dataset = csv_dataset(dataset.headers, [dataset[0][:3] + (cell,)])

    result = IndicatorMunicipalityValueResource().import_data(dataset)

    assert not result.has_validation_errors()
    assert str(IndicatorValue.objects.get().value) == stored


@pytest.mark.parametrize("cell", ["5.000", "1.234"])  # "12.345.678" can only be thousands: read so
def test_a_dotted_thousand_without_a_comma_is_refused_rather_than_read_a_thousand_times_off(cell):
    """In Belgium "5.000" is five thousand, elsewhere five: neither guess is stored."""
    dataset = indicator_values(1)
    dataset = csv_dataset(dataset.headers, [dataset[0][:3] + (cell,)])

    result = IndicatorMunicipalityValueResource().import_data(dataset)

    assert result.has_validation_errors()
    message = str(result.invalid_rows[0].error_dict["value"])
    assert "dubbelzinnig" in message and cell.replace(".", "") in message
    assert not IndicatorValue.objects.exists()


@pytest.mark.parametrize("cell", ["31/12/2026", "31-12-2026", "31.12.2026", "2026-12-31"])
def test_a_day_first_date_as_excel_saves_it_in_a_csv_is_read(cell):
    MunicipalityFactory(nis_code="11001")
    PrimaryCareZoneFactory(code="rupelaar")
    dataset = csv_dataset(["nis_code", "zone_code", "valid_from"], [["11001", "rupelaar", cell]])

    result = PrimaryCareZoneMembershipResource().import_data(dataset)

    assert not result.has_validation_errors()
    assert PrimaryCareZoneMembership.objects.get().valid_from == datetime.date(2026, 12, 31)


def test_an_impossible_day_first_date_is_named_as_written():
    MunicipalityFactory(nis_code="11001")
    PrimaryCareZoneFactory(code="rupelaar")
    dataset = csv_dataset(["nis_code", "zone_code", "valid_from"], [["11001", "rupelaar", "31/02/2026"]])

    result = PrimaryCareZoneMembershipResource().import_data(dataset)

    assert "31/02/2026 is geen datum" in str(result.invalid_rows[0].error_dict["valid_from"])


def test_rows_excel_left_empty_at_the_end_of_a_csv_are_ignored():
    MunicipalityFactory(nis_code="11001")
    PrimaryCareZoneFactory(code="rupelaar")
    content = b"nis_code;zone_code;valid_from\r\n11001;rupelaar;2025-01-01\r\n;;\r\n ; ;\r\n"

    dataset = read_dataset(content, "csv")

    assert len(dataset) == 1
    assert not PrimaryCareZoneMembershipResource().import_data(dataset).has_validation_errors()


@pytest.mark.parametrize("signature", [b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"])
def test_a_spreadsheet_uploaded_as_csv_is_named_a_spreadsheet_not_a_bad_encoding(signature):
    with pytest.raises(ImportFileError, match="XLSX"):
        read_dataset(signature + b"\x95\x00rest of the workbook", "csv")


def test_the_values_per_zone_and_per_municipality_export_only_their_own_and_import_back_unchanged():
    zone_file = zone_values(2)
    IndicatorZoneValueResource().import_data(zone_file)
    IndicatorMunicipalityValueResource().import_data(indicator_values(3))
    assert IndicatorValue.objects.count() == 5

    for resource_class, count in ((IndicatorZoneValueResource, 2), (IndicatorMunicipalityValueResource, 3)):
        exported = resource_class().export(queryset=IndicatorValue.objects.all())
        assert len(exported) == count
        result = resource_class().import_data(read_dataset(xlsx_bytes(exported), "xlsx"))
        assert not result.has_validation_errors() and not result.has_errors()
        assert result.totals["skip"] == count


def test_columns_may_be_named_in_any_case_or_as_the_preview_names_them():
    MunicipalityFactory(nis_code="11001")
    PrimaryCareZoneFactory(code="rupelaar")
    dataset = csv_dataset(["NIS_CODE", "Zone_Code", "Geldig vanaf"], [["11001", "rupelaar", "2025-01-01"]])

    result = PrimaryCareZoneMembershipResource().import_data(dataset)

    assert not result.has_validation_errors() and not result.has_errors(), result.base_errors
    assert PrimaryCareZoneMembership.objects.get().valid_from == datetime.date(2025, 1, 1)


@pytest.mark.django_db(transaction=True)
def test_a_committed_import_marks_the_data_as_changed_and_a_dry_run_or_no_change_does_not():
    """Imports write in bulk (no save signal): the data version, which every kept page and
    figure and the check of an import's preview follow, goes up once per committed import."""
    from npz_registry import dataversion

    rows = municipalities(("11001", "Aartselaar"), ("11002", "Antwerpen"))
    before = dataversion.current()
    MunicipalityResource().import_data(rows, dry_run=True)
    assert dataversion.current() == before
    MunicipalityResource().import_data(rows)
    assert dataversion.current() == before + 1
    MunicipalityResource().import_data(rows)  # nothing changes
    assert dataversion.current() == before + 1
    MunicipalityResource().import_data(municipalities(("11001", "Aartselaar (nieuw)")))
    assert dataversion.current() == before + 2


@pytest.mark.parametrize(
    "headers, named",
    [
        (["nis_code", "year", "population", "population"], "population"),
        (["nis_code", "nis_code", "year", "population"], "nis_code"),
        (["nis_code", "year", "NIS_CODE", "Population", "population"], "nis_code, population"),
    ],
    ids=["a value", "the key", "in another case"],
)
def test_a_column_named_twice_is_refused_naming_it_rather_than_the_last_one_winning(headers, named):
    MunicipalityFactory(nis_code="11001")
    dataset = csv_dataset(headers, [["11001", "2026", "11001", "100", "200"][: len(headers)]])

    with translation.override("en"):
        result = MunicipalityFiguresResource().import_data(dataset)

    assert [str(error.error) for error in result.base_errors] == [
        f"The file names the column(s) {named} more than once. Keep one column of each."
    ]
    assert not MunicipalityFigures.objects.exists()


def test_an_unchanged_number_written_otherwise_shows_no_change_in_the_preview():
    """The database gives 1.5000, an XLSX cell 1.5: the row is unchanged, so no cell may show
    "1,5000 → 1,5"."""
    first = indicator_values(1)
    IndicatorMunicipalityValueResource().import_data(first)
    again = csv_dataset(first.headers, [row[:3] + (1.5,) for row in first])

    result = IndicatorMunicipalityValueResource().import_data(again, dry_run=True)

    [row] = result.rows
    assert row.import_type == "skip"
    assert not any("→" in str(cell) for cell in row.diff), row.diff


def test_a_changed_number_still_shows_the_old_value_an_arrow_and_the_new_one():
    first = indicator_values(1)
    IndicatorMunicipalityValueResource().import_data(first)
    again = csv_dataset(first.headers, [row[:3] + ("2,25",) for row in first])

    [row] = IndicatorMunicipalityValueResource().import_data(again, dry_run=True).rows

    assert row.import_type == "update"
    assert "<del>1,5000</del> → <ins>2,25</ins>" in row.diff


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
@pytest.mark.parametrize("notes", ["\r=1+1", "\r", "=1+1", "\t=1+1", "Gewone tekst"])
def test_a_text_that_starts_with_a_carriage_return_survives_an_export_and_import(file_format, notes):
    MunicipalityFactory(nis_code="11001", notes=notes)
    exported = MunicipalityResource().export()
    content = xlsx_bytes(exported) if file_format == "xlsx" else exported.export("csv").encode()

    result = MunicipalityResource().import_data(read_dataset(content, file_format))

    assert not result.has_validation_errors() and result.totals["skip"] == 1, messages_of(result)
    assert Municipality.objects.get().notes == notes
