"""The change history of the registry's records (django-simple-history): how it is written and
how people read it, in one place.

Writing. Every domain model keeps a history (tests/test_history.py lists the few that do not,
and why). A change is written once, with the user who made it, whatever the path: the admin and
the pages name the request's user (simple-history's HistoryRequestMiddleware); a service names
the user it was called with (`history_by`); imports pass their user to the bulk helpers; demo
data and commands name nobody but give a reason (`recorded_by`). A save of a record together
with its many-to-many fields writes one row (`one_history_row`), and the services leave rows
alone that would not change (`store_changed_rows`), so no row says "changed" about nothing.

Reading. `with_changes` gives history rows what each changed against the version before it,
fields named by their verbose names and values as people read them (labels of choices, names of
related records, dates, "yes"/"no"), in a fixed number of queries however many rows there are:
the admin's history pages and a plan's history page use it.
"""

import datetime
import functools
from collections import defaultdict
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import OuterRef, Q, Subquery
from django.utils import formats, timezone
from django.utils.text import Truncator, capfirst
from django.utils.translation import gettext as _
from simple_history.manager import HistoryDescriptor
from simple_history.models import HistoricalRecords
from simple_history.utils import get_m2m_reverse_field_name

from npz_registry.aggregates import json_rows
from npz_registry.models import ImpreciseDateField
from npz_registry.numbers import readable_number

# --------------------------------------------------------------------------------------------
# Writing: who, and once
# --------------------------------------------------------------------------------------------

#: simple-history's column for the reason is 100 characters long.
REASON_LENGTH = 100


@dataclass(frozen=True)
class _Acting:
    user: object
    reason: str


_acting: ContextVar[_Acting | None] = ContextVar("npz_history_acting", default=None)


def account_or_none(user):
    """The account to name in a history row: None for nobody or an anonymous visitor."""
    return user if getattr(user, "is_authenticated", False) else None


@contextmanager
def recorded_by(user, *, reason: str = ""):
    """History rows written inside the block name `user` (None or an anonymous user: nobody,
    shown as "system") instead of the request's user, and `reason` (by default the reason of an
    enclosing block). Also a decorator."""
    outer = _acting.get()
    reason = str(reason) or (outer.reason if outer else "")
    token = _acting.set(_Acting(account_or_none(user), reason[:REASON_LENGTH]))
    try:
        yield
    finally:
        _acting.reset(token)


def history_by(service):
    """Decorate a service: the history rows it writes name the user it was called with as `by`,
    inside a request or outside one (a command, a background job). Called without `by`, the
    rows name whom the request or an enclosing `recorded_by` names."""

    @functools.wraps(service)
    def attributed(*args, **kwargs):
        if kwargs.get("by") is None:
            return service(*args, **kwargs)
        with recorded_by(kwargs["by"]):
            return service(*args, **kwargs)

    return attributed


def name_the_actor(sender, history_instance, **kwargs):
    """Receiver of simple-history's `pre_create_historical_record`: apply `recorded_by`."""
    acting = _acting.get()
    if acting is None:
        return
    history_instance.history_user = acting.user
    if acting.reason and not history_instance.history_change_reason:
        history_instance.history_change_reason = acting.reason


def acting_reason(default: str = "") -> str:
    """The reason `recorded_by` gives, for the bulk helpers (which send no signal)."""
    acting = _acting.get()
    return (acting.reason if acting and acting.reason else default)[:REASON_LENGTH]


#: The history writers of models registered with `History`, by model.
_WRITERS: dict[type, "History"] = {}


class History(HistoricalRecords):
    """HistoricalRecords for a model whose many-to-many fields are in its history: it can write
    one row for a save together with the changes of those fields (`one_history_row`)."""

    def finalize(self, sender, **kwargs):
        super().finalize(sender, **kwargs)
        if sender is self.cls:
            _WRITERS[sender] = self


class HistoryManagerOnce(HistoryDescriptor):
    """`Model.history` (and a history row's many-to-many history) with its manager class made
    once. simple-history's descriptor makes a new class (`Manager.from_queryset`, which inspects
    every method of the queryset) on each access, and it reads `.history` for every row it
    writes: 0.4 ms a row, a twentieth of the test suite's time."""

    def __get__(self, instance, owner):
        return self.manager(self.model, instance)

    @functools.cached_property
    def manager(self):
        return self.manager_class.from_queryset(self.queryset_class)


def make_history_managers_once(models):
    """Put HistoryManagerOnce in place of simple-history's descriptors on `models` (every
    model, when the apps are ready)."""
    for model in models:
        for name, descriptor in list(vars(model).items()):
            if type(descriptor) is HistoryDescriptor:
                once = HistoryManagerOnce(
                    descriptor.model, manager=descriptor.manager_class, queryset=descriptor.queryset_class
                )
                setattr(model, name, once)


@contextmanager
def one_history_row(obj):
    """The saves of `obj` and the changes of its many-to-many fields inside the block write
    one history row, after it (a creation when `obj` was new); none when the block fails.
    Without it, a save and two `.set()` calls write up to five rows for one change."""
    writer = _WRITERS[type(obj)]
    created = obj._state.adding
    obj.skip_history_when_saving = True
    try:
        yield obj
    finally:
        del obj.skip_history_when_saving
    writer.create_historical_record(obj, "+" if created else "~")


def would_change(obj, fields: dict, many: dict | None = None) -> bool:
    """Whether setting `fields` and the many-to-many relations `many` ({name: records or keys})
    would change `obj`: a service does not save (and writes no history row) when not."""
    if any(getattr(obj, name) != value for name, value in fields.items()):
        return True
    return any(
        set(getattr(obj, name).values_list("pk", flat=True)) != {getattr(v, "pk", v) for v in values}
        for name, values in (many or {}).items()
    )


def store_changed_rows(model, parent: dict, key: str, wanted: dict, stamp: dict | None = None) -> bool:
    """Make the rows of `model` under `parent` (filter values) hold `wanted`: {value of `key`:
    the field values of that row, or None to delete it}. A row whose values are already those is
    not saved, so it gets no history row; `stamp` (who reported, the source) is written with a
    change but is not one. Answers whether anything changed."""
    existing = {getattr(row, key): row for row in model.objects.filter(**parent, **{f"{key}__in": wanted})}
    changed = False
    for value, fields in wanted.items():
        row = existing.get(value)
        if fields is None:
            if row is not None:
                row.delete()
                changed = True
            continue
        if row is None:
            row = model(**parent, **{key: value})
        elif all(getattr(row, name) == new for name, new in fields.items()):
            continue
        for name, new in {**fields, **(stamp or {})}.items():
            setattr(row, name, new)
        row.save()
        changed = True
    return changed


def compared_fields(model) -> list:
    """The fields whose values say whether a row changed: every stored field but the key, the
    time stamps and the counters (NOT_CHANGES)."""
    return [f for f in model._meta.concrete_fields if f.name not in NOT_CHANGES and not f.primary_key]


def unchanged_in_database(obj) -> bool:
    """Whether saving `obj` would store the same values as its row holds now (stamps and
    version counters aside): the admin then does not save it, and writes no history row."""
    fields = compared_fields(type(obj))
    stored = type(obj)._base_manager.filter(pk=obj.pk).values(*(f.attname for f in fields)).first()
    return stored is not None and all(stored[f.attname] == getattr(obj, f.attname) for f in fields)


# --------------------------------------------------------------------------------------------
# Reading: what each version changed, as people read it
# --------------------------------------------------------------------------------------------

#: Fields whose change tells a reader nothing: time stamps, technical counters, and what a
#: progress report's line was rated against when submitted (copied from the plan by the
#: submission, not written by anyone; missions.models.IndicatorProgress).
NOT_CHANGES = frozenset({"id", "created_at", "updated_at", "lock_version", "version"}) | {
    "target_then",
    "baseline_then",
    "direction_then",
}

#: How the day an imprecise date sorts by is named after it (`start` -> `start_sort`).
SORT_SUFFIX = "_sort"

#: Long texts are cut in a change list (the version's own page shows them whole).
TEXT_LENGTH = 200


@dataclass(frozen=True)
class Change:
    field: str
    old: str
    new: str


#: The key asked for when there is nothing to ask for: history ids start at 1. Asking for it
#: rather than skipping the query keeps the number of queries of a page the same whatever it shows.
NO_ROW = 0


def with_changes(records, history_model=None) -> list:
    """The history rows `records` (of one model, `history_model` when there may be none) as a
    list, each with `changes` (a list of `Change`: what it changed against the version before
    it; empty for a creation or deletion) and `previous` (that version, or None). Two queries
    plus one per many-to-many field, however many rows; related records are read from the rows
    (fetch them with `select_related`, as `history_rows` does), not queried one by one."""
    history_model = history_model or getattr(records, "model", None)
    records = list(records)
    if history_model is None:
        if not records:
            return records
        history_model = type(records[0])
    previous = _previous_versions(history_model, records)
    many = _many_to_many(history_model, [*records, *previous.values()])
    return _attach_changes(history_model, records, previous, many)


def versions_with_changes(history_model, history_ids) -> list:
    """The rows `history_ids` of `history_model` (any order) with `changes` and `previous` as
    with_changes gives them, in one query: the rows and the versions just before them are read
    together (the latest row of the same record before a row, among those read, is the version
    just before it: that one is always read), each with its many-to-many values
    (`_many_to_many_read`)."""
    wanted = set(history_ids) or {NO_ROW}
    before = (
        history_model.objects.filter(history_id__in=wanted)
        .annotate(before=Subquery(_earlier(history_model).values("history_id")[:1]))
        .values("before")
    )
    rows = list(
        history_rows(history_model)
        .filter(Q(history_id__in=wanted) | Q(history_id__in=before))
        .annotate(**_many_to_many_columns(history_model))
    )
    pk = history_model.instance_type._meta.pk.attname
    by_record = defaultdict(list)
    for row in sorted(rows, key=lambda row: (row.history_date, row.history_id)):
        by_record[getattr(row, pk)].append(row)
    previous = {
        later.history_id: earlier
        for versions in by_record.values()
        for earlier, later in zip(versions, versions[1:], strict=False)
        if later.history_id in wanted
    }
    many = _many_to_many_read(history_model, rows)
    return _attach_changes(history_model, [row for row in rows if row.history_id in wanted], previous, many)


def _attach_changes(history_model, records, previous: dict, many: dict) -> list:
    """`records` with `previous` (from {history_id: version before}) and `changes`; `many`: the
    many-to-many values the changes compare (`_many_to_many`)."""
    for record in records:
        record.previous = previous.get(record.history_id)
        record.changes = [
            Change(capfirst(field.verbose_name), readable(field, old), readable(field, new))
            for field, old, new in _raw_changes(history_model, record, many)
        ]
    return records


def history_rows(history_model):
    """The rows of `history_model` with whom they name and the records they point at."""
    related = [f.name for f in history_model.tracked_fields if isinstance(f, models.ForeignKey)]
    return history_model.objects.select_related("history_user", *related)


def _earlier(history_model):
    """The versions of the outer row's record before it, the latest first (a subquery)."""
    pk = history_model.instance_type._meta.pk.attname
    return history_model.objects.filter(
        Q(history_date__lt=OuterRef("history_date"))
        | Q(history_date=OuterRef("history_date"), history_id__lt=OuterRef("history_id")),
        **{pk: OuterRef(pk)},
    ).order_by("-history_date", "-history_id")


def _previous_versions(history_model, records) -> dict:
    """{history_id: the version of the same record just before it}, in two queries."""
    before = dict(
        history_model.objects.filter(history_id__in=[r.history_id for r in records] or [NO_ROW])
        .annotate(before=Subquery(_earlier(history_model).values("history_id")[:1]))
        .values_list("history_id", "before")
    )
    found = {
        row.history_id: row
        for row in history_rows(history_model).filter(
            history_id__in=[b for b in before.values() if b] or [NO_ROW]
        )
    }
    return {record_id: found[b] for record_id, b in before.items() if b in found}


def _many_to_many(history_model, records) -> dict:
    """{(field name, history_id): the set of related records then}, one query per field."""
    values = {}
    ids = [r.history_id for r in records]
    for field in history_model._history_m2m_fields:
        target = get_m2m_reverse_field_name(field)
        rows = getattr(history_model, field.name).model.objects.filter(history_id__in=ids or [NO_ROW])
        found = defaultdict(set)
        for row in rows.select_related(target):
            found[row.history_id].add(getattr(row, target))
        for history_id in ids:
            values[(field.name, history_id)] = frozenset(found[history_id])
    return values


#: The kinds of field a related record is rebuilt from when read as JSON (`_many_to_many_columns`):
#: their values are JSON's own (text, whole numbers), and names and codes are among them.
JSON_SAFE = frozenset(
    {"CharField", "TextField", "SlugField", "IntegerField", "SmallIntegerField", "BigIntegerField"}
    | {"PositiveIntegerField", "PositiveSmallIntegerField", "PositiveBigIntegerField"}
    | {"AutoField", "BigAutoField", "SmallAutoField"}
)


def _many_to_many_columns(history_model) -> dict:
    """Annotations for the rows of `history_model`: per many-to-many field, the records it held
    at that version (their text and number fields, what their names are made of), as JSON."""
    columns = {}
    for field in history_model._history_m2m_fields:
        target = get_m2m_reverse_field_name(field)
        links = getattr(history_model, field.name).model.objects.all()
        kept = [
            f.attname for f in field.related_model._meta.concrete_fields if f.get_internal_type() in JSON_SAFE
        ]
        columns[f"npz_m2m_{field.name}"] = json_rows(links, "history", **{n: f"{target}__{n}" for n in kept})
    return columns


def _many_to_many_read(history_model, rows) -> dict:
    """What `_many_to_many` answers, from the `_many_to_many_columns` of `rows`; a link to a
    record removed since is None, as there."""
    values = {}
    for field in history_model._history_m2m_fields:
        model, pk = field.related_model, field.related_model._meta.pk.attname
        for row in rows:
            linked = getattr(row, f"npz_m2m_{field.name}") or []
            values[(field.name, row.history_id)] = frozenset(
                model(**fields) if fields[pk] is not None else None for fields in linked
            )
    return values


def _value(history_model, row, field):
    """The value of `field` in the history row `row`: the related record for a foreign key
    (None when it was removed since; its key then), else the stored value."""
    if not (field.many_to_one or field.one_to_one):
        return getattr(row, field.attname)
    key = getattr(row, field.attname)
    related = getattr(row, field.name, None) if key is not None else None
    return related if related is not None else (f"#{key}" if key is not None else None)


def shown_fields(history_model) -> list:
    """The fields of `history_model`'s record whose changes a reader is shown: not NOT_CHANGES,
    nor what the registry derives from another field (`derived`)."""
    return [f for f in history_model.tracked_fields if f.name not in NOT_CHANGES and not derived(f)]


def derived(field) -> bool:
    """Whether `field` is filled from another field of its model, never by people: the sort
    day of an imprecise date (`start_sort` from `start`; no form edits it,
    npz_registry.models.fill_sort_dates). Its change is the change of that field."""
    if field.editable or not field.name.endswith(SORT_SUFFIX):
        return False
    try:
        source = field.model._meta.get_field(field.name.removesuffix(SORT_SUFFIX))
    except FieldDoesNotExist:
        return False
    return isinstance(source, ImpreciseDateField)


def _raw_changes(history_model, record, many) -> list[tuple]:
    """[(field, old value, new value)] of the fields `record` changed against its previous
    version (related records for foreign keys, sets for many-to-many fields)."""
    before = record.previous
    if record.history_type != "~" or before is None:
        return []
    changes = [
        (field, _value(history_model, before, field), _value(history_model, record, field))
        for field in shown_fields(history_model)
        if getattr(before, field.attname) != getattr(record, field.attname)
    ]
    for field in history_model._history_m2m_fields:
        old, new = many[(field.name, before.history_id)], many[(field.name, record.history_id)]
        if old != new:
            changes.append((field, old, new))
    return changes


def readable(field, value) -> str:
    """`value` of `field` as people read it: "–" for nothing, the label of a choice, the name of
    a related record, a set of records by name, a date as 31/12/2027, "yes" or "no"."""
    if value is None or value == "" or value == frozenset():
        return "–"
    if isinstance(value, frozenset):
        return ", ".join(sorted(str(obj) for obj in value))
    if isinstance(value, models.Model):
        return str(value)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    return _plain(value)


def _plain(value) -> str:
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, datetime.datetime):
        return formats.date_format(timezone.localtime(value), "d/m/Y H:i")
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, Decimal | float):
        return readable_number(value)  # "14", not "14,00": as the pages write it
    return Truncator(str(value)).chars(TEXT_LENGTH)
