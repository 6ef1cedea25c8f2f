"""What the registry holds, as one hash per table: compared before and after a request that must
change nothing (a refused POST, an invalid form)."""

import hashlib

from django.apps import apps

#: The apps whose rows a request may change (the audit trail's historical tables included).
APPS = ("networks", "missions", "transition", "auth")


def registry_snapshot() -> dict[str, str]:
    """A content hash per table of `APPS` (every row, every column, in key order)."""
    snapshot = {}
    for label in APPS:
        for model in apps.get_app_config(label).get_models():
            rows = model._default_manager.order_by("pk").values_list()
            snapshot[model._meta.label] = hashlib.sha256(repr(list(rows)).encode()).hexdigest()
    return snapshot


def changed_tables(before: dict[str, str]) -> list[str]:
    after = registry_snapshot()
    return sorted(label for label, digest in after.items() if before.get(label) != digest)
