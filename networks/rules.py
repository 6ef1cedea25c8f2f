"""Object-permission predicates shared by every app (django-rules)."""

import rules

from networks.groups import STAFF_GROUP


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
