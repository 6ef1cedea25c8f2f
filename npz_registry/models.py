"""Abstract models shared by the apps."""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Prefetch
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from npz_registry import imprecise
from npz_registry.limits import NOTE, SOURCE, DayInRange, bounded_text


def choices_constraint(field: str, choices, *, name: str, blank: bool = False) -> models.CheckConstraint:
    """Choices alone constrain nothing: the database refuses a `field` value outside
    `choices` (a TextChoices or IntegerChoices class; `blank` also allows the empty string)."""
    values = [*choices.values, ""] if blank else list(choices.values)
    return models.CheckConstraint(condition=models.Q(**{f"{field}__in": values}), name=name)


def code_field(max_length: int = 60, **options) -> models.SlugField:
    """A row's stable key, as files and addresses name it."""
    return models.SlugField(_("code"), max_length=max_length, unique=True, **options)


def source_field(**options) -> models.TextField:
    """Where a row's data comes from: a document, a section or an address."""
    return bounded_text(_("source"), SOURCE, blank=True, **options)


def note_field(verbose_name=None, **options) -> models.TextField:
    """Staff's free remark on a row (`verbose_name`: "note" unless told)."""
    return bounded_text(verbose_name or _("note"), NOTE, blank=True, **options)


def optional_foreign_key(to, verbose_name, *, on_delete, related_name=None, **options) -> models.ForeignKey:
    """A reference that may be empty: null in the database, optional in forms."""
    return models.ForeignKey(
        to,
        verbose_name=verbose_name,
        null=True,
        blank=True,
        on_delete=on_delete,
        related_name=related_name,
        **options,
    )


def acting_user(verbose_name, **options) -> models.ForeignKey:
    """Who did something: kept empty when their account is removed."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=verbose_name,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        **options,
    )


# --------------------------------------------------------------------------------------------
# Sourced facts: every date or figure taken from a document carries its source and certainty
# --------------------------------------------------------------------------------------------


class Certainty(models.TextChoices):
    """How firm a sourced date or figure is. The wording of the source decides; when two sources
    differ, the most cautious wording wins (docs/decisions/0001-domain-fidelity.md §1.1)."""

    FIXED = "FIXED", _("fixed")  # decree, budget decision, or a past fact
    PLANNED = "PLANNED", _("planned")  # "zal", "willen we", "tegen eind 2025"
    HOPED = "HOPED", _("expected")  # the source says "we hopen"
    ESTIMATED = "ESTIMATED", _("estimated")  # "geraamd", "zo'n", "ruim"
    ASSUMED = "ASSUMED", _("our assumption")  # no source says it


def certainty_field(verbose_name=None, **options) -> models.CharField:
    """How firm a sourced date or figure is (`verbose_name`: "certainty" unless told)."""
    return models.CharField(
        verbose_name or _("certainty"), max_length=10, choices=Certainty.choices, **options
    )


class SourcedModel(models.Model):
    """A row holding a date or a figure from a document: where it comes from, in the source's
    own words, and how firm it is. Unsourced rows say so (ASSUMED is the default).
    Subclasses with their own Meta.constraints add `*SourcedModel.Meta.constraints`."""

    source = bounded_text(_("source"), NOTE, blank=True, help_text=_("Document, section or address."))
    source_quote = bounded_text(_("words of the source"), NOTE, blank=True)
    certainty = certainty_field(
        default=Certainty.ASSUMED,
        help_text=_(
            "Fixed: decided or past. Planned: the source says it will. Expected: the source hopes so."
        ),
    )

    class Meta:
        abstract = True
        constraints = [
            choices_constraint("certainty", Certainty, name="%(app_label)s_%(class)s_certainty_valid"),
        ]


# --------------------------------------------------------------------------------------------
# Periods: an end never lies before its start
# --------------------------------------------------------------------------------------------


def period_order_constraint(start: str, end: str, *, name: str, open_ended=()) -> models.CheckConstraint:
    """The database refuses a period whose `end` lies before its `start`; the bounds named in
    `open_ended` may be empty (an empty bound is open). `period_errors` says it to a form."""
    condition = models.Q()
    for bound in open_ended:
        condition |= models.Q(**{f"{bound}__isnull": True})
    condition |= models.Q(**{f"{end}__gte": models.F(start)})
    return models.CheckConstraint(
        condition=condition, name=name, violation_error_message=_("The end lies before the start.")
    )


def period_errors(instance, start: str, end: str, message) -> dict:
    """`{end: message}` when `instance`'s period ends before it starts (an empty bound is open),
    else nothing: the form's side of `period_order_constraint`."""
    first, last = getattr(instance, start), getattr(instance, end)
    return {end: message} if first and last and last < first else {}


def refuse_reversed_period(instance, start: str, end: str, message) -> None:
    """Raise `period_errors` as a ValidationError, for a clean() that has no other errors to add."""
    errors = period_errors(instance, start, end, message)
    if errors:
        raise ValidationError(errors)


def refuse_reversed_imprecise(instance, start: str, end: str, message) -> None:
    """Raise `{end: message}` when the imprecise date `end` lies wholly before `start` ("2027"
    may end in "2027-06"; an empty or malformed one is left to its own validation)."""
    try:
        first = imprecise.ImpreciseDate.parse(getattr(instance, start))
        last = imprecise.ImpreciseDate.parse(getattr(instance, end))
    except ValueError:
        return
    if last.last_day < first.first_day:
        raise ValidationError({end: message})


class ImpreciseDateField(models.CharField):
    """A date as precise as its source: `2027-01-01`, `2023-09`, `2027-Q3`, `2027-H2`,
    `2027-mid`, `2024` (npz_registry.imprecise). A model with one adds a `<name>_sort`
    DateField (editable=False) filled by `fill_sort_dates`, and `imprecise_date_constraint`.
    Its form also takes the date as the pages write it ("midden 2027", "mid 2027") and hands
    on the stored form."""

    default_validators = [
        RegexValidator(imprecise.PATTERN, format_lazy(_("Use one of these forms: {}."), imprecise.FORMS_HELP))
    ]
    #: What a form's input takes: "tweede helft van 2027" and "fourth quarter of 2027" do not
    #: fit the column's ten characters, their stored forms do.
    WRITTEN_LENGTH = 40
    typed_forms_message = format_lazy(
        _("Use one of these forms: {forms}, or write the date as the pages do ({words})."),
        forms=imprecise.FORMS_HELP,
        words=imprecise.WORDS_HELP,
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 10)
        super().__init__(*args, **kwargs)

    def validate(self, value, model_instance):
        super().validate(value, model_instance)
        if not value or not re.fullmatch(imprecise.PATTERN, value):
            return  # not one of the forms: the RegexValidator says which forms it takes
        try:
            parsed = imprecise.ImpreciseDate.parse(value)
        except ValueError:
            raise ValidationError(_("This date does not exist."), code="invalid") from None
        DayInRange()(parsed.first_day)
        DayInRange()(parsed.last_day)

    @classmethod
    def stored_form(cls, text: str) -> str:
        """What a form stores for `text`: the stored form, also of the words a page shows
        (imprecise.stored_form); a ValidationError naming the forms when it is neither. A day
        that does not exist ("2027-02-30") is left to `validate`, which says so."""
        found = imprecise.stored_form(text)
        if found is None:
            raise ValidationError(cls.typed_forms_message, code="invalid")
        return found

    def formfield(self, **kwargs):
        """A field that reads the date as typed (`stored_form`) before its length check, in an
        input of WRITTEN_LENGTH; it says which forms it takes after the field's own help text."""
        from npz_registry.forms import WrittenTextField  # the forms module imports auth's models

        if kwargs.get("form_class", WrittenTextField) is WrittenTextField:  # not a form's own class
            kwargs = {
                "form_class": WrittenTextField,
                "normalise": self.stored_form,
                "max_length": self.WRITTEN_LENGTH,
                **kwargs,
            }
        field = super().formfield(**kwargs)
        forms_help = format_lazy(
            _("Forms: {forms}, or as the pages write the date ({words})."),
            forms=imprecise.FORMS_HELP,
            words=imprecise.WORDS_HELP,
        )
        field.help_text = format_lazy("{} {}", field.help_text, forms_help) if field.help_text else forms_help
        return field


def imprecise_date_constraint(field: str, *, name: str) -> models.CheckConstraint:
    """The database refuses free text ("midden 2027") in an imprecise date column."""
    return models.CheckConstraint(
        condition=models.Q(**{f"{field}__regex": imprecise.PATTERN}) | models.Q(**{field: ""}),
        name=name,
    )


def fill_sort_dates(instance) -> None:
    """Set each `<name>_sort` from its imprecise date `<name>` (None when empty).
    Called from save() and by imports that skip it."""
    for field in instance._meta.concrete_fields:
        if isinstance(field, ImpreciseDateField) and hasattr(instance, f"{field.name}_sort"):
            value = getattr(instance, field.name)
            sort_day = imprecise.ImpreciseDate.parse(value).sort_day if value else None
            setattr(instance, f"{field.name}_sort", sort_day)


class ImpreciseDatedModel(models.Model):
    """A model with imprecise dates: every save fills their `<name>_sort` days."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        fill_sort_dates(self)
        super().save(*args, **kwargs)


class TrackedModel(models.Model):
    """A record that keeps its change history (npz_registry/history.py): each concrete subclass
    gets its own historical table. Models that also track many-to-many fields declare
    `history = History(m2m_fields=[...])` themselves instead."""

    history = HistoricalRecords(inherit=True)

    class Meta:
        abstract = True


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


class BackOfficeRecord(models.Model):
    """A record whose page is its admin change form, until it gets a public page."""

    class Meta:
        abstract = True

    def get_absolute_url(self):
        return reverse(f"admin:{self._meta.app_label}_{self._meta.model_name}_change", args=[self.pk])


def valid_on_condition(day, relation: str = "") -> models.Q:
    """Rows with a `valid_from`/`valid_until` period (both inclusive; empty means open) in force
    on `day`; `relation` names the relation when reached from another model (a join condition)."""
    prefix = f"{relation}__" if relation else ""
    return (
        models.Q(**{f"{prefix}valid_from__isnull": True}) | models.Q(**{f"{prefix}valid_from__lte": day})
    ) & (models.Q(**{f"{prefix}valid_until__isnull": True}) | models.Q(**{f"{prefix}valid_until__gte": day}))


class DatedQuerySet(models.QuerySet):
    """Rows with a `valid_from`/`valid_until` period (both inclusive; empty means open)."""

    def valid_on(self, day):
        return self.filter(valid_on_condition(day))


class DatedModel(models.Model):
    valid_from = models.DateField(_("valid from"), null=True, blank=True, validators=[DayInRange()])
    valid_until = models.DateField(
        _("valid until"),
        null=True,
        blank=True,
        help_text=_("Last day of validity; empty means open-ended."),
        validators=[DayInRange()],
    )

    objects = DatedQuerySet.as_manager()

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        refuse_reversed_period(
            self, "valid_from", "valid_until", _("The end date lies before the start date.")
        )

    def is_valid_on(self, day) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_until is None or self.valid_until >= day
        )


# --------------------------------------------------------------------------------------------
# Dated status changes: a network's recognition, a merger's stage
# --------------------------------------------------------------------------------------------


class DatedStatusChange(models.Model):
    """One dated change of a subject's status: decisions take effect on a legal date, which
    may lie before or after the day they are recorded.

    A concrete change model adds the subject (a foreign key with `related_name="status_changes"`)
    and its status fields, `from_status, to_status = status_change_fields(TheStatuses, ...)`, plus
    `status_change_constraints(...)` in its Meta. Rows are written only by
    `npz_registry.status_changes.status_change_record` and never edited afterwards."""

    effective_date = models.DateField(_("effective date"), validators=[DayInRange()])
    note = note_field()
    changed_by = acting_user(_("changed by"))
    changed_at = models.DateTimeField(_("changed at"), auto_now_add=True)

    class Meta:
        abstract = True

    def __str__(self):
        day = f"{self.effective_date:%d/%m/%Y}" if self.effective_date else "–"
        return f"{self.subject}: {self.get_to_status_display()} ({day})"

    @property
    def subject(self):
        return getattr(self, self.subject_field)


def status_change_subject(to, verbose_name) -> models.ForeignKey:
    """The subject of a `DatedStatusChange`, whose `status_changes` its history is."""
    return models.ForeignKey(
        to, verbose_name=verbose_name, on_delete=models.CASCADE, related_name="status_changes"
    )


def status_change_fields(statuses: type[models.TextChoices], *, max_length: int):
    """The `from_status` (empty for the first decision) and `to_status` fields over `statuses`."""
    return (
        models.CharField(_("from"), max_length=max_length, choices=statuses.choices, blank=True),
        models.CharField(_("to"), max_length=max_length, choices=statuses.choices),
    )


def status_change_constraints(statuses: type[models.TextChoices], *, name: str) -> list:
    """The database refuses a status outside `statuses` in either field."""
    return [
        choices_constraint("to_status", statuses, name=f"{name}_valid"),
        choices_constraint("from_status", statuses, name=f"{name}_from_valid", blank=True),
    ]


class DatedStatusSubject(models.Model):
    """A model whose `status` holds its latest dated decision, with the history in
    `status_changes` (a `DatedStatusChange`). `status` is never written by a form, the admin or
    a history revert: only `npz_registry.status_changes.status_change_record` sets it."""

    #: The status in force before any recorded change (None: no status yet).
    status_before_changes = None
    #: Once a decision to this status is recorded, the subject stays, with its history: the
    #: decision is of record (None: a subject may be deleted whatever its history).
    kept_once_status = None

    class Meta:
        abstract = True

    @classmethod
    def status_history(cls, through: str = "") -> Prefetch:
        """Prefetch the status history in the order `status_on` reads it: one query per list.
        `through` names the relation when the subjects are reached from another model."""
        change_model = cls._meta.get_field("status_changes").related_model
        return Prefetch(
            f"{through}__status_changes" if through else "status_changes",
            queryset=change_model.objects.order_by("effective_date", "pk"),
            to_attr="prefetched_status_changes",
        )

    @classmethod
    def status_on_expression(cls, day, *, outer: str = "pk"):
        """`status_on(day)` in SQL, for a list that needs each subject's status on one day only
        (`.annotate(status_on_day=...)`: no history to prefetch): the same latest decision
        taking effect on or before `day`, the same tie-break, the same status before any. On a
        list of another model, `outer` names the field that holds the subject."""
        relation = cls._meta.get_field("status_changes")
        latest = (
            relation.related_model.objects.filter(
                **{relation.field.name: models.OuterRef(outer), "effective_date__lte": day}
            )
            .order_by("-effective_date", "-pk")
            .values("to_status")[:1]
        )
        if cls.status_before_changes is None:
            return models.Subquery(latest)
        return Coalesce(models.Subquery(latest), models.Value(str(cls.status_before_changes)))

    def status_on(self, day):
        """The status in force on `day` according to the dated history: the latest decision
        taking effect on or before it (the later recorded one when two share a day).
        `status_on_expression` says the same in SQL."""
        changes = getattr(self, "prefetched_status_changes", None)
        if changes is None:
            changes = list(self.status_changes.all())
        in_force = [c for c in changes if c.effective_date <= day]
        if not in_force:
            return self.status_before_changes
        return max(in_force, key=lambda c: (c.effective_date, c.pk)).to_status


class DataVersion(models.Model):
    """One row whose number goes up whenever the registry's data changes (npz_registry.dataversion).
    Caches of derived figures (needs index, coverage, funding totals, rendered charts and PDFs)
    are keyed on it, so every app server sees a change at once."""

    number = models.PositiveBigIntegerField(default=1)

    class Meta:
        verbose_name = _("data version")

    def __str__(self):
        return str(self.number)


class OnceToken(models.Model):
    """A creation form's one-time token, used up by the save it carried (npz_registry.once):
    a double click or a resent form creates one object and shows it."""

    token = models.CharField(_("token"), max_length=64, unique=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, verbose_name=_("user"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    url = models.CharField(_("result"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("one-time form token")
        verbose_name_plural = _("one-time form tokens")

    def __str__(self):
        return self.token
