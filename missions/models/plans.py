"""Multi-year plans: goals per mission theme with actions and indicators, a review workflow,
immutable versions and review comments."""

import hashlib
import json

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from missions.models.labels import in_reader_language
from missions.models.partners import PartnerOrganisation
from missions.models.themes import (
    DeliveryMode,
    MissionTheme,
    PartnerType,
    SextupleAim,
    complexity_levels_field,
    first_line_role_field,
)
from networks.models import Network, RegionalCareZone
from npz_registry.history import History
from npz_registry.limits import LONG_TEXT, NOTE, DayInRange, bounded_text
from npz_registry.models import (
    SourcedModel,
    TimeStampedModel,
    TrackedModel,
    acting_user,
    note_field,
    optional_foreign_key,
    period_order_constraint,
    refuse_reversed_period,
)
from npz_registry.numbers import readable_number


class SubmissionStatus(models.TextChoices):
    """Shared by multi-year plans and yearly progress reports (missions/workflow.py moves them)."""

    DRAFT = "DRAFT", _("draft")
    SUBMITTED = "SUBMITTED", _("submitted")
    IN_REVIEW = "IN_REVIEW", _("in review")
    CHANGES_REQUESTED = "CHANGES_REQUESTED", _("changes requested")
    APPROVED = "APPROVED", _("approved")


EDITABLE_STATUSES = (SubmissionStatus.DRAFT, SubmissionStatus.CHANGES_REQUESTED)
#: With the department: the review queue lists these.
AWAITING_REVIEW = (SubmissionStatus.SUBMITTED, SubmissionStatus.IN_REVIEW)


class GoalDelivery(models.TextChoices):
    """How a goal is delivered: one of the two modes of the note, or both."""

    DIRECT = DeliveryMode.DIRECT.value, DeliveryMode.DIRECT.label
    INDIRECT = DeliveryMode.INDIRECT.value, DeliveryMode.INDIRECT.label
    BOTH = "BOTH", _("direct and indirect")


class ReviewedDocument(TimeStampedModel):
    """A document the network writes and the department reviews (a multi-year plan, a yearly
    progress report): its status moves only through missions/workflow.py, and every edit form
    carries ``lock_version`` (npz_registry/concurrency.py)."""

    status = models.CharField(
        _("status"),
        max_length=20,
        choices=SubmissionStatus.choices,
        default=SubmissionStatus.DRAFT,
        editable=False,
    )
    lock_version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        abstract = True

    @staticmethod
    def status_is_valid(name: str) -> models.CheckConstraint:
        """The database's own check that the status is one of SubmissionStatus (choices alone
        constrain nothing)."""
        return models.CheckConstraint(condition=models.Q(status__in=SubmissionStatus.values), name=name)

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_STATUSES

    @property
    def is_approved(self) -> bool:
        return self.status == SubmissionStatus.APPROVED


class PlanningPeriod(SourcedModel, TimeStampedModel):
    """The years a multi-year plan covers. No source fixes them yet: a period without a source
    is our assumption (the certainty's default) and the pages say so."""

    start_year = models.PositiveSmallIntegerField(_("first year"))
    end_year = models.PositiveSmallIntegerField(_("last year"))
    name = models.CharField(_("name"), max_length=120)
    name_en = models.CharField(
        _("name (English)"), max_length=120, blank=True, help_text=_("Shown on English pages; else the name.")
    )
    is_shortened = models.BooleanField(
        _("shortened period"),
        default=False,
        help_text=_("The first, shortened multi-year plan (verkort meerjarenplan)."),
    )
    note = note_field(help_text=_("E.g. how it aligns with the zorgraden's policy period."))

    history = HistoricalRecords()

    class Meta:
        ordering = ["start_year"]
        verbose_name = _("planning period")
        verbose_name_plural = _("planning periods")
        constraints = [
            *SourcedModel.Meta.constraints,
            models.UniqueConstraint(fields=["start_year", "end_year"], name="planning_period_unique"),
            period_order_constraint("start_year", "end_year", name="planning_period_ordered"),
        ]

    def __str__(self):
        return self.label

    @property
    def label(self) -> str:
        """The name in the reader's language (the Dutch one when no English one is set)."""
        return in_reader_language(self.name, self.name_en)

    def clean(self):
        super().clean()
        if self.start_year is None or self.end_year is None:
            return  # the empty year's own field error says it
        refuse_reversed_period(self, "start_year", "end_year", _("The last year lies before the first."))
        other = (
            PlanningPeriod.objects.exclude(pk=self.pk)
            .filter(start_year__lte=self.end_year, end_year__gte=self.start_year)
            .order_by("start_year")
            .first()
        )
        if other is not None:
            raise ValidationError(
                _("This period overlaps %(other)s (%(span)s): a network would have two plans for a year.")
                % {"other": other.name, "span": other.span}
            )
        stored = PlanningPeriod.objects.filter(pk=self.pk).values_list("start_year", "end_year").first()
        if stored and stored != (self.start_year, self.end_year) and self.plans.exists():
            raise ValidationError(
                _(
                    "Networks have plans for this period: its years stay %(first)s–%(last)s (the plans' "
                    "targets and progress reports are tied to them)."
                )
                % {"first": stored[0], "last": stored[1]}
            )

    @property
    def years(self) -> list[int]:
        return list(range(self.start_year, self.end_year + 1))

    @property
    def span(self) -> str:
        """ "2027–2028": the years, for titles (the name may say "meerjarenplan" itself)."""
        return f"{self.start_year}–{self.end_year}"

    def runs_in(self, year: int) -> bool:
        return self.start_year <= year <= self.end_year


class MultiYearPlanQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Plans of the networks `user` may see (staff: all; coordinators: their own)."""
        return self.filter(network__in=Network.objects.visible_to(user))

    def awaiting_review(self):
        return self.filter(status__in=AWAITING_REVIEW)


class MultiYearPlan(ReviewedDocument, TrackedModel):
    network = models.ForeignKey(
        Network, verbose_name=_("network"), on_delete=models.PROTECT, related_name="plans"
    )
    period = models.ForeignKey(
        PlanningPeriod, verbose_name=_("planning period"), on_delete=models.PROTECT, related_name="plans"
    )
    summary = bounded_text(
        _("summary"), LONG_TEXT, blank=True, help_text=_("The regional priorities in a few lines.")
    )
    stakeholders = bounded_text(
        _("stakeholders involved"), NOTE, blank=True, help_text=_("With whom the network set its priorities.")
    )
    created_by = acting_user(_("created by"))
    approved_version = models.PositiveIntegerField(
        _("approved version"),
        null=True,
        blank=True,
        editable=False,
        help_text=_(
            "The version the department approved last: in force until it approves another, also "
            "while the plan is reopened for changes."
        ),
    )

    objects = MultiYearPlanQuerySet.as_manager()

    class Meta:
        ordering = ["network__name", "period__start_year"]
        verbose_name = _("multi-year plan")
        verbose_name_plural = _("multi-year plans")
        constraints = [
            models.UniqueConstraint(fields=["network", "period"], name="plan_one_per_network_per_period"),
            ReviewedDocument.status_is_valid("plan_status_valid"),
        ]
        # The review queue filters on status.
        indexes = [models.Index(fields=["status"], name="plan_status")]

    def __str__(self):
        return f"{self.network} – {self.period}"

    def get_absolute_url(self):
        return reverse("missions:plan-detail", args=[self.pk])

    @property
    def latest_version(self):
        return self.versions.order_by("-number").first()

    @property
    def has_approved_version(self) -> bool:
        """Whether a version of the plan is approved and in force (``is_approved`` says whether
        the plan's status is approved: not while a reopening is under way)."""
        return self.approved_version is not None


class PlanGoal(TimeStampedModel):
    plan = models.ForeignKey(
        MultiYearPlan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="goals"
    )
    theme = models.ForeignKey(
        MissionTheme, verbose_name=_("theme"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("goal"), max_length=250)
    description = bounded_text(_("description"), LONG_TEXT, blank=True)
    aims = models.ManyToManyField(SextupleAim, verbose_name=_("sextuple aims"), blank=True)
    target_zones = models.ManyToManyField(RegionalCareZone, verbose_name=_("target zones"), blank=True)
    delivery_mode = models.CharField(
        _("delivery"),
        max_length=10,
        choices=GoalDelivery.choices,
        default=GoalDelivery.BOTH,
    )
    first_line_role = first_line_role_field()
    complexity_levels = complexity_levels_field()
    lock_version = models.PositiveIntegerField(default=1, editable=False)

    history = History(m2m_fields=[aims, target_zones, complexity_levels])

    class Meta:
        ordering = ["theme__number", "pk"]
        verbose_name = _("goal")
        verbose_name_plural = _("goals")

    def __str__(self):
        return self.title


class PlanAction(TimeStampedModel):
    goal = models.ForeignKey(
        PlanGoal, verbose_name=_("goal"), on_delete=models.CASCADE, related_name="actions"
    )
    what = models.CharField(_("action"), max_length=300)
    partner_types = models.ManyToManyField(PartnerType, verbose_name=_("partners"), blank=True)
    partners = models.ManyToManyField(
        PartnerOrganisation, verbose_name=_("partner organisations"), blank=True, related_name="actions"
    )
    partners_note = models.CharField(_("partners (names)"), max_length=300, blank=True)
    responsible = models.CharField(_("responsible"), max_length=200, blank=True)
    start = models.DateField(_("start"), null=True, blank=True, validators=[DayInRange()])
    end = models.DateField(_("end"), null=True, blank=True, validators=[DayInRange()])
    lock_version = models.PositiveIntegerField(default=1, editable=False)

    history = History(m2m_fields=[partner_types, partners])

    class Meta:
        ordering = ["start", "pk"]
        verbose_name = _("action")
        verbose_name_plural = _("actions")

    def __str__(self):
        return self.what

    def clean(self):
        super().clean()
        refuse_reversed_period(self, "start", "end", _("The end lies before the start."))


class IndicatorDirectionGoal(models.TextChoices):
    INCREASE = "INCREASE", _("higher is better")
    DECREASE = "DECREASE", _("lower is better")


def target_against_direction(direction: str, baseline, target) -> bool:
    """Whether ``target`` lies on the wrong side of ``baseline`` for ``direction``: below it
    when higher is better, above it when lower is better (the indicator would get worse). No
    baseline or no target: nothing to compare."""
    if baseline is None or target is None:
        return False
    if direction == IndicatorDirectionGoal.INCREASE:
        return target < baseline
    return target > baseline


class PlanIndicator(TrackedModel, TimeStampedModel):
    goal = models.ForeignKey(
        PlanGoal, verbose_name=_("goal"), on_delete=models.CASCADE, related_name="indicators"
    )
    name = models.CharField(_("indicator"), max_length=250)
    unit = models.CharField(_("unit"), max_length=40, blank=True)
    baseline_value = models.DecimalField(
        _("baseline value"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    baseline_year = models.PositiveSmallIntegerField(_("baseline year"), null=True, blank=True)
    direction = models.CharField(
        _("direction"),
        max_length=10,
        choices=IndicatorDirectionGoal.choices,
        default=IndicatorDirectionGoal.INCREASE,
    )
    lock_version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("plan indicator")
        verbose_name_plural = _("plan indicators")

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        if (self.baseline_value is None) != (self.baseline_year is None):
            raise ValidationError(_("Give the baseline value together with its year."))


class IndicatorTarget(TrackedModel):
    indicator = models.ForeignKey(
        PlanIndicator, verbose_name=_("indicator"), on_delete=models.CASCADE, related_name="targets"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    value = models.DecimalField(_("target"), max_digits=14, decimal_places=2)

    class Meta:
        ordering = ["year"]
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        constraints = [models.UniqueConstraint(fields=["indicator", "year"], name="indicator_target_unique")]

    def __str__(self):
        return f"{self.year}: {readable_number(self.value)}"


class PlanVersion(models.Model):
    """The frozen content of a plan at a submission: never changed afterwards."""

    plan = models.ForeignKey(
        MultiYearPlan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField(_("version"))
    submitted_at = models.DateTimeField(_("submitted at"), auto_now_add=True)
    submitted_by = acting_user(_("submitted by"))
    content = models.JSONField(_("content"))
    content_hash = models.CharField(_("content hash (SHA-256)"), max_length=64)
    reason = bounded_text(_("reason for this version"), NOTE, blank=True)

    class Meta:
        ordering = ["plan", "number"]
        verbose_name = _("plan version")
        verbose_name_plural = _("plan versions")
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="plan_version_unique")]

    def __str__(self):
        return f"{self.plan} v{self.number}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValidationError(_("A plan version is immutable."))
        self.content_hash = self.hash_of(self.content)
        super().save(*args, **kwargs)

    @staticmethod
    def hash_of(content) -> str:
        canonical = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        return hashlib.sha256(canonical.encode()).hexdigest()


class ReviewEvent(models.Model):
    """One status change of a plan or a yearly progress report: the timeline."""

    plan = optional_foreign_key(MultiYearPlan, _("plan"), on_delete=models.CASCADE, related_name="events")
    progress = optional_foreign_key(
        "missions.YearlyProgress", _("progress report"), on_delete=models.CASCADE, related_name="events"
    )
    from_status = models.CharField(_("from"), max_length=20, choices=SubmissionStatus.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=20, choices=SubmissionStatus.choices)
    by = acting_user(_("by"))
    at = models.DateTimeField(_("at"), auto_now_add=True)
    comment = bounded_text(_("comment"), NOTE, blank=True)
    version_number = models.PositiveIntegerField(_("version"), null=True, blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("review event")
        verbose_name_plural = _("review events")
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(plan__isnull=False) & models.Q(progress__isnull=True))
                | (models.Q(plan__isnull=True) & models.Q(progress__isnull=False)),
                name="review_event_one_subject",
            )
        ]

    def __str__(self):
        return f"{self.get_from_status_display()} → {self.get_to_status_display()}"


class ReviewComment(models.Model):
    """A reviewer's remark on a plan as a whole, one goal or one action (or a progress report)."""

    plan = optional_foreign_key(MultiYearPlan, _("plan"), on_delete=models.CASCADE, related_name="comments")
    goal = optional_foreign_key(PlanGoal, _("goal"), on_delete=models.SET_NULL, related_name="comments")
    action = optional_foreign_key(PlanAction, _("action"), on_delete=models.SET_NULL, related_name="comments")
    progress = optional_foreign_key(
        "missions.YearlyProgress", _("progress report"), on_delete=models.CASCADE, related_name="comments"
    )
    author = acting_user(_("author"))
    text = bounded_text(_("comment"), NOTE)
    created_at = models.DateTimeField(_("written at"), auto_now_add=True)
    version_number = models.PositiveIntegerField(_("on version"), null=True, blank=True)
    #: The goal's title or the action's text when that part was deleted (keep_what_comments_were_about).
    removed_part = models.CharField(_("on a part removed since"), max_length=300, blank=True, editable=False)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("review comment")
        verbose_name_plural = _("review comments")

    def __str__(self):
        return self.text[:60]


def keep_what_comments_were_about(sender, instance, **kwargs) -> None:
    """pre_delete of PlanGoal and PlanAction: their comments stay on the plan (the link is
    SET_NULL) and say which goal or action they were about, instead of reading as comments on
    the plan as a whole. Also for an action deleted with its goal."""
    if isinstance(instance, PlanGoal):
        comments, label = ReviewComment.objects.filter(goal=instance, action__isnull=True), instance.title
    else:
        comments, label = ReviewComment.objects.filter(action=instance), instance.what
    comments.filter(removed_part="").update(removed_part=label[:300])
