"""Running an import in the background: a job row in the database and a thread.

The admin stores the file in an `ImportJob` and answers at once with the job's page, which
follows the job until it ends; the import itself runs in a thread of the same process (under
runserver and gunicorn alike: no broker, no extra service). It reports how many rows it has
read while it reads, outside any transaction, then writes all rows or none in one transaction
(see `resources`). The result (totals and row errors) stays on the job. A job that runs out of
its process (restart) is shown as interrupted: nothing was written, staff start it again.
"""

import datetime
import logging
import threading
from dataclasses import asdict, dataclass, fields

from django.conf import settings
from django.db import close_old_connections, connection, transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from npz_registry import dataversion
from npz_registry.importexport.files import read_dataset
from npz_registry.importexport.models import ImportJob, ImportJobStatus
from npz_registry.importexport.resources import ImportFileError, derived_totals, result_errors

logger = logging.getLogger(__name__)

#: Errors kept on a job (the page lists them); the count says how many there were in all.
MAX_STORED_ERRORS = 200


@dataclass(frozen=True)
class ImportFile:
    """A file to import into a table: what a job stores of it."""

    model_label: str  # "networks.municipality"
    resource: str  # dotted path of the resource class
    create_new: bool
    file_name: str
    file_format: str
    data: bytes
    total_rows: int

    @classmethod
    def upload(cls, *, model, resource_class, create_new, file_name, file_format, data, total_rows):
        return cls(
            model_label=model._meta.label_lower,
            resource=f"{resource_class.__module__}.{resource_class.__qualname__}",
            create_new=create_new,
            file_name=file_name[:255],
            file_format=file_format,
            data=data,
            total_rows=total_rows,
        )

    @classmethod
    def of_job(cls, job: ImportJob) -> "ImportFile":
        names = [field.name for field in fields(cls)]
        return cls(**{name: getattr(job, name) for name in names} | {"data": bytes(job.data)})


def job_resource(job: ImportJob, **options):
    """The resource that reads ``job``'s file, as chosen when the file was uploaded: its class
    and "add rows with new keys" are stored with the job, so what the preview showed is what
    the confirmation imports, whatever a form posts."""
    return import_string(job.resource)(create_new=job.create_new, **options)


def import_job_create(file: ImportFile, *, user, dry_run=True) -> ImportJob:
    """Store the file and start the job when the transaction commits."""
    forget_old_previews()
    job = ImportJob.objects.create(**asdict(file), dry_run=dry_run, created_by=user)
    transaction.on_commit(lambda: launch(job.pk))
    return job


#: A previewed file that nobody confirmed is forgotten after this long.
PREVIEW_KEPT = datetime.timedelta(days=1)


class ChangedSincePreview(Exception):
    """The registry's data changed after the dry run: its preview no longer says what the commit
    would write (another user saved a row of the file meanwhile)."""


def preview_store(file: ImportFile, *, user, data_version: int, result) -> ImportJob:
    """Keep a file previewed in the request (a dry run without errors) until staff confirm it:
    a finished dry-run job, in the database, so that any app server can commit it."""
    forget_old_previews()
    return ImportJob.objects.create(
        **asdict(file),
        dry_run=True,
        status=ImportJobStatus.DONE,
        processed_rows=file.total_rows,
        result={**result_summary(result), "data_version": data_version},
        created_by=user,
        finished_at=timezone.now(),
    )


def forget_old_previews() -> None:
    """Drop the files of dry runs older than PREVIEW_KEPT that nobody confirmed."""
    old = ImportJob.objects.filter(dry_run=True, created_at__lt=timezone.now() - PREVIEW_KEPT)
    old.exclude(data=b"").update(data=b"")


def check_unchanged_since(job: ImportJob) -> None:
    """Raise ChangedSincePreview when the data version moved since ``job``'s dry run began."""
    seen = (job.result or {}).get("data_version")
    if seen is not None and seen != dataversion.current():
        raise ChangedSincePreview


def claim(job: ImportJob) -> bool:
    """Take ``job``'s file for its one confirmation: False when another request took it first
    (two clicks, two tabs), so a file is never imported twice."""
    return bool(ImportJob.objects.filter(pk=job.pk).exclude(data=b"").update(data=b""))


def import_job_confirm(*, job: ImportJob, user) -> ImportJob:
    """Commit a dry run that found no error, by who ran it: a new job on the same file.
    ChangedSincePreview when the data changed after the dry run (run it again: what it showed
    may not hold)."""
    if not (job.dry_run and job.succeeded) or hasattr(job, "commit") or not job.data:
        raise ValueError("only a clean dry run that was not confirmed yet can be committed")
    if job.created_by_id != user.pk:
        raise ValueError("only who ran the dry run confirms it")
    check_unchanged_since(job)
    file = ImportFile.of_job(job)
    if not claim(job):
        raise ValueError("confirmed already")
    commit = ImportJob.objects.create(**asdict(file), dry_run=False, created_by=user, dry_run_of=job)
    transaction.on_commit(lambda: launch(commit.pk))
    return commit


def launch(job_id: int):
    """Run the job in a thread (or at once when NPZ_IMPORT_JOBS_IN_THREAD is off, as in tests)."""
    if not settings.NPZ_IMPORT_JOBS_IN_THREAD:
        import_job_run(job_id)
        return None
    thread = threading.Thread(target=run_in_thread, args=(job_id,), name=f"import-job-{job_id}", daemon=True)
    thread.start()
    return thread


def run_in_thread(job_id: int):
    close_old_connections()
    try:
        import_job_run(job_id)
    finally:
        connection.close()  # the thread's own connection


def import_job_run(job_id: int) -> None:
    job = ImportJob.objects.get(pk=job_id)
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJobStatus.RUNNING, updated_at=timezone.now())
    version = dataversion.current()  # what the dry run sees: its confirmation checks it still holds
    status = ImportJobStatus.DONE
    try:
        resource = job_resource(job, preview=False, progress=progress_of(job))
        dataset = read_dataset(bytes(job.data), job.file_format)
        result = resource.import_data(
            dataset, dry_run=job.dry_run, user=job.created_by, file_name=job.file_name
        )
        summary = {**result_summary(result), "derived": derived_totals(resource), "data_version": version}
    except ImportFileError as error:
        summary = file_error_summary(str(error))
    except Exception:
        logger.exception("import job %s stopped", job.pk)
        status = ImportJobStatus.FAILED
        message = _(
            "The import stopped on an unexpected error; nothing was saved. Try again or ask for help."
        )
        summary = file_error_summary(message)
    finished = {"status": status, "result": summary, "finished_at": timezone.now()}
    if not job.dry_run or summary["error_count"]:
        finished["data"] = b""  # nothing left to confirm: do not keep the file
    ImportJob.objects.filter(pk=job.pk).update(processed_rows=job.total_rows, **finished)


def progress_of(job: ImportJob):
    def report(rows: int):
        ImportJob.objects.filter(pk=job.pk).update(processed_rows=rows, updated_at=timezone.now())

    return report


def file_error_summary(message: str) -> dict:
    return {
        "totals": {},
        "errors": [{"row": None, "column": "", "value": "", "message": message}],
        "error_count": 1,
    }


def result_summary(result) -> dict:
    errors = result_errors(result)
    return {
        "totals": {kind: count for kind, count in result.totals.items() if count},
        "errors": errors[:MAX_STORED_ERRORS],
        "error_count": len(errors),
    }
