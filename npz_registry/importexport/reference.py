"""Loading the reference files of fixtures/ through the same resources as the admin import.

Each app lists its files and the resource that parses each (`<app>/services/reference_data.py`);
the project-level `npz_registry.reference_data` puts the lists together. Loading is idempotent
(rows are matched on their natural key), transactional (a bad row loads nothing) and keeps rows
staff corrected since, unless `overwrite` is asked for.
"""

from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from npz_registry.importexport.files import read_dataset
from npz_registry.importexport.resources import ImportFileError, TableCounts, result_errors


class ReferenceDataError(Exception):
    """A reference file is missing or inconsistent; nothing was loaded."""


@dataclass(frozen=True)
class ReferenceFile:
    """A file of fixtures/ and the resource that parses it."""

    name: str
    resource: type
    #: The `source` of the rows (the file has no source column): where the data come from.
    source: str | None = None


@dataclass
class LoadReport:
    tables: list[TableCounts] = field(default_factory=list)
    totals: dict = field(default_factory=dict)
    completeness: list = field(default_factory=list)

    @property
    def changed(self) -> int:
        return sum(t.changed for t in self.tables)

    @property
    def kept(self) -> int:
        return sum(t.kept for t in self.tables)

    @property
    def not_identified(self) -> int:
        return sum(t.not_identified for t in self.tables)

    def total(self, table: TableCounts) -> int:
        return self.totals[table.model]


def load_reference_files(files: list[ReferenceFile], *, directory: Path, overwrite: bool) -> LoadReport:
    """Import `files` in order, in one transaction; raise ReferenceDataError (and load nothing)
    on the first file with an error."""
    report = LoadReport()
    with transaction.atomic():
        for reference in files:
            resource = reference.resource(
                create_new=True, keep_changes=not overwrite, source=reference.source, preview=False
            )
            result = resource.import_data(read_reference_file(directory / reference.name), dry_run=False)
            if result.has_errors() or result.has_validation_errors():
                raise ReferenceDataError(f"{reference.name}: {error_summary(result)}")
            report.tables.extend(resource_tables(resource))
        report.totals = {t.model: t.model._default_manager.count() for t in report.tables}
    return report


def resource_tables(resource) -> list[TableCounts]:
    """The tables a resource wrote: its own, and those of the rows it derives (see
    `networks.resources.MunicipalityFileResource`)."""
    return [resource.counts, *getattr(resource, "derived_counts", [])]


def read_reference_file(path: Path):
    if not path.is_file():
        raise ReferenceDataError(f"{path} is missing")
    try:
        return read_dataset(path.read_bytes(), "csv")
    except ImportFileError as error:
        raise ReferenceDataError(f"{path.name}: {error}") from error


def error_summary(result, limit: int = 5) -> str:
    """The first errors of an import: "row 4, nis_code: …"."""
    lines = []
    for error in result_errors(result):
        where = ", ".join(
            part for part in (f"row {error['row']}" if error["row"] else "", error["column"]) if part
        )
        lines.append(f"{where}: {error['message']}" if where else error["message"])
    more = f" (and {len(lines) - limit} more)" if len(lines) > limit else ""
    return "; ".join(lines[:limit]) + more
