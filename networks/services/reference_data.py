"""Load the real reference data in fixtures/ (copied from shared/data, sources in
fixtures/SOURCES.md) into the database.

Idempotent: rows are matched on their natural key, and a second run changes nothing.
Rows staff have corrected since are kept unless `overwrite` is asked for, so a `make run`
never undoes a correction. Everything happens in one transaction.
"""

import csv
import datetime
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import transaction
from simple_history.utils import bulk_create_with_history

from networks.models import (
    LegacyOrganisation,
    Municipality,
    MunicipalityFigures,
    PrimaryCareZone,
    PrimaryCareZoneMembership,
    RegionalCareZone,
    RegionalCareZoneMembership,
)

FIXTURES_DIR = Path(settings.BASE_DIR) / "fixtures"

#: The data files describe the situation since the 2025 municipal mergers and ELZ redrawing.
MEMBERSHIPS_VALID_FROM = datetime.date(2025, 1, 1)

BRUSSELS_ZONE_CODE = "brussel"

SOURCE_MUNICIPALITIES = (
    "fixtures/municipalities.csv: Provincies in Cijfers, REFNIS-2025 (see fixtures/SOURCES.md §1)"
)
SOURCE_FIGURES = {
    "population": "Statbel population per municipality (see fixtures/SOURCES.md §1)",
    "latest": "Statbel population and aged 65+ on 1 January (see fixtures/SOURCES.md §1a)",
    "deaths": "Statbel deaths per calendar year (see fixtures/SOURCES.md §1a)",
}
SOURCE_PRIMARY = (
    "fixtures/primary_care_zones.csv: Provincies in Cijfers ELZ 2025 (see fixtures/SOURCES.md §2)"
)
SOURCE_REGIONAL = (
    "fixtures/regional_care_zones.csv: referentieregio's, Provincies in Cijfers (see fixtures/SOURCES.md §3)"
)

REGIONS = {
    "Vlaams Gewest": Municipality.Region.FLEMISH,
    "Brussels Hoofdstedelijk Gewest": Municipality.Region.BRUSSELS,
}


#: Loaders of other apps' reference data, called in the same transaction after ours.
#: Apps register in AppConfig.ready() so that networks never imports them.
EXTRA_LOADERS: list = []


def register_loader(loader) -> None:
    """`loader(report=..., directory=..., overwrite=...)` adds its tables to the report."""
    if loader not in EXTRA_LOADERS:
        EXTRA_LOADERS.append(loader)


class ReferenceDataError(Exception):
    """A fixture file is missing or inconsistent; nothing was loaded."""


@dataclass
class TableReport:
    label: str
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    kept: int = 0  # differ from the fixture, left as staff corrected them
    total: int = 0

    @property
    def changed(self) -> int:
        return self.created + self.updated


@dataclass
class LoadReport:
    tables: list[TableReport] = field(default_factory=list)
    not_identified: dict[str, int] = field(default_factory=dict)
    completeness: list[dict] = field(default_factory=list)

    @property
    def changed(self) -> int:
        return sum(t.changed for t in self.tables)

    @property
    def kept(self) -> int:
        return sum(t.kept for t in self.tables)


class UpsertTable:
    """Upserts rows of one model keyed on a natural key, with the existing rows preloaded.
    New rows are validated one by one and inserted in bulk (with their history rows) by
    `flush()`, which must run before other tables refer to them."""

    def __init__(self, report: LoadReport, label: str, model, key: tuple[str, ...], overwrite: bool):
        self.model = model
        self.key = key
        self.overwrite = overwrite
        self.report = TableReport(label)
        report.tables.append(self.report)
        self.existing = {tuple(getattr(obj, k) for k in key): obj for obj in model.objects.all()}
        self.created_keys: set[tuple] = set()
        self.pending: list = []
        # Foreign keys point at rows this loader has just read or made; checking each with a
        # query would only slow the load down (the database enforces them anyway).
        self.fk_names = [f.name for f in model._meta.concrete_fields if f.is_relation]

    def upsert(self, values: dict):
        key = tuple(values[k] for k in self.key)
        obj = self.existing.get(key)
        if obj is None:
            obj = self.model(**values)
            self._validate(obj)
            self.pending.append(obj)
            self.existing[key] = obj
            self.created_keys.add(key)
            self.report.created += 1
            return obj
        differing = {name: value for name, value in values.items() if getattr(obj, name) != value}
        if not differing:
            self.report.unchanged += 1
        elif not self.overwrite:
            self.report.kept += 1
        else:
            for name, value in differing.items():
                setattr(obj, name, value)
            self._validate(obj)
            obj.save()
            self.report.updated += 1
        return obj

    def link(self, values: dict):
        """Second pass over rows already upserted and flushed: set relations to rows that had
        to exist first (zone parents, partner organisations) without counting the row twice."""
        key = tuple(values[k] for k in self.key)
        obj = self.existing[key]
        differing = {name: value for name, value in values.items() if getattr(obj, name) != value}
        if not differing:
            return
        if key not in self.created_keys:
            self.report.unchanged -= 1
            if not self.overwrite:
                self.report.kept += 1
                return
            self.report.updated += 1
        for name, value in differing.items():
            setattr(obj, name, value)
        self._validate(obj)
        obj.save()

    def _validate(self, obj):
        try:
            # Model validation (NIS code, enterprise number, overlaps, partner kind); database
            # constraints guard uniqueness, so the per-row unique queries are skipped.
            obj.full_clean(exclude=self.fk_names, validate_unique=False, validate_constraints=False)
        except Exception as error:
            raise ReferenceDataError(f"{self.model._meta.verbose_name} {obj}: {error}") from error

    def flush(self):
        if self.pending:
            if hasattr(self.model._meta, "simple_history_manager_attribute"):
                bulk_create_with_history(self.pending, self.model, batch_size=500)
            else:
                self.model.objects.bulk_create(self.pending, batch_size=500)
            self.pending = []

    def finish(self):
        self.flush()
        self.report.total = self.model.objects.count()


def read_csv(directory: Path, name: str) -> list[dict]:
    path = directory / name
    if not path.is_file():
        raise ReferenceDataError(f"{path} is missing")
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _int(value: str) -> int | None:
    return int(value) if value and value.strip() else None


def _year(date_text: str, *, column: str, nis_code: str) -> int:
    day = datetime.date.fromisoformat(date_text)
    if (day.month, day.day) != (1, 1):
        raise ReferenceDataError(f"municipality {nis_code}: {column} {date_text} is not a 1 January count")
    return day.year


@transaction.atomic
def load_reference_data(*, directory: Path = FIXTURES_DIR, overwrite: bool = False) -> LoadReport:
    """Load zones, municipalities, their memberships and figures, and the identified legacy
    organisations. Raises ReferenceDataError (and loads nothing) on a bad file."""
    report = LoadReport()
    regional_rows = read_csv(directory, "regional_care_zones.csv")
    primary_rows = read_csv(directory, "primary_care_zones.csv")
    municipality_rows = read_csv(directory, "municipalities.csv")
    organisation_rows = read_csv(directory, "legacy_organisations.csv")

    regional = UpsertTable(report, "regional care zones", RegionalCareZone, ("code",), overwrite)
    for row in regional_rows:
        regional.upsert(
            {
                "code": row["code"],
                "name": row["name"],
                "kind": row["kind"],
                "is_verified": row["is_verified_regional_care_zone"].strip().lower() == "yes",
                "source_code": row["source_code"],
                "lblod_uri": row["lblod_uri"],
                "source": SOURCE_REGIONAL,
                "notes": row["notes"],
            }
        )
    regional.finish()
    regional_by_code = {obj.code: obj for obj in regional.existing.values()}

    primary = UpsertTable(report, "primary care zones", PrimaryCareZone, ("code",), overwrite)
    for row in primary_rows:
        primary.upsert(
            {
                "code": row["code"],
                "name": row["name"],
                "kind": row["kind"],
                "source_code": row["source_code"],
                "source": SOURCE_PRIMARY,
                "notes": row["notes"],
            }
        )
    primary.flush()
    primary_by_code = {obj.code: obj for obj in primary.existing.values()}
    for row in primary_rows:  # parents may come later in the file than their parts
        if row["parent_code"]:
            if row["parent_code"] not in primary_by_code:
                raise ReferenceDataError(
                    f"primary care zone {row['code']}: unknown parent {row['parent_code']}"
                )
            primary.link({"code": row["code"], "parent_id": primary_by_code[row["parent_code"]].pk})
    primary.finish()

    municipalities = UpsertTable(report, "municipalities", Municipality, ("nis_code",), overwrite)
    for row in municipality_rows:
        if row["region"] not in REGIONS:
            raise ReferenceDataError(f"municipality {row['nis_code']}: unknown region {row['region']!r}")
        municipalities.upsert(
            {
                "nis_code": row["nis_code"],
                "name": row["name"],
                "name_fr": row["name_fr"],
                "region": REGIONS[row["region"]],
                "province": row["province"],
                "arrondissement": row["arrondissement"],
                "merged_from_nis_codes": row["merged_from_nis_2019"],
                "source": SOURCE_MUNICIPALITIES,
                "notes": row["notes"],
            }
        )
    municipalities.finish()
    municipality_by_nis = {obj.nis_code: obj for obj in municipalities.existing.values()}

    primary_memberships = UpsertTable(
        report,
        "primary care zone memberships",
        PrimaryCareZoneMembership,
        ("municipality_id", "zone_id", "valid_from"),
        overwrite,
    )
    regional_memberships = UpsertTable(
        report,
        "regional care zone memberships",
        RegionalCareZoneMembership,
        ("municipality_id", "zone_id", "valid_from"),
        overwrite,
    )
    figures = UpsertTable(
        report, "municipal figures", MunicipalityFigures, ("municipality_id", "year"), overwrite
    )
    for row in municipality_rows:
        municipality = municipality_by_nis[row["nis_code"]]
        zones = [(row["primary_care_zone"], False)] + [
            (code, True) for code in row["primary_care_subzones"].split(";") if code
        ]
        for code, partial in zones:
            if code not in primary_by_code:
                raise ReferenceDataError(f"municipality {row['nis_code']}: unknown primary care zone {code}")
            primary_memberships.upsert(
                {
                    "municipality_id": municipality.pk,
                    "zone_id": primary_by_code[code].pk,
                    "valid_from": MEMBERSHIPS_VALID_FROM,
                    "is_partial": partial,
                }
            )
        # The regional_care_zone column is empty on purpose (SOURCES.md §0); the zone list
        # holds the referentieregio's and one row for the 19 Brussels municipalities.
        zone_code = row["regional_care_zone"] or row["referentieregio"]
        if not zone_code and REGIONS[row["region"]] == Municipality.Region.BRUSSELS:
            zone_code = BRUSSELS_ZONE_CODE
        if zone_code:
            if zone_code not in regional_by_code:
                raise ReferenceDataError(
                    f"municipality {row['nis_code']}: unknown regional care zone {zone_code}"
                )
            regional_memberships.upsert(
                {
                    "municipality_id": municipality.pk,
                    "zone_id": regional_by_code[zone_code].pk,
                    "valid_from": MEMBERSHIPS_VALID_FROM,
                }
            )
        _load_figures(figures, municipality, row)
    for table in (primary_memberships, regional_memberships, figures):
        table.finish()

    organisations = UpsertTable(report, "legacy organisations", LegacyOrganisation, ("code",), overwrite)
    report.not_identified = {kind: 0 for kind in LegacyOrganisation.Kind.values}
    identified = []
    for row in organisation_rows:
        if not row["name"].strip():
            # Nobody has identified this organisation yet: never store a guess.
            report.not_identified[row["kind"]] = report.not_identified.get(row["kind"], 0) + 1
            continue
        seat = municipality_by_nis.get(row["seat_nis_code"]) if row["seat_nis_code"] else None
        if row["seat_nis_code"] and seat is None:
            raise ReferenceDataError(f"legacy organisation {row['id']}: unknown seat {row['seat_nis_code']}")
        derived_codes = [code for code in row["referentieregio_overlap_derived"].split(";") if code]
        unknown = [code for code in derived_codes if code not in regional_by_code]
        if unknown:
            raise ReferenceDataError(
                f"legacy organisation {row['id']}: unknown regional care zones {unknown}"
            )
        organisations.upsert(
            {
                "code": row["id"],
                "kind": row["kind"],
                "name": row["name"],
                "short_name": row["short_name"],
                "seat_id": seat.pk if seat else None,
                "website": row["website"],
                "region_served_as_stated": row["region_served_as_stated"],
                "source_url": row["source_url"],
                "confidence": row["confidence"],
                "notes": row["notes"],
            }
        )
        identified.append((row, derived_codes))
    organisations.flush()
    by_code = {obj.code: obj for obj in organisations.existing.values()}
    for row, derived_codes in identified:
        organisation = by_code[row["id"]]
        wanted = {regional_by_code[code].pk for code in derived_codes}
        current = set(organisation.derived_regional_care_zones.values_list("pk", flat=True))
        if wanted == current:
            continue
        if (row["id"],) not in organisations.created_keys:
            organisations.report.unchanged -= 1
            if not overwrite:
                organisations.report.kept += 1
                continue
            organisations.report.updated += 1
        organisation.derived_regional_care_zones.set(wanted)
    for row, _codes in identified:  # partners point at each other, so link them once all exist
        partner = by_code.get(row["linked_id"])
        if partner is not None:
            organisations.link({"code": row["id"], "partner_id": partner.pk})
    organisations.finish()

    for loader in EXTRA_LOADERS:
        loader(report=report, directory=directory, overwrite=overwrite)

    from networks.models import registry_completeness

    report.completeness = registry_completeness()
    return report


def _load_figures(table: UpsertTable, municipality: Municipality, row: dict) -> None:
    nis = row["nis_code"]
    by_year: dict[int, dict] = {}

    def put(year, **values):
        entry = by_year.setdefault(year, {"municipality_id": municipality.pk, "year": year, "source": []})
        source = values.pop("source")
        if source not in entry["source"]:
            entry["source"].append(source)
        entry.update(values)

    if row["population"]:
        put(
            _year(row["population_ref_date"], column="population_ref_date", nis_code=nis),
            population=_int(row["population"]),
            source=SOURCE_FIGURES["population"],
        )
    if row["population_latest"]:
        put(
            _year(row["population_latest_ref_date"], column="population_latest_ref_date", nis_code=nis),
            population=_int(row["population_latest"]),
            source=SOURCE_FIGURES["latest"],
        )
    if row["population_65plus"] or row["population_80plus"]:
        put(
            _year(row["age_ref_date"], column="age_ref_date", nis_code=nis),
            aged_65_plus=_int(row["population_65plus"]),
            aged_80_plus=_int(row["population_80plus"]),
            source=SOURCE_FIGURES["latest"],
        )
    if row["deaths"]:
        put(int(row["deaths_year"]), deaths=_int(row["deaths"]), source=SOURCE_FIGURES["deaths"])
    for entry in by_year.values():
        entry["source"] = "; ".join(entry["source"])
        table.upsert(entry)
