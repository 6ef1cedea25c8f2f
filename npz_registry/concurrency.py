"""Optimistic locking, one scheme for every edit form (STYLE 4.5).

A form carries, in a hidden field, the version of the record it was opened at. The service
locks the row, compares (``check_and_bump``) and refuses with ``ConflictError`` when somebody
saved in between, so nothing is overwritten blindly. The view then shows the user's input
again with the error, and ``form_takes_saved_version`` puts the saved version in the form:
saving again, after comparing, goes through.
"""

import hashlib

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

from npz_registry.history import compared_fields


class ConflictError(ValidationError):
    """The record changed since the form was opened: nothing was overwritten."""


def conflict_message() -> str:
    return _(
        "Somebody else saved this part after you opened it. Your input is shown again: compare it "
        "with the saved text (open the page in a new tab) and save again."
    )


def check_version(obj: models.Model, version, *, field: str = "lock_version") -> None:
    """Refuse with ``ConflictError`` unless ``version`` (from the form) is the version ``obj``
    has. Call it on a row fetched with ``select_for_update``. A save without a version is
    refused too: no client overwrites blindly."""
    try:
        matches = version is not None and int(version) == getattr(obj, field)
    except (TypeError, ValueError):
        matches = False
    if not matches:
        raise ConflictError(conflict_message())


def check_and_bump(obj: models.Model, version, *, field: str = "lock_version") -> None:
    """``check_version``, then count this save (the caller saves ``obj``)."""
    check_version(obj, version, field=field)
    setattr(obj, field, getattr(obj, field) + 1)


def bump_stored_version(obj: models.Model, *, field: str = "lock_version") -> None:
    """Count a change of the record's parts (an indicator's targets, a report's lines) when its
    own fields stay the same: only the version is stored, so no history row of the record says
    it changed (the parts' rows say what did)."""
    setattr(obj, field, getattr(obj, field) + 1)
    type(obj)._default_manager.filter(pk=obj.pk).update(**{field: getattr(obj, field)})


def form_takes_saved_version(form, obj: models.Model, *, field: str = "lock_version") -> None:
    """After a conflict on ``obj``, the bound ``form`` keeps the user's input but carries the
    version saved now (in its ``version`` field), so that saving again after comparing works."""
    saved = type(obj)._default_manager.filter(pk=obj.pk).values_list(field, flat=True).first()
    form.data = form.data.copy()
    form.data["version"] = saved


def show_error_on_form(
    form, error: ValidationError, *, record: models.Model | None = None, field="lock_version"
):
    """Put a service's refusal on ``form``: field errors on their field (others on the form);
    after a conflict on ``record`` the form takes the saved version."""
    if isinstance(error, ConflictError) and record is not None:
        form_takes_saved_version(form, record, field=field)
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


# Records without a version counter (the back office's change forms) -------------------------

#: The hidden field a back-office change form carries the state it was opened at in.
STATE_FIELD = "_loaded_state"


def _fingerprint(values: list) -> str:
    return hashlib.sha256(repr(values).encode()).hexdigest()[:32]


def row_values(obj: models.Model) -> list:
    """The values of ``obj`` that say whether it changed (npz_registry.history.compared_fields)."""
    return [getattr(obj, f.attname) for f in compared_fields(type(obj))]


def state_of(obj: models.Model, related: dict | None = None) -> str:
    """A fingerprint of ``obj``'s values as read (time stamps and counters aside) and of what else
    its form shows of it (``related``: {name: sorted values}, its many-to-many choices and its
    inline rows): what a change form opened on it carries in STATE_FIELD."""
    return _fingerprint([row_values(obj), sorted((related or {}).items())])


def stored_state(obj: models.Model, related_reads: dict | None = None) -> str | None:
    """The fingerprint of the values ``obj``'s row holds now (the row locked until the
    transaction ends, where the database can) and of what ``related_reads`` ({name: a function
    reading those values now}) read, None when the row is gone."""
    fields = compared_fields(type(obj))
    row = (
        type(obj)
        ._base_manager.select_for_update()
        .filter(pk=obj.pk)
        .values_list(*(f.attname for f in fields))
        .first()
    )
    if row is None:
        return None
    related = {name: read() for name, read in (related_reads or {}).items()}
    return _fingerprint([list(row), sorted(related.items())])


def check_state(form, obj: models.Model, related_reads: dict | None = None) -> None:
    """Refuse with ``ConflictError`` when the row of ``obj`` (or what ``related_reads`` read of
    it: see stored_state) changed since ``form`` was opened (its STATE_FIELD); the form then
    carries the state saved now, so that saving again, after comparing, goes through. A form
    without the field (a page built elsewhere) is not checked."""
    opened = form.data.get(STATE_FIELD)
    if not opened or obj.pk is None:
        return
    now = stored_state(obj, related_reads)
    if now is not None and now != opened:
        form.data = form.data.copy()
        form.data[STATE_FIELD] = now
        raise ConflictError(conflict_message())
