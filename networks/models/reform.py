"""The reform's calendar as data (decision 0001 §2.1): every date with its source and how firm
it is. Two rows carry a key code reads (the recognition day, the end of the old regulations);
staff change them in the back office, with their history. No date of the reform is a constant
in code."""

import datetime

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from npz_registry import imprecise
from npz_registry.models import (
    ImpreciseDatedModel,
    ImpreciseDateField,
    SourcedModel,
    TimeStampedModel,
    TrackedModel,
    choices_constraint,
    code_field,
    imprecise_date_constraint,
    note_field,
    refuse_reversed_imprecise,
)

DAY_PATTERN = r"^\d{4}-\d{2}-\d{2}$"


class ReformDateKey(models.TextChoices):
    RECOGNITION_DAY = "recognition-day", _("recognition day of the networks")
    OLD_REGULATIONS_END = "old-regulations-end", _("end of the old regulations")


class ReformDate(SourcedModel, ImpreciseDatedModel, TrackedModel, TimeStampedModel):
    """A step of the reform's calendar, as precise and as firm as its source."""

    Key = ReformDateKey

    code = code_field()
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
    note = note_field()
    show_in_calendar = models.BooleanField(_("show in the calendar"), default=True)

    class Meta:
        ordering = ["start_sort", "code"]
        verbose_name = _("reform date")
        verbose_name_plural = _("reform calendar")
        constraints = [
            *SourcedModel.Meta.constraints,
            models.UniqueConstraint(
                fields=["key"], condition=~models.Q(key=""), name="reform_date_key_unique"
            ),
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

    def clean(self):
        super().clean()
        refuse_reversed_imprecise(self, "start", "end", _("The end lies before the start."))

    @property
    def start_date(self) -> imprecise.ImpreciseDate:
        return imprecise.ImpreciseDate.parse(self.start)

    @property
    def day(self) -> datetime.date | None:
        """The start as a day, when it is one (keyed rows always are)."""
        if self.start and self.start_date.precision == imprecise.DAY:
            return self.start_date.first_day
        return None


class ProgressReportRule(SourcedModel, TrackedModel, TimeStampedModel):
    """When a yearly progress report is due, as staff set it: the rule for year Y is the row
    with the greatest `applies_from_year` not after Y. No source gives a deadline (decision
    0001 §9), so nothing is assumed in code: without a rule a report has no due date."""

    applies_from_year = models.PositiveSmallIntegerField(
        _("applies from report year"),
        unique=True,
        validators=[MinValueValidator(2000), MaxValueValidator(2100)],
    )
    due_month = models.PositiveSmallIntegerField(
        _("due month"), validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    due_day = models.PositiveSmallIntegerField(
        _("due day"), validators=[MinValueValidator(1), MaxValueValidator(31)]
    )
    year_offset = models.PositiveSmallIntegerField(
        _("years after the report year"), default=1, validators=[MaxValueValidator(5)]
    )

    class Meta:
        ordering = ["applies_from_year"]
        verbose_name = _("progress report deadline")
        verbose_name_plural = _("progress report deadlines")
        constraints = [
            *SourcedModel.Meta.constraints,
            models.CheckConstraint(
                condition=models.Q(due_month__gte=1, due_month__lte=12, due_day__gte=1, due_day__lte=31),
                name="progress_report_rule_day_in_range",
            ),
            models.CheckConstraint(
                condition=models.Q(year_offset__lte=5), name="progress_report_rule_offset_range"
            ),
        ]

    def __str__(self):
        return _("from %(year)s: day %(day)s/%(month)s of the year + %(offset)s") % {
            "year": self.applies_from_year,
            "day": self.due_day,
            "month": self.due_month,
            "offset": self.year_offset,
        }

    def clean(self):
        super().clean()
        if self.due_month and self.due_day:
            try:
                datetime.date(2001, self.due_month, self.due_day)  # a year without 29 February
            except ValueError:
                raise ValidationError({"due_day": _("This day does not exist in that month.")}) from None

    def due_date(self, year: int) -> datetime.date:
        return datetime.date(year + self.year_offset, self.due_month, self.due_day)
