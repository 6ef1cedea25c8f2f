"""Groups that carry the department's rights. Staff rights come from groups, never from code
checks on usernames."""

from django.apps import apps as global_apps
from django.db import DEFAULT_DB_ALIAS

#: Department staff (Departement Zorg, team Eerste Lijn).
STAFF_GROUP = "Departement Zorg"

#: Apps whose models department staff maintain in full.
STAFF_APPS = ("networks", "missions", "transition")


def sync_groups(sender=None, *, using=DEFAULT_DB_ALIAS, apps=global_apps, **kwargs):
    """Create the staff group and give it every permission of our apps (idempotent)."""
    try:
        Group = apps.get_model("auth", "Group")
        Permission = apps.get_model("auth", "Permission")
    except LookupError:
        return
    group, _ = Group.objects.using(using).get_or_create(name=STAFF_GROUP)
    wanted = Permission.objects.using(using).filter(content_type__app_label__in=STAFF_APPS)
    group.permissions.add(*wanted)
