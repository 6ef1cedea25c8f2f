"""Back office for the missions' reference data, indicators, intensities and activity."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from missions import resources
from missions.models import (
    ActivityCount,
    Indicator,
    IndicatorValue,
    MissionTask,
    MissionTheme,
    MultiYearPlan,
    PartnerType,
    PlanningPeriod,
    RegionalIntensity,
    ReviewEvent,
    SextupleAim,
    YearlyProgress,
)
from npz_registry.importexport.admin import RegistryImportExportMixin


class MissionTaskInline(admin.TabularInline):
    model = MissionTask
    extra = 0
    fields = ["letter", "description", "description_en"]


@admin.register(MissionTheme)
class MissionThemeAdmin(RegistryImportExportMixin, SimpleHistoryAdmin):
    resource_classes = [resources.MissionThemeResource]
    list_display = ["number", "name", "name_en", "folded_into"]
    search_fields = ["name", "name_en", "code"]
    inlines = [MissionTaskInline]
    view_on_site = False


@admin.register(PartnerType)
class PartnerTypeAdmin(admin.ModelAdmin):
    list_display = ["name", "name_en", "code", "order"]
    list_editable = ["order"]
    search_fields = ["name", "name_en"]


@admin.register(SextupleAim)
class SextupleAimAdmin(admin.ModelAdmin):
    list_display = ["number", "name", "name_en"]


@admin.register(Indicator)
class IndicatorAdmin(RegistryImportExportMixin, SimpleHistoryAdmin):
    resource_classes = [resources.IndicatorResource]
    list_display = ["name", "code", "unit", "direction", "level", "builtin", "weight"]
    list_editable = ["weight"]
    list_filter = ["direction", "level", "builtin"]
    search_fields = ["name", "name_en", "code"]

    def get_readonly_fields(self, request, obj=None):
        # Built-in indicators are computed: only their weight and texts are staff's to change.
        return ["builtin", "level", "code"] if obj and obj.builtin else ["builtin"]


@admin.register(IndicatorValue)
class IndicatorValueAdmin(RegistryImportExportMixin, SimpleHistoryAdmin):
    resource_classes = [resources.IndicatorZoneValueResource, resources.IndicatorMunicipalityValueResource]
    list_display = ["indicator", "zone", "municipality", "year", "value"]
    list_filter = ["indicator", "year", "zone"]
    search_fields = ["indicator__code", "zone__name", "municipality__name", "municipality__nis_code"]
    list_select_related = ["indicator", "zone", "municipality"]
    autocomplete_fields = ["zone", "municipality"]


@admin.register(RegionalIntensity)
class RegionalIntensityAdmin(SimpleHistoryAdmin):
    """Read here, changed on the network's matrix page, where the rules and suggestions apply."""

    list_display = ["network", "zone", "theme", "level", "suggested_level", "delivery_emphasis", "updated_at"]
    list_filter = ["theme", "level", "network", "zone"]
    search_fields = ["network__name", "zone__name"]
    list_select_related = ["network", "zone", "theme"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        # Every theme stays present in every zone: removing a cell is not possible.
        return False


@admin.register(ActivityCount)
class ActivityCountAdmin(RegistryImportExportMixin, SimpleHistoryAdmin):
    resource_classes = [resources.ActivityCountResource]
    list_display = ["network", "municipality", "year", "kind", "count"]
    list_filter = ["year", "kind", "network"]
    search_fields = ["network__name", "municipality__name", "municipality__nis_code"]
    list_select_related = ["network", "municipality"]
    autocomplete_fields = ["network", "municipality"]
    readonly_fields = ["reported_by"]


class ReviewEventInline(admin.TabularInline):
    model = ReviewEvent
    extra = 0
    can_delete = False
    fields = ["at", "from_status", "to_status", "by", "version_number", "comment"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(PlanningPeriod)
class PlanningPeriodAdmin(admin.ModelAdmin):
    list_display = ["name", "start_year", "end_year", "is_shortened"]


@admin.register(MultiYearPlan)
class MultiYearPlanAdmin(SimpleHistoryAdmin):
    """Read here; plans are written in the portal and reviewed on their page, where the
    workflow applies. Status is never a form field."""

    list_display = ["network", "period", "status", "updated_at", "pdf_link"]
    list_filter = ["status", "period", "network"]
    search_fields = ["network__name"]
    list_select_related = ["network", "period"]
    readonly_fields = ["network", "period", "status", "summary", "stakeholders", "created_by"]
    fields = readonly_fields
    inlines = [ReviewEventInline]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("versions")

    @admin.display(description=_("report"))
    def pdf_link(self, obj):
        versions = list(obj.versions.all())
        if not versions:
            return "–"
        return format_html(
            '<a href="{}">PDF v{}</a>',
            reverse("reports:plan-pdf", args=[obj.pk, versions[-1].number]),
            versions[-1].number,
        )


@admin.register(YearlyProgress)
class YearlyProgressAdmin(admin.ModelAdmin):
    list_display = ["plan", "year", "status", "updated_at"]
    list_filter = ["status", "year"]
    list_select_related = ["plan__network", "plan__period"]
    readonly_fields = ["plan", "year", "status", "narrative"]
    fields = readonly_fields

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
