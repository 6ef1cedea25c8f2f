"""Yearly progress against an approved multi-year plan."""

from decimal import Decimal
from typing import NamedTuple

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
    # The year of target_then: the reported year's own target, or for a year without one the
    # next later target (an interim year, rated with the halfway rule: indicator_status).
    target_year_then = models.PositiveSmallIntegerField(
        _("year of the target when submitted"), null=True, blank=True
    )
    # What the report showed of the indicator when it was submitted: a reopened plan may rename
    # it since, the submitted report keeps saying what it said (IndicatorRow).
    name_then = models.CharField(_("indicator when submitted"), max_length=250, blank=True)
    unit_then = models.CharField(_("unit when submitted"), max_length=40, blank=True)

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


def kept_as_submitted(status: str, then: dict | None) -> bool:
    """Whether a line of a report in `status` shows what was kept with it when the report was
    submitted (`then`: the line's *_then fields) rather than the plan as it stands: once the
    report left the editable statuses, and the line kept them (a line kept its direction at
    least). The one rule for the rating (rating_basis) and for what the page names (IndicatorRow)."""
    return status not in EDITABLE_STATUSES and bool(then) and bool(then.get("direction_then"))


class RatingBasis(NamedTuple):
    """What a reported value is rated against: the target, the baseline, the direction and the
    year of the target (the reported year's own; a later year's in an interim year)."""

    target: Decimal | None
    baseline: Decimal | None
    direction: str
    target_year: int | None = None

    def is_interim(self, year: int) -> bool:
        """Whether the target is that of a year after `year`: `year` has no target of its own."""
        return self.target_year is not None and self.target_year > year

    def status_of(self, actual, year: int) -> str:
        """How `actual`, reported on `year`, stands (indicator_status)."""
        return indicator_status(
            actual=actual,
            target=self.target,
            baseline=self.baseline,
            direction=self.direction,
            interim=self.is_interim(year),
        )


def target_in(targets: dict, year: int) -> tuple:
    """(target, its year) a value reported on `year` is rated against, of `targets` (year ->
    target value): the year's own target; for a year without one, the next later target (an
    interim year on the way to it); (None, None) when there is neither."""
    if targets.get(year) is not None:
        return targets[year], year
    later = sorted(y for y, value in targets.items() if y > year and value is not None)
    return (targets[later[0]], later[0]) if later else (None, None)


def rating_basis(
    status: str, then: dict | None, *, target, baseline, direction, target_year=None
) -> RatingBasis:
    """What a reported value is rated against, in a report in `status`: once the report is
    submitted, what was kept with its line (`then`: the line's target_then, baseline_then,
    direction_then and target_year_then, kept when it was submitted; kept_as_submitted), else
    the plan's current ones (`target` of `target_year`, `baseline`, `direction`: target_in).
    The one place that decides it, for the report's page, its PDF and the tallies."""
    if kept_as_submitted(status, then):
        return RatingBasis(
            then["target_then"], then["baseline_then"], then["direction_then"], then.get("target_year_then")
        )
    return RatingBasis(target, baseline, direction, target_year)


#: The rule indicator_status applies, in one sentence (the report's page shows it).
RATING_RULE = _(
    "An indicator is rated against the target of the reported year: achieved when it reaches it, "
    "target not met when it does not. In a year without a target of its own it is rated against "
    "the next target: on track when it is at least halfway from the baseline to it."
)


def indicator_status(
    *, actual, target, baseline, direction, interim: bool = False, expected_share: Decimal = Decimal("0.5")
) -> str:
    """How `actual` stands against `target` (RATING_RULE): achieved when it reaches the target.
    A target of the reported year itself that is not reached is missed (BEHIND, said "target
    not met": rating_label). Only in an interim year (`interim`: the target is a later year's)
    is a value that has come at least `expected_share` of the way from the baseline on track."""
    if actual is None or target is None:
        return IndicatorStatus.UNKNOWN
    better = (lambda a, b: a >= b) if direction == IndicatorDirectionGoal.INCREASE else (lambda a, b: a <= b)
    if better(actual, target):
        return IndicatorStatus.ACHIEVED
    if not interim or baseline is None:
        return IndicatorStatus.BEHIND
    needed = baseline + (target - baseline) * expected_share
    return IndicatorStatus.ON_TRACK if better(actual, needed) else IndicatorStatus.BEHIND


def rating_label(status: str, *, interim: bool) -> str:
    """The words for `status` on a report: a year's own target not reached is "target not met"
    (behind on the way to a later target otherwise)."""
    if status == IndicatorStatus.BEHIND and not interim:
        return str(_("target not met"))
    return str(IndicatorStatus(status).label)


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
    # The action's title when the report was submitted (a reopened plan may rename it since).
    what_then = models.CharField(_("action when submitted"), max_length=300, blank=True)

    class Meta:
        ordering = ["action"]
        verbose_name = _("action progress")
        verbose_name_plural = _("action progress")
        constraints = [models.UniqueConstraint(fields=["progress", "action"], name="action_progress_unique")]

    def __str__(self):
        return f"{self.action}: {self.get_status_display()}"
