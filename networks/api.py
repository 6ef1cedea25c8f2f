"""Open data API for geography and legacy organisations (read-only, natural keys)."""

import django_filters
from django.db.models import Prefetch
from rest_framework import serializers

from networks.models import (
    LegacyOrganisation,
    Municipality,
    PrimaryCareZone,
    PrimaryCareZoneMembership,
    RegionalCareZone,
    RegionalCareZoneMembership,
)
from networks.models.geography import today
from npz_registry.api import PublicReadOnlyViewSet


class RegionalCareZoneSerializer(serializers.ModelSerializer):
    is_verified = serializers.BooleanField(
        help_text="False while the department has not confirmed this area as an official regional care zone."
    )

    class Meta:
        model = RegionalCareZone
        fields = ["code", "name", "kind", "is_verified", "source_code", "lblod_uri", "notes"]


class PrimaryCareZoneSerializer(serializers.ModelSerializer):
    parent = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = PrimaryCareZone
        fields = ["code", "name", "kind", "parent", "source_code", "notes"]


class MunicipalitySerializer(serializers.ModelSerializer):
    primary_care_zones = serializers.SerializerMethodField(help_text="Codes of the primary care zones today.")
    regional_care_zone = serializers.SerializerMethodField(help_text="Code of the regional care zone today.")

    class Meta:
        model = Municipality
        fields = [
            "nis_code",
            "name",
            "name_fr",
            "region",
            "province",
            "arrondissement",
            "primary_care_zones",
            "regional_care_zone",
        ]

    def get_primary_care_zones(self, obj) -> list[str]:
        return [m.zone.code for m in obj.current_primary]

    def get_regional_care_zone(self, obj) -> str | None:
        return obj.current_regional[0].zone.code if obj.current_regional else None


class LegacyOrganisationSerializer(serializers.ModelSerializer):
    partner = serializers.SlugRelatedField(slug_field="code", read_only=True)
    seat_nis_code = serializers.SlugRelatedField(source="seat", slug_field="nis_code", read_only=True)
    derived_regional_care_zones = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    source_urls = serializers.ListField(child=serializers.URLField(), read_only=True)

    class Meta:
        model = LegacyOrganisation
        fields = [
            "code",
            "kind",
            "name",
            "short_name",
            "enterprise_number",
            "seat_nis_code",
            "website",
            "email",
            "phone",
            "partner",
            "region_served_as_stated",
            "derived_regional_care_zones",
            "active_from",
            "active_until",
            "source_urls",
            "confidence",
        ]


class RegionalCareZoneViewSet(PublicReadOnlyViewSet):
    queryset = RegionalCareZone.objects.all()
    serializer_class = RegionalCareZoneSerializer
    lookup_field = "code"
    filterset_fields = ["kind", "is_verified"]


class PrimaryCareZoneViewSet(PublicReadOnlyViewSet):
    """The 60 primary care zones; `include_clusters=true` adds the Antwerp helper row."""

    serializer_class = PrimaryCareZoneSerializer
    lookup_field = "code"
    filterset_fields = ["kind"]

    def get_queryset(self):
        queryset = PrimaryCareZone.objects.select_related("parent")
        if self.action == "list" and self.request.query_params.get("include_clusters") != "true":
            queryset = queryset.exclude(kind=PrimaryCareZone.Kind.ELZ_CLUSTER)
        return queryset


class MunicipalityFilter(django_filters.FilterSet):
    regional_care_zone = django_filters.CharFilter(method="filter_regional", label="Regional care zone code")
    primary_care_zone = django_filters.CharFilter(method="filter_primary", label="Primary care zone code")

    class Meta:
        model = Municipality
        fields = ["region", "province", "regional_care_zone", "primary_care_zone"]

    def filter_regional(self, queryset, name, value):
        return queryset.filter(
            regional_care_zone_memberships__in=RegionalCareZoneMembership.objects.valid_on(today()).filter(
                zone__code=value
            )
        ).distinct()

    def filter_primary(self, queryset, name, value):
        return queryset.filter(
            primary_care_zone_memberships__in=PrimaryCareZoneMembership.objects.valid_on(today()).filter(
                zone__code=value
            )
        ).distinct()


class MunicipalityViewSet(PublicReadOnlyViewSet):
    serializer_class = MunicipalitySerializer
    lookup_field = "nis_code"
    filterset_class = MunicipalityFilter

    def get_queryset(self):
        day = today()
        return Municipality.objects.order_by("nis_code").prefetch_related(
            Prefetch(
                "primary_care_zone_memberships",
                queryset=PrimaryCareZoneMembership.objects.valid_on(day)
                .select_related("zone")
                .order_by("zone__code"),
                to_attr="current_primary",
            ),
            Prefetch(
                "regional_care_zone_memberships",
                queryset=RegionalCareZoneMembership.objects.valid_on(day).select_related("zone"),
                to_attr="current_regional",
            ),
        )


class LegacyOrganisationViewSet(PublicReadOnlyViewSet):
    serializer_class = LegacyOrganisationSerializer
    lookup_field = "code"
    filterset_fields = ["kind"]

    def get_queryset(self):
        return LegacyOrganisation.objects.select_related("partner", "seat").prefetch_related(
            "derived_regional_care_zones"
        )
