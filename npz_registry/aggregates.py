"""Ids of related rows read with the row they belong to, in the same query: a subquery that
concatenates them (GROUP_CONCAT on SQLite, STRING_AGG on PostgreSQL), and its parser."""

from django.db.models import Aggregate, CharField, OuterRef, Subquery


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
