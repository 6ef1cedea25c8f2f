"""Object-permission predicates shared by every app (django-rules)."""

import functools

import rules
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import DEFAULT_DB_ALIAS, connections
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
    model permission (most coordinators hold none), in the same query (remember_request_facts
    then caches the answers on each)."""
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
        user.npz_in_staff_group, user.npz_holds_permissions = (
            bool(user.npz_in_staff_group),
            bool(user.npz_holds_permissions),
        )
        user._npz_is_department_staff = user.is_superuser or user.npz_in_staff_group
        user._npz_network_ids = frozenset(ids_in(user.npz_network_id_list))
    return user


#: A key no account has, that stands for the account's key while the user query is compiled.
_ANY_USER = -7_654_321


@functools.cache
def _request_user_sql(alias: str, vendor: str) -> tuple[str, list, int]:
    """The SQL of users_with_request_facts for one account on database `alias`, its parameters
    and which of them is the account's key: built once per process and database (building and
    compiling those subqueries took about 1.3 ms of every signed-in request, six times what the
    database takes to answer)."""
    users = get_user_model()._default_manager.using(alias).filter(pk=_ANY_USER)
    sql, params = users_with_request_facts(users).query.sql_with_params()
    params = list(params)
    if params.count(_ANY_USER) != 1:
        raise ImproperlyConfigured("the request user's query must name the account once")
    return sql, params, params.index(_ANY_USER)


def request_user(user_id, *, using: str = DEFAULT_DB_ALIAS):
    """The account `user_id` read with its request facts (users_with_request_facts, cached on
    it by remember_request_facts) in one query, or None: what the authentication backends load
    for every request."""
    model = get_user_model()
    try:
        key = model._meta.pk.to_python(user_id)
    except ValidationError:
        return None
    sql, params, position = _request_user_sql(using, connections[using].vendor)
    params = [*params[:position], key, *params[position + 1 :]]
    user = next(iter(model._default_manager.db_manager(using).raw(sql, params)), None)
    return remember_request_facts(user)
