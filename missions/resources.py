"""Import and export of the mission reference data, indicator values and activity counts.

The reference files of fixtures/ (themes, tasks, partner types, aims, indicators) are loaded by
`load_reference_data` through these same resources (`missions/services/reference_data.py`).
"""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from missions.models import (
    ActivityCount,
    ActivityKind,
    ComplexityLevel,
    Indicator,
    IndicatorValue,
    MissionTask,
    MissionTheme,
    PartnerOrganisation,
    PartnerType,
    SextupleAim,
)
from networks.models import Municipality, PrimaryCareZone, RegionalCareZone
from networks.resources import ACTOR_COLUMNS, ACTOR_KEYS, ActorResource
from npz_registry.importexport.resources import BatchResource, certainty_field, choice_field, key_field


class MissionThemeResource(BatchResource):
    """The mission themes (mission_themes.csv); `folded_into` names a theme by its number."""

    refuse_new_keys = True
    self_links = ("folded_into",)  # theme 6 is part of theme 2

    folded_into = key_field("folded_into", "folded_into", MissionTheme, "number")

    class Meta(BatchResource.Meta):
        model = MissionTheme
        import_id_fields = ("number",)
        fields = ("number", "code", "name", "name_en", "folded_into")
        fields += ("description", "description_en", "scope", "scope_en", "closing", "closing_en")
        fields += ("examples", "source")


class MissionTaskResource(BatchResource):
    """The lettered tasks of each theme (mission_tasks.csv): the theme by its number."""

    ignored_columns = ("source",)  # not stored: the note the themes come from is their source
    theme = key_field("theme", "theme", MissionTheme, "number")

    class Meta(BatchResource.Meta):
        model = MissionTask
        import_id_fields = ("theme", "letter")
        fields = ("theme", "letter", "description", "description_en")


class PartnerTypeResource(BatchResource):
    """The partner types a network works with (partner_types.csv)."""

    ignored_columns = ("source", "source_quote")  # where the list comes from: not stored per type

    class Meta(BatchResource.Meta):
        model = PartnerType
        import_id_fields = ("code",)
        fields = ("code", "name", "name_en", "order")


class PartnerOrganisationResource(BatchResource):
    """Named partner organisations, by code: the partner type by its code, the zones by their
    codes and the municipality by its NIS code (each table read once)."""

    partner_type = key_field("partner_type", "partner_type", PartnerType)
    regional_care_zone = key_field("regional_care_zone", "regional_care_zone", RegionalCareZone)
    primary_care_zone = key_field("primary_care_zone", "primary_care_zone", PrimaryCareZone)
    municipality = key_field("municipality", "nis_code", Municipality, "nis_code")
    certainty = certainty_field()

    class Meta(BatchResource.Meta):
        model = PartnerOrganisation
        import_id_fields = ("code",)
        fields = ("code", "name", "partner_type", "regional_care_zone", "primary_care_zone", "municipality")
        fields += ("website", "note", "is_demo", "certainty", "source", "source_quote")


class ComplexityLevelResource(BatchResource):
    """The complexity levels of care and support (complexity_levels.csv, from the slides)."""

    class Meta(BatchResource.Meta):
        model = ComplexityLevel
        import_id_fields = ("code",)
        fields = ("order", "code", "name", "name_en", "source", "source_quote")


class SextupleAimResource(BatchResource):
    """The six aims of the sextuple aim (sextuple_aims.csv)."""

    class Meta(BatchResource.Meta):
        model = SextupleAim
        import_id_fields = ("number",)
        fields = ("number", "code", "name", "name_en", "description")


class IndicatorResource(BatchResource):
    """The indicator catalogue (indicators.csv): a new code is a new indicator, added on request."""

    refuse_new_keys = True

    class Meta(BatchResource.Meta):
        model = Indicator
        import_id_fields = ("code",)
        fields = ("code", "name", "name_en", "unit", "unit_en", "direction", "level")
        fields += ("builtin", "weight", "weight_source", "weight_certainty", "source", "description")
        fields += ("parameter", "parameter_source")


class IndicatorZoneValueResource(BatchResource):
    """Values per regional care zone: columns indicator, zone_code, year, value, source."""

    indicator = key_field("indicator", "indicator", Indicator)
    zone = key_field("zone", "zone_code", RegionalCareZone)
    scope = Q(zone__isnull=False)

    class Meta(BatchResource.Meta):
        model = IndicatorValue
        name = _("Values per regional care zone")
        import_id_fields = ("indicator", "zone", "year")
        fields = ("indicator", "zone", "year", "value", "source")


class IndicatorMunicipalityValueResource(BatchResource):
    """Values per municipality: columns indicator, nis_code, year, value, source."""

    indicator = key_field("indicator", "indicator", Indicator)
    municipality = key_field("municipality", "nis_code", Municipality, "nis_code")
    scope = Q(municipality__isnull=False)

    class Meta(BatchResource.Meta):
        model = IndicatorValue
        name = _("Values per municipality")
        import_id_fields = ("indicator", "municipality", "year")
        fields = ("indicator", "municipality", "year", "value", "source")


class ActivityCountResource(ActorResource):
    """Activity per actor (a network, a legacy organisation for the baseline, an organisation
    of the reform or the sector), municipality, year and kind: the actor by its code."""

    municipality = key_field("municipality", "nis_code", Municipality, "nis_code")
    kind = choice_field("kind", ActivityKind.choices)

    class Meta(BatchResource.Meta):
        model = ActivityCount
        import_id_fields = (*ACTOR_KEYS, "municipality", "year", "kind")
        fields = (*ACTOR_COLUMNS, "municipality", "year", "kind", "count", "source")
