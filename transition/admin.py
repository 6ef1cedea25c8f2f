"""Back office for mergers, milestones, action lines (with revisions) and funding; the reform
calendar is in networks."""

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from npz_registry.admin import (
    HistoryAdmin,
    KnownRelationsInline,
    StatusChangeAdmin,
    StatusChangeInline,
    StatusGuardedHistoryAdmin,
    StatusTodayFilter,
    StatusTodayMixin,
)
from npz_registry.importexport.admin import RegistryImportExportMixin
from transition import resources
from transition.models import (
    ActionLine,
    ActionLineRevision,
    ActionLineUpdate,
    ActionLineWorkForm,
    Funding,
    FundingFigure,
    Merger,
    MergerStatus,
    MergerStatusChange,
    Milestone,
)
from transition.services.mergers import (
    action_line_update,
    held_by_other_mergers,
    merged_elsewhere,
    merger_set_status,
    merger_status_refusal,
    merger_undo_refusal,
    outside_target_zones,
    recognition_of,
)


class MilestoneInline(admin.TabularInline):
    model = Milestone
    extra = 0
    fields = ["kind", "title", "due_date", "completed_on", "note"]

    def get_queryset(self, request):
        # Each row's name reads its merger's network: fetched with the rows.
        return super().get_queryset(request).select_related("merger__network")


class MergerStatusChangeInline(StatusChangeInline):
    model = MergerStatusChange
    verbose_name_plural = _("status history (change it through 'merger status changes')")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("merger__network")


@admin.register(Merger)
class MergerAdmin(StatusTodayMixin, StatusGuardedHistoryAdmin):
    list_display = ["network", "status_today", "planned_date", "participant_list"]
    list_filter = [StatusTodayFilter]
    # A participant's short name ("PNAT") or code finds its merger; the list shows each merger
    # once (Django adds DISTINCT when a search spans the participants).
    search_fields = ["network__name", "participants__name", "participants__short_name", "participants__code"]
    autocomplete_fields = ["network", "participants", "target_zones"]
    inlines = [MilestoneInline, MergerStatusChangeInline]
    view_on_site = False
    in_use_reason = _(
        "it is recognised: its stages and the successor it gave its participants are of record."
    )

    def get_queryset(self, request):
        # Whether a recognition is recorded, read with the merger: its change page asks it
        # several times (the participants are fixed then).
        recognitions = MergerStatusChange.objects.filter(
            merger=OuterRef("pk"), to_status=MergerStatus.RECOGNISED
        )
        return (
            super()
            .get_queryset(request)
            .select_related("network")
            .prefetch_related("participants")
            .annotate(has_recognition=Exists(recognitions))
        )

    def get_readonly_fields(self, request, obj=None):
        """Once a recognition is recorded (whatever its date, whatever the current status), the
        participants are the organisations that merged (they got the network as successor) and
        the network is the one they merged into: fixed, like the recognition itself."""
        readonly = list(super().get_readonly_fields(request, obj))
        if obj is not None and has_recognition(obj):
            readonly += ["network", "participants"]
        return readonly

    def get_form(self, request, obj=None, change=False, **kwargs):
        return merger_form(super().get_form(request, obj, change=change, **kwargs))

    @admin.display(description=_("participating legacy organisations"))
    def participant_list(self, obj):
        return participant_names(obj.participants.all()) or "–"


def merger_form(form):
    """The merger admin's form with its participants and target zones checked: an organisation
    merges into one network (not one merged elsewhere already, not one in another merger), works
    in one of the merger's target zones, and a zone is the target of one merger."""

    class MergerForm(form):
        def clean(self):
            cleaned_data = super().clean()
            participants = cleaned_data.get("participants")
            zones = cleaned_data.get("target_zones")
            # Fixed once recognised (read-only, not in the form); a refused field says its own error.
            if participants is not None and zones is not None:
                for message in outside_target_zones(participants, zones):
                    self.add_error("participants", message)
            return cleaned_data

        def clean_participants(self):
            chosen = self.cleaned_data["participants"]
            network = self.cleaned_data.get("network") or getattr(self.instance, "network", None)
            taken = merged_elsewhere(chosen, network.pk) if network else []
            if taken:
                raise ValidationError(
                    _("Already merged into another network: %(organisations)s.")
                    % {"organisations": ", ".join(o.name for o in taken)}
                )
            return refuse_held_elsewhere(
                chosen, self.instance, "participants", _("Already taking part in another merger: %(items)s.")
            )

        def clean_target_zones(self):
            return refuse_held_elsewhere(
                self.cleaned_data["target_zones"],
                self.instance,
                "target_zones",
                _("Already the target of another merger: %(items)s."),
            )

    MergerForm.__name__ = form.__name__
    return MergerForm


def refuse_held_elsewhere(chosen, merger: Merger, relation: str, message):
    """`chosen` for the merger's `relation`, or a ValidationError naming each item another merger
    holds, with that merger's network ("Regio Gent (NPZ Gent)")."""
    taken = held_by_other_mergers(chosen, merger, relation)
    if taken:
        named = ", ".join(f"{item.name} ({network.name})" for item, network in sorted(taken.items(), key=str))
        raise ValidationError(message % {"items": named})
    return chosen


def participant_names(organisations) -> str:
    """Short names, with the kind where two share one (PHA runs a network and a home-care team:
    "PHA (PN/PSV), PHA (MBE)")."""
    organisations = list(organisations)
    names = [o.short_name or o.name for o in organisations]
    return ", ".join(
        f"{name} ({o.kind.replace('_', '/')})" if names.count(name) > 1 else name
        for name, o in zip(names, organisations, strict=True)
    )


def has_recognition(merger: Merger) -> bool:
    """Whether the merger has a recognition recorded: annotated by MergerAdmin.get_queryset, read
    once otherwise (a version on the history page) and kept on the object, which the page asks
    several times."""
    if getattr(merger, "has_recognition", None) is None:
        merger.has_recognition = recognition_of(merger) is not None
    return merger.has_recognition


@admin.register(MergerStatusChange)
class MergerStatusChangeAdmin(StatusChangeAdmin):
    """Merger stages: added through the service (which links successors when recognised)."""

    set_status = merger_set_status
    refusal = merger_status_refusal
    undo_refusal = merger_undo_refusal
    list_display = ["merger", "from_status", "to_status", "effective_date", "changed_by", "changed_at"]
    list_filter = ["to_status"]
    list_select_related = ["merger__network", "changed_by"]
    autocomplete_fields = ["merger"]


class MilestoneStateFilter(admin.SimpleListFilter):
    """Late, open or done today: what staff follow up (the late ones as on the late-milestones page)."""

    title = _("state today")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [("late", _("late")), ("open", _("open, not due yet")), ("done", _("completed"))]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        if self.value() == "late":
            return queryset.late_on(today)
        if self.value() == "open":
            return queryset.filter(completed_on__isnull=True, due_date__gte=today)
        if self.value() == "done":
            return queryset.filter(completed_on__lte=today)
        return queryset


@admin.register(Milestone)
class MilestoneAdmin(HistoryAdmin):
    list_display = ["merger", "kind", "title", "due_date", "completed_on"]
    list_filter = [MilestoneStateFilter, "kind", "merger__network", "completed_on"]
    date_hierarchy = "due_date"
    search_fields = ["title", "merger__network__name"]
    list_select_related = ["merger__network"]
    autocomplete_fields = ["merger"]


class ActionLineUpdateInline(KnownRelationsInline):
    """Dated status updates: new ones are added through the service; recorded ones are not
    edited, but one recorded by mistake (a wrong date or status) can be deleted by staff who
    may delete updates; the back office's log of the action line names the deletion."""

    model = ActionLineUpdate
    select_related = ("action_line", "created_by")
    extra = 0
    fields = ["date", "status", "progress_note", "created_by", "created_at"]
    readonly_fields = ["created_by", "created_at"]
    ordering = ["-date", "-pk"]

    def has_change_permission(self, request, obj=None):
        return False


class ActionLineWorkFormInline(admin.TabularInline):
    model = ActionLineWorkForm
    extra = 0
    max_num = len(ActionLine.WorkForm.choices)
    fields = ["work_form", "applies_to"]


class ActionLineRevisionInline(admin.StackedInline):
    """Later targets, each dated and sourced; the plan's own target is never overwritten."""

    model = ActionLineRevision
    extra = 0
    fields = [
        ("stated_on", "certainty"),
        "target_as_written",
        ("target_start", "target_end"),
        "source",
        "source_quote",
        "note",
    ]


@admin.register(ActionLine)
class ActionLineAdmin(RegistryImportExportMixin, HistoryAdmin):
    resource_classes = [resources.ActionLineResource]
    list_display = ["title", "plan_reference", "theme", "planned", "certainty", "lead"]
    list_filter = ["theme", "work_forms__work_form", "certainty"]
    search_fields = ["title", "code"]
    inlines = [ActionLineWorkFormInline, ActionLineRevisionInline, ActionLineUpdateInline]
    view_on_site = False

    def save_formset(self, request, form, formset, change):
        if formset.model is not ActionLineUpdate:
            return super().save_formset(request, form, formset, change)
        updates = formset.save(commit=False)  # new rows only: recorded ones are read-only
        for mistaken in formset.deleted_objects:
            mistaken.delete()
        for update in updates:
            action_line_update(
                action_line=update.action_line,
                status=update.status,
                date=update.date,
                progress_note=update.progress_note,
                by=request.user,
            )


@admin.register(ActionLineRevision)
class ActionLineRevisionAdmin(RegistryImportExportMixin, HistoryAdmin):
    resource_classes = [resources.ActionLineRevisionResource]
    list_display = ["action_line", "stated_on", "target_as_written", "certainty"]
    list_filter = ["certainty"]
    list_select_related = ["action_line"]
    search_fields = ["target_as_written", "action_line__title"]
    view_on_site = False


@admin.register(Funding)
class FundingAdmin(RegistryImportExportMixin, HistoryAdmin):
    resource_classes = [resources.FundingResource]
    list_display = [
        "recipient",
        "actor_kind",
        "year",
        "kind",
        "amount",
        "drawn_from",
        "source_document",
        "certainty",
        "is_demo",
    ]
    list_filter = ["actor_kind", "year", "kind", "certainty", "is_demo", "drawn_from"]
    search_fields = ["legacy_organisation__name", "network__name", "organisation__name", "source_document"]
    list_select_related = ["legacy_organisation", "network", "organisation", "drawn_from"]
    autocomplete_fields = ["legacy_organisation", "network", "organisation"]

    @admin.display(description=_("recipient"))
    def recipient(self, obj):
        return obj.recipient


@admin.register(FundingFigure)
class FundingFigureAdmin(RegistryImportExportMixin, HistoryAdmin):
    resource_classes = [resources.FundingFigureResource]
    list_display = [
        "title",
        "kind",
        "amount",
        "is_approximate",
        "year_from",
        "year_to",
        "part_of",
        "certainty",
    ]
    list_filter = ["kind", "certainty"]
    search_fields = ["title", "code", "source"]
    list_select_related = ["part_of"]
