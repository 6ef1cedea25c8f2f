"""Import and export of the geography and the legacy organisations (django-import-export).

One resource per file: column names follow the department's files in fixtures/ (copied from
shared/data), so staff import those files, or a corrected export, through the admin, and
`load_reference_data` loads fixtures/ through the very same resources. Natural keys: the NIS
code for municipalities, the code for zones and organisations. The base class
(`npz_registry.importexport.resources.BatchResource`) reads and writes in batches, refuses
unknown keys unless staff ask to add rows, and imports all rows or none.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

import tablib
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import fields
from import_export.results import RowResult

from networks.models import (
    ActorKind,
    LegacyOrganisation,
    Municipality,
    MunicipalityFigures,
    Network,
    PrimaryCareZone,
    PrimaryCareZoneMembership,
    ReformDate,
    ReformDateKey,
    ReformOrganisation,
    RegionalCareZone,
    RegionalCareZoneMembership,
)
from networks.models.organisations import LEGAL_BASIS_BY_KIND, PartnerLinks
from networks.services.actors import create_missing_care_councils
from npz_registry.importexport.resources import (
    BatchResource,
    TableCounts,
    certainty_field,
    choice_field,
    imprecise_field,
    is_blank_row,
    key_field,
    keys_field,
)
from npz_registry.importexport.widgets import ChoiceWidget, YesNoWidget, cell_text

#: municipalities.csv describes the situation since the 2025 municipal mergers and ELZ redrawing.
MEMBERSHIPS_VALID_FROM = datetime.date(2025, 1, 1)
#: The zone list holds the referentieregio's and one row for the 19 Brussels municipalities.
BRUSSELS_ZONE_CODE = "brussel"
#: Where the figure columns of municipalities.csv come from (fixtures/SOURCES.md).
FIGURE_SOURCES = {
    "population": "Statbel population per municipality (see fixtures/SOURCES.md §1)",
    "latest": "Statbel population and aged 65+ on 1 January (see fixtures/SOURCES.md §1a)",
    "deaths": "Statbel deaths per calendar year (see fixtures/SOURCES.md §1a)",
}


class ActorResource(BatchResource):
    """The actor a row is about (networks.models.actors.ActorReference): a legacy organisation,
    a network or an organisation of the reform by its code, or none for the sector
    (`actor_kind` SECTOR; the kind is derived when exactly one code is given). Subclasses list
    `ACTOR_COLUMNS` first in their fields and import ids."""

    actor_kind = fields.Field(
        attribute="actor_kind", column_name="actor_kind", widget=ChoiceWidget(ActorKind.choices)
    )
    legacy_organisation = key_field("legacy_organisation", "legacy_organisation", LegacyOrganisation)
    network = key_field("network", "network", Network)
    organisation = key_field("organisation", "organisation", ReformOrganisation)

    def import_instance(self, instance, row, **kwargs):
        """An empty or missing `actor_kind` cell takes the kind of the one code given."""
        try:
            super().import_instance(instance, row, **kwargs)
        finally:
            instance.derive_actor_kind()


#: The columns of an ActorResource, in order.
ACTOR_COLUMNS = ("actor_kind", "legacy_organisation", "network", "organisation")
#: The columns that identify the actor of a row (the kind follows from them).
ACTOR_KEYS = ACTOR_COLUMNS[1:]


class RegionalCareZoneResource(BatchResource):
    """regional_care_zones.csv and its exports: the zones are provisional until confirmed."""

    refuse_new_keys = True
    #: Totals and lists the registry derives from the municipalities and their memberships.
    ignored_columns = ("arrondissements", "n_municipalities", "population", "population_ref_date")
    ignored_columns += ("primary_care_zones", "provinces")

    kind = choice_field("kind", RegionalCareZone.Kind.choices)
    is_verified = fields.Field(
        attribute="is_verified", column_name="is_verified_regional_care_zone", widget=YesNoWidget()
    )

    class Meta(BatchResource.Meta):
        model = RegionalCareZone
        import_id_fields = ("code",)
        fields = ("code", "name", "kind", "is_verified", "source_code", "lblod_uri", "source", "notes")


class PrimaryCareZoneResource(BatchResource):
    """primary_care_zones.csv and its exports (the columns about municipalities are not read:
    memberships come from municipalities.csv)."""

    refuse_new_keys = True
    self_links = ("parent",)  # the Antwerp sub-zones come before their cluster row
    #: The columns about municipalities: the memberships come from municipalities.csv.
    ignored_columns = ("municipality_names", "municipality_nis_codes", "n_municipalities", "population")
    ignored_columns += ("population_ref_date", "provinces", "referentieregio", "regional_care_zone")

    kind = choice_field("kind", PrimaryCareZone.Kind.choices)
    parent = key_field("parent", "parent_code", PrimaryCareZone)

    class Meta(BatchResource.Meta):
        model = PrimaryCareZone
        import_id_fields = ("code",)
        fields = ("code", "name", "kind", "parent", "source_code", "source", "notes")

    def write(self, history=True):
        """Every primary care zone is run by one care council (decree of 17 May 2019): a zone
        without one gets one, unnamed (the names are not in our sources)."""
        super().write(history=history)
        create_missing_care_councils()


class ReformOrganisationResource(BatchResource):
    """The organisations of the reform (reform_organisations.csv), by code. `active_from` and
    `active_until` are imprecise dates, read as every imprecise date is (BatchResource); their
    sort days are filled and written with them."""

    role = choice_field("role", ReformOrganisation.Role.choices)
    certainty = certainty_field()
    active_from_certainty = certainty_field("active_from_certainty")
    active_until_certainty = certainty_field("active_until_certainty")

    class Meta(BatchResource.Meta):
        model = ReformOrganisation
        import_id_fields = ("code",)
        fields = ("code", "name", "short_name", "role", "legal_basis", "active_from", "active_from_certainty")
        fields += ("active_until", "active_until_certainty", "tasks", "members", "website", "certainty")
        fields += ("source", "source_quote", "note")


#: The columns of municipalities.csv about a municipality's zones and figures (the zone's name
#: too, which no import reads: its code is read).
ZONE_AND_FIGURE_COLUMNS = ("primary_care_zone", "primary_care_subzones", "primary_care_zone_name")
ZONE_AND_FIGURE_COLUMNS += ("referentieregio", "regional_care_zone", "population", "population_ref_date")
ZONE_AND_FIGURE_COLUMNS += ("population_latest", "population_latest_ref_date", "population_65plus")
ZONE_AND_FIGURE_COLUMNS += ("population_80plus", "age_ref_date", "deaths", "deaths_year")


class MunicipalityResource(BatchResource):
    """Municipalities by NIS code; the region also as the files write it ("Vlaams Gewest").
    It takes the department's municipalities.csv too, reading only the municipalities: its zone
    and figure columns are read by "Municipalities with their zones and figures"."""

    refuse_new_keys = True
    ignored_columns = ZONE_AND_FIGURE_COLUMNS

    region = fields.Field(
        attribute="region",
        column_name="region",
        widget=ChoiceWidget(
            Municipality.Region.choices,
            aliases={
                "Vlaams Gewest": Municipality.Region.FLEMISH,
                "Brussels Hoofdstedelijk Gewest": Municipality.Region.BRUSSELS,
            },
        ),
    )
    province = choice_field("province", Municipality.Province.choices)
    merged_from_nis_codes = fields.Field(
        attribute="merged_from_nis_codes", column_name="merged_from_nis_2019"
    )

    class Meta(BatchResource.Meta):
        model = Municipality
        name = gettext_lazy("Municipalities")
        import_id_fields = ("nis_code",)
        fields = ("nis_code", "name", "name_fr", "region", "province", "arrondissement")
        fields += ("merged_from_nis_codes", "source", "notes")


class MunicipalityFiguresResource(BatchResource):
    """Yearly figures per municipality (NIS code); empty cells stay unknown, never zero."""

    municipality = key_field("municipality", "nis_code", Municipality, "nis_code")

    class Meta(BatchResource.Meta):
        model = MunicipalityFigures
        import_id_fields = ("municipality", "year")
        fields = ("municipality", "year", "population", "aged_65_plus", "aged_80_plus", "deaths", "source")


class MembershipResource(BatchResource):
    """Memberships overlap-checked over the whole file and the database at once."""

    municipality = key_field("municipality", "nis_code", Municipality, "nis_code")

    def get_queryset(self):
        return super().get_queryset().select_related("zone")

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        if not hasattr(self, "pools"):
            self.pools = defaultdict(list)
            for membership in self.loader.instances.values():
                self.pools[membership.municipality_id].append(membership)
        pool = self.pools[instance.municipality_id]
        instance.overlap_pool = pool
        super().validate_instance(instance, import_validation_errors, validate_unique)
        if instance.pk is None:
            pool.append(instance)


class RegionalCareZoneMembershipResource(MembershipResource):
    """Which regional care zone a municipality belongs to, from when until when."""

    zone = key_field("zone", "zone_code", RegionalCareZone)

    class Meta(BatchResource.Meta):
        model = RegionalCareZoneMembership
        import_id_fields = ("municipality", "zone", "valid_from")
        fields = ("municipality", "zone", "valid_from", "valid_until")


class PrimaryCareZoneMembershipResource(MembershipResource):
    """Which primary care zones a municipality belongs to (wholly or partly), from when until when."""

    zone = key_field("zone", "zone_code", PrimaryCareZone)

    class Meta(BatchResource.Meta):
        model = PrimaryCareZoneMembership
        import_id_fields = ("municipality", "zone", "valid_from")
        fields = ("municipality", "zone", "valid_from", "valid_until", "is_partial")


class MunicipalityFileResource(MunicipalityResource):
    """The department's municipalities.csv as it is: each municipality with its zones since
    1 January 2025 and its yearly figures. The zones and figures are rows derived from each line
    and imported through their own resources, in the same transaction: all or nothing.

    A file with errors reports those of every table at once: the municipalities it can write
    are written in the transaction, which is rolled back, so that the zones and figures of their
    lines are checked against them (the lines of a new municipality that is refused are not)."""

    derived_columns = tuple(c for c in ZONE_AND_FIGURE_COLUMNS if c != "primary_care_zone_name")
    ignored_columns = ("primary_care_zone_name",)  # the zone's name: its code is read

    class Meta(MunicipalityResource.Meta):
        name = gettext_lazy("Municipalities with their zones and figures (municipalities.csv)")

    def import_data(self, dataset, dry_run=False, raise_errors=False, **kwargs):
        self.derived_counts = []
        with transaction.atomic():
            result = super().import_data(dataset, dry_run=False, raise_errors=raise_errors, **kwargs)
            if result.has_validation_errors() and not result.has_errors():
                self.write_or_refuse(result, history=False, raise_errors=raise_errors)  # rolled back below
            if not result.has_errors():
                self.import_derived(dataset, result, **kwargs)
                result.invalid_rows.sort(key=lambda invalid: invalid.number)
            if dry_run or result.has_errors() or result.has_validation_errors():
                transaction.set_rollback(True)
        return result

    def checked_lines(self, lines, result) -> list[tuple[int, dict]]:
        """(row number, line) of the lines whose zones and figures can be checked: not empty, and
        their municipality in the table or written (not refused while new)."""
        refused = {invalid.number for invalid in result.invalid_rows}
        known = {key[0] for key in self.loader.instances} if self.loader else set()
        return [
            (number, line)
            for number, line in enumerate(lines, 1)
            if not is_blank_row(line) and (number not in refused or cell_text(line.get("nis_code")) in known)
        ]

    def import_derived(self, dataset, result, **kwargs):
        lines = dataset.dict
        parts = defaultdict(list)  # (resource, columns) -> [(row number, derived row)]
        for number, line in self.checked_lines(lines, result):
            try:
                for derived in self.derived_rows(line):
                    parts[(derived.resource, tuple(derived.values))].append((number, derived))
            except ValueError as error:
                result.append_invalid_row(number, line, ValidationError({NON_FIELD_ERRORS: [str(error)]}))
        counts = {}
        for (resource_class, columns), rows in parts.items():
            resource = resource_class(create_new=True, keep_changes=self.keep_changes, preview=False)
            cells = [[derived.values[c] for c in columns] for _n, derived in rows]
            part = tablib.Dataset(*cells, headers=columns)
            self.report_part(
                resource.import_data(part, dry_run=False, **kwargs), resource, rows, lines, result
            )
            counts.setdefault(resource_class, []).append(resource.counts)
        self.derived_counts = [merged_counts(parts_counts) for parts_counts in counts.values()]

    @staticmethod
    def report_part(part_result, resource, rows, lines, result):
        """A derived row's errors go to the line of the file it comes from, under the column of
        the file its value was read from (primary_care_zone, deaths), never the derived row's own
        column or the internal key of an error about the whole row."""
        table = capfirst(resource._meta.model._meta.verbose_name_plural)
        for invalid in part_result.invalid_rows:
            number, derived = rows[invalid.number - 1]
            errors = defaultdict(list)
            for column, messages in invalid.error_dict.items():
                errors[derived.file_column(column)] += [f"{table}: {message}" for message in messages]
            result.append_invalid_row(number, lines[number - 1], ValidationError(dict(errors)))
        for error in part_result.base_errors:
            result.append_base_error(error)

    def derived_rows(self, row):
        """The zone memberships and yearly figures on one line (DerivedRow)."""
        nis = cell_text(row.get("nis_code"))
        valid_from = MEMBERSHIPS_VALID_FROM.isoformat()
        if "primary_care_zone" in row:
            zones = [(cell_text(row["primary_care_zone"]), False, "primary_care_zone")]
            zones += [
                (code.strip(), True, "primary_care_subzones")
                for code in cell_text(row.get("primary_care_subzones")).split(";")
            ]
            for code, partial, column in zones:
                if code:
                    yield DerivedRow(
                        PrimaryCareZoneMembershipResource,
                        {"nis_code": nis, "zone_code": code, "valid_from": valid_from, "is_partial": partial},
                        main_column=column,
                    )
        if "referentieregio" in row or "regional_care_zone" in row:
            # The regional_care_zone column is empty on purpose (SOURCES.md §0).
            column = "regional_care_zone" if cell_text(row.get("regional_care_zone")) else "referentieregio"
            code = cell_text(row.get(column))
            if not code and self.fields["region"].clean(row) == Municipality.Region.BRUSSELS:
                code, column = BRUSSELS_ZONE_CODE, "region"
            if code:
                yield DerivedRow(
                    RegionalCareZoneMembershipResource,
                    {"nis_code": nis, "zone_code": code, "valid_from": valid_from},
                    main_column=column,
                )
        for year, figures in figures_by_year(row).items():
            figures.values = {"nis_code": nis, "year": year, **figures.values}
            yield figures


@dataclass
class DerivedRow:
    """A row of another table that a line of municipalities.csv brings, and the column of the
    file each of its values comes from (`main_column` for the others and the row as a whole),
    so that its errors name the file's column."""

    resource: type
    values: dict
    main_column: str
    columns: dict = field(default_factory=dict)

    def file_column(self, column: str) -> str:
        return self.columns.get(column, self.main_column)


def merged_counts(counts: list[TableCounts]) -> TableCounts:
    """One table's counts over the parts it was imported in."""
    total = TableCounts(counts[0].model)
    for part in counts:
        for name in ("created", "updated", "unchanged", "kept"):
            setattr(total, name, getattr(total, name) + getattr(part, name))
    return total


def figures_by_year(row) -> dict[int, DerivedRow]:
    """The yearly figures on one line of municipalities.csv, per year they describe (their
    values without the NIS code and year, which `derived_rows` adds)."""
    by_year = {}
    sources = defaultdict(list)

    def put(year, year_column, source, **columns):
        """`columns`: the figure -> the column of the file holding it."""
        figures = by_year.setdefault(year, DerivedRow(MunicipalityFiguresResource, {}, year_column))
        figures.columns.setdefault("year", year_column)
        figures.columns.update(columns)
        figures.values.update({name: row.get(column) for name, column in columns.items()})
        if source not in sources[year]:
            sources[year].append(source)

    if cell_text(row.get("population")):
        year = first_of_january(row, "population_ref_date")
        put(year, "population_ref_date", FIGURE_SOURCES["population"], population="population")
    if cell_text(row.get("population_latest")):
        year = first_of_january(row, "population_latest_ref_date")
        put(year, "population_latest_ref_date", FIGURE_SOURCES["latest"], population="population_latest")
    if cell_text(row.get("population_65plus")) or cell_text(row.get("population_80plus")):
        year = first_of_january(row, "age_ref_date")
        columns = {"aged_65_plus": "population_65plus", "aged_80_plus": "population_80plus"}
        put(year, "age_ref_date", FIGURE_SOURCES["latest"], **columns)
    if cell_text(row.get("deaths")):
        put(year_in(row, "deaths_year"), "deaths_year", FIGURE_SOURCES["deaths"], deaths="deaths")
    for year, figures in by_year.items():
        figures.values["source"] = "; ".join(sources[year])
    return by_year


def year_in(row, column: str) -> int:
    """The year a cell holds ("2025", or 2025.0 from XLSX)."""
    text = cell_text(row.get(column))
    if not (len(text) == 4 and text.isdigit()):
        raise ValueError(
            _("%(column)s: %(value)s is not a year (write four digits, for example 2025).")
            % {"column": column, "value": text or _("(empty)")}
        )
    return int(text)


def first_of_january(row, column: str) -> int:
    text = cell_text(row.get(column))
    try:
        day = datetime.date.fromisoformat(text[:10])
    except ValueError:
        raise ValueError(
            _("%(column)s: %(value)s is not a date (write YYYY-MM-DD).") % {"column": column, "value": text}
        ) from None
    if (day.month, day.day) != (1, 1):
        raise ValueError(
            _("%(column)s: %(value)s is not a count on 1 January.") % {"column": column, "value": text}
        )
    return day.year


class PartnerRuleMixin:
    """The partner rule (`LegacyOrganisation.partner_problem`) over the table and the file: the
    links are read once per import and each row accepted counts for the rows after it, so that
    two rows naming one partner, or a partner that works with another organisation, are errors
    of their row (naming the other organisation), not a refusal of the whole file at the write."""

    partner_links = None

    def dataset_problem(self, dataset):
        self.partner_links = None
        return super().dataset_problem(dataset)

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        if self.partner_links is None:
            rows = LegacyOrganisation.objects.values_list("code", "name", "partner__code")
            self.partner_links = PartnerLinks(rows)
        instance.partner_links = self.partner_links
        try:
            super().validate_instance(instance, import_validation_errors, validate_unique)
        finally:
            del instance.partner_links
        # A link to a row this file creates is set (and checked) once both exist (resolve_links).
        partner = instance.partner
        self.partner_links.set(instance.code, partner.code if partner else None, instance.name)


class LegacyOrganisationResource(PartnerRuleMixin, BatchResource):
    """Imports legacy_organisations.csv as well as its own exports. Rows without a name are
    organisations nobody has identified yet: they are skipped, never stored as guesses, and a
    partner pointing at one stays empty. Partners in the same file are linked once both exist;
    an organisation is the partner of at most one other, and the partner's own partner is the
    organisation or empty (PartnerRuleMixin)."""

    refuse_new_keys = True
    self_links = ("partner",)
    ignored_columns = ("seat_municipality",)  # the seat's name: its NIS code is read

    code = fields.Field(attribute="code", column_name="id")
    kind = choice_field("kind", LegacyOrganisation.Kind.choices)
    legal_basis = choice_field("legal_basis", LegacyOrganisation.LegalBasis.choices)
    seat = key_field("seat", "seat_nis_code", Municipality, "nis_code")
    partner = key_field("partner", "linked_id", LegacyOrganisation)
    derived_regional_care_zones = keys_field(
        "derived_regional_care_zones", "referentieregio_overlap_derived", RegionalCareZone
    )

    class Meta(BatchResource.Meta):
        model = LegacyOrganisation
        import_id_fields = ("code",)
        fields = ("code", "kind", "legal_basis", "name", "short_name", "partner", "enterprise_number", "seat")
        fields += ("region_served_as_stated", "derived_regional_care_zones", "website", "email", "phone")
        fields += ("active_from", "active_until", "source_url", "confidence", "notes")

    def fill_defaults(self, instance, row):
        super().fill_defaults(instance, row)
        if "legal_basis" not in row:  # by kind, as the note's footnotes say (LEGAL_BASIS_BY_KIND)
            instance.legal_basis = LEGAL_BASIS_BY_KIND.get(instance.kind, "")

    def dataset_problem(self, dataset):
        problem = super().dataset_problem(dataset)
        if problem is None and "name" in dataset.headers:
            self.unidentified = {
                cell_text(row.get("id")) for row in dataset.dict if not cell_text(row.get("name"))
            }
            self.file_keys -= self.unidentified
        return problem

    def import_row(self, row, instance_loader, **kwargs):
        if "name" in row and not cell_text(row["name"]) and not is_blank_row(row):
            self.counts.not_identified += 1
            row_result = self.get_row_result_class()()
            row_result.import_type = RowResult.IMPORT_TYPE_SKIP
            return row_result
        return super().import_row(row, instance_loader, **kwargs)

    def import_field(self, field, instance, row, is_m2m=False, **kwargs):
        if field.attribute == "partner" and cell_text(row.get(field.column_name)) in getattr(
            self, "unidentified", ()
        ):
            instance.partner = None  # the partner is not identified yet
            return
        super().import_field(field, instance, row, is_m2m, **kwargs)


class ReformDateResource(BatchResource):
    """The reform calendar (reform_calendar.csv), by code: imprecise dates as the source gives
    them, the certainty, the source's words, and the key of the rows the registry computes with
    (`recognition-day`, `old-regulations-end`)."""

    key = choice_field("key", ReformDateKey.choices)
    start = imprecise_field("start")
    end = imprecise_field("end")
    certainty = certainty_field()
    organisation_code = fields.Field(attribute="organisation_code", column_name="organisation")

    class Meta(BatchResource.Meta):
        model = ReformDate
        import_id_fields = ("code",)
        fields = ("code", "key", "start", "end", "when_as_written", "title", "certainty", "organisation_code")
        fields += ("source", "source_quote", "note")


class LegacyLegalFactsResource(PartnerRuleMixin, BatchResource):
    """legacy_legal_facts.csv: pairs of legacy organisations one legal entity runs, by code.
    Loaded after the organisations and their partners; both rows of a pair get the fact, an
    organisation no row names stays unknown (empty), never "no"."""

    refuse_new_keys = True
    #: Why the file says so: for whoever checks the file, not stored.
    ignored_columns = ("evidence", "confidence", "source_url")

    code = fields.Field(attribute="code", column_name="code")
    partner_code = fields.Field(attribute="partner__code", column_name="partner_code", readonly=True)
    same_legal_entity_as_partner = fields.Field(
        attribute="same_legal_entity_as_partner",
        column_name="same_legal_entity_as_partner",
        widget=YesNoWidget(),
    )

    class Meta(BatchResource.Meta):
        model = LegacyOrganisation
        import_id_fields = ("code",)
        fields = ("code", "partner_code", "same_legal_entity_as_partner")

    def get_loader_queryset(self):
        return super().get_loader_queryset().select_related("partner")

    def import_instance(self, instance, row, **kwargs):
        self.fact_before = instance.same_legal_entity_as_partner
        super().import_instance(instance, row, **kwargs)
        partner = cell_text(row.get("partner_code"))
        if instance.partner is None or instance.partner.code != partner:
            raise ValidationError(
                {
                    "partner_code": _("%(partner)s is not the partner of %(code)s.")
                    % {"partner": partner, "code": instance.code}
                }
            )

    def skip_row(self, instance, original, row, import_validation_errors=None):
        """An unknown fact (empty) is filled in, never counted as a staff correction to keep."""
        keep = self.keep_changes
        self.keep_changes = keep and self.fact_before is not None
        try:
            return super().skip_row(instance, original, row, import_validation_errors)
        finally:
            self.keep_changes = keep

    def write(self, history=True):
        super().write(history=history)
        pairs = {
            line.partner_id: line.same_legal_entity_as_partner
            for line in [*self.create_instances, *self.update_instances]
            if line.partner_id
        }
        partners = list(LegacyOrganisation.objects.filter(pk__in=pairs))
        for partner in partners:
            partner.same_legal_entity_as_partner = pairs[partner.pk]
        self.bulk_write(partners, fields=["same_legal_entity_as_partner"])
