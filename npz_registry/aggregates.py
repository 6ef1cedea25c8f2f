"""Related rows read with the row they belong to, in the same query: their ids (a subquery that
concatenates them: GROUP_CONCAT on SQLite, STRING_AGG on PostgreSQL) or a few of their fields
(a JSON array of objects: JSON_GROUP_ARRAY, JSONB_AGG), and their parsers."""

import datetime
from collections.abc import Callable

from django.db.models import Aggregate, CharField, F, Func, JSONField, OuterRef, Subquery, TextField, Value
from django.db.models.functions import Cast


class _IdList(Aggregate):
    function = "GROUP_CONCAT"
    output_field = CharField()

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(
            compiler, connection, function="STRING_AGG",
            template="%(function)s(CAST(%(expressions)s AS text), ',')", **extra_context,
        )  # fmt: skip


def id_list(rows, owner: str, column: str) -> Subquery:
    """An annotation: the `column` values of `rows` whose `owner` is the outer row, as text
    (None when there are none). Read it with ids_in."""
    grouped = rows.filter(**{owner: OuterRef("pk")}).order_by().values(owner)
    return Subquery(grouped.annotate(ids=_IdList(column)).values("ids"))


def ids_in(text: str | None) -> list[int]:
    """The ids an id_list annotation holds."""
    return [int(pk) for pk in text.split(",")] if text else []


class _JsonObject(Func):
    """JSON_OBJECT(name, value, ...): Django's JSONObject asks the database whether it supports
    JSON the first time a connection uses it (three queries: they would land on a random page)."""

    function = "JSON_OBJECT"
    output_field = JSONField()

    def __init__(self, **fields):
        super().__init__(*(part for name, value in fields.items() for part in (Value(name), value)))

    def as_postgresql(self, compiler, connection, **extra_context):
        copy = self.copy()
        parts = copy.get_source_expressions()
        copy.set_source_expressions(
            [Cast(part, TextField()) if index % 2 == 0 else part for index, part in enumerate(parts)]
        )
        return copy.as_sql(compiler, connection, function="JSONB_BUILD_OBJECT", **extra_context)


class _JsonRows(Aggregate):
    function = "JSON_GROUP_ARRAY"
    output_field = JSONField()

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, function="JSONB_AGG", **extra_context)


def json_rows(rows, owner: str, *columns: str, outer: str = "pk", **fields) -> Subquery:
    """An annotation: the rows of `rows` whose `owner` is the outer row (or the row its `outer`
    field names), each as a dict of `columns` (names of their fields) and `fields` (name ->
    lookup or expression), as a list in no particular order (None when there are none). Read it
    with rows_in. For text and whole numbers: JSON has no decimals, and dates come as text
    (day_in)."""
    grouped = rows.filter(**{owner: OuterRef(outer)}).order_by().values(owner)
    fields = {**{column: column for column in columns}, **fields}
    expressions = {name: F(value) if isinstance(value, str) else value for name, value in fields.items()}
    objects = _JsonObject(**expressions)
    return Subquery(grouped.annotate(rows=_JsonRows(objects)).values("rows"), output_field=JSONField())


def linked_rows(through, column: str, *, outer: str = "pk", **fields) -> Subquery:
    """An annotation: the rows a many-to-many `through` table links to the outer row (or to the
    row its `outer` field names), each with its key (as `pk`) and `fields` (name -> field) of
    the row its link `column` names (a json_rows of the table). Read it with rows_in."""
    owner = next(f.name for f in through._meta.fields if f.is_relation and f.name != column)
    named = {name: f"{column}__{field}" for name, field in fields.items()}
    return json_rows(through.objects.all(), owner, pk=f"{column}_id", outer=outer, **named)


def rows_in(model, value: list | None, *, order: Callable) -> list:
    """The rows a json_rows annotation holds, as unsaved-looking instances of `model` with only
    those fields set, sorted by `order` (a key function: the database's order is not kept)."""
    return sorted((model(**fields) for fields in value or []), key=order)


def set_prefetched(instance, **related) -> None:
    """Hand `instance` its related rows (related name -> rows read with a json_rows
    annotation), as prefetch_related would: `instance.<name>.all()` then answers them without a
    query."""
    cache = instance.__dict__.setdefault("_prefetched_objects_cache", {})
    for name, rows in related.items():
        cache.pop(name, None)
        queryset = getattr(instance, name).all()
        queryset._result_cache, queryset._prefetch_done = list(rows), True
        cache[name] = queryset


def day_in(value: str | None) -> datetime.date | None:
    """A date a json_rows row holds (JSON has no dates: the database writes it as ISO text)."""
    return datetime.date.fromisoformat(value) if value else None
