"""Yearly progress against an approved multi-year plan."""

from decimal import Decimal

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from missions.models.plans import (
    EDITABLE_STATUSES,
    IndicatorDirectionGoal,
    MultiYearPlan,
    PlanAction,
    PlanIndicator,
    ReviewedDocument,
)
from npz_registry.limits import LONG_TEXT, bounded_text
from npz_registry.models import TrackedModel
from npz_registry.numbers import readable_number


class YearlyProgressQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(plan__in=MultiYearPlan.objects.visible_to(user))


class YearlyProgress(ReviewedDocument, TrackedModel):
    plan = models.ForeignKey(
        MultiYearPlan, verbose_name=_("plan"), on_delete=models.PROTECT, related_name="progress_reports"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    narrative = bounded_text(_("narrative"), LONG_TEXT, blank=True)

    objects = YearlyProgressQuerySet.as_manager()

    class Meta:
        ordering = ["plan", "year"]
        verbose_name = _("yearly progress report")
        verbose_name_plural = _("yearly progress reports")
        constraints = [
            models.UniqueConstraint(fields=["plan", "year"], name="progress_one_per_plan_per_year"),
            ReviewedDocument.status_is_valid("progress_status_valid"),
        ]

    def __str__(self):
        return f"{self.plan} – {self.year}"

    def get_absolute_url(self):
        return reverse("missions:progress-detail", args=[self.pk])

    @property
    def network(self):
        return self.plan.network


def _in_report(related_name):
    return models.ForeignKey(
        YearlyProgress, verbose_name=_("progress report"), on_delete=models.CASCADE, related_name=related_name
    )


def _reported_on(to, verbose_name):
    """The part of the plan a line of the report is about. Deleting that part does not take the
    line with it: `missions.services.plans.item_delete` removes the lines of reports still being
    written and refuses when a submitted or approved report holds one."""
    return models.ForeignKey(to, verbose_name=verbose_name, on_delete=models.PROTECT, related_name="+")


class IndicatorStatus(models.TextChoices):
    ACHIEVED = "ACHIEVED", _("achieved")
    ON_TRACK = "ON_TRACK", _("on track")
    BEHIND = "BEHIND", _("behind")
    UNKNOWN = "UNKNOWN", _("no value yet")


def _then(verbose_name):
    return models.DecimalField(verbose_name, max_digits=14, decimal_places=2, null=True, blank=True)


class IndicatorProgress(TrackedModel):
    progress = _in_report("indicator_values")
    indicator = _reported_on(PlanIndicator, _("indicator"))
    actual = models.DecimalField(_("actual value"), max_digits=14, decimal_places=2, null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    # What the value is rated against, as the plan stood when the report was submitted (set by
    # missions.services.workflow; an empty direction: not submitted yet). A reopened plan may
    # change its targets afterwards: the submitted report keeps its rating (rating_basis).
    target_then = _then(_("target when submitted"))
    baseline_then = _then(_("baseline when submitted"))
    direction_then = models.CharField(
        _("direction when submitted"), max_length=10, choices=IndicatorDirectionGoal.choices, blank=True
    )

    class Meta:
        ordering = ["indicator"]
        verbose_name = _("indicator progress")
        verbose_name_plural = _("indicator progress")
        constraints = [
            models.UniqueConstraint(fields=["progress", "indicator"], name="indicator_progress_unique")
        ]

    def __str__(self):
        return f"{self.indicator}: {readable_number(self.actual) or '–'}"


def lists_part(status: str, *, has_line: bool) -> bool:
    """Whether a report in `status` lists a goal's indicator or action: a report still being
    written lists every one of its plan; a submitted one those it has a line for (a reopened plan
    may have gained others since). missions.selectors.plans.progress_parts asks the same in SQL."""
    return has_line or status in EDITABLE_STATUSES


def rating_basis(status: str, then: dict | None, *, target, baseline, direction) -> tuple:
    """(target, baseline, direction) a reported value is rated against, in a report in `status`:
    once the report is submitted, those kept with its line (`then`: the line's target_then,
    baseline_then and direction_then, kept when it was submitted), else the plan's current ones
    (`target`, `baseline`, `direction`). The one place that decides it, for the report's page,
    its PDF and the tallies."""
    if status not in EDITABLE_STATUSES and then and then.get("direction_then"):
        return then["target_then"], then["baseline_then"], then["direction_then"]
    return target, baseline, direction


def indicator_status(*, actual, target, baseline, direction, expected_share: Decimal = Decimal("0.5")) -> str:
    if actual is None or target is None:
        return IndicatorStatus.UNKNOWN
    better = (lambda a, b: a >= b) if direction == IndicatorDirectionGoal.INCREASE else (lambda a, b: a <= b)
    if better(actual, target):
        return IndicatorStatus.ACHIEVED
    if baseline is None:
        return IndicatorStatus.BEHIND
    needed = baseline + (target - baseline) * expected_share
    return IndicatorStatus.ON_TRACK if better(actual, needed) else IndicatorStatus.BEHIND


class ActionStatus(models.TextChoices):
    NOT_STARTED = "NOT_STARTED", _("not started")
    ON_TRACK = "ON_TRACK", _("on track")
    DELAYED = "DELAYED", _("delayed")
    DONE = "DONE", _("done")
    DROPPED = "DROPPED", _("dropped")


class ActionProgress(TrackedModel):
    progress = _in_report("action_statuses")
    action = _reported_on(PlanAction, _("action"))
    status = models.CharField(
        _("status"), max_length=20, choices=ActionStatus.choices, default=ActionStatus.NOT_STARTED
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["action"]
        verbose_name = _("action progress")
        verbose_name_plural = _("action progress")
        constraints = [models.UniqueConstraint(fields=["progress", "action"], name="action_progress_unique")]

    def __str__(self):
        return f"{self.action}: {self.get_status_display()}"
