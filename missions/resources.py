"""Import/export of indicator values, activity counts and the mission reference data."""

from django.utils.translation import gettext_lazy as _
from import_export import fields, widgets

from missions.models import ActivityCount, ActivityKind, Indicator, IndicatorValue, MissionTheme
from networks.models import Municipality, Network, RegionalCareZone
from networks.resources import ChoiceWidget, ReferenceResource


class IndicatorResource(ReferenceResource):
    class Meta(ReferenceResource.Meta):
        model = Indicator
        import_id_fields = ("code",)
        fields = ("code", "name", "name_en", "unit", "direction", "level", "weight", "source", "description")


class IndicatorZoneValueResource(ReferenceResource):
    """Values per regional care zone: columns indicator, zone_code, year, value, source."""

    indicator = fields.Field(
        attribute="indicator", column_name="indicator", widget=widgets.ForeignKeyWidget(Indicator, "code")
    )
    zone = fields.Field(
        attribute="zone", column_name="zone_code", widget=widgets.ForeignKeyWidget(RegionalCareZone, "code")
    )

    class Meta(ReferenceResource.Meta):
        model = IndicatorValue
        name = _("Values per regional care zone")
        import_id_fields = ("indicator", "zone", "year")
        fields = ("indicator", "zone", "year", "value", "source")

    def get_queryset(self):
        return super().get_queryset().filter(zone__isnull=False)


class IndicatorMunicipalityValueResource(ReferenceResource):
    """Values per municipality: columns indicator, nis_code, year, value, source."""

    indicator = fields.Field(
        attribute="indicator", column_name="indicator", widget=widgets.ForeignKeyWidget(Indicator, "code")
    )
    municipality = fields.Field(
        attribute="municipality",
        column_name="nis_code",
        widget=widgets.ForeignKeyWidget(Municipality, "nis_code"),
    )

    class Meta(ReferenceResource.Meta):
        model = IndicatorValue
        name = _("Values per municipality")
        import_id_fields = ("indicator", "municipality", "year")
        fields = ("indicator", "municipality", "year", "value", "source")

    def get_queryset(self):
        return super().get_queryset().filter(municipality__isnull=False)


class ActivityCountResource(ReferenceResource):
    network = fields.Field(
        attribute="network", column_name="network", widget=widgets.ForeignKeyWidget(Network, "code")
    )
    municipality = fields.Field(
        attribute="municipality",
        column_name="nis_code",
        widget=widgets.ForeignKeyWidget(Municipality, "nis_code"),
    )
    kind = fields.Field(attribute="kind", column_name="kind", widget=ChoiceWidget(ActivityKind.choices))

    class Meta(ReferenceResource.Meta):
        model = ActivityCount
        import_id_fields = ("network", "municipality", "year", "kind")
        fields = ("network", "municipality", "year", "kind", "count", "source")


class MissionThemeResource(ReferenceResource):
    class Meta(ReferenceResource.Meta):
        model = MissionTheme
        import_id_fields = ("number",)
        fields = ("number", "code", "name", "name_en", "description", "description_en", "source")
