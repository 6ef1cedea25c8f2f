"""The reform's calendar as data (decision 0001 §2.1): every date with its source and how firm
it is. Two rows carry a key code reads (the recognition day, the end of the old regulations);
staff change them in the back office, with their history. No date of the reform is a constant
in code."""

import datetime

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from npz_registry import imprecise
from npz_registry.limits import NOTE, bounded_text
from npz_registry.models import (
    ImpreciseDateField,
    SourcedModel,
    TimeStampedModel,
    choices_constraint,
    fill_sort_dates,
    imprecise_date_constraint,
)

DAY_PATTERN = r"^\d{4}-\d{2}-\d{2}$"


class ReformDateKey(models.TextChoices):
    RECOGNITION_DAY = "recognition-day", _("recognition day of the networks")
    OLD_REGULATIONS_END = "old-regulations-end", _("end of the old regulations")


class ReformDate(SourcedModel, TimeStampedModel):
    """A step of the reform's calendar, as precise and as firm as its source."""

    Key = ReformDateKey

    code = models.SlugField(_("code"), max_length=60, unique=True)
    key = models.CharField(
        _("key"),
        max_length=30,
        choices=ReformDateKey.choices,
        blank=True,
        help_text=_("Set on the rows the registry computes with; such a row must be a day."),
    )
    title = models.CharField(_("what"), max_length=250)
    start = ImpreciseDateField(_("start"))
    start_sort = models.DateField(editable=False, db_index=True, null=True)
    end = ImpreciseDateField(_("end"), blank=True)
    end_sort = models.DateField(editable=False, null=True)
    when_as_written = models.CharField(_("when (as written)"), max_length=80, blank=True)
    organisation_code = models.SlugField(
        _("organisation"),
        max_length=60,
        blank=True,
        help_text=_("Code of the reform organisation the step belongs to (VLEPZ, consortium)."),
    )
    note = bounded_text(_("note"), NOTE, blank=True)
    show_in_calendar = models.BooleanField(_("show in the calendar"), default=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["start_sort", "code"]
        verbose_name = _("reform date")
        verbose_name_plural = _("reform calendar")
        constraints = [
            *SourcedModel.Meta.constraints,
            models.UniqueConstraint(fields=["key"], condition=~models.Q(key=""), name="reform_date_key_unique"),
            choices_constraint("key", ReformDateKey, name="reform_date_key_valid", blank=True),
            models.CheckConstraint(
                condition=models.Q(key="") | models.Q(start__regex=DAY_PATTERN),
                name="reform_date_keyed_rows_are_days",
                violation_error_message=_(
                    "A date the registry computes with must be a day (e.g. 2027-01-01); "
                    "use another row for 'mid 2027'."
                ),
            ),
            imprecise_date_constraint("start", name="reform_date_start_imprecise"),
            imprecise_date_constraint("end", name="reform_date_end_imprecise"),
        ]

    def __str__(self):
        return f"{self.when_as_written or self.start}: {self.title}"

    def save(self, *args, **kwargs):
        fill_sort_dates(self)
        super().save(*args, **kwargs)

    @property
    def start_date(self) -> imprecise.ImpreciseDate:
        return imprecise.ImpreciseDate.parse(self.start)

    @property
    def day(self) -> datetime.date | None:
        """The start as a day, when it is one (keyed rows always are)."""
        if self.start and self.start_date.precision == imprecise.DAY:
            return self.start_date.first_day
        return None
