"""django-import-export resources for the reference tables.

Column names follow the files in fixtures/ (copied from shared/data), so staff can import
those files, or a corrected export, through the admin. Natural keys: the NIS code for
municipalities, the code for zones and organisations. `clean_model_instances` runs model
validation per row, and IMPORT_EXPORT_USE_TRANSACTIONS makes one bad row import nothing.
"""

from django.utils.translation import gettext as _
from import_export import fields, resources, widgets
from import_export.results import Error

from networks.models import (
    LegacyOrganisation,
    Municipality,
    MunicipalityFigures,
    PrimaryCareZone,
    PrimaryCareZoneMembership,
    RegionalCareZone,
    RegionalCareZoneMembership,
)


class ChoiceWidget(widgets.Widget):
    """Accepts a choice's value, its label, or a known alias (the data files write
    "Vlaams Gewest"); exports the value. Unknown text is a row error naming the choices."""

    def __init__(self, choices, aliases=None, **kwargs):
        super().__init__(**kwargs)
        self.lookup = {}
        for value, label in choices:
            self.lookup[str(value).casefold()] = value
            self.lookup[str(label).casefold()] = value
        for alias, value in (aliases or {}).items():
            self.lookup[alias.casefold()] = value
        self.values = [value for value, _label in choices]

    def clean(self, value, row=None, **kwargs):
        if value is None or str(value).strip() == "":
            return ""
        try:
            return self.lookup[str(value).strip().casefold()]
        except KeyError:
            raise ValueError(
                _("%(value)r is not one of: %(choices)s")
                % {"value": value, "choices": ", ".join(self.values)}
            ) from None

    def render(self, value, obj=None, **kwargs):
        return value or ""


class YesNoWidget(widgets.BooleanWidget):
    TRUE_VALUES = [*widgets.BooleanWidget.TRUE_VALUES, "yes", "ja", "y"]
    FALSE_VALUES = [*widgets.BooleanWidget.FALSE_VALUES, "no", "nee", "n"]

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, str):
            value = value.strip().lower()
        return super().clean(value, row=row, **kwargs)


class ReferenceResource(resources.ModelResource):
    class Meta:
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True
        use_transactions = True


class RegionalCareZoneResource(ReferenceResource):
    kind = fields.Field(
        attribute="kind", column_name="kind", widget=ChoiceWidget(RegionalCareZone.Kind.choices)
    )
    is_verified = fields.Field(
        attribute="is_verified", column_name="is_verified_regional_care_zone", widget=YesNoWidget()
    )

    class Meta(ReferenceResource.Meta):
        model = RegionalCareZone
        import_id_fields = ("code",)
        fields = ("code", "name", "kind", "is_verified", "source_code", "lblod_uri", "source", "notes")


class PrimaryCareZoneResource(ReferenceResource):
    kind = fields.Field(
        attribute="kind", column_name="kind", widget=ChoiceWidget(PrimaryCareZone.Kind.choices)
    )
    parent = fields.Field(
        attribute="parent",
        column_name="parent_code",
        widget=widgets.ForeignKeyWidget(PrimaryCareZone, "code"),
    )

    class Meta(ReferenceResource.Meta):
        model = PrimaryCareZone
        import_id_fields = ("code",)
        fields = ("code", "name", "kind", "parent", "source_code", "source", "notes")


class MunicipalityResource(ReferenceResource):
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
    province = fields.Field(
        attribute="province", column_name="province", widget=ChoiceWidget(Municipality.Province.choices)
    )
    merged_from_nis_codes = fields.Field(
        attribute="merged_from_nis_codes", column_name="merged_from_nis_2019"
    )

    class Meta(ReferenceResource.Meta):
        model = Municipality
        import_id_fields = ("nis_code",)
        fields = (
            "nis_code",
            "name",
            "name_fr",
            "region",
            "province",
            "arrondissement",
            "merged_from_nis_codes",
            "source",
            "notes",
        )


class MunicipalityFiguresResource(ReferenceResource):
    municipality = fields.Field(
        attribute="municipality",
        column_name="nis_code",
        widget=widgets.ForeignKeyWidget(Municipality, "nis_code"),
    )

    class Meta(ReferenceResource.Meta):
        model = MunicipalityFigures
        import_id_fields = ("municipality", "year")
        fields = ("municipality", "year", "population", "aged_65_plus", "aged_80_plus", "deaths", "source")


class _MembershipResource(ReferenceResource):
    municipality = fields.Field(
        attribute="municipality",
        column_name="nis_code",
        widget=widgets.ForeignKeyWidget(Municipality, "nis_code"),
    )
    valid_from = fields.Field(
        attribute="valid_from", column_name="valid_from", widget=widgets.DateWidget("%Y-%m-%d")
    )
    valid_until = fields.Field(
        attribute="valid_until", column_name="valid_until", widget=widgets.DateWidget("%Y-%m-%d")
    )


class RegionalCareZoneMembershipResource(_MembershipResource):
    zone = fields.Field(
        attribute="zone", column_name="zone_code", widget=widgets.ForeignKeyWidget(RegionalCareZone, "code")
    )

    class Meta(ReferenceResource.Meta):
        model = RegionalCareZoneMembership
        import_id_fields = ("municipality", "zone", "valid_from")
        fields = ("municipality", "zone", "valid_from", "valid_until")


class PrimaryCareZoneMembershipResource(_MembershipResource):
    zone = fields.Field(
        attribute="zone", column_name="zone_code", widget=widgets.ForeignKeyWidget(PrimaryCareZone, "code")
    )

    class Meta(ReferenceResource.Meta):
        model = PrimaryCareZoneMembership
        import_id_fields = ("municipality", "zone", "valid_from")
        fields = ("municipality", "zone", "valid_from", "valid_until", "is_partial")


class LegacyOrganisationResource(ReferenceResource):
    """Imports legacy_organisations.csv as well as its own exports. Rows without a name are
    organisations nobody has identified yet: they are skipped, never stored as guesses.
    Partners are linked after all rows are in, because partner rows point at each other."""

    code = fields.Field(attribute="code", column_name="id")
    kind = fields.Field(
        attribute="kind", column_name="kind", widget=ChoiceWidget(LegacyOrganisation.Kind.choices)
    )
    seat = fields.Field(
        attribute="seat",
        column_name="seat_nis_code",
        widget=widgets.ForeignKeyWidget(Municipality, "nis_code"),
    )
    partner = fields.Field(
        attribute="partner",
        column_name="linked_id",
        widget=widgets.ForeignKeyWidget(LegacyOrganisation, "code"),
    )
    derived_regional_care_zones = fields.Field(
        attribute="derived_regional_care_zones",
        column_name="referentieregio_overlap_derived",
        widget=widgets.ManyToManyWidget(RegionalCareZone, separator=";", field="code"),
    )
    active_from = fields.Field(
        attribute="active_from", column_name="active_from", widget=widgets.DateWidget("%Y-%m-%d")
    )
    active_until = fields.Field(
        attribute="active_until", column_name="active_until", widget=widgets.DateWidget("%Y-%m-%d")
    )

    class Meta(ReferenceResource.Meta):
        model = LegacyOrganisation
        import_id_fields = ("code",)
        fields = (
            "code",
            "kind",
            "name",
            "short_name",
            "partner",
            "enterprise_number",
            "seat",
            "region_served_as_stated",
            "derived_regional_care_zones",
            "website",
            "email",
            "phone",
            "active_from",
            "active_until",
            "source_url",
            "confidence",
            "notes",
        )

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._pending_partners: dict[str, str] = {}

    def import_field(self, field, instance, row, is_m2m=False, **kwargs):
        if field.attribute == "partner":
            # Resolved in after_import: the partner row may come later in the file.
            if field.column_name in row:
                self._pending_partners[instance.code] = (row.get(field.column_name) or "").strip()
            return
        super().import_field(field, instance, row, is_m2m, **kwargs)

    def skip_row(self, instance, original, row, import_validation_errors=None):
        if not (row.get("name") or "").strip():
            return True
        return super().skip_row(instance, original, row, import_validation_errors)

    def after_import(self, dataset, result, **kwargs):
        super().after_import(dataset, result, **kwargs)
        if result.has_errors() or result.has_validation_errors():
            return
        by_code = LegacyOrganisation.objects.in_bulk(self._pending_partners.keys(), field_name="code")
        partners = LegacyOrganisation.objects.in_bulk(
            [code for code in self._pending_partners.values() if code], field_name="code"
        )
        for code, partner_code in self._pending_partners.items():
            organisation = by_code.get(code)
            if organisation is None:
                continue  # skipped row: not identified
            partner = partners.get(partner_code)  # None when the partner is not identified
            if partner is not None and partner.kind == organisation.kind:
                result.append_base_error(
                    Error(
                        ValueError(
                            _("%(code)s: the partner %(partner)s is of the same kind.")
                            % {"code": code, "partner": partner_code}
                        )
                    )
                )
                continue
            if organisation.partner_id != (partner.pk if partner else None):
                organisation.partner = partner
                organisation.save(update_fields=["partner", "updated_at"])
