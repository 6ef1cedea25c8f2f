"""The database's CHECK constraints of a table, checked on each imported row in Python.

Django's own check (`Model.validate_constraints`) asks the database once per constraint and
row: 5,000 rows would cost tens of thousands of queries. Our constraints compare a row's own
values (`year__gte=1970`, `kind__in=[...]`, `end__gte=F("start")`, `successor__isnull`), which
Python reads as the database does, NULL included: a comparison with an empty value is unknown,
and a CHECK passes unless its condition is false (SQL's three-valued logic). A condition with a
part Python cannot read (a transform such as `__year`, an expression, a related row's field)
is left to the database, which still refuses the rows at the write.

A row that breaks a constraint gets the constraint's message (`violation_error_message`, the
words the admin's forms use) on the field the constraint is about, or on the row when it is
about several.

Unique constraints on fields, with a condition (`key` unique where it is not empty) or without,
are checked the same way against an index of the table's rows read once and of the file's rows
before (`UniqueIndex`): a row whose values another row already holds is an error of the row,
on the field when the constraint is about one, instead of the database refusing the file."""

import functools
import operator
import re

from django.core.exceptions import NON_FIELD_ERRORS, FieldDoesNotExist, ValidationError
from django.db import models
from django.db.models.constants import LOOKUP_SEP
from django.utils.translation import gettext as _


def _matches(value, pattern) -> bool:
    return re.search(pattern, str(value)) is not None


#: The lookups Python reads as every database we run on compares (not `contains`: SQLite's LIKE
#: ignores case, PostgreSQL's does not).
LOOKUPS = {
    "exact": operator.eq,
    "gt": operator.gt,
    "gte": operator.ge,
    "lt": operator.lt,
    "lte": operator.le,
    "in": lambda value, options: value in options,
    "range": lambda value, bounds: bounds[0] <= value <= bounds[1],
    "regex": _matches,
}


class Unreadable(Exception):
    """A part of a condition Python does not read the way the database does."""


def _field(opts, name: str):
    if LOOKUP_SEP in name:
        raise Unreadable(name)
    try:
        return opts.get_field(name)
    except FieldDoesNotExist:
        raise Unreadable(name) from None


def _lookup(opts, lookup: str) -> tuple:
    """(the field, the lookup's name) of `year__gte`; `year` alone is `exact`."""
    name, _sep, kind = lookup.partition(LOOKUP_SEP)
    kind = kind or "exact"
    if kind != "isnull" and kind not in LOOKUPS:
        raise Unreadable(lookup)
    return _field(opts, name), kind


def _operand(instance, value):
    """A condition's value: an F() names another field of the row, a model its key."""
    if isinstance(value, models.F):
        return getattr(instance, _field(instance._meta, value.name).attname)
    if isinstance(value, models.Value):
        return value.value
    if isinstance(value, models.Model):
        return value.pk
    if hasattr(value, "resolve_expression"):
        raise Unreadable(repr(value))
    return value


def _leaf(instance, lookup: str, value) -> bool | None:
    field, kind = _lookup(instance._meta, lookup)
    own = getattr(instance, field.attname)
    if kind == "isnull":
        return (own is None) == bool(value)
    value = _operand(instance, value)
    if kind == "exact" and value is None:
        return own is None  # `field=None` is IS NULL
    if own is None or value is None:
        return None  # NULL compared: unknown
    try:
        return bool(LOOKUPS[kind](own, value))
    except (TypeError, ValueError, re.error):
        return None


def _combine(connector: str, results: list) -> bool | None:
    """SQL's AND, OR and XOR of true, false and unknown (None)."""
    if connector == models.Q.AND:
        return False if False in results else (None if None in results else True)
    if connector == models.Q.OR:
        return True if True in results else (None if None in results else False)
    if None in results:
        return None
    return sum(results) % 2 == 1


def _evaluate(condition, instance) -> bool | None:
    if not isinstance(condition, models.Q):
        raise Unreadable(repr(condition))
    results = [
        _evaluate(child, instance) if isinstance(child, models.Q) else _leaf(instance, *child)
        for child in condition.children
    ]
    result = _combine(condition.connector, results)
    return (None if result is None else not result) if condition.negated else result


def condition_holds(condition, instance) -> bool | None:
    """Whether `instance` meets `condition` (a Q): True, False, or None when unknown (a value
    compared is empty, or Python cannot read a part). The database refuses only False."""
    try:
        return _evaluate(condition, instance)
    except Unreadable:
        return None


def _fields_of(condition, opts) -> set[str]:
    """The names of the fields `condition` reads (Unreadable for a part Python cannot read)."""
    if not isinstance(condition, models.Q):
        raise Unreadable(repr(condition))
    names = set()
    for child in condition.children:
        if isinstance(child, models.Q):
            names |= _fields_of(child, opts)
            continue
        lookup, value = child
        names.add(_lookup(opts, lookup)[0].name)
        if isinstance(value, models.F):
            names.add(_field(opts, value.name).name)
        elif hasattr(value, "resolve_expression") and not isinstance(value, models.Value):
            raise Unreadable(repr(value))
    return names


@functools.cache
def readable_constraints(model) -> list[tuple]:
    """[(constraint, the names of the fields it reads)] of `model`'s CHECK constraints that
    Python reads (each condition walked once per model)."""
    found = []
    for constraint in model._meta.constraints:
        if isinstance(constraint, models.CheckConstraint):
            try:
                found.append((constraint, frozenset(_fields_of(constraint.condition, model._meta))))
            except Unreadable:
                continue
    return found


def constraint_errors(instance, exclude: set) -> dict:
    """{field name, or NON_FIELD_ERRORS for a rule about several fields: [ValidationError]} for
    the CHECK constraints `instance` breaks, without a query. Constraints that read a field of
    `exclude` (a value already refused, a link set later) are not checked, as Django does."""
    errors = {}
    for constraint, names in readable_constraints(type(instance)):
        if names & exclude or condition_holds(constraint.condition, instance) is not False:
            continue
        key = next(iter(names)) if len(names) == 1 else NON_FIELD_ERRORS
        message, code = constraint.get_violation_error_message(), constraint.violation_error_code
        errors.setdefault(key, []).append(ValidationError(message, code=code))
    return errors


@functools.cache
def readable_unique_constraints(model) -> list[tuple]:
    """[(constraint, the names of its fields, the names of the fields its condition reads)] of
    `model`'s unique constraints on fields whose condition, if any, Python reads."""
    found = []
    for constraint in model._meta.constraints:
        if not isinstance(constraint, models.UniqueConstraint) or not constraint.fields:
            continue
        try:
            names = tuple(_field(model._meta, name).name for name in constraint.fields)
            read = _fields_of(constraint.condition, model._meta) if constraint.condition else set()
        except Unreadable:
            continue
        found.append((constraint, names, frozenset(read)))
    return found


class UniqueIndex:
    """The rows of a table by the values of each of its unique constraints (the rows the
    constraint applies to), to find without a query whether a row takes values another row holds.
    Built from the table's rows as read, before the file changes them; an import adds each row of
    its file it accepts, with the values the file gives it."""

    def __init__(self, model, rows):
        self.constraints = readable_unique_constraints(model)
        self.taken = {constraint.name: {} for constraint, _names, _read in self.constraints}
        for row in rows:
            self.add(row)

    def add(self, instance) -> None:
        """`instance` holds its values from now on."""
        for constraint, names, _read in self.constraints:
            values = self.values(constraint, names, instance)
            if values is not None:
                self.taken[constraint.name][values] = instance

    @staticmethod
    def values(constraint, names, instance) -> tuple | None:
        """The values `instance` holds for `constraint`, or None when the constraint does not
        apply to it: its condition is not true, or a value is NULL (NULLs are distinct in SQL)."""
        if constraint.condition and condition_holds(constraint.condition, instance) is not True:
            return None
        values = tuple(getattr(instance, instance._meta.get_field(name).attname) for name in names)
        if constraint.nulls_distinct is not False and None in values:
            return None
        return values

    def errors(self, instance, exclude: set) -> dict:
        """{field name, or NON_FIELD_ERRORS: [ValidationError]} for the unique constraints whose
        values another row holds; constraints about a field of `exclude` are not checked. A row
        of the table holds its values until the write, even when the file gives it others (new
        rows are written first)."""
        errors = {}
        for constraint, names, read in self.constraints:
            values = None if exclude & {*names, *read} else self.values(constraint, names, instance)
            other = None if values is None else self.taken[constraint.name].get(values)
            if other is None or other is instance or (other.pk is not None and other.pk == instance.pk):
                continue
            key = names[0] if len(names) == 1 else NON_FIELD_ERRORS
            errors.setdefault(key, []).append(unique_error(constraint, names, instance, values))
        return errors


def unique_error(constraint, names, instance, values) -> ValidationError:
    """The constraint's own message, else the one Django gives for the same fields."""
    if constraint.violation_error_message != constraint.default_violation_error_message:
        return ValidationError(constraint.get_violation_error_message(), code="unique")
    field = instance._meta.get_field(names[0])
    if len(names) == 1 and not field.is_relation:
        message = _("%(value)s is already used by another row.") % {"value": values[0]}
        return ValidationError(message, code="unique")
    return instance.unique_error_message(type(instance), names)


def refusal_reason(model, error: Exception) -> str:
    """What the database's refusal `error` means: the message of the constraint of `model` it
    names (when the constraint has one of its own), else its own text."""
    text = str(error)
    for constraint in model._meta.constraints:
        named = re.search(rf"\b{re.escape(constraint.name)}\b", text)
        if named and constraint.violation_error_message != constraint.default_violation_error_message:
            return str(constraint.get_violation_error_message())
    return text
