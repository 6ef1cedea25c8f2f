"""Admin: the department's back office for reference data and fixes."""

from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, OuterRef, Prefetch, Q, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from networks import resources
from networks.models import (
    CareCouncil,
    CareCouncilPolicyPeriod,
    LegacyOrganisation,
    LegacyOrganisationArea,
    Municipality,
    MunicipalityFigures,
    Network,
    NetworkRole,
    NetworkStatusChange,
    Person,
    PrimaryCareZone,
    PrimaryCareZoneMembership,
    ProgressReportRule,
    ReformDate,
    ReformOrganisation,
    RegionalCareZone,
    RegionalCareZoneMembership,
    ServiceArea,
    registry_completeness,
)
from networks.models.geography import today
from networks.selectors import keyed_reform_days, networks_serving_on, with_zones_on
from networks.services.networks import (
    network_set_status,
    network_status_refusal,
    network_undo_refusal,
    service_area_refusal,
    service_areas_save,
)
from networks.services.people import person_copy_to_account
from npz_registry.admin import (
    LIST_PER_PAGE,
    HistoryAdmin,
    KeptWhileInUseMixin,
    KnownRelationsInline,
    ListRelationsMixin,
    OpenedStateMixin,
    ServiceSavedAdmin,
    StatusChangeAdmin,
    StatusChangeInline,
    StatusGuardedHistoryAdmin,
    StatusTodayFilter,
    StatusTodayMixin,
)
from npz_registry.aggregates import json_rows
from npz_registry.asof import parse_as_of
from npz_registry.importexport.admin import RegistryImportExportMixin
from npz_registry.models import valid_on_condition

User = get_user_model()

admin.site.site_header = _("NPZ registry")
admin.site.site_title = _("NPZ registry")
admin.site.index_title = _("Back office of the Departement Zorg")


def admin_link(obj, label=None):
    if obj is None:
        return "–"
    url = reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])
    return format_html('<a href="{}">{}</a>', url, label or str(obj))


class ReferenceAdmin(RegistryImportExportMixin, HistoryAdmin):
    """Import/export (CSV, XLSX, dry-run preview) plus the history of every change."""

    # get_absolute_url points at the admin itself until the records get public pages.
    view_on_site = False


class AsOfFilter(admin.SimpleListFilter):
    """`?as_of=YYYY-MM-DD`: only the rows valid on that day (any date may be typed in the URL)."""

    title = _("valid on")
    parameter_name = "as_of"

    def lookups(self, request, model_admin):
        today = timezone.localdate()
        days = [today, *keyed_reform_days()]
        if self.value() and self.value() not in {d.isoformat() for d in days}:
            day, error = parse_as_of(self.value())
            if not error:
                days.append(day)
        return [(d.isoformat(), d.strftime("%d/%m/%Y")) for d in sorted(set(days))]

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        day, error = parse_as_of(self.value())
        if error:
            messages.warning(request, error)
            return queryset
        return self.filter_on(queryset, day)

    def filter_on(self, queryset, day):
        return queryset.valid_on(day)


class NetworkAsOfFilter(AsOfFilter):
    def filter_on(self, queryset, day):
        return networks_serving_on(day, queryset)


class LegacyOrganisationAsOfFilter(AsOfFilter):
    title = _("active on")

    def filter_on(self, queryset, day):
        return queryset.active_on(day)


class ProvinceFilter(admin.SimpleListFilter):
    """Province of the municipalities a zone holds (zones have no province of their own)."""

    title = _("province")
    parameter_name = "province"
    lookup = "memberships__municipality__province"

    def lookups(self, request, model_admin):
        return Municipality.Province.choices

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(**{self.lookup: self.value()}).distinct()
        return queryset


class MunicipalityRegionalCareZoneFilter(admin.SimpleListFilter):
    """`?regional_care_zone=<code>`: the municipalities in that zone today."""

    title = _("regional care zone")
    parameter_name = "regional_care_zone"
    zone_model = RegionalCareZone

    def lookups(self, request, model_admin):
        return self.zone_model.objects.values_list("code", "name")

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        zone = self.zone_model.objects.filter(code=self.value()).first()
        return self.in_zone(queryset, zone) if zone else queryset.none()

    def in_zone(self, queryset, zone):
        return queryset.in_regional_care_zone(zone)


class MunicipalityPrimaryCareZoneFilter(MunicipalityRegionalCareZoneFilter):
    title = _("primary care zone")
    parameter_name = "primary_care_zone"
    zone_model = PrimaryCareZone

    def in_zone(self, queryset, zone):
        return queryset.in_primary_care_zone(zone)


class DatedMunicipalityInline(KnownRelationsInline):
    """The municipalities of a zone or an organisation, each for a period."""

    extra = 0
    autocomplete_fields = ["municipality"]
    fields = ["municipality", "valid_from", "valid_until"]


class RegionalCareZoneMembershipInline(DatedMunicipalityInline):
    model = RegionalCareZoneMembership
    select_related = ("municipality", "zone")
    ordering = ["municipality__name"]


class PrimaryCareZoneMembershipInline(RegionalCareZoneMembershipInline):
    model = PrimaryCareZoneMembership
    fields = ["municipality", "is_partial", "valid_from", "valid_until"]


class RegionalCareZoneOfMunicipalityInline(RegionalCareZoneMembershipInline):
    """A municipality's regional care zones, each for a period: on the municipality's page,
    whose row is the parent, the zone is the field to choose."""

    autocomplete_fields = ["zone"]
    fields = ["zone", "valid_from", "valid_until"]
    ordering = ["zone__name", "valid_from"]


class PrimaryCareZoneOfMunicipalityInline(RegionalCareZoneOfMunicipalityInline):
    model = PrimaryCareZoneMembership
    fields = ["zone", "is_partial", "valid_from", "valid_until"]


@admin.register(RegionalCareZone)
class RegionalCareZoneAdmin(ReferenceAdmin):
    resource_classes = [resources.RegionalCareZoneResource]
    change_list_template = "admin/networks/regionalcarezone/change_list.html"
    list_display = ["name", "code", "kind", "is_verified", "municipality_count", "source_code"]
    list_filter = ["kind", "is_verified", ProvinceFilter]
    search_fields = ["name", "code", "source_code"]
    readonly_fields = ["created_at", "updated_at"]
    inlines = [RegionalCareZoneMembershipInline]

    def changelist_view(self, request, extra_context=None):
        # The list says the zones are provisional while one is not confirmed.
        provisional = RegionalCareZone.objects.filter(is_verified=False).exists()
        return super().changelist_view(request, {"zones_provisional": provisional, **(extra_context or {})})

    def get_queryset(self, request):
        current = RegionalCareZoneMembership.objects.valid_on(today()).values("pk")
        return (
            super()
            .get_queryset(request)
            .annotate(n_municipalities=Count("memberships", filter=Q(memberships__in=current), distinct=True))
        )

    @admin.display(description=_("municipalities (today)"), ordering="n_municipalities")
    def municipality_count(self, obj):
        url = reverse("admin:networks_municipality_changelist") + f"?regional_care_zone={obj.code}"
        return format_html('<a href="{}">{}</a>', url, obj.n_municipalities)


@admin.register(PrimaryCareZone)
class PrimaryCareZoneAdmin(ListRelationsMixin, ReferenceAdmin):
    resource_classes = [resources.PrimaryCareZoneResource]
    list_display = ["name", "code", "kind", "parent_link", "regional_care_zones", "municipality_count"]
    list_filter = ["kind", ProvinceFilter]
    search_fields = ["name", "code", "source_code"]
    list_select_related = ["parent"]
    autocomplete_fields = ["parent"]
    readonly_fields = ["created_at", "updated_at"]
    inlines = [PrimaryCareZoneMembershipInline]

    def get_queryset(self, request):
        current = PrimaryCareZoneMembership.objects.valid_on(today())
        count = Count("memberships", filter=Q(memberships__in=current.values("pk")), distinct=True)
        return super().get_queryset(request).annotate(n_municipalities=count)

    def with_list_relations(self, queryset):
        """Each zone with the regional care zones of its municipalities today, read with it
        (rather than its memberships, their municipalities and theirs: a thousand rows a page)."""
        day = today()
        regional = "municipality__regional_care_zone_memberships"
        members = PrimaryCareZoneMembership.objects.filter(
            valid_on_condition(day), valid_on_condition(day, regional)
        )
        zones = json_rows(members, "zone", pk=f"{regional}__zone_id", name=f"{regional}__zone__name")
        return queryset.annotate(regional_zone_rows=zones)

    @admin.display(description=_("part of"), ordering="parent__name")
    def parent_link(self, obj):
        return admin_link(obj.parent) if obj.parent else ""

    @admin.display(description=_("regional care zones"))
    def regional_care_zones(self, obj):
        # A primary care zone may straddle several regional care zones: list them all.
        rows = [row for row in obj.regional_zone_rows or [] if row["pk"] is not None]  # no zone today
        zones = {row["pk"]: RegionalCareZone(**row) for row in rows}
        links = ((admin_link(zone),) for zone in sorted(zones.values(), key=lambda zone: zone.name))
        return format_html_join(", ", "{}", links)

    @admin.display(description=_("municipalities (today)"), ordering="n_municipalities")
    def municipality_count(self, obj):
        url = reverse("admin:networks_municipality_changelist") + f"?primary_care_zone={obj.code}"
        return format_html('<a href="{}">{}</a>', url, obj.n_municipalities)


class MunicipalityFiguresInline(admin.TabularInline):
    model = MunicipalityFigures
    extra = 0
    fields = ["year", "population", "aged_65_plus", "aged_80_plus", "deaths", "source"]


class LegacyOrganisationAreaInline(DatedMunicipalityInline):
    model = LegacyOrganisationArea
    select_related = ("organisation", "municipality")


@admin.register(Municipality)
class MunicipalityAdmin(KeptWhileInUseMixin, ListRelationsMixin, ReferenceAdmin):
    resource_classes = [resources.MunicipalityResource, resources.MunicipalityFileResource]
    list_display = [
        "name",
        "nis_code",
        "province",
        "arrondissement",
        "primary_care_zone_links",
        "regional_care_zone_links",
        "latest_population",
    ]
    list_filter = [
        "region",
        "province",
        MunicipalityRegionalCareZoneFilter,
        MunicipalityPrimaryCareZoneFilter,
    ]
    search_fields = ["name", "name_fr", "nis_code", "arrondissement"]
    readonly_fields = ["created_at", "updated_at"]
    inlines = [
        PrimaryCareZoneOfMunicipalityInline,
        RegionalCareZoneOfMunicipalityInline,
        MunicipalityFiguresInline,
    ]

    def get_queryset(self, request):
        latest = MunicipalityFigures.objects.filter(
            municipality=OuterRef("pk"), population__isnull=False
        ).order_by("-year")
        return (
            super()
            .get_queryset(request)
            .annotate(latest_population_value=Subquery(latest.values("population")[:1]))
        )

    def get_export_resource_classes(self, request):
        # The department's file is read, never written: an export of it would promise zones
        # and figures it does not hold (the zones and the figures have exports of their own).
        return [resources.MunicipalityResource]

    in_use_reason = _(
        "it belongs to a zone: the zones' populations and the needs index are computed from it. "
        "End its zone memberships instead."
    )

    history_reason = _(
        "it belonged to a zone until %(day)s: the zones' populations and needs index on earlier "
        "days are computed from it, so it stays for the history."
    )

    def in_use(self, objs, collected):
        models = (RegionalCareZoneMembership, PrimaryCareZoneMembership)
        used = {row.municipality_id for model in models for row in collected.get(model, ())}
        return [municipality for municipality in objs if municipality.pk in used]

    def reason_for(self, obj, collected) -> str:
        """A municipality whose memberships have all ended (merged into another) stays for the
        history: ending them, the usual advice, is done."""
        ends = [
            row.valid_until
            for model in (RegionalCareZoneMembership, PrimaryCareZoneMembership)
            for row in collected.get(model, ())
            if row.municipality_id == obj.pk
        ]
        if None in ends or max(ends) >= today():
            return self.in_use_reason
        return self.history_reason % {"day": date_format(max(ends), "j F Y")}

    def with_list_relations(self, queryset):
        return with_zones_on(queryset, today())

    @admin.display(description=_("primary care zone"))
    def primary_care_zone_links(self, obj):
        return format_html_join(", ", "{}", ((admin_link(m.zone),) for m in obj.current_primary))

    @admin.display(description=_("regional care zone"))
    def regional_care_zone_links(self, obj):
        return format_html_join(", ", "{}", ((admin_link(m.zone),) for m in obj.current_regional))

    @admin.display(description=_("population (latest)"), ordering="latest_population_value")
    def latest_population(self, obj):
        return obj.latest_population_value if obj.latest_population_value is not None else "–"


@admin.register(MunicipalityFigures)
class MunicipalityFiguresAdmin(ReferenceAdmin):
    resource_classes = [resources.MunicipalityFiguresResource]
    list_display = ["municipality", "year", "population", "aged_65_plus", "aged_80_plus", "deaths"]
    list_filter = ["year", "municipality__province"]
    search_fields = ["municipality__name", "municipality__nis_code"]
    list_select_related = ["municipality"]
    autocomplete_fields = ["municipality"]


class ZoneMembershipAdmin(ReferenceAdmin):
    list_display = ["municipality", "zone", "valid_from", "valid_until"]
    list_filter = [AsOfFilter, "zone", "municipality__province"]
    search_fields = ["municipality__name", "municipality__nis_code", "zone__name"]
    list_select_related = ["municipality", "zone"]
    autocomplete_fields = ["municipality", "zone"]


@admin.register(RegionalCareZoneMembership)
class RegionalCareZoneMembershipAdmin(ZoneMembershipAdmin):
    resource_classes = [resources.RegionalCareZoneMembershipResource]


@admin.register(PrimaryCareZoneMembership)
class PrimaryCareZoneMembershipAdmin(ZoneMembershipAdmin):
    resource_classes = [resources.PrimaryCareZoneMembershipResource]
    list_display = ["municipality", "zone", "is_partial", "valid_from", "valid_until"]
    list_filter = [AsOfFilter, "zone", "is_partial", "municipality__province"]


@admin.register(LegacyOrganisation)
class LegacyOrganisationAdmin(ReferenceAdmin):
    resource_classes = [resources.LegacyOrganisationResource]
    change_list_template = "admin/networks/legacyorganisation/change_list.html"
    list_display = [
        "name",
        "short_name",
        "kind",
        "legal_basis",
        "successor_link",
        "partner_link",
        "seat",
        "derived_zones",
        "enterprise_number_display",
        "confidence",
    ]
    list_filter = [
        LegacyOrganisationAsOfFilter,
        "kind",
        "successor",
        "derived_regional_care_zones",
        "seat__province",
    ]
    search_fields = ["name", "short_name", "code", "enterprise_number", "region_served_as_stated"]
    list_select_related = ["partner", "seat", "successor"]
    autocomplete_fields = ["seat", "partner", "derived_regional_care_zones"]
    # The successor and the legal date come from the merger's recognition (Transition > mergers),
    # which sets both for every participant: written here they contradicted it.
    readonly_fields = ["successor", "merger_date", "source_links", "created_at", "updated_at"]
    inlines = [LegacyOrganisationAreaInline]
    fieldsets = [
        (None, {"fields": ["code", "kind", "legal_basis", "name", "short_name", "enterprise_number"]}),
        (_("Contact"), {"fields": ["seat", "website", "email", "phone"]}),
        (
            _("Relations and area"),
            {
                "fields": [
                    "partner",
                    "same_legal_entity_as_partner",
                    "successor",
                    "merger_date",
                    "region_served_as_stated",
                    "derived_regional_care_zones",
                    "active_from",
                    "active_until",
                ]
            },
        ),
        (
            _("Sources"),
            {"fields": ["source_url", "source_links", "confidence", "notes", "created_at", "updated_at"]},
        ),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("derived_regional_care_zones")

    @admin.display(description=_("overlapping zones (derived)"))
    def derived_zones(self, obj):
        return ", ".join(zone.name for zone in obj.derived_regional_care_zones.all()) or "–"

    @admin.display(description=_("successor network"), ordering="successor__name")
    def successor_link(self, obj):
        if not obj.successor:
            return "–"
        return format_html("{} ({})", admin_link(obj.successor), obj.merger_date.strftime("%d/%m/%Y"))

    @admin.display(description=_("partner"), ordering="partner__name")
    def partner_link(self, obj):
        return admin_link(obj.partner) if obj.partner else "–"

    @admin.display(description=_("enterprise number"), ordering="enterprise_number")
    def enterprise_number_display(self, obj):
        return obj.enterprise_number_display or "–"

    @admin.display(description=_("source links"))
    def source_links(self, obj):
        return format_html_join(
            "<br>",
            '<a href="{}" rel="noopener noreferrer" target="_blank">{}</a>',
            ((u, u) for u in obj.source_urls),
        )

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "completeness": registry_completeness()}
        return super().changelist_view(request, extra_context=extra_context)


class NetworkRoleInline(KnownRelationsInline):
    model = NetworkRole
    select_related = ("user", "network")
    extra = 0
    autocomplete_fields = ["user"]


class ServiceAreaFormSet(forms.BaseInlineFormSet):
    """The service areas of one network, checked together by the service's rule (a zone is
    served by at most one network on any day; several zones at once need a justification) and
    saved through the service, which locks the zones."""

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        deleted = [form.instance for form in self.deleted_forms if form.instance.pk]
        areas = [
            form.instance
            for form in self.forms
            if form.has_changed() and form not in self.deleted_forms and form.cleaned_data.get("zone")
        ]
        reason = service_area_refusal(network=self.instance, areas=areas, deleted=deleted)
        if reason:
            raise ValidationError(reason)

    def save(self, commit=True):
        areas = super().save(commit=False)
        return service_areas_save(network=self.instance, areas=areas, deleted=self.deleted_objects)


class ServiceAreaInline(KnownRelationsInline):
    model = ServiceArea
    select_related = ("zone", "network")
    formset = ServiceAreaFormSet
    extra = 0
    autocomplete_fields = ["zone"]
    fields = ["zone", "valid_from", "valid_until", "note"]


class NetworkStatusChangeInline(StatusChangeInline):
    model = NetworkStatusChange
    verbose_name_plural = _("recognition status history (change it through 'recognition status changes')")


class PredecessorInline(admin.TabularInline):
    model = LegacyOrganisation
    fk_name = "successor"
    extra = 0
    can_delete = False
    show_change_link = True
    fields = ["name", "kind", "merger_date"]
    readonly_fields = fields
    verbose_name = _("predecessor")
    verbose_name_plural = _("predecessors (link them from the legacy organisation or through the merger)")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Network)
class NetworkAdmin(StatusTodayMixin, ListRelationsMixin, StatusGuardedHistoryAdmin):
    view_on_site = False
    in_use_reason = _(
        "its recognition is a decision of record and stays with its history. Take a recognition "
        "recorded by mistake back on its page first (the latest decision only)."
    )
    list_display = [
        "name",
        "code",
        "short_name",
        "status_today",
        "zones_served",
        "seat",
        "is_demo",
        "pdf_link",
    ]
    list_filter = [NetworkAsOfFilter, StatusTodayFilter, "is_demo", "service_areas__zone"]
    search_fields = ["name", "code", "short_name", "enterprise_number"]
    list_select_related = ["seat"]
    autocomplete_fields = ["seat"]
    readonly_fields = ["created_at", "updated_at"]
    inlines = [ServiceAreaInline, NetworkStatusChangeInline, PredecessorInline, NetworkRoleInline]
    fieldsets = [
        (None, {"fields": ["code", "name", "short_name", "enterprise_number", "status", "is_demo"]}),
        (_("Contact"), {"fields": ["seat", "address", "website", "email", "phone"]}),
        (_("Scale"), {"fields": ["scale_justification"]}),
        (_("Notes"), {"fields": ["notes", "created_at", "updated_at"]}),
    ]

    def with_list_relations(self, queryset):
        return queryset.prefetch_related(
            Prefetch("service_areas", queryset=ServiceArea.objects.select_related("zone"))
        )

    @admin.display(description=_("report"))
    def pdf_link(self, obj):
        return format_html('<a href="{}">PDF</a>', reverse("reports:network-pdf", args=[obj.code]))

    @admin.display(description=_("zones served"))
    def zones_served(self, obj):
        return (
            ", ".join(
                f"{area.zone.name} ({area.valid_from:%d/%m/%Y}–{area.valid_until:%d/%m/%Y})"
                if area.valid_until
                else f"{area.zone.name} ({_('from')} {area.valid_from:%d/%m/%Y})"
                for area in obj.service_areas.all()
            )
            or "–"
        )


class ServiceAreaForm(forms.ModelForm):
    class Meta:
        model = ServiceArea
        fields = ["network", "zone", "valid_from", "valid_until", "note"]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("network") and cleaned.get("zone") and cleaned.get("valid_from"):
            area = ServiceArea(pk=self.instance.pk, **{k: cleaned.get(k) for k in self.Meta.fields})
            reason = service_area_refusal(network=area.network, areas=[area])
            moved_from = self.instance.network if self.instance.pk else None
            if not reason and moved_from is not None and moved_from.pk != area.network.pk:
                reason = service_area_refusal(network=moved_from, areas=[], deleted=[self.instance])
            if reason:
                raise ValidationError(reason)
        return cleaned


@admin.register(ServiceArea)
class ServiceAreaAdmin(ServiceSavedAdmin, HistoryAdmin):
    form = ServiceAreaForm
    list_display = ["zone", "network", "valid_from", "valid_until"]
    list_filter = [AsOfFilter, "zone", "network"]
    search_fields = ["zone__name", "network__name"]
    list_select_related = ["zone", "network"]
    autocomplete_fields = ["zone", "network"]

    def save_model(self, request, obj, form, change):
        service_areas_save(network=obj.network, areas=[obj])

    def delete_model(self, request, obj):
        service_areas_save(network=obj.network, deleted=[obj])

    def delete_queryset(self, request, queryset):
        """ "Delete selected" goes through the service too, all or nothing: it refuses to leave a
        recognised network without a zone."""
        by_network = {}
        for area in queryset.select_related("network"):
            by_network.setdefault(area.network, []).append(area)
        with transaction.atomic():
            for network, areas in by_network.items():
                service_areas_save(network=network, deleted=areas)


@admin.register(NetworkStatusChange)
class NetworkStatusChangeAdmin(StatusChangeAdmin):
    """Recognition decisions: added through the service, never edited afterwards; the latest
    one, recorded by mistake, taken back (StatusChangeAdmin)."""

    set_status = network_set_status
    refusal = network_status_refusal
    undo_refusal = network_undo_refusal
    list_display = ["network", "from_status", "to_status", "effective_date", "changed_by", "changed_at"]
    list_filter = ["to_status", "network"]
    date_hierarchy = "effective_date"
    list_select_related = ["network", "changed_by"]
    autocomplete_fields = ["network"]


@admin.register(NetworkRole)
class NetworkRoleAdmin(HistoryAdmin):
    list_display = ["user", "network", "role"]
    list_filter = ["role", "network"]
    search_fields = ["user__username", "user__last_name", "network__name"]
    list_select_related = ["user", "network"]
    autocomplete_fields = ["user", "network"]


@admin.register(Person)
class PersonAdmin(HistoryAdmin):
    """Names, e-mail and phone of people: the one place staff edit them (and see their history).
    Anonymising is `manage.py anonymise_person` (README "Personal data")."""

    list_display = ["__str__", "email", "phone", "user", "anonymised_at"]
    list_filter = [("anonymised_at", admin.EmptyFieldListFilter)]
    search_fields = ["first_name", "last_name", "email", "user__username"]
    list_select_related = ["user"]
    autocomplete_fields = ["user"]
    readonly_fields = ["anonymised_at"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        person_copy_to_account(person=obj)


class PersonInline(admin.StackedInline):
    model = Person
    fields = ["first_name", "last_name", "email", "phone"]
    max_num = 1
    can_delete = False
    verbose_name_plural = _("personal data")


admin.site.unregister(User)


@admin.register(User)
class PersonUserAdmin(OpenedStateMixin, UserAdmin):
    """Django's user admin, with the person's data inline: an account's name and e-mail are a
    copy of its person's (networks.services.people), so they are read-only here."""

    inlines = [PersonInline]
    readonly_fields = ["first_name", "last_name", "email", "last_login", "date_joined"]
    list_per_page = LIST_PER_PAGE

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        person = Person.objects.filter(user=form.instance).first()
        if person is not None:
            person_copy_to_account(person=person)


@admin.register(ReformDate)
class ReformDateAdmin(ReferenceAdmin):
    """The reform calendar: staff set the recognition day and the other dates here; every
    change is kept in the history."""

    resource_classes = [resources.ReformDateResource]
    list_display = ["title", "start", "end", "when_as_written", "certainty", "key", "show_in_calendar"]
    list_filter = ["certainty", "key", "show_in_calendar"]
    search_fields = ["title", "code", "source"]
    ordering = ["start_sort", "code"]
    fieldsets = [
        (None, {"fields": ["code", "key", "title", "start", "end", "when_as_written", "show_in_calendar"]}),
        (_("Source"), {"fields": ["certainty", "source", "source_quote", "note", "organisation_code"]}),
    ]


@admin.register(ProgressReportRule)
class ProgressReportRuleAdmin(HistoryAdmin):
    """When yearly progress reports are due; no source sets it, so staff do, with the source."""

    list_display = ["applies_from_year", "due_day", "due_month", "year_offset", "certainty"]
    view_on_site = False


@admin.register(ReformOrganisation)
class ReformOrganisationAdmin(RegistryImportExportMixin, HistoryAdmin):
    resource_classes = [resources.ReformOrganisationResource]
    list_display = ["name", "short_name", "role", "active_from", "active_from_certainty", "active_until"]
    list_filter = ["role", "certainty"]
    search_fields = ["name", "short_name", "code"]


class CareCouncilPolicyPeriodInline(admin.TabularInline):
    model = CareCouncilPolicyPeriod
    extra = 0
    fields = ["start_year", "end_year", "certainty", "source", "source_quote"]


@admin.register(CareCouncil)
class CareCouncilAdmin(HistoryAdmin):
    list_display = ["council_name", "primary_care_zone", "website"]
    search_fields = ["name", "primary_care_zone__name"]
    list_select_related = ["primary_care_zone"]
    autocomplete_fields = ["primary_care_zone"]
    inlines = [CareCouncilPolicyPeriodInline]

    @admin.display(description=_("care council"), ordering="name")
    def council_name(self, obj):
        return obj.display_name


@admin.register(CareCouncilPolicyPeriod)
class CareCouncilPolicyPeriodAdmin(HistoryAdmin):
    list_display = ["council", "start_year", "end_year", "certainty", "source"]
    list_filter = ["certainty"]
    search_fields = ["council__name", "council__primary_care_zone__name", "source"]
    list_select_related = ["council__primary_care_zone"]
    autocomplete_fields = ["council"]
