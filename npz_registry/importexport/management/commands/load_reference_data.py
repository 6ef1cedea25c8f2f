from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from networks.services.reference_data import FIXTURES_DIR
from npz_registry.importexport.reference import ReferenceDataError
from npz_registry.reference_data import load_reference_data


class Command(BaseCommand):
    help = (
        "Load the real reference data under fixtures/ (zones, municipalities, figures, legacy "
        "organisations, mission themes, action lines, ...) through the import resources. Idempotent "
        "and transactional; rows corrected by staff are kept unless --overwrite."
    )

    def add_arguments(self, parser):
        parser.add_argument("--directory", type=Path, default=FIXTURES_DIR, help="Folder with the CSV files.")
        parser.add_argument(
            "--overwrite",
            action="store_true",
            help="Replace rows that differ from the files (undoes corrections).",
        )

    def handle(self, *args, directory, overwrite, **options):
        try:
            report = load_reference_data(directory=directory, overwrite=overwrite)
        except ReferenceDataError as error:
            raise CommandError(f"Nothing was loaded: {error}") from error
        width = max(len(table.label) for table in report.tables)
        for table in report.tables:
            line = (
                f"{table.label:<{width}}  {report.total(table):>5} in database: {table.created} created, "
                f"{table.updated} updated, {table.unchanged} unchanged"
            )
            if table.kept:
                line += f", {table.kept} differ from the file and were kept"
            self.stdout.write(line)
        self.stdout.write("")
        for row in report.completeness:
            self.stdout.write(f"{row['label']}: {row['registered']} of {row['expected']} registered")
        self.write_summary(report)

    def write_summary(self, report):
        if report.not_identified:
            self.stdout.write(
                f"{report.not_identified} rows of legacy_organisations.csv describe organisations not "
                "identified yet and were not loaded; staff can complete them in the admin or by import."
            )
        self.stdout.write(
            "regional_care_zones_2019.csv is kept for reference and not loaded (12 of 14 zones unknown)."
        )
        if report.kept:
            self.stdout.write(
                self.style.WARNING(
                    f"{report.kept} rows differ from the files (corrected by staff?) and were kept; "
                    "use --overwrite to replace them."
                )
            )
        if report.changed:
            self.stdout.write(
                self.style.SUCCESS(f"Reference data loaded: {report.changed} rows created or updated.")
            )
        else:
            self.stdout.write(
                self.style.SUCCESS("Nothing changed: the database already matches the reference data.")
            )
