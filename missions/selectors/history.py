"""The history of a plan: every version of the plan itself, its goals, actions, indicators and
targets, and its yearly progress reports with their lines, newest first, a page at a time.
Removed parts are included (their history rows keep the keys that tie them to the plan). A page
costs the same number of queries however long the history is (npz_registry.history)."""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import IntegerField, Value
from django.utils.translation import gettext as _

from missions.models import (
    ActionProgress,
    IndicatorProgress,
    IndicatorTarget,
    MultiYearPlan,
    PlanAction,
    PlanGoal,
    PlanIndicator,
    YearlyProgress,
)
from npz_registry.history import versions_with_changes

#: Versions per page.
PER_PAGE = 50


def _named(related, fallback: str) -> str:
    return str(related) if related is not None else fallback


@dataclass(frozen=True)
class Part:
    """A kind of record in a plan's history: its model, and what one of its history rows is
    about (read from the row and the records it points at, fetched with it)."""

    model: type
    about: Callable


PARTS = (
    Part(MultiYearPlan, lambda r: _("the plan")),
    Part(PlanGoal, lambda r: f"{r.theme.number}. {r.title}" if r.theme else r.title),
    Part(PlanAction, lambda r: r.what),
    Part(PlanIndicator, lambda r: r.name),
    Part(IndicatorTarget, lambda r: f"{_named(r.indicator, '–')}, {r.year}"),
    Part(YearlyProgress, lambda r: str(r.year)),
    Part(IndicatorProgress, lambda r: f"{_named(r.indicator, '–')}, {_year(r)}"),
    Part(ActionProgress, lambda r: f"{_named(r.action, '–')}, {_year(r)}"),
)


def _year(record) -> str:
    return str(record.progress.year) if record.progress is not None else "–"


def _rows_of(plan: MultiYearPlan) -> list:
    """The history rows of each part of `plan` (querysets, in the order of PARTS)."""
    goals = PlanGoal.history.filter(plan_id=plan.pk).values("id")
    indicators = PlanIndicator.history.filter(goal_id__in=goals).values("id")
    reports = YearlyProgress.history.filter(plan_id=plan.pk).values("id")
    return [
        MultiYearPlan.history.filter(id=plan.pk),
        PlanGoal.history.filter(plan_id=plan.pk),
        PlanAction.history.filter(goal_id__in=goals),
        PlanIndicator.history.filter(goal_id__in=goals),
        IndicatorTarget.history.filter(indicator_id__in=indicators),
        YearlyProgress.history.filter(plan_id=plan.pk),
        IndicatorProgress.history.filter(progress_id__in=reports),
        ActionProgress.history.filter(progress_id__in=reports),
    ]


@dataclass(frozen=True)
class Entry:
    """One version on the page: its history row (with `changes`, npz_registry.history), what
    kind of part it is and which one."""

    record: object
    kind: str
    about: str


def plan_history_page(plan: MultiYearPlan, number) -> Page:
    """Page `number` (any value: a wrong one gives the first or last page) of `plan`'s history,
    newest first, as `Entry`s."""
    rows = _rows_of(plan)
    keys = None
    for index, part_rows in enumerate(rows):
        part_keys = (
            part_rows.order_by()
            .annotate(part=Value(index, output_field=IntegerField()))
            .values_list("history_date", "history_id", "part")
        )
        keys = part_keys if keys is None else keys.union(part_keys, all=True)
    # The keys of the whole history in one query (three small values per version), so that the
    # paginator counts them without a second one.
    page = Paginator(list(keys.order_by("-history_date", "-history_id")), PER_PAGE).get_page(number)
    wanted = defaultdict(list)
    for _date, history_id, index in page.object_list:
        wanted[index].append(history_id)
    found = {}
    for index, part_rows in enumerate(rows):
        # Every part is asked, with or without rows on this page: the same queries on every page.
        records = versions_with_changes(part_rows.model, wanted[index])
        found.update({(index, r.history_id): r for r in records})
    page.object_list = [
        Entry(record, str(PARTS[index].model._meta.verbose_name), PARTS[index].about(record))
        for _date, history_id, index in page.object_list
        for record in [found[(index, history_id)]]
    ]
    return page
