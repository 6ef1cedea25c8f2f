"""Filters and sort orders of the transition's staff tables (django-filter).

Each FilterSet is the one definition of a table's query parameters: the form staff fill in, its
validation (a bad value is ignored and shown as an error, never a 500) and the sort orders the
column headers offer (`o`)."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from networks.models import ActorKind, LegacyOrganisation, Network, RegionalCareZone
from transition.models import Funding, FundingKind, Milestone
from transition.selectors import milestone_kind_order


class StableOrderingFilter(django_filters.OrderingFilter):
    """Sorts on the chosen column, then on the primary key, so pages never repeat or skip a row."""

    def filter(self, qs, value):
        qs = super().filter(qs, value)
        return qs.order_by(*qs.query.order_by, "pk") if value else qs


class RecipientKind:
    LEGACY = "legacy"
    NETWORK = "network"
    ORGANISATION = "organisation"
    SECTOR = "sector"
    CHOICES = [
        (LEGACY, _("Legacy organisations")),
        (NETWORK, _("Networks")),
        (ORGANISATION, _("Organisations of the reform")),
        (SECTOR, _("The sector as a whole")),
    ]
    ACTOR_KINDS = {
        LEGACY: ActorKind.LEGACY,
        NETWORK: ActorKind.NETWORK,
        ORGANISATION: ActorKind.ORGANISATION,
        SECTOR: ActorKind.SECTOR,
    }


class FundingChangeFilter(django_filters.FilterSet):
    """The year-on-year table of the funding page. It filters funding rows; the page then adds
    them up per organisation and year (transition.selectors.funding_changes)."""

    organisation = django_filters.CharFilter(label=_("Organisation"), method="filter_organisation")
    recipient = django_filters.ChoiceFilter(
        label=_("Organisation type"),
        choices=RecipientKind.CHOICES,
        empty_label=_("All organisations"),
        method="filter_recipient",
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=FundingKind.choices, empty_label=_("All kinds")
    )
    year = django_filters.ChoiceFilter(label=_("Year"), empty_label=_("All years"), method="filter_year")
    # Sorted after the adding up (funding_changes): here only read and checked.
    o = django_filters.OrderingFilter(
        fields=(("name", "name"), ("year", "year"), ("total", "total"), ("change", "change")),
        method="sort_later",
    )

    class Meta:
        model = Funding
        fields = ["organisation", "recipient", "kind", "year"]

    def __init__(self, *args, years=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["year"].extra["choices"] = [(str(year), str(year)) for year in years]

    def filter_organisation(self, queryset, name, value):
        return queryset.filter(
            Q(legacy_organisation__name__icontains=value)
            | Q(network__name__icontains=value)
            | Q(organisation__name__icontains=value)
        )

    def filter_recipient(self, queryset, name, value):
        return queryset.filter(actor_kind=RecipientKind.ACTOR_KINDS[value])

    def filter_year(self, queryset, name, value):
        # Earlier years stay: the change of the chosen year compares it with the year before.
        return queryset.filter(year__lte=value)

    def sort_later(self, queryset, name, value):
        return queryset

    @property
    def ordering(self) -> str:
        """The chosen sort order ("name" when none or an unknown one is asked)."""
        data = self.form.cleaned_data if self.is_valid() else {}
        return (data.get("o") or ["name"])[0]


class LateMilestoneFilter(django_filters.FilterSet):
    network = django_filters.ModelChoiceFilter(
        label=_("Network"),
        field_name="merger__network",
        queryset=Network.objects.filter(merger__isnull=False).order_by("name"),
        empty_label=_("All networks"),
    )
    kind = django_filters.ChoiceFilter(
        label=_("Milestone"), choices=Milestone.Kind.choices, empty_label=_("All milestones")
    )
    o = StableOrderingFilter(
        fields=(("due_date", "due"), ("merger__network__name", "network"), ("kind_order", "milestone")),
    )

    class Meta:
        model = Milestone
        fields = ["network", "kind"]

    def filter_queryset(self, queryset):
        return super().filter_queryset(queryset.annotate(kind_order=milestone_kind_order()))


class LegacyWithoutSuccessorFilter(django_filters.FilterSet):
    name = django_filters.CharFilter(label=_("Name"), lookup_expr="icontains")
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=LegacyOrganisation.Kind.choices, empty_label=_("All kinds")
    )
    zone = django_filters.ModelChoiceFilter(
        label=_("Regional care zone"),
        queryset=RegionalCareZone.objects.order_by("name"),
        empty_label=_("All zones"),
        method="working_in",
    )
    o = StableOrderingFilter(fields=(("name", "name"), ("kind", "kind"), ("successor__name", "successor")))

    def working_in(self, queryset, name, zone):
        """The organisations working in the zone: a home-care team by its partner's zones."""
        return queryset.working_in(zone) if zone else queryset

    class Meta:
        model = LegacyOrganisation
        fields = ["name", "kind", "zone"]
