"""People and their rights: the one place that writes a person's personal data, anonymises it,
and sets an account's staff group and network roles (from the OpenID Connect claims)."""

import logging

from django.apps import apps
from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Replace
from django.utils import timezone
from django.utils.translation import gettext_lazy

from networks.groups import STAFF_GROUP
from networks.models import Network, NetworkRole, Person
from npz_registry.history import recorded_by

logger = logging.getLogger(__name__)

#: What an anonymised person is called, everywhere their name stood.
ANONYMISED_NAME = "[anoniem]"

#: The reasons in the history rows these services write.
ANONYMISED_REASON = gettext_lazy("anonymised")
LOGIN_ROLES_REASON = gettext_lazy("rights from the government's login (ACM/IDM)")

#: The account fields that copy the person's (Django reads them there).
MIRRORED_FIELDS = ("first_name", "last_name", "email")


def person_for_user(user) -> Person:
    """The person behind an account, made from the account's fields the first time."""
    person = Person.objects.filter(user=user).first()
    if person is None:
        person = Person.objects.create(
            user=user, **{field: getattr(user, field) or "" for field in MIRRORED_FIELDS}
        )
    return person


@transaction.atomic
def person_update(*, person: Person, **fields) -> Person:
    """Change a person's name, e-mail or phone, and the copy on their account."""
    unknown = set(fields) - {"first_name", "last_name", "email", "phone"}
    if unknown:
        raise TypeError(f"person_update() got unknown fields {sorted(unknown)}")
    changed = [name for name, value in fields.items() if getattr(person, name) != (value or "")]
    for name in changed:
        setattr(person, name, fields[name] or "")
    if changed:
        person.save()
    person_copy_to_account(person=person)
    return person


def person_copy_to_account(*, person: Person) -> None:
    """Write the person's name and e-mail on their account (after an edit in the admin too)."""
    user = person.user
    if user is None:
        return
    stale = [name for name in MIRRORED_FIELDS if getattr(user, name) != getattr(person, name)]
    for name in stale:
        setattr(user, name, getattr(person, name))
    if stale:
        user.save(update_fields=stale)


@recorded_by(None, reason=ANONYMISED_REASON)
@transaction.atomic
def person_anonymise(*, person: Person) -> dict[str, int]:
    """Remove a person's name, e-mail and phone from the current rows and the history: the person
    and its history rows, the account (renamed, emptied, no password, inactive), the admin's log
    lines about them, the login attempts under their username, and every mention of their full
    name in the free-text fields listed in settings.NPZ_PERSON_TEXT_FIELDS (current and history
    rows). Returns the number of rows changed per place. Rows that name the account by key (who
    changed what, network roles) keep the key: they now point at an anonymous account."""
    person = Person.objects.select_for_update().get(pk=person.pk)
    full_name = person.full_name
    blank = {"first_name": "", "last_name": ANONYMISED_NAME, "email": "", "phone": ""}
    for name, value in blank.items():
        setattr(person, name, value)
    person.anonymised_at = timezone.now()
    person.save()
    counts = {"person": 1, "person history": Person.history.filter(id=person.pk).update(**blank)}
    if person.user_id:
        counts.update(_anonymise_account(person.user))
    counts.update(_scrub_admin_log(Person, [person.pk]))
    if len(full_name) >= 5 and " " in full_name:  # a full name, not a fragment found everywhere
        counts.update(_scrub_text_fields(full_name))
    logger.info("person %s anonymised: %s", person.pk, counts)
    return counts


def _anonymise_account(user) -> dict[str, int]:
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    old_username = user.get_username()
    user.username = f"anoniem-{user.pk}"
    for name in MIRRORED_FIELDS:
        setattr(user, name, "")
    user.set_unusable_password()
    user.is_active = False
    user.save()
    counts = {
        "login records": sum(
            model.objects.filter(username=old_username).delete()[0]
            for model in (AccessAttempt, AccessLog, AccessFailureLog)
        )
    }
    counts.update(_scrub_admin_log(type(user), [user.pk]))
    return counts


def _scrub_admin_log(model, pks) -> dict[str, int]:
    content_type = ContentType.objects.get_for_model(model)
    changed = LogEntry.objects.filter(
        content_type=content_type, object_id__in=[str(pk) for pk in pks]
    ).update(object_repr=ANONYMISED_NAME)
    return {f"admin log ({model._meta.model_name})": changed}


def _scrub_text_fields(full_name: str) -> dict[str, int]:
    counts = {}
    for dotted in settings.NPZ_PERSON_TEXT_FIELDS:
        app_label, model_name, field = dotted.split(".")
        model = apps.get_model(app_label, model_name)
        models = [model]
        if hasattr(model, "history"):
            models.append(model.history.model)
        for target in models:
            counts[f"{target._meta.label}.{field}"] = target._base_manager.filter(
                **{f"{field}__contains": full_name}
            ).update(**{field: Replace(F(field), Value(full_name), Value(ANONYMISED_NAME))})
    return counts


@transaction.atomic
def user_set_roles(*, user, is_staff: bool, networks: list[Network]) -> None:
    """Give an account exactly these rights: department staff or not (the staff group and the
    back office), and coordinator of exactly these networks. Used at every OpenID Connect login,
    so a right withdrawn in ACM/IDM is withdrawn here at the next login."""
    with recorded_by(user, reason=LOGIN_ROLES_REASON):
        _set_roles(user, is_staff=is_staff, networks=networks)
    # The staff check is cached on the user object for one request (networks.rules).
    user.__dict__.pop("_npz_is_department_staff", None)
    user.__dict__.pop("_npz_network_ids", None)


def _set_roles(user, *, is_staff: bool, networks: list[Network]) -> None:
    staff_group, _created = Group.objects.get_or_create(name=STAFF_GROUP)
    if is_staff:
        user.groups.add(staff_group)
    else:
        user.groups.remove(staff_group)
    if user.is_staff != is_staff and not user.is_superuser:
        user.is_staff = is_staff
        user.save(update_fields=["is_staff"])
    wanted = {network.pk for network in networks}
    for role in NetworkRole.objects.filter(user=user, role=NetworkRole.Role.COORDINATOR).exclude(
        network_id__in=wanted
    ):
        role.delete()  # one by one, so each removal is in the history
    for network in networks:
        NetworkRole.objects.get_or_create(user=user, network=network, role=NetworkRole.Role.COORDINATOR)
