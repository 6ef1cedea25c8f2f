"""load_reference_data: real files in, counts out, idempotent, all-or-nothing."""

import csv
import shutil
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from networks.models import (
    LegacyOrganisation,
    Municipality,
    MunicipalityFigures,
    PrimaryCareZone,
    PrimaryCareZoneMembership,
    RegionalCareZone,
)
from networks.services.reference_data import FIXTURES_DIR
from npz_registry.reference_data import load_reference_data

pytestmark = pytest.mark.django_db

FILES = [
    "regional_care_zones.csv",
    "primary_care_zones.csv",
    "municipalities.csv",
    "legacy_organisations.csv",
]


def _rows(name):
    with (FIXTURES_DIR / name).open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _copy_fixtures(tmp_path):
    for name in FILES:
        shutil.copy(FIXTURES_DIR / name, tmp_path / name)
    return tmp_path


def _rewrite(path, change):
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        fieldnames, rows = reader.fieldnames, list(reader)
    change(rows)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=fieldnames)
        writer.writeheader()
        writer.writerows(rows)


class TestTheRealReferenceFiles:
    """Loaded once for the class (tests/conftest.py `reference_data_once`)."""

    def test_loads_every_row_of_the_reference_files(self, reference_data_once):
        assert Municipality.objects.count() == len(_rows("municipalities.csv")) == 304
        assert RegionalCareZone.objects.count() == len(_rows("regional_care_zones.csv"))
        assert PrimaryCareZone.objects.exclude(kind=PrimaryCareZone.Kind.ELZ_CLUSTER).count() == 60
        named = [row for row in _rows("legacy_organisations.csv") if row["name"]]
        assert LegacyOrganisation.objects.count() == len(named) == 18
        # No regional care zone is presented as confirmed: the data says none is.
        assert not RegionalCareZone.objects.filter(is_verified=True).exists()

    def test_every_municipality_belongs_to_one_regional_and_one_primary_care_zone(self, reference_data_once):
        for municipality in Municipality.objects.prefetch_related(
            "regional_care_zone_memberships", "primary_care_zone_memberships"
        ):
            assert len(municipality.regional_care_zone_memberships.all()) == 1, municipality
            whole = [m for m in municipality.primary_care_zone_memberships.all() if not m.is_partial]
            assert len(whole) == 1, municipality
        brussel = Municipality.objects.get(nis_code="21004")
        assert brussel.regional_care_zone_memberships.get().zone.code == "brussel"

    def test_antwerp_belongs_partly_to_its_four_subzones(self, reference_data_once):
        antwerpen = Municipality.objects.get(nis_code="11002")
        partial = PrimaryCareZoneMembership.objects.filter(municipality=antwerpen, is_partial=True)
        assert sorted(m.zone.code for m in partial) == [
            "antwerpen-centrum",
            "antwerpen-oost",
            "antwerpen-zuid",
            "noord-antwerpen",
        ]
        assert PrimaryCareZone.objects.get(code="antwerpen-centrum").parent.code == "antwerpen-en-rand"

    def test_figures_are_kept_per_year_with_unknowns_left_empty(self, reference_data_once):
        row = next(r for r in _rows("municipalities.csv") if r["nis_code"] == "11001")
        figures = {f.year: f for f in MunicipalityFigures.objects.filter(municipality__nis_code="11001")}
        assert figures[2020].population == int(row["population"])
        assert figures[2026].population == int(row["population_latest"])
        assert figures[2026].aged_65_plus == int(row["population_65plus"])
        assert figures[2026].aged_80_plus is None  # not collected: empty, never zero
        assert figures[2025].deaths == int(row["deaths"])

    def test_organisations_keep_their_sources_and_partners(self, reference_data_once):
        pnat = LegacyOrganisation.objects.get(code="pn-pnat")
        assert pnat.partner.code == "mbe-ispahan"
        assert pnat.partner.partner == pnat
        assert pnat.source_urls[0].startswith("https://www.pnat.be")
        assert pnat.confidence == "high"
        assert LegacyOrganisation.objects.get(code="pn-de-mantel").seat.name == "Roeselare"
        forum = LegacyOrganisation.objects.get(code="pn-forum")
        assert sorted(z.code for z in forum.derived_regional_care_zones.all()) == [
            "brussel",
            "halle-vilvoorde",
            "oost-brabant",
        ]
        # The Mechelen MBE is not identified, so its network has no partner rather than a guess.
        assert LegacyOrganisation.objects.get(code="pn-pnm").partner is None

    def test_second_run_changes_nothing_and_says_so(self, reference_data_once):
        out = StringIO()
        call_command("load_reference_data", stdout=out)
        output = out.getvalue()
        assert "Nothing changed" in output
        assert "304 in database: 0 created, 0 updated, 304 unchanged" in output
        assert "PN/PSV): 11 of 15 registered" in output
        assert "MBE): 7 of 15 registered" in output

    def test_a_staff_correction_is_kept_unless_overwrite_is_asked(self, reference_data_once):
        Municipality.objects.filter(nis_code="11001").update(name="Aartselaar (gecorrigeerd)")

        report = load_reference_data()
        assert report.kept == 1 and report.changed == 0
        assert Municipality.objects.get(nis_code="11001").name == "Aartselaar (gecorrigeerd)"

        report = load_reference_data(overwrite=True)
        assert report.changed == 1
        assert Municipality.objects.get(nis_code="11001").name == "Aartselaar"


def test_a_bad_row_loads_nothing(tmp_path):
    directory = _copy_fixtures(tmp_path)

    def break_last(rows):
        rows[-1]["nis_code"] = "2101"

    _rewrite(directory / "municipalities.csv", break_last)
    with pytest.raises(CommandError, match="Nothing was loaded"):
        call_command("load_reference_data", directory=directory, stdout=StringIO())
    assert Municipality.objects.count() == 0
    assert RegionalCareZone.objects.count() == 0


def test_a_missing_file_is_reported(tmp_path):
    with pytest.raises(CommandError, match="regional_care_zones.csv is missing"):
        call_command("load_reference_data", directory=tmp_path, stdout=StringIO())
