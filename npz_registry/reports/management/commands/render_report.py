import datetime
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from missions.models import MultiYearPlan
from missions.selectors.plans import plan_version
from networks.models import Network
from npz_registry.pdf import PdfRenderError, render_pdf
from npz_registry.reports.context import flanders_report, network_report, plan_report

KINDS = ("flanders", "network", "plan")


class Command(BaseCommand):
    help = (
        "Render a report to PDF: `render_report flanders [-o FILE] [--as-of YYYY-MM-DD]`, "
        "`render_report network <code> [-o FILE]` or `render_report plan <plan-id> [--version N] "
        "[-o FILE]`. For staff and operators: no access check."
    )

    def create_parser(self, prog_name, subcommand, **kwargs):
        # Our --version (the plan version) replaces the --version every command gets from Django.
        kwargs.setdefault("conflict_handler", "resolve")
        return super().create_parser(prog_name, subcommand, **kwargs)

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=KINDS, help="Which report.")
        parser.add_argument("id", nargs="?", help="The network code (network) or plan id (plan).")
        parser.add_argument(
            "-o", "--output", type=Path, help="PDF file to write (default: <report>.pdf here)."
        )
        parser.add_argument(
            "--as-of",
            type=datetime.date.fromisoformat,
            help=(
                "Day the report shows (default for flanders: the recognition day set in the back "
                "office while it lies ahead, else today; today for network)."
            ),
        )
        parser.add_argument(
            "--lang",
            default=settings.LANGUAGE_CODE,
            choices=[code for code, _name in settings.LANGUAGES],
            help="Language of the report (default: %(default)s).",
        )
        parser.add_argument(
            "--version",
            type=int,
            dest="plan_version",
            help="plan: the version number to render (default: the latest submitted version).",
        )
        parser.add_argument("--html", type=Path, help="Also write the HTML the PDF is made from.")
        parser.add_argument(
            "--time-limit", type=float, help="Seconds before giving up (default: NPZ_PDF_TIME_LIMIT)."
        )

    def handle(self, *args, kind, id, output, as_of, lang, html, time_limit, plan_version=None, **options):
        if plan_version is not None and kind != "plan":
            raise CommandError("--version is for plans only.")
        started = time.perf_counter()
        with translation.override(lang):
            if kind == "flanders":
                if id:
                    raise CommandError("The Flanders report takes no id.")
                report = flanders_report(as_of)
            elif kind == "plan":
                report = self.plan_report(id, plan_version)
            else:
                if not id:
                    raise CommandError("Give the network's code: render_report network <code> -o FILE")
                try:
                    network = Network.objects.select_related("seat").get(code=id)
                except Network.DoesNotExist:
                    raise CommandError(f"No network with code {id!r}.") from None
                report = network_report(network, day=as_of)
            document = report.html()
        if html:
            html.parent.mkdir(parents=True, exist_ok=True)
            html.write_text(document, encoding="utf-8")
        try:
            pdf = render_pdf(
                document,
                base_url=settings.SITE_URL.rstrip("/") + "/",
                title=report.title,
                lang=report.lang,
                time_limit=time_limit,
            )
        except PdfRenderError as error:
            raise CommandError(f"The PDF could not be made: {error}") from error
        output = output or Path(report.filename)
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_bytes(pdf)
        self.stdout.write(
            f"{output}: {len(pdf) / 1024:.0f} KB in {time.perf_counter() - started:.2f} s"
            + (" (CONCEPT)" if report.context["is_concept"] else "")
        )

    def plan_report(self, plan_id, number):
        if not plan_id or not plan_id.isdigit():
            raise CommandError("Give the plan's id: render_report plan <plan-id> [--version N] -o FILE")
        try:
            plan = MultiYearPlan.objects.select_related("network", "period").get(pk=int(plan_id))
        except MultiYearPlan.DoesNotExist:
            raise CommandError(f"No multi-year plan with id {plan_id}.") from None
        version = plan_version(plan, number)
        if version is None:
            if number is not None:
                raise CommandError(f"Plan {plan_id} has no version {number}.")
            raise CommandError(f"Plan {plan_id} has not been submitted yet: there is no version to render.")
        return plan_report(plan, version)
