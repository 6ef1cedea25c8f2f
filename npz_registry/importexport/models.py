"""Imports that run in the background, so that no request time-out can cut a big file off."""

import datetime

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ImportJobStatus(models.TextChoices):
    """Where a job is; a job that stays waiting or running after its process stopped is stale."""

    PENDING = "PENDING", _("waiting")
    RUNNING = "RUNNING", _("running")
    DONE = "DONE", _("done")
    FAILED = "FAILED", _("failed")


STATUS_IS_KNOWN = models.Q(status__in=ImportJobStatus.values)


class ImportJob(models.Model):
    """One import of one file into one table: a dry run first, then (after staff confirm) the
    commit, each as its own job. The file is kept until the commit has run."""

    #: A job whose progress did not move for this long died with its process.
    STALE_AFTER = datetime.timedelta(minutes=10)

    model_label = models.CharField(_("table"), max_length=100)  # "networks.municipality"
    resource = models.CharField(_("resource"), max_length=200)  # dotted path of the resource class
    create_new = models.BooleanField(_("add rows with new keys"), default=False)
    file_name = models.CharField(_("file"), max_length=255)
    file_format = models.CharField(_("format"), max_length=10)
    data = models.BinaryField(_("content"), blank=True)
    dry_run = models.BooleanField(_("dry run"), default=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ImportJobStatus.choices, default=ImportJobStatus.PENDING
    )
    total_rows = models.PositiveIntegerField(_("rows"), default=0)
    processed_rows = models.PositiveIntegerField(_("rows read"), default=0)
    result = models.JSONField(_("result"), null=True, blank=True)
    #: The dry run this commit confirms (the commit is `dry_run.commit`).
    dry_run_of = models.OneToOneField("self", models.SET_NULL, null=True, blank=True, related_name="commit")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("started by"), null=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(_("started at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last progress"), auto_now=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("import job")
        verbose_name_plural = _("import jobs")
        constraints = [models.CheckConstraint(condition=STATUS_IS_KNOWN, name="import_job_status_valid")]

    def __str__(self):
        return f"{self.file_name} ({self.model_label})"

    def get_absolute_url(self):
        app_label, model_name = self.model_label.split(".")
        return reverse(f"admin:{app_label}_{model_name}_import_job", args=[self.pk])

    @property
    def is_finished(self) -> bool:
        return self.status in (ImportJobStatus.DONE, ImportJobStatus.FAILED)

    @property
    def is_stale(self) -> bool:
        """Running or waiting, but its process stopped (restart, crash): it will never end."""
        return not self.is_finished and timezone.now() - self.updated_at > self.STALE_AFTER

    @property
    def succeeded(self) -> bool:
        return self.status == ImportJobStatus.DONE and not (self.result or {}).get("errors")

    @property
    def percent(self) -> int:
        if not self.total_rows:
            return 0
        return min(100, round(100 * self.processed_rows / self.total_rows))
