import datetime

from django.core.management.base import BaseCommand
from django.utils import timezone

from missions.models import MultiYearPlan, SubmissionStatus
from missions.notifications import progress_reminder
from networks.selectors import progress_due_date


class Command(BaseCommand):
    help = (
        "E-mail the coordinators of approved plans whose yearly progress report is due within --days days "
        "and not submitted yet. Meant for cron (daily): a reminder goes out on each of the listed days "
        "before the due date."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, nargs="+", default=[30, 7], help="Days before the due date.")
        parser.add_argument(
            "--today", type=datetime.date.fromisoformat, default=None, help="For testing: YYYY-MM-DD."
        )

    def handle(self, *args, days, today, **options):
        today = today or timezone.localdate()
        sent = 0
        without_rule = set()
        plans = MultiYearPlan.objects.filter(approved_version__isnull=False).select_related(
            "network", "period"
        )
        for plan in plans.prefetch_related("progress_reports", "network__roles__user"):
            reports = {report.year: report for report in plan.progress_reports.all()}
            for year in plan.period.years:
                due = progress_due_date(year)
                if due is None:
                    without_rule.add(year)
                    continue
                if (due - today).days not in days:
                    continue
                report = reports.get(year)
                if (
                    report
                    and report.status != SubmissionStatus.DRAFT
                    and report.status != SubmissionStatus.CHANGES_REQUESTED
                ):
                    continue  # already with the department
                count = progress_reminder(plan, year, due)
                sent += count
                self.stdout.write(f"{plan}: report {year} due {due:%d/%m/%Y}, {count} reminder(s)")
        for year in sorted(without_rule):
            self.stdout.write(
                f"No due date set for the reports on {year} (back office: progress report deadlines)."
            )
        self.stdout.write(self.style.SUCCESS(f"{sent} reminder(s) sent."))
