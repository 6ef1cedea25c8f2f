"""The PDF of one yearly progress report, for policy makers: what the network reported on its
approved plan that year (each indicator against its target, each action's status, the patients
guided), its status and history, and a CONCEPT mark until the department approved it."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from missions.models import SubmissionStatus, YearlyProgress
from missions.models.progress import RATING_RULE
from missions.selectors.plans import indicator_rows, plan_events, progress_parts
from npz_registry.pdf import report_meta
from npz_registry.reports.context import Report

#: The chapters of the progress report (element id -> heading), in order.
SECTIONS = {
    "status": gettext_lazy("Report and status"),
    "indicators": gettext_lazy("Indicators"),
    "actions": gettext_lazy("Actions"),
    "activity": gettext_lazy("Guided patients"),
}


def _theme_of(goal) -> tuple:
    theme = goal.theme
    return (theme.number or 99, theme.name)


def progress_report_context(progress: YearlyProgress) -> dict:
    """The report ``progress`` (with its plan's network and period selected, as
    get_progress_for_user_or_404 gives it) as it stands: once submitted, its lines name the plan
    and rate the values as they were when it was submitted (indicator_rows); a CONCEPT mark
    until it is approved. A fixed number of queries, however large the plan or the region."""
    plan = progress.plan
    network, period = plan.network, plan.period
    parts = progress_parts(progress)
    rows = sorted(
        indicator_rows(parts.indicators, parts.values, progress),
        key=lambda row: (_theme_of(row.indicator.goal), row.indicator.goal_id, row.indicator.pk),
    )
    actions = sorted(parts.actions, key=lambda action: (_theme_of(action.goal), action.goal_id, action.pk))
    events = list(plan_events(progress))
    approved = progress.status == SubmissionStatus.APPROVED
    counted = [m for m in parts.municipalities if m.activity_count is not None]
    return {
        **report_meta(
            title=_("Yearly progress %(year)s") % {"year": progress.year},
            subtitle=network.name,
            kind="progress",
            day=timezone.localdate(),
            data_updated=max([progress.updated_at] + [event.at for event in events]),
            concept_reasons=[]
            if approved
            else [
                _("This progress report is %(status)s: the department has not approved it.")
                % {"status": progress.get_status_display()}
            ],
            sections={key: str(heading) for key, heading in SECTIONS.items()},
        ),
        "progress": progress,
        "plan": plan,
        "network": network,
        "period": period,
        "events": events,
        "indicators": [
            {
                "theme": row.indicator.goal.theme.name,
                "goal": row.indicator.goal.title,
                "name": row.name,
                "unit": row.unit,
                "baseline": row.baseline,
                "target": row.target,
                "target_year": row.target_year if row.interim else None,
                "actual": row.actual,
                "status": row.status.value,
                "status_label": row.status_label,
                "note": row.value.note if row.value else "",
            }
            for row in rows
        ],
        "rating_rule": RATING_RULE,
        "actions": [_action_row(action, parts.statuses.get(action.pk)) for action in actions],
        "activity_total": sum(m.activity_count for m in counted),
        "activity_municipalities": counted,
        "municipality_count": len(parts.municipalities),
        "is_demo": network.is_demo,
    }


def _action_row(action, line) -> dict:
    """An action of the report (named as reported: ``reported_what``) with its line, if any."""
    return {
        "theme": action.goal.theme.name,
        "goal": action.goal.title,
        "what": action.reported_what,
        "status": line.get_status_display() if line else "–",
        "note": line.note if line else "",
    }


def progress_report(progress: YearlyProgress) -> Report:
    context = progress_report_context(progress)
    return Report(
        "reports/progress.html",
        context,
        f"voortgang-{progress.plan.network.code}-{progress.year}.pdf",
    )
