"""Open data API for geography, legacy organisations and networks (read-only, natural keys).

`?as_of=YYYY-MM-DD` shows the registry as it was (or will be) on that day; a value that is
not a date answers 400, never a silent fallback to today.
"""

import datetime

import django_filters
from django.contrib.auth.decorators import login_not_required
from django.db.models import Prefetch
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field, extend_schema_view
from rest_framework import generics, serializers
from rest_framework.response import Response

from networks.models import (
    LegacyOrganisation,
    Municipality,
    Network,
    PrimaryCareZone,
    PrimaryCareZoneMembership,
    RecognitionStatus,
    ReformDateKey,
    RegionalCareZone,
    RegionalCareZoneMembership,
    ServiceArea,
)
from networks.models.geography import today
from networks.selectors import (
    municipality_by_nis_code,
    network_details,
    networks_serving_on,
    reform_date,
    serving_areas,
    serving_network,
    with_zones_on,
)
from npz_registry.api import PublicReadOnlyViewSet
from npz_registry.asof import parse_as_of
from npz_registry.filters import StrictBooleanFilter, StrictFilterSet


def as_of_parameter(description: str) -> OpenApiParameter:
    return OpenApiParameter(
        "as_of", OpenApiTypes.DATE, OpenApiParameter.QUERY, required=False, description=description
    )


AS_OF_PARAMETER = as_of_parameter(gettext_lazy("The day to show, YYYY-MM-DD (1990-2100). Default: today."))


def requested_day(request) -> tuple[datetime.date, bool]:
    """The `as_of` day of an API request (today when absent) and whether one was given. A
    value that is not a date raises a validation error, which DRF answers with a 400."""
    value = (request.query_params.get("as_of") or "").strip() if request is not None else ""
    day, error = parse_as_of(value, default=today(), falls_back=False)
    if error:
        raise serializers.ValidationError({"as_of": [error]})
    return day, bool(value)


class AsOfMixin:
    # Parses `as_of` once per request and hands the day to the serializers. (A comment: the API
    # documentation publishes the docstrings of the views and what they inherit.)

    def as_of(self) -> tuple[datetime.date, bool]:
        if not hasattr(self, "_as_of"):
            request = None if getattr(self, "swagger_fake_view", False) else getattr(self, "request", None)
            self._as_of = requested_day(request)
        return self._as_of

    def get_serializer_context(self):
        context = super().get_serializer_context()
        context["day"] = self.as_of()[0]
        return context


class RegionalCareZoneSerializer(serializers.ModelSerializer):
    is_verified = serializers.BooleanField(
        help_text=gettext_lazy(
            "False while the department has not confirmed this area as an official regional care zone."
        )
    )

    class Meta:
        model = RegionalCareZone
        fields = ["code", "name", "kind", "is_verified", "source_code", "lblod_uri", "notes"]


class PrimaryCareZoneSerializer(serializers.ModelSerializer):
    parent = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)

    class Meta:
        model = PrimaryCareZone
        fields = ["code", "name", "kind", "parent", "source_code", "notes"]


class MunicipalitySerializer(serializers.ModelSerializer):
    primary_care_zones = serializers.SerializerMethodField(
        help_text=gettext_lazy("Codes of the primary care zones on the as_of day (default today).")
    )
    regional_care_zone = serializers.SerializerMethodField(
        help_text=gettext_lazy("Code of the regional care zone on the as_of day (default today).")
    )

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
    partner = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    seat_nis_code = serializers.SlugRelatedField(
        source="seat", slug_field="nis_code", read_only=True, allow_null=True
    )
    derived_regional_care_zones = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    source_urls = serializers.ListField(child=serializers.URLField(), read_only=True)
    successor = serializers.SlugRelatedField(
        slug_field="code",
        read_only=True,
        allow_null=True,
        help_text=gettext_lazy("Code of the network it merges into; null while none is recorded."),
    )
    merger_date = serializers.DateField(
        read_only=True,
        allow_null=True,
        help_text=gettext_lazy("From this day it is part of its successor network (it may lie ahead)."),
    )

    class Meta:
        model = LegacyOrganisation
        fields = [
            "code",
            "kind",
            "legal_basis",
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
            "successor",
            "merger_date",
            "source_urls",
            "confidence",
        ]


class RegionalCareZoneViewSet(PublicReadOnlyViewSet):
    api_description = gettext_lazy(
        "The regional care zones; provisional until the department has confirmed them (is_verified)."
    )
    queryset = RegionalCareZone.objects.all()
    serializer_class = RegionalCareZoneSerializer
    lookup_field = "code"
    filterset_fields = ["kind", "is_verified"]


class PrimaryCareZoneFilter(StrictFilterSet):
    """The list leaves out the cluster rows (a group of zones, not a zone) unless
    `include_clusters` is true; a value that is not yes/no answers 400, as for every yes/no filter."""

    include_clusters = StrictBooleanFilter(
        method="filter_include_clusters",
        label=gettext_lazy(
            "Also list the Antwerp cluster row (a group of zones, not a zone itself): true or false. "
            "Default: false."
        ),
    )

    class Meta:
        model = PrimaryCareZone
        fields = ["kind", "include_clusters"]

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if not self.form.cleaned_data.get("include_clusters"):
            queryset = queryset.exclude(kind=PrimaryCareZone.Kind.ELZ_CLUSTER)
        return queryset

    def filter_include_clusters(self, queryset, name, value: bool):
        return queryset  # the clusters are left out in filter_queryset, also when not asked


class PrimaryCareZoneViewSet(PublicReadOnlyViewSet):
    """The primary care zones (the Antwerp cluster row on request)."""

    api_description = gettext_lazy(
        "The 60 primary care zones; `include_clusters=true` adds the Antwerp helper row."
    )

    serializer_class = PrimaryCareZoneSerializer
    lookup_field = "code"
    filterset_class = PrimaryCareZoneFilter

    def get_queryset(self):
        return PrimaryCareZone.objects.select_related("parent")

    def filter_queryset(self, queryset):
        # A cluster has its own address too: the list's filters (which leave the clusters out)
        # do not hide it there.
        return super().filter_queryset(queryset) if self.action == "list" else queryset


class MunicipalityFilter(StrictFilterSet):
    regional_care_zone = django_filters.CharFilter(
        method="filter_regional", label=gettext_lazy("Regional care zone code")
    )
    primary_care_zone = django_filters.CharFilter(
        method="filter_primary", label=gettext_lazy("Primary care zone code")
    )

    class Meta:
        model = Municipality
        fields = ["region", "province", "regional_care_zone", "primary_care_zone"]

    def _day(self):
        return requested_day(self.request)[0]

    def filter_regional(self, queryset, name, value):
        return queryset.filter(
            regional_care_zone_memberships__in=RegionalCareZoneMembership.objects.valid_on(
                self._day()
            ).filter(zone__code=value)
        ).distinct()

    def filter_primary(self, queryset, name, value):
        return queryset.filter(
            primary_care_zone_memberships__in=PrimaryCareZoneMembership.objects.valid_on(self._day()).filter(
                zone__code=value
            )
        ).distinct()


@extend_schema_view(
    list=extend_schema(parameters=[AS_OF_PARAMETER]), retrieve=extend_schema(parameters=[AS_OF_PARAMETER])
)
class MunicipalityViewSet(AsOfMixin, PublicReadOnlyViewSet):
    """Municipalities with their zones on a day."""

    api_description = gettext_lazy("Municipalities with their zones on the as_of day (default today).")

    serializer_class = MunicipalitySerializer
    lookup_field = "nis_code"
    filterset_class = MunicipalityFilter

    def get_queryset(self):
        day = self.as_of()[0]
        return with_zones_on(Municipality.objects.order_by("nis_code"), day)


@extend_schema_view(
    list=extend_schema(
        parameters=[
            as_of_parameter(
                gettext_lazy(
                    "Only the organisations active (and not merged yet) on this day, YYYY-MM-DD. "
                    "Default: all identified organisations."
                )
            )
        ]
    )
)
class LegacyOrganisationViewSet(AsOfMixin, PublicReadOnlyViewSet):
    api_description = gettext_lazy(
        "The legacy palliative care organisations (PN/PSV networks and MBE teams) that merge into the "
        "networks, with the zones they serve."
    )
    serializer_class = LegacyOrganisationSerializer
    lookup_field = "code"
    filterset_fields = ["kind"]

    def get_queryset(self):
        queryset = LegacyOrganisation.objects.select_related("partner", "seat", "successor").prefetch_related(
            "derived_regional_care_zones"
        )
        day, given = self.as_of()
        if given and self.action == "list":
            queryset = queryset.active_on(day)
        return queryset


class ServiceAreaSerializer(serializers.ModelSerializer):
    zone = serializers.SlugRelatedField(
        slug_field="code", read_only=True, help_text=gettext_lazy("Regional care zone code.")
    )

    class Meta:
        model = ServiceArea
        fields = ["zone", "valid_from", "valid_until"]


class NetworkSerializer(serializers.ModelSerializer):
    status = serializers.ChoiceField(
        choices=RecognitionStatus.choices,
        read_only=True,
        help_text=gettext_lazy(
            "The latest recognition decision recorded, even when it takes effect only after the as_of "
            "day. The status in force on that day is status_on_day, which the status filter follows."
        ),
    )
    status_on_day = serializers.SerializerMethodField(
        help_text=gettext_lazy(
            "The recognition status in force on the as_of day (default today), with the values of status; "
            "null before any decision."
        ),
    )
    seat_nis_code = serializers.SlugRelatedField(
        source="seat", slug_field="nis_code", read_only=True, allow_null=True
    )
    service_areas = ServiceAreaSerializer(
        source="listed_service_areas",
        many=True,
        read_only=True,
        help_text=gettext_lazy(
            "Regional care zones served: those valid on the as_of day when given, else all periods."
        ),
    )
    predecessors = serializers.SlugRelatedField(
        slug_field="code",
        many=True,
        read_only=True,
        help_text=gettext_lazy(
            "Codes of the legacy organisations it replaces: those merged into it by the as_of day "
            "when given, else all, also those whose merger takes effect later."
        ),
    )

    class Meta:
        model = Network
        fields = [
            "code",
            "name",
            "short_name",
            "enterprise_number",
            "status",
            "status_on_day",
            "seat_nis_code",
            "address",
            "website",
            "email",
            "phone",
            "is_demo",
            "service_areas",
            "predecessors",
        ]

    # A plain string in the schema: a second enum with the same values would get a second name.
    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_status_on_day(self, obj) -> str | None:
        return obj.status_on(self.context.get("day") or today())


def network_queryset(areas_on: datetime.date | None = None):
    """Networks with everything the serializer reads, in a fixed number of queries: service
    areas and predecessors (only those serving, and merged into it, on `areas_on` when given)
    and status history."""
    areas = ServiceArea.objects.all() if areas_on is None else serving_areas(areas_on)
    return network_details(predecessor_order=("code",), merged_by=areas_on).prefetch_related(
        Prefetch(
            "service_areas",
            queryset=areas.select_related("zone").order_by("valid_from", "zone__code"),
            to_attr="listed_service_areas",
        )
    )


class NetworkFilter(StrictFilterSet):
    """`?status=` filters on the status in force on the as_of day (default today), the one
    status_on_day shows (`Network.status_on_expression`), not on the latest decision, which
    may take effect later."""

    status = django_filters.ChoiceFilter(
        choices=RecognitionStatus.choices,
        method="filter_status_on_day",
        label=gettext_lazy(
            "Only the networks with this recognition status in force on the as_of day (default today), "
            "as status_on_day shows it; a decision that takes effect later does not count yet."
        ),
    )

    class Meta:
        model = Network
        fields = ["status", "is_demo"]

    def filter_status_on_day(self, queryset, name, value):
        day = requested_day(self.request)[0]
        return queryset.annotate(status_on_filter_day=Network.status_on_expression(day)).filter(
            status_on_filter_day=value
        )


@extend_schema_view(
    list=extend_schema(
        parameters=[
            as_of_parameter(
                gettext_lazy(
                    "Only the networks serving a regional care zone on this day, YYYY-MM-DD; status_on_day, "
                    "the status filter and service_areas follow the same day. Default: all networks, "
                    "today's status."
                )
            )
        ]
    ),
    retrieve=extend_schema(parameters=[AS_OF_PARAMETER]),
)
class NetworkViewSet(AsOfMixin, PublicReadOnlyViewSet):
    """The networks with their service areas and predecessors."""

    api_description = gettext_lazy(
        "The Netwerken Palliatieve Zorg (NPZ), their service areas and the organisations they replace. "
        "Demo networks (`is_demo`) are fictional."
    )

    serializer_class = NetworkSerializer
    lookup_field = "code"
    filterset_class = NetworkFilter

    def get_queryset(self):
        day, given = self.as_of()
        queryset = network_queryset(areas_on=day if given else None).order_by("name")
        if given and self.action == "list":
            queryset = networks_serving_on(day, queryset)
        return queryset


class MunicipalityReferenceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Municipality
        fields = ["nis_code", "name"]


class MunicipalityNetworkSerializer(serializers.Serializer):
    municipality = MunicipalityReferenceSerializer(
        help_text=gettext_lazy(
            "The municipality of the answer: the one with the NIS code asked for, or the one its "
            "former municipality merged into."
        )
    )
    former_nis_code = serializers.CharField(
        allow_null=True,
        help_text=gettext_lazy(
            "The NIS code asked for when it is that of a former municipality, merged into "
            "municipality on 1 January 2025 (the answer is about municipality); null for a current code."
        ),
    )
    as_of = serializers.DateField(help_text=gettext_lazy("The day of the answer."))
    regional_care_zone = serializers.CharField(
        allow_null=True, help_text=gettext_lazy("Code of the municipality's regional care zone on that day.")
    )
    network = NetworkSerializer(
        allow_null=True, help_text=gettext_lazy("The network serving that zone on that day.")
    )
    detail = serializers.CharField(
        allow_null=True, help_text=gettext_lazy("Why there is no network; null when there is one.")
    )
    recognition_day = serializers.DateField(
        allow_null=True,
        help_text=gettext_lazy(
            "The day the networks are expected to be recognised, as set by the department."
        ),
    )
    recognition_certainty = serializers.CharField(
        allow_null=True,
        help_text=gettext_lazy("How firm that day is: FIXED, PLANNED, HOPED, ESTIMATED or ASSUMED."),
    )


class MunicipalityNetworkView(AsOfMixin, generics.RetrieveAPIView):
    """Which network serves a municipality on a day."""

    api_description = gettext_lazy(
        "Which network serves a municipality on a day (default today). The NIS code of a former "
        "municipality, merged on 1 January 2025, answers for the municipality it merged into."
    )

    authentication_classes: list = []
    queryset = Municipality.objects.all()
    serializer_class = MunicipalityNetworkSerializer
    lookup_field = "nis_code"
    filter_backends: list = []
    pagination_class = None
    former_nis_code = ""  # set by get_object

    @classmethod
    def as_view(cls, *args, **kwargs):
        return login_not_required(super().as_view(*args, **kwargs))

    def get_object(self):
        """The municipality with the NIS code of the address, current or former (see
        `municipality_by_nis_code`); the former code asked for is kept for the answer."""
        municipality, self.former_nis_code = municipality_by_nis_code(self.kwargs[self.lookup_field])
        if municipality is None:
            raise Http404
        self.check_object_permissions(self.request, municipality)
        return municipality

    @extend_schema(parameters=[AS_OF_PARAMETER])
    def get(self, request, *args, **kwargs):
        day, given = self.as_of()
        municipality = self.get_object()
        serving = serving_network(municipality, day, network_queryset(areas_on=day if given else None))
        recognition = reform_date(ReformDateKey.RECOGNITION_DAY)
        serializer = self.get_serializer(
            {
                "municipality": municipality,
                "former_nis_code": self.former_nis_code or None,
                "as_of": day,
                "regional_care_zone": serving.zone.code if serving.zone else None,
                "network": serving.network,
                "detail": None if serving.network else no_network_reason(municipality, serving.zone, day),
                "recognition_day": recognition.day if recognition else None,
                "recognition_certainty": recognition.certainty if recognition else None,
            }
        )
        return Response(serializer.data)


def no_network_reason(municipality: Municipality, zone: RegionalCareZone | None, day: datetime.date) -> str:
    if zone is None:
        return _("No regional care zone is known for %(municipality)s on %(day)s.") % {
            "municipality": municipality.name,
            "day": day.isoformat(),
        }
    recognition = reform_date(ReformDateKey.RECOGNITION_DAY)
    if recognition and recognition.day and day < recognition.day:
        return _(
            "No network serves the regional care zone %(zone)s on %(day)s; "
            "the networks are expected to be recognised from %(recognition_day)s (%(certainty)s)."
        ) % {
            "zone": zone.code,
            "day": day.isoformat(),
            "recognition_day": recognition.day.isoformat(),
            "certainty": recognition.get_certainty_display(),
        }
    return _("No network serves the regional care zone %(zone)s on %(day)s.") % {
        "zone": zone.code,
        "day": day.isoformat(),
    }
