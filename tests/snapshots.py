"""What the registry holds, as one hash per table: compared before and after a request that must
change nothing (a refused POST, an invalid form)."""

import hashlib

from django.apps import apps
from django.db import connection

#: The apps whose rows a request may change (the audit trail's historical tables included).
APPS = ("networks", "missions", "transition", "auth")


def registry_snapshot() -> dict[str, str]:
    """A content hash per table of `APPS` (every row, every column as stored, in key order).
    Read with plain SQL: building the ORM's query for each of the hundred tables cost half a
    second per snapshot, and the rows as stored show any change the models' values would."""
    snapshot = {}
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for label in APPS:
            for model in apps.get_app_config(label).get_models():
                meta = model._meta
                cursor.execute(f"SELECT * FROM {quote(meta.db_table)} ORDER BY {quote(meta.pk.column)}")
                snapshot[meta.label] = hashlib.sha256(repr(cursor.fetchall()).encode()).hexdigest()
    return snapshot


def changed_tables(before: dict[str, str]) -> list[str]:
    after = registry_snapshot()
    return sorted(label for label, digest in after.items() if before.get(label) != digest)
