"""Object-permission predicates shared by every app (django-rules)."""

import rules
from django.contrib.auth.models import Group, Permission
from django.db.models import Exists, OuterRef, Q

from networks.groups import STAFF_GROUP
from npz_registry.aggregates import id_list, ids_in


@rules.predicate
def is_department_staff(user) -> bool:
    """Department staff: members of the staff group (superusers count as staff)."""
    if not user or not user.is_authenticated or not user.is_active:
        return False
    # Asked many times per page (navigation, permissions, workflow): cached on the user object,
    # which lives for one request.
    cached = getattr(user, "_npz_is_department_staff", None)
    if cached is None:
        cached = user.is_superuser or user.groups.filter(name=STAFF_GROUP).exists()
        user._npz_is_department_staff = cached
    return cached


def network_ids_of(user) -> frozenset[int]:
    """The networks `user` holds a role in: one query per request, cached on the user object
    (which lives for one request) like is_department_staff."""
    if not user or not user.is_authenticated:
        return frozenset()
    cached = getattr(user, "_npz_network_ids", None)
    if cached is None:
        cached = user._npz_network_ids = frozenset(user.network_roles.values_list("network_id", flat=True))
    return cached


@rules.predicate
def is_coordinator_of_network(user, obj) -> bool:
    """The user coordinates the network `obj` belongs to (`obj` is a network or has `network_id`)."""
    if not user or not user.is_authenticated or obj is None:
        return False
    network_id = getattr(obj, "network_id", None) or getattr(obj, "pk", None)
    return network_id in network_ids_of(user)


def users_with_request_facts(users):
    """`users` with what is_department_staff and network_ids_of ask, and whether they hold any
    model permission (most coordinators hold none), in the same query (the authentication
    backends load the request's user through this; remember_request_facts then caches the
    answers on it)."""
    from networks.models import NetworkRole

    held = Permission.objects.filter(Q(user=OuterRef("pk")) | Q(group__user=OuterRef("pk")))
    return users.annotate(
        npz_in_staff_group=Exists(Group.objects.filter(name=STAFF_GROUP, user=OuterRef("pk"))),
        npz_holds_permissions=Exists(held),
        npz_network_id_list=id_list(NetworkRole.objects.all(), "user", "network_id"),
    )


def remember_request_facts(user):
    """Cache the facts users_with_request_facts read, as the predicates above would."""
    if user is not None and hasattr(user, "npz_in_staff_group"):
        user._npz_is_department_staff = user.is_superuser or user.npz_in_staff_group
        user._npz_network_ids = frozenset(ids_in(user.npz_network_id_list))
    return user
