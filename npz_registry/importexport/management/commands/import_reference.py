import time
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from npz_registry.importexport.files import read_dataset
from npz_registry.importexport.resources import BatchResource, ImportFileError, result_errors


def resource_classes() -> dict[str, type]:
    """Every table's resource by class name ("MunicipalityResource")."""
    from missions import resources as missions_resources  # noqa: F401 (defines the resources)
    from networks import resources as networks_resources  # noqa: F401
    from transition import resources as transition_resources  # noqa: F401

    found, todo = {}, list(BatchResource.__subclasses__())
    while todo:
        cls = todo.pop()
        todo.extend(cls.__subclasses__())
        if cls._meta.model is not None:
            found[cls.__name__] = cls
    return found


class Command(BaseCommand):
    help = (
        "Import a CSV or XLSX file through a table's resource, as the admin does: a dry run unless "
        "--commit, all rows or none, errors as 'row N, column X: message' (N: the row in the file, "
        "whose heading is row 1). Prints rows per second."
    )

    def add_arguments(self, parser):
        parser.add_argument("resource", help="Resource class name, e.g. IndicatorMunicipalityValueResource.")
        parser.add_argument("file", type=Path, help="CSV (UTF-8) or XLSX file.")
        parser.add_argument("--commit", action="store_true", help="Save the rows (default: dry run).")
        parser.add_argument("--create-new", action="store_true", help="Add rows with new keys.")
        parser.add_argument("--user", help="Username recorded in the history (default: none).")

    def handle(self, *args, resource, file, commit, create_new, user, **options):
        classes = resource_classes()
        if resource not in classes:
            raise CommandError(f"Unknown resource {resource}; choose one of: {', '.join(sorted(classes))}")
        try:
            dataset = read_dataset(file.read_bytes(), "xlsx" if file.suffix.lower() == ".xlsx" else "csv")
        except (OSError, ImportFileError) as error:
            raise CommandError(str(error)) from error
        history_user = get_user_model().objects.get(username=user) if user else None
        started = time.perf_counter()
        result = classes[resource](create_new=create_new, preview=False).import_data(
            dataset, dry_run=not commit, user=history_user, file_name=file.name
        )
        seconds = time.perf_counter() - started
        for error in result_errors(result):
            where = ", ".join(
                p for p in (f"row {error['row']}" if error["row"] else "", error["column"]) if p
            )
            self.stderr.write(f"{where}: {error['message']}" if where else error["message"])
        totals = ", ".join(f"{count} {kind}" for kind, count in result.totals.items() if count)
        mode = "imported" if commit else "checked (dry run, nothing saved)"
        rate = f"{len(dataset) / seconds:.0f} rows/s" if seconds else ""
        self.stdout.write(f"{len(dataset)} rows {mode} in {seconds:.2f} s ({rate}): {totals or 'nothing'}")
        if result.has_errors() or result.has_validation_errors():
            raise CommandError("Nothing was saved: the file has errors.")
