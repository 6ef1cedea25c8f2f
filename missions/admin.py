"""Back office for the missions' reference data, indicators, intensities and activity, and the
plans and progress reports with their parts: read here, with their history, and written only in
the portal under the plan's workflow."""

from django.contrib import admin
from django.db.models import OuterRef, Subquery
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from missions import resources
from missions.models import (
    ActionProgress,
    ActivityCount,
    ComplexityLevel,
    Indicator,
    IndicatorProgress,
    IndicatorTarget,
    IndicatorValue,
    MissionTask,
    MissionTheme,
    MultiYearPlan,
    PartnerOrganisation,
    PartnerType,
    PlanAction,
    PlanGoal,
    PlanIndicator,
    PlanningPeriod,
    PlanVersion,
    RegionalIntensity,
    ReviewEvent,
    SextupleAim,
    YearlyProgress,
)
from npz_registry.admin import HistoryAdmin, KeptWhileInUseMixin, StatusGuardedHistoryAdmin
from npz_registry.importexport.admin import RegistryImportExportMixin


class MissionTaskInline(admin.TabularInline):
    model = MissionTask
    extra = 0
    fields = ["letter", "description", "description_en"]


#: The order of the admin lists of the tables that grow with every plan and report (values,
#: targets, goals, actions, progress): the newest first, read from the primary key's index. Their
#: models' own order joins several tables and sorts them all before the first page (about 180 ms
#: for the action progress at ten times the demo data on PostgreSQL; a few ms this way).
LATEST_FIRST = ["-pk"]


@admin.register(MissionTheme)
class MissionThemeAdmin(RegistryImportExportMixin, HistoryAdmin):
    resource_classes = [resources.MissionThemeResource]
    list_display = ["number", "name", "name_en", "folded_into"]
    search_fields = ["name", "name_en", "code"]
    inlines = [MissionTaskInline]
    view_on_site = False


class KeptWhilePlansUseIt(KeptWhileInUseMixin):
    """A label that goals, actions and matrix cells point at through a many-to-many link (an
    aim, a complexity level, a partner type): deleting it would take it out of submitted and
    approved plans without a trace in their history, so it stays while one uses it."""

    in_use_reason = _(
        "plans or matrix cells use it: deleting it would change submitted and approved plans "
        "without a trace. Change its name instead."
    )

    def in_use(self, objs, collected):
        used = set()
        for model, rows in collected.items():
            if not model._meta.auto_created:  # only the many-to-many link tables
                continue
            links = [f.attname for f in model._meta.fields if f.is_relation and f.related_model is self.model]
            used.update(getattr(row, attname) for row in rows for attname in links)
        return [obj for obj in objs if obj.pk in used]


@admin.register(PartnerType)
class PartnerTypeAdmin(KeptWhilePlansUseIt, HistoryAdmin):
    list_display = ["name", "name_en", "code", "order"]
    list_editable = ["order"]
    search_fields = ["name", "name_en"]


@admin.register(PartnerOrganisation)
class PartnerOrganisationAdmin(KeptWhilePlansUseIt, RegistryImportExportMixin, HistoryAdmin):
    """Named partners: coordinators choose them in their matrix and their plans' actions."""

    resource_classes = [resources.PartnerOrganisationResource]
    list_display = [
        "name",
        "partner_type",
        "regional_care_zone",
        "primary_care_zone",
        "municipality",
        "certainty",
        "is_demo",
    ]
    list_filter = ["partner_type", "certainty", "is_demo", "regional_care_zone"]
    search_fields = ["name", "code", "municipality__name", "primary_care_zone__name"]
    list_select_related = ["partner_type", "regional_care_zone", "primary_care_zone", "municipality"]
    autocomplete_fields = ["regional_care_zone", "primary_care_zone", "municipality"]


@admin.register(ComplexityLevel)
class ComplexityLevelAdmin(KeptWhilePlansUseIt, HistoryAdmin):
    list_display = ["order", "name", "name_en", "code"]
    search_fields = ["name", "name_en"]


@admin.register(SextupleAim)
class SextupleAimAdmin(KeptWhilePlansUseIt, HistoryAdmin):
    list_display = ["number", "name", "name_en"]


@admin.register(Indicator)
class IndicatorAdmin(KeptWhileInUseMixin, RegistryImportExportMixin, HistoryAdmin):
    resource_classes = [resources.IndicatorResource]
    # The weight is changed on the change form only, where its source is asked beside it.
    list_display = ["name", "code", "unit", "direction", "level", "builtin", "weight", "weight_certainty"]
    list_filter = ["direction", "level", "builtin"]
    search_fields = ["name", "name_en", "code"]

    in_use_reason = _("it is built in: the needs index reads it. Set its weight to 0 to leave it out.")

    def in_use(self, objs, collected):
        return [indicator for indicator in objs if indicator.builtin]

    def get_readonly_fields(self, request, obj=None):
        # Built-in indicators are computed: only their weight and texts are staff's to change.
        return ["builtin", "level", "code"] if obj and obj.builtin else ["builtin"]


@admin.register(IndicatorValue)
class IndicatorValueAdmin(RegistryImportExportMixin, HistoryAdmin):
    ordering = LATEST_FIRST
    resource_classes = [resources.IndicatorZoneValueResource, resources.IndicatorMunicipalityValueResource]
    list_display = ["indicator", "zone", "municipality", "year", "value"]
    list_filter = ["indicator", "year", "zone"]
    search_fields = ["indicator__code", "zone__name", "municipality__name", "municipality__nis_code"]
    list_select_related = ["indicator", "zone", "municipality"]
    autocomplete_fields = ["zone", "municipality"]


class ReadOnlyAdmin(StatusGuardedHistoryAdmin):
    """Read here, with the history of every version; written only in the portal, where the
    rules and the plan's workflow apply: a change or a revert here would, for instance, alter an
    approved plan without a new version, a review or an event. Statuses are read-only too."""

    status_fields = ()

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_readonly_fields(self, request, obj=None):
        # Every field, on a version's page too (which would otherwise render a form whose
        # selects list every plan and zone).
        # Not the counter of the portal's concurrent edits: it tells a reader nothing.
        own = [
            f.name
            for f in self.model._meta.get_fields()
            if not f.auto_created and (f.concrete or f.many_to_many) and f.name != "lock_version"
        ]
        readonly = super().get_readonly_fields(request, obj)
        return [*readonly, *(name for name in own if name not in readonly)]


@admin.register(RegionalIntensity)
class RegionalIntensityAdmin(ReadOnlyAdmin):
    """Read here, changed on the network's matrix page, where the rules and suggestions apply
    (every theme stays present in every zone: a cell is never removed)."""

    list_display = ["network", "zone", "primary_care_zone", "theme", "level", "suggested_level", "updated_at"]
    list_filter = ["theme", "level", "network", "zone"]
    search_fields = ["network__name", "zone__name", "primary_care_zone__name"]
    list_select_related = ["network", "zone", "primary_care_zone", "theme"]


@admin.register(ActivityCount)
class ActivityCountAdmin(RegistryImportExportMixin, HistoryAdmin):
    ordering = LATEST_FIRST
    resource_classes = [resources.ActivityCountResource]
    list_display = ["recipient", "actor_kind", "municipality", "year", "kind", "count"]
    list_filter = ["actor_kind", "year", "kind", "network"]
    search_fields = [
        "network__name",
        "legacy_organisation__name",
        "organisation__name",
        "municipality__name",
        "municipality__nis_code",
    ]
    list_select_related = ["network", "legacy_organisation", "organisation", "municipality"]
    autocomplete_fields = ["legacy_organisation", "network", "organisation", "municipality"]
    readonly_fields = ["reported_by"]

    @admin.display(description=_("recipient"))
    def recipient(self, obj):
        return obj.recipient


class ReviewEventInline(admin.TabularInline):
    model = ReviewEvent
    extra = 0
    can_delete = False
    fields = ["at", "from_status", "to_status", "by", "version_number", "comment"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(PlanningPeriod)
class PlanningPeriodAdmin(HistoryAdmin):
    list_display = ["name", "start_year", "end_year", "is_shortened", "certainty"]
    list_filter = ["certainty"]


@admin.register(MultiYearPlan)
class MultiYearPlanAdmin(ReadOnlyAdmin):
    """Plans are written in the portal and reviewed on their page. Status and lock version are
    never form fields; the history of the plan's goals, actions, indicators, targets and progress
    is on its history page in the portal (linked here)."""

    status_fields = ("status",)
    list_display = ["network", "period", "status", "updated_at", "pdf_link"]
    list_filter = ["status", "period", "network"]
    search_fields = ["network__name"]
    list_select_related = ["network", "period"]
    readonly_fields = [
        "network",
        "period",
        "status",
        "summary",
        "stakeholders",
        "created_by",
        "content_history",
    ]
    fields = readonly_fields
    inlines = [ReviewEventInline]

    def get_queryset(self, request):
        # The latest version's number only: a version holds the plan's whole snapshot (JSON).
        latest = PlanVersion.objects.filter(plan=OuterRef("pk")).order_by("-number").values("number")[:1]
        return super().get_queryset(request).annotate(newest_version=Subquery(latest))

    @admin.display(description=_("report"))
    def pdf_link(self, obj):
        if obj.newest_version is None:
            return "–"
        return format_html(
            '<a href="{}">PDF v{}</a>',
            reverse("reports:plan-pdf", args=[obj.pk, obj.newest_version]),
            obj.newest_version,
        )

    @admin.display(description=_("history of the content"))
    def content_history(self, obj):
        return format_html(
            '<a href="{}">{}</a>',
            reverse("missions:plan-history", args=[obj.pk]),
            _("Goals, actions, indicators, targets and progress: every change"),
        )


@admin.register(YearlyProgress)
class YearlyProgressAdmin(ReadOnlyAdmin):
    status_fields = ("status",)
    list_display = ["plan", "year", "status", "updated_at"]
    list_filter = ["status", "year"]
    list_select_related = ["plan__network", "plan__period"]
    readonly_fields = ["plan", "year", "status", "narrative"]
    fields = readonly_fields


@admin.register(PlanGoal)
class PlanGoalAdmin(ReadOnlyAdmin):
    ordering = LATEST_FIRST
    list_display = ["title", "theme", "plan", "updated_at"]
    list_select_related = ["theme", "plan__network", "plan__period"]
    list_filter = ["plan__network", "theme", "plan__period"]
    search_fields = ["title", "plan__network__name"]


@admin.register(PlanAction)
class PlanActionAdmin(ReadOnlyAdmin):
    ordering = LATEST_FIRST
    list_display = ["what", "goal", "responsible", "start", "end"]
    list_select_related = ["goal"]
    list_filter = ["goal__plan__network", "goal__theme"]
    search_fields = ["what", "goal__title", "goal__plan__network__name"]


@admin.register(PlanIndicator)
class PlanIndicatorAdmin(ReadOnlyAdmin):
    ordering = LATEST_FIRST
    list_display = ["name", "goal", "unit", "baseline_value", "baseline_year"]
    list_select_related = ["goal"]
    list_filter = ["goal__plan__network", "goal__theme"]
    search_fields = ["name", "goal__title", "goal__plan__network__name"]


@admin.register(IndicatorTarget)
class IndicatorTargetAdmin(ReadOnlyAdmin):
    ordering = LATEST_FIRST
    list_display = ["indicator", "year", "value"]
    list_select_related = ["indicator"]
    list_filter = ["indicator__goal__plan__network", "year"]
    search_fields = ["indicator__name", "indicator__goal__plan__network__name"]


_PROGRESS = ["progress__plan__network", "progress__plan__period"]


@admin.register(IndicatorProgress)
class IndicatorProgressAdmin(ReadOnlyAdmin):
    ordering = LATEST_FIRST
    list_display = ["indicator", "progress", "actual"]
    list_select_related = ["indicator", *_PROGRESS]
    list_filter = ["progress__plan__network", "progress__year"]
    search_fields = ["indicator__name", "progress__plan__network__name"]


@admin.register(ActionProgress)
class ActionProgressAdmin(ReadOnlyAdmin):
    ordering = LATEST_FIRST
    list_display = ["action", "progress", "status"]
    list_select_related = ["action", *_PROGRESS]
    list_filter = ["progress__plan__network", "progress__year", "status"]
    search_fields = ["action__what", "progress__plan__network__name"]
    status_fields = ("status",)
