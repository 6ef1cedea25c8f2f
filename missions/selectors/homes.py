"""What the role homes show: the department's work queues and a coordinator's network at a
glance. Each function runs a fixed number of queries, however many plans or networks."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q
from django.utils import timezone

from missions.completeness import plan_missing_items
from missions.models import MultiYearPlan, ReviewEvent, SubmissionStatus, YearlyProgress
from missions.selectors.plans import with_completeness_content
from networks.selectors import coverage_on, progress_due_dates, recognition_day
from transition.selectors import late_milestones_on

AWAITING = (SubmissionStatus.SUBMITTED, SubmissionStatus.IN_REVIEW)
#: A report counts as handed in once it left the coordinator's hands.
HANDED_IN = (SubmissionStatus.SUBMITTED, SubmissionStatus.IN_REVIEW, SubmissionStatus.APPROVED)


@dataclass(frozen=True)
class DueReport:
    """A yearly progress report an approved plan owes: its year, due date and the report (None
    when not opened yet)."""

    plan: MultiYearPlan
    year: int
    due: datetime.date | None  # None while no deadline rule applies
    report: YearlyProgress | None

    @property
    def is_overdue(self) -> bool:
        return self.due is not None and self.due < timezone.localdate()


def due_reports(plans, today: datetime.date, *, overdue_only: bool) -> list[DueReport]:
    """The reports ``plans`` (approved, ``progress_reports`` prefetched) still owe for the years
    of their period that have ended by ``today``; ``overdue_only``: those past their due date."""
    owed = []
    due_of = progress_due_dates()  # the deadline rules, read once
    for plan in plans:
        reports = {report.year: report for report in plan.progress_reports.all()}
        for year in plan.period.years:
            if year >= today.year:
                continue
            report = reports.get(year)
            if report is not None and report.status in HANDED_IN:
                continue
            due = due_of(year)
            if overdue_only and (due is None or due >= today):
                continue  # no deadline set: never overdue
            owed.append(DueReport(plan, year, due, report))
    return sorted(owed, key=lambda d: (d.due or datetime.date.max, d.plan.network.name))


def _approved_plans(networks=None):
    """Plans with an approved version (also while reopened): they owe their yearly reports."""
    plans = MultiYearPlan.objects.filter(approved_version__isnull=False)
    if networks is not None:
        plans = plans.filter(network__in=networks)
    return plans.select_related("network", "period").prefetch_related("progress_reports")


@dataclass
class StaffQueues:
    plans_awaiting: int
    reports_awaiting: int
    overdue_reports: list[DueReport]
    late_milestones: int
    #: The day late_milestones counts on (today): the late-milestones page is opened on it.
    late_on: datetime.date
    recognition_day: datetime.date
    uncovered_zones: list = field(default_factory=list)
    zones_claimed_twice: list = field(default_factory=list)
    municipalities_without_zone: list = field(default_factory=list)

    @property
    def coverage_problems(self) -> int:
        return (
            len(self.uncovered_zones) + len(self.zones_claimed_twice) + len(self.municipalities_without_zone)
        )


def awaiting_review_counts() -> dict[str, int]:
    """How many plans and how many yearly reports await review: one query (every report
    belongs to a plan, so the plans joined with their reports hold each report once)."""
    return MultiYearPlan.objects.aggregate(
        plans=Count("pk", filter=Q(status__in=AWAITING), distinct=True),
        reports=Count("progress_reports", filter=Q(progress_reports__status__in=AWAITING)),
    )


def staff_queues(today: datetime.date) -> StaffQueues:
    """The department's work: plans and reports awaiting review, reports past their due date,
    milestones late today and what is not covered on the recognition day."""
    day = recognition_day() or today  # as the dashboard: today while no recognition day is set
    coverage = coverage_on(day)
    awaiting = awaiting_review_counts()
    return StaffQueues(
        plans_awaiting=awaiting["plans"],
        reports_awaiting=awaiting["reports"],
        overdue_reports=due_reports(_approved_plans(), today, overdue_only=True),
        late_milestones=late_milestones_on(today).count(),
        late_on=today,
        recognition_day=day,
        uncovered_zones=coverage.uncovered_zones,
        zones_claimed_twice=coverage.zones_claimed_twice,
        municipalities_without_zone=coverage.municipalities_without_zone,
    )


@dataclass
class NetworkOverview:
    """A coordinator's network: its plans, what the plan being written still lacks, the
    reports due and the department's latest request for changes (with its reason)."""

    network: object
    plans: list
    current: MultiYearPlan | None
    missing: list
    due: list[DueReport]
    latest_request: ReviewEvent | None


def network_overviews(networks, today: datetime.date) -> list[NetworkOverview]:
    """One overview per network of ``networks`` (fixed queries)."""
    reports = Prefetch("progress_reports", queryset=YearlyProgress.objects.order_by("year"))
    plans = list(
        MultiYearPlan.objects.select_related("network", "period")
        .filter(network__in=networks)
        .prefetch_related(reports)
        .order_by("period__start_year", "pk")
    )
    events = (
        ReviewEvent.objects.filter(Q(plan__in=plans) | Q(progress__plan__in=plans))
        .filter(to_status=SubmissionStatus.CHANGES_REQUESTED)
        .select_related("by", "plan", "progress")
        .order_by("at", "pk")
    )
    latest_by_network = {}
    by_pk = {plan.pk: plan for plan in plans}
    for event in events:
        plan = by_pk[event.plan_id or event.progress.plan_id]
        subject = plan if event.plan_id else event.progress
        if subject.status == SubmissionStatus.CHANGES_REQUESTED:
            latest_by_network[plan.network_id] = event
    current_of = {}
    for network in networks:
        own = [plan for plan in plans if plan.network_id == network.pk]
        current_of[network.pk] = next((p for p in own if p.is_editable), None) or (own[-1] if own else None)
    with_completeness_content(*(plan for plan in current_of.values() if plan and plan.is_editable))
    overviews = []
    for network in networks:
        own = [plan for plan in plans if plan.network_id == network.pk]
        current = current_of[network.pk]
        approved = [p for p in own if p.has_approved_version]
        overviews.append(
            NetworkOverview(
                network=network,
                plans=own,
                current=current,
                missing=plan_missing_items(current) if current and current.is_editable else [],
                due=due_reports(approved, today, overdue_only=False),
                latest_request=latest_by_network.get(network.pk),
            )
        )
    return overviews
