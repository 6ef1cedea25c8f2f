"""Following the merger: merger records, milestones, the action lines of the action and
transition plan (December 2023) with their revisions, and funding amounts. The reform
calendar is `networks.ReformDate`.

Funding holds entered amounts only: governance and financing of the NPZ are not decided,
so no formula lives in code.
"""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from networks.models import LegacyOrganisation, Network, RegionalCareZone
from networks.models.actors import ActorKind, ActorReference, actor_constraints, actor_unique_constraints
from npz_registry import imprecise
from npz_registry.history import History
from npz_registry.limits import FIRST_YEAR, LAST_YEAR, NOTE, DayInRange, bounded_text
from npz_registry.models import (
    BackOfficeRecord,
    Certainty,
    DatedStatusChange,
    DatedStatusSubject,
    ImpreciseDatedModel,
    ImpreciseDateField,
    SourcedModel,
    TimeStampedModel,
    TrackedModel,
    acting_user,
    certainty_field,
    choices_constraint,
    code_field,
    imprecise_date_constraint,
    note_field,
    optional_foreign_key,
    period_order_constraint,
    refuse_reversed_imprecise,
    refuse_reversed_period,
    status_change_constraints,
    status_change_fields,
    status_change_subject,
)
from npz_registry.numbers import readable_number


class MergerStatus(models.TextChoices):
    EXPLORING = "EXPLORING", _("exploring")
    LETTER_OF_INTENT = "LETTER_OF_INTENT", _("letter of intent")
    STATUTES_ADAPTED = "STATUTES_ADAPTED", _("statutes adapted")
    RECOGNITION_REQUESTED = "RECOGNITION_REQUESTED", _("recognition requested")
    RECOGNISED = "RECOGNISED", _("recognised")


class Merger(BackOfficeRecord, DatedStatusSubject, TimeStampedModel):
    """The merger of legacy organisations into one future network. Its stage changes only
    through `transition.services.mergers.merger_set_status`, which keeps a dated history; its
    own history records its participants and target zones too."""

    status_before_changes = MergerStatus.EXPLORING
    kept_once_status = MergerStatus.RECOGNISED

    network = models.OneToOneField(
        Network, verbose_name=_("future network"), on_delete=models.PROTECT, related_name="merger"
    )
    participants = models.ManyToManyField(
        LegacyOrganisation,
        verbose_name=_("participating legacy organisations"),
        related_name="mergers",
        blank=True,
    )
    target_zones = models.ManyToManyField(
        RegionalCareZone, verbose_name=_("target regional care zones"), related_name="mergers", blank=True
    )
    status = models.CharField(
        _("status"),
        max_length=30,
        choices=MergerStatus.choices,
        default=MergerStatus.EXPLORING,
        editable=False,
    )
    planned_date = models.DateField(_("planned legal date"), null=True, blank=True, validators=[DayInRange()])
    notes = note_field(_("notes"))

    history = History(m2m_fields=[participants, target_zones])

    class Meta:
        ordering = ["network__name"]
        verbose_name = _("merger")
        verbose_name_plural = _("mergers")
        constraints = [
            choices_constraint("status", MergerStatus, name="merger_status_valid"),
        ]

    def __str__(self):
        return str(self.network)


class MergerStatusChange(DatedStatusChange):
    """A dated merger stage."""

    subject_field = "merger"

    merger = status_change_subject(Merger, _("merger"))
    from_status, to_status = status_change_fields(MergerStatus, max_length=30)

    class Meta:
        ordering = ["merger", "effective_date", "pk"]
        verbose_name = _("merger status change")
        verbose_name_plural = _("merger status changes")
        constraints = status_change_constraints(MergerStatus, name="merger_status_change")


class MilestoneQuerySet(models.QuerySet):
    def late_on(self, day):
        """Due before `day` and not completed by then."""
        return self.filter(due_date__lt=day).filter(
            models.Q(completed_on__isnull=True) | models.Q(completed_on__gt=day)
        )


class MilestoneKind(models.TextChoices):
    STATUTES = "STATUTES", _("statutes")
    GOVERNANCE = "GOVERNANCE", _("governance")
    STAFF_TRANSFER = "STAFF_TRANSFER", _("staff transfer")
    RECOGNITION_APPLICATION = "RECOGNITION_APPLICATION", _("recognition application")
    OTHER = "OTHER", _("other")


class Milestone(TrackedModel, TimeStampedModel):
    Kind = MilestoneKind

    merger = models.ForeignKey(
        Merger, verbose_name=_("merger"), on_delete=models.CASCADE, related_name="milestones"
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200, blank=True)
    due_date = models.DateField(_("due date"), validators=[DayInRange()])
    completed_on = models.DateField(_("completed on"), null=True, blank=True, validators=[DayInRange()])
    note = note_field()

    objects = MilestoneQuerySet.as_manager()

    class Meta:
        ordering = ["due_date", "merger"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        # The dashboard lists late milestones: due date first.
        indexes = [models.Index(fields=["due_date", "completed_on"], name="milestone_due_completed")]
        constraints = [choices_constraint("kind", MilestoneKind, name="milestone_kind_valid")]

    def __str__(self):
        return f"{self.merger}: {self.title or self.get_kind_display()}"

    def is_late_on(self, day) -> bool:
        return self.due_date < day and (self.completed_on is None or self.completed_on > day)

    def clean(self):
        super().clean()
        if self.completed_on and self.completed_on > timezone.localdate():
            raise ValidationError(
                {"completed_on": _("A milestone is completed on a day that has come: today at the latest.")}
            )


class ActionLineTheme(models.TextChoices):
    METHODOLOGY = "METHODOLOGY", _("Methodology")
    ECOSYSTEM = "ECOSYSTEM", _("Organised ecosystem")
    ROLES = "ROLES", _("Clear roles and tasks")
    TRAINING = "TRAINING", _("Training and awareness")
    TOOLS = "TOOLS", _("Supporting tools and data")
    REGULATION = "REGULATION", _("Recognition, financing and regulation")


class ActionLineStatus(models.TextChoices):
    NOT_STARTED = "NOT_STARTED", _("not started")
    ON_TRACK = "ON_TRACK", _("on track")
    DELAYED = "DELAYED", _("delayed")
    DONE = "DONE", _("done")
    STOPPED = "STOPPED", _("stopped")


class WorkForm(models.IntegerChoices):
    DEPARTMENT = 1, _("1: department in the lead")
    TOGETHER = 2, _("2: department and sector in working groups")
    SECTOR = 3, _("3: sector in the lead, department coaches")


class ActionLine(BackOfficeRecord, SourcedModel, ImpreciseDatedModel, TrackedModel, TimeStampedModel):
    """An action line of the action and transition plan (December 2023). The plan does not
    number its lines: a line has a stable code, its place in the document and the plan's own
    reference. Its 2023 target is kept; later targets are dated revisions with their source."""

    WorkForm = WorkForm

    code = code_field()
    position = models.PositiveSmallIntegerField(
        _("order in the plan"),
        unique=True,
        help_text=_("Order of the line in the plan, never shown as a number."),
    )
    plan_reference = models.CharField(
        _("in the plan"),
        max_length=80,
        blank=True,
        help_text=_("The plan's own reference, e.g. '§2.3, first action line'."),
    )
    theme = models.CharField(_("theme"), max_length=20, choices=ActionLineTheme.choices)
    title = models.CharField(_("title"), max_length=250)
    planned = models.CharField(
        _("planned (as written)"),
        max_length=80,
        help_text=_("As the plan states it, e.g. 'by the end of 2025'."),
    )
    target_start = ImpreciseDateField(_("target start"), blank=True)
    target_start_sort = models.DateField(editable=False, null=True)
    target_end = ImpreciseDateField(_("target date"), blank=True)
    target_end_sort = models.DateField(editable=False, null=True)
    work_form_note = models.CharField(_("work form detail"), max_length=200, blank=True)
    lead = models.CharField(_("lead"), max_length=120)

    class Meta:
        ordering = ["position"]
        verbose_name = _("action line")
        verbose_name_plural = _("action lines")
        constraints = [
            *SourcedModel.Meta.constraints,
            choices_constraint("theme", ActionLineTheme, name="action_line_theme_valid"),
            imprecise_date_constraint("target_start", name="action_line_target_start_imprecise"),
            imprecise_date_constraint("target_end", name="action_line_target_end_imprecise"),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        refuse_reversed_imprecise(self, "target_start", "target_end", _("The end lies before the start."))

    @property
    def work_form_list(self) -> str:
        """The work forms as one cell ("1;2"), for import and export."""
        if getattr(self, "pending_work_forms", None) is not None:
            return self.pending_work_forms
        if self.pk is None:
            return ""
        return ";".join(str(w.work_form) for w in self.work_forms.all())

    @work_form_list.setter
    def work_form_list(self, value: str) -> None:
        self.pending_work_forms = value

    def status_on(self, day):
        """The latest update on or before `day` (uses prefetched `updates` when present)."""
        updates = [u for u in self.updates.all() if u.date <= day]
        return max(updates, key=lambda u: (u.date, u.pk)) if updates else None

    def revisions_on(self, day) -> list:
        """Revisions stated on or before `day` (uses prefetched `revisions`)."""
        return [r for r in self.revisions.all() if r.stated_on_sort is None or r.stated_on_sort <= day]

    def current_target_on(self, day) -> str:
        """The target in force on `day`: the latest revision's, else the plan's own."""
        revisions = self.revisions_on(day)
        return revisions[-1].target_end if revisions else self.target_end

    def is_overdue_on(self, day) -> bool:
        """The current target certainly lies before `day` and the line is not done (a hint)."""
        target = self.current_target_on(day)
        status = self.status_on(day)
        if not target or (status and status.status == ActionLineStatus.DONE):
            return False
        return imprecise.ImpreciseDate.parse(target).is_past_on(day)


class ActionLineWorkForm(TrackedModel):
    """One of the plan's work forms for an action line; a line can have two (for instance one
    for its regulation, another for its financing)."""

    action_line = models.ForeignKey(
        ActionLine, verbose_name=_("action line"), on_delete=models.CASCADE, related_name="work_forms"
    )
    work_form = models.PositiveSmallIntegerField(_("work form"), choices=WorkForm.choices)
    applies_to = models.CharField(_("applies to"), max_length=120, blank=True)

    class Meta:
        ordering = ["action_line", "work_form"]
        verbose_name = _("work form")
        verbose_name_plural = _("work forms")
        constraints = [
            models.UniqueConstraint(fields=["action_line", "work_form"], name="action_line_work_form_unique"),
            choices_constraint("work_form", WorkForm, name="action_line_work_form_valid"),
        ]

    def __str__(self):
        return self.get_work_form_display()


class ActionLineRevision(SourcedModel, ImpreciseDatedModel, TrackedModel, TimeStampedModel):
    """A later statement moving an action line's target, with when and where it was said. The
    2023 target of the line is never overwritten."""

    action_line = models.ForeignKey(
        ActionLine, verbose_name=_("action line"), on_delete=models.CASCADE, related_name="revisions"
    )
    stated_on = ImpreciseDateField(_("stated on"), help_text=_("When the source said it."))
    stated_on_sort = models.DateField(editable=False, null=True, db_index=True)
    target_as_written = models.CharField(_("target (as written)"), max_length=300)
    target_start = ImpreciseDateField(_("target start"), blank=True)
    target_start_sort = models.DateField(editable=False, null=True)
    target_end = ImpreciseDateField(_("target date"), blank=True)
    target_end_sort = models.DateField(editable=False, null=True)
    note = note_field()

    class Meta:
        ordering = ["action_line", "stated_on_sort", "pk"]
        verbose_name = _("action line revision")
        verbose_name_plural = _("action line revisions")
        constraints = [
            *SourcedModel.Meta.constraints,
            imprecise_date_constraint("stated_on", name="action_line_revision_stated_on_imprecise"),
            imprecise_date_constraint("target_start", name="action_line_revision_target_start_imprecise"),
            imprecise_date_constraint("target_end", name="action_line_revision_target_end_imprecise"),
        ]

    def __str__(self):
        return f"{self.action_line}: {self.target_as_written}"

    def clean(self):
        super().clean()
        refuse_reversed_imprecise(self, "target_start", "target_end", _("The end lies before the start."))


class ActionLineUpdate(models.Model):
    action_line = models.ForeignKey(
        ActionLine, verbose_name=_("action line"), on_delete=models.CASCADE, related_name="updates"
    )
    date = models.DateField(_("date"), validators=[DayInRange()])
    status = models.CharField(_("status"), max_length=20, choices=ActionLineStatus.choices)
    progress_note = bounded_text(_("progress note"), NOTE, blank=True)
    created_by = acting_user(_("by"), blank=True)
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        ordering = ["action_line", "-date", "-pk"]
        verbose_name = _("action line status update")
        verbose_name_plural = _("action line status updates")
        constraints = [
            choices_constraint("status", ActionLineStatus, name="action_line_update_status_valid"),
        ]

    def __str__(self):
        day = f"{self.date:%d/%m/%Y}" if self.date else "–"
        return f"{self.action_line}: {self.get_status_display()} ({day})"

    def clean(self):
        super().clean()
        if self.date and self.date > timezone.localdate():
            raise ValidationError(
                {"date": _("A status update reports what has happened: its date cannot lie after today.")}
            )


class FundingFigureKind(models.TextChoices):
    BUDGET = "BUDGET", _("existing budget")
    ENVELOPE = "ENVELOPE", _("envelope of new means")
    SHARE = "SHARE", _("planned share of an envelope")
    DEFICIT = "DEFICIT", _("context figure (deficit)")


#: Kinds a grant may be drawn from (a deficit is context, nothing is drawn from it).
DRAWABLE_KINDS = [FundingFigureKind.BUDGET, FundingFigureKind.ENVELOPE, FundingFigureKind.SHARE]


class FundingFigure(BackOfficeRecord, SourcedModel, TrackedModel, TimeStampedModel):
    """A budget, an envelope, a planned share of one or a context figure, as a source gives it
    (fixtures/funding_figures.csv): per year, from `year_from` (until `year_to`, empty: open)."""

    Kind = FundingFigureKind

    code = code_field()
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=250)
    amount = models.DecimalField(
        _("amount per year (EUR)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("Empty: the source gives no amount."),
    )
    amount_as_written = models.CharField(_("amount as written"), max_length=120, blank=True)
    is_approximate = models.BooleanField(_("approximate"), default=False)
    year_from = models.PositiveSmallIntegerField(
        _("first year"), validators=[MinValueValidator(FIRST_YEAR), MaxValueValidator(LAST_YEAR)]
    )
    year_to = models.PositiveSmallIntegerField(
        _("last year"),
        null=True,
        blank=True,
        validators=[MinValueValidator(FIRST_YEAR), MaxValueValidator(LAST_YEAR)],
        help_text=_("Empty: open-ended."),
    )
    recurrent = models.BooleanField(_("recurrent"), null=True, blank=True, help_text=_("Empty: unknown."))
    part_of = optional_foreign_key("self", _("share of"), on_delete=models.PROTECT, related_name="shares")
    intended_for = models.CharField(_("intended for"), max_length=200, blank=True)
    intended_kind = models.CharField(
        _("intended for legacy organisations of kind"),
        max_length=10,
        choices=LegacyOrganisation.Kind.choices,
        blank=True,
        help_text=_("A grant drawn from this figure to a legacy organisation must be of this kind."),
    )
    note = note_field()

    class Meta:
        ordering = ["year_from", "part_of_id", "code"]
        verbose_name = _("budget or envelope")
        verbose_name_plural = _("budgets and envelopes")
        constraints = [
            *SourcedModel.Meta.constraints,
            choices_constraint("kind", FundingFigureKind, name="funding_figure_kind_valid"),
            models.CheckConstraint(
                # A share without its envelope is refused by clean(): an import links it last.
                condition=models.Q(kind=FundingFigureKind.SHARE) | models.Q(part_of__isnull=True),
                name="funding_figure_only_a_share_has_an_envelope",
            ),
            models.CheckConstraint(
                condition=models.Q(amount__isnull=True) | models.Q(amount__gte=0),
                name="funding_figure_amount_not_negative",
                violation_error_message=_("An amount cannot be negative."),
            ),
            period_order_constraint(
                "year_from", "year_to", name="funding_figure_year_order", open_ended=["year_to"]
            ),
        ]

    def __str__(self):
        return self.title

    def covers(self, year: int) -> bool:
        return self.year_from <= year and (self.year_to is None or year <= self.year_to)

    def share_meant_for(self, kind: str) -> "FundingFigure | None":
        """For a share meant for no kind in particular (the rest of an envelope): the other
        share of the same envelope meant for legacy organisations of `kind`, which they draw
        from instead; None when there is none. Read once per figure (an import asks per row)."""
        if self.intended_kind or not self.part_of_id:
            return None
        if not hasattr(self, "_shares_by_kind"):
            siblings = FundingFigure.objects.filter(part_of_id=self.part_of_id).exclude(pk=self.pk)
            self._shares_by_kind = {
                share.intended_kind: share for share in siblings.exclude(intended_kind="")
            }
        return self._shares_by_kind.get(kind)

    def clean(self):
        super().clean()
        if (self.kind == FundingFigureKind.SHARE) != bool(self.part_of_id):
            raise ValidationError({"part_of": _("A share belongs to an envelope; other figures do not.")})
        refuse_reversed_period(self, "year_from", "year_to", _("The last year lies before the first year."))


class FundingKind(models.TextChoices):
    FORFAIT = "FORFAIT", _("forfait per guided patient")
    RECURRENT = "RECURRENT", _("recurrent operating subsidy")
    AD_HOC = "AD_HOC", _("ad-hoc subsidy")


def first_year_merged(merger_date: datetime.date) -> int:
    """The first year an organisation merged on `merger_date` starts merged: from that year its
    grants go to the network (Funding's rule, which a merger's recognition checks too)."""
    return merger_date.year if (merger_date.month, merger_date.day) == (1, 1) else merger_date.year + 1


class Funding(ActorReference, TimeStampedModel):
    """A grant to a legacy organisation, a network, an organisation of the reform (the
    consortium, later the VLEPZ) or the sector, for one year and kind, possibly drawn from a
    budget, an envelope or a share of one (`FundingFigure`)."""

    drawn_from = optional_foreign_key(
        FundingFigure,
        _("drawn from"),
        on_delete=models.PROTECT,
        related_name="grants",
        limit_choices_to={"kind__in": DRAWABLE_KINDS},
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    kind = models.CharField(_("kind"), max_length=20, choices=FundingKind.choices)
    amount = models.DecimalField(
        _("amount (EUR)"), max_digits=12, decimal_places=2, validators=[MinValueValidator(Decimal("0"))]
    )
    source_document = models.CharField(_("source document"), max_length=300)
    certainty = certainty_field(
        default=Certainty.FIXED,
        help_text=_(
            "Fixed: granted by a decision of the department. Planned or estimated: not granted yet. "
            "Our assumption: no source (demo amounts)."
        ),
    )
    is_demo = models.BooleanField(_("demo data (fictional amount)"), default=False)
    note = note_field()

    history = HistoricalRecords()

    class Meta:
        ordering = ["-year", "kind"]
        verbose_name = _("funding")
        verbose_name_plural = _("funding")
        constraints = [
            *actor_constraints("funding"),
            choices_constraint("kind", FundingKind, name="funding_kind_valid"),
            choices_constraint("certainty", Certainty, name="funding_certainty_valid"),
            models.CheckConstraint(
                condition=models.Q(amount__gte=0),
                name="funding_amount_not_negative",
                violation_error_message=_("An amount cannot be negative."),
            ),
            *actor_unique_constraints("funding", ["year", "kind"], "drawn_from"),
        ]

    def __str__(self):
        return f"{self.recipient} {self.year} {self.get_kind_display()}: € {readable_number(self.amount)}"

    def clean(self):
        super().clean()
        self._clean_drawn_from()
        self._clean_merged_recipient()

    def _clean_merged_recipient(self):
        """A legacy organisation merged into its network by the start of the year gets no grant
        for that year: the network does."""
        organisation = self.legacy_organisation if self.actor_kind == ActorKind.LEGACY else None
        if organisation is None or not self.year or organisation.merger_date is None:
            return
        if self.year >= first_year_merged(organisation.merger_date):
            raise ValidationError(
                {
                    "year": _(
                        "%(organisation)s merged into %(network)s on %(day)s: a grant for %(year)s goes "
                        "to the network."
                    )
                    % {
                        "organisation": organisation.name,
                        "network": organisation.successor.name if organisation.successor else "–",
                        "day": organisation.merger_date.strftime("%d/%m/%Y"),
                        "year": self.year,
                    }
                }
            )

    def _clean_drawn_from(self):
        figure = self.drawn_from
        if figure is None:
            return
        if figure.kind not in DRAWABLE_KINDS:
            raise ValidationError({"drawn_from": _("Nothing can be drawn from a context figure.")})
        if self.year and not figure.covers(self.year):
            raise ValidationError({"year": _("The figure does not cover this year.")})
        if figure.intended_kind and (
            self.actor_kind != ActorKind.LEGACY
            or (self.legacy_organisation and self.legacy_organisation.kind != figure.intended_kind)
        ):
            raise ValidationError(
                {"drawn_from": _("This share is meant for legacy organisations of another kind.")}
            )
        own = self.legacy_organisation and figure.share_meant_for(self.legacy_organisation.kind)
        if own:
            raise ValidationError(
                {
                    "drawn_from": _(
                        "%(organisation)s draws from the share meant for its kind, “%(share)s”, not from the "
                        "rest of the envelope."
                    )
                    % {"organisation": self.legacy_organisation.name, "share": own.title}
                }
            )
