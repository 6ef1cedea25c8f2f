"""The data version: one number that goes up whenever the registry's data changes.

Derived figures that are costly to compute (needs index, coverage on a day, evenness, funding
totals, charts, maps, rendered PDFs) are cached under a key that includes this number, so a
change anywhere makes every app server compute them again, and nothing else does.

Model saves and deletes of the registry's apps bump it through signals (connected in
npz_registry.apps); writes that bypass signals (bulk_create, QuerySet.update, imports, data
generators) call `bump()` themselves.

Within one request the version is read once (a page asks it for each of its cached figures and
fragments): remembered from the first read until the request ends or this process increments it.
"""

import threading
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import F, Subquery
from django.utils import translation

from npz_registry.models import DataVersion

#: The apps whose data the derived figures are made of, and the accounts with their groups and
#: permissions: a coordinator's or reviewer's name shows on the registry's pages, and a reader's
#: rights decide what a page offers them.
APPS = ("networks", "missions", "transition", "auth")


#: This thread's request: whether one is being answered and the version it has read.
_request = threading.local()


def current() -> int:
    """The current data version: one query, once per request (every read outside a request)."""
    if getattr(_request, "active", False):
        if _request.number is None:
            _request.number = _read()
        return _request.number
    return _read()


def _read() -> int:
    number = DataVersion.objects.filter(pk=1).values_list("number", flat=True).first()
    return number or 0


def with_version(queryset):
    """``queryset`` with the current data version on each row (``npz_data_version``): a page
    that reads a row anyway learns the version in that query (``remember``), not in one more."""
    number = DataVersion.objects.filter(pk=1).values("number")[:1]
    return queryset.annotate(npz_data_version=Subquery(number))


def remember(row) -> None:
    """Keep the version read with ``row`` (``with_version``) as this request's, unless the
    request has read it already."""
    if getattr(_request, "active", False) and _request.number is None:
        _request.number = getattr(row, "npz_data_version", None) or 0


def request_started(**kwargs) -> None:
    """Signal receiver (request_started): the request reads the version afresh, once."""
    _request.active, _request.number = True, None


def request_finished(**kwargs) -> None:
    """Signal receiver (request_finished): reads after the request go to the database."""
    _request.active, _request.number = False, None


def increment() -> None:
    if not DataVersion.objects.filter(pk=1).update(number=F("number") + 1):
        DataVersion.objects.get_or_create(pk=1, defaults={"number": 2})
    _request.number = None  # this request's later reads see its own change


def bump() -> None:
    """Mark the data as changed, once the current transaction commits (one increment per
    transaction, however many rows it writes; nothing if it rolls back)."""
    if any(callback[1] is increment for callback in connection.run_on_commit):
        return
    transaction.on_commit(increment)


def changed_in_this_transaction() -> bool:
    """This transaction wrote registry data that is not committed yet (its version is not
    counted yet): what is cached under the current version does not show those writes."""
    pending = connection.run_on_commit if connection.in_atomic_block else []
    return any(callback[1] is increment for callback in pending)


def fragment_version() -> str:
    """The data version for a template's `{% cache %}` key: a key of its own (never reused)
    inside a transaction that has changed the data."""
    return f"uncommitted-{uuid.uuid4().hex}" if changed_in_this_transaction() else str(current())


def cached(key: str, build, *, timeout: int = 24 * 3600):
    """`build()`'s value for `key` at the current data version, computed once per version and
    language (a value may hold text translated while it was built; per cache: each app server
    has its own unless CACHES is shared). Inside a transaction that has changed the data,
    built afresh and not stored."""
    if changed_in_this_transaction():
        return build()
    versioned = f"npz:{key}:{translation.get_language() or '-'}:v{current()}"
    value = cache.get(versioned)
    if value is None:
        value = build()
        cache.set(versioned, value, timeout)
    return value


def counts(model) -> bool:
    """Whether the data version counts the changes of ``model``'s rows (a model of APPS; not
    its history, which is written with its model's save, which already counts)."""
    return model._meta.app_label in APPS and not model.__name__.startswith("Historical")


def changed(sender, **kwargs) -> None:
    """Signal receiver: a model of one of APPS was saved, deleted or its relations changed (a
    user's groups and a group's permissions included). A sign-in, which writes only the
    user's time of sign-in, changes nothing shown."""
    written = set(kwargs.get("update_fields") or ())
    sign_in = sender._meta.label == settings.AUTH_USER_MODEL and written == {"last_login"}
    if counts(sender) and not sign_in:
        bump()
