"""What a plan or progress report was on a day, and which progress reports count on a day.

A report on a day (the Flanders report, a network profile, the evenness of a network's activity)
counts a yearly progress report only once the department approved it: approved at the end of
that day (its timeline says so), and about a year that has begun by then. One rule, asked in
Python (``progress_counts_on``: plans_of_networks) and in SQL (``progress_counted_on``: the
evenness, whose activity counts are typed in the progress report of their year)."""

import datetime

from django.db.models import Case, CharField, Exists, F, OuterRef, Subquery, Value, When
from django.db.models.functions import Coalesce, NullIf
from django.utils import timezone

from missions.models import ReviewEvent, SubmissionStatus, YearlyProgress


def day_end(day: datetime.date) -> datetime.datetime:
    """The first moment after ``day``: what happened before it had happened on that day."""
    return timezone.make_aware(datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time()))


def status_at(events, end: datetime.datetime):
    """SQL: the status at ``end`` of the plan or progress report whose timeline ``events`` is (a
    ReviewEvent queryset on the outer row): the last step before ``end``, else the status
    before its first later step (a draft when the step does not say), else its status now (a
    document without a timeline)."""
    before, later = events.filter(at__lt=end), events.filter(at__gte=end)
    first_later = Subquery(later.order_by("at", "pk").values("from_status")[:1])
    return Case(
        When(Exists(before), then=Subquery(before.order_by("-at", "-pk").values("to_status")[:1])),
        When(Exists(later), then=Coalesce(NullIf(first_later, Value("")), Value(SubmissionStatus.DRAFT))),
        default=F("status"),
        output_field=CharField(),
    )


def progress_status_at(end: datetime.datetime):
    """SQL: the status at ``end`` of the progress report of the outer row (status_at)."""
    return status_at(ReviewEvent.objects.filter(progress=OuterRef("pk")), end)


def progress_counts_on(year: int, status_on_day: str | None, day: datetime.date) -> bool:
    """Whether a progress report about ``year``, in ``status_on_day`` at the end of ``day``
    (None: not registered yet), counts in a report on ``day``: approved by then, and about a
    year that has begun (a report on a later year is not that day's progress)."""
    return status_on_day == SubmissionStatus.APPROVED and year <= day.year


def progress_counted_on(day: datetime.date):
    """The progress reports that count in a report on ``day`` (progress_counts_on), as a
    queryset: registered and approved by the end of ``day``, about a year up to ``day``'s."""
    end = day_end(day)
    return (
        YearlyProgress.objects.filter(created_at__lt=end, year__lte=day.year)
        .annotate(status_on_day=progress_status_at(end))
        .filter(status_on_day=SubmissionStatus.APPROVED)
    )
