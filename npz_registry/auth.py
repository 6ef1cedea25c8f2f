"""The authentication backend: Django's, with the request's user read in one query together
with the facts every page asks about it (department staff, its networks, whether it holds any
model permission), and its model permissions, when it holds some, in one query instead of two."""

from django.contrib.auth import backends
from django.contrib.auth.models import Permission
from django.db.models import Value

from networks.rules import request_user


class RequestFactsMixin:
    """get_user for any backend: the user with the facts of networks.rules cached on it."""

    def get_user(self, user_id):
        user = request_user(user_id)
        may_use = getattr(self, "user_can_authenticate", None)  # Django's backend asks, OIDC's not
        if user is None or (may_use is not None and not may_use(user)):
            return None
        return user


class ModelBackend(RequestFactsMixin, backends.ModelBackend):
    def _get_permissions(self, user_obj, obj, from_name):
        known = hasattr(user_obj, "_user_perm_cache") and hasattr(user_obj, "_group_perm_cache")
        plain = user_obj.is_active and not user_obj.is_anonymous and not user_obj.is_superuser
        if known or obj is not None or not plain:
            return super()._get_permissions(user_obj, obj, from_name)
        if getattr(user_obj, "npz_holds_permissions", None) is False:  # read with the user (get_user)
            user_obj._user_perm_cache, user_obj._group_perm_cache = set(), set()
            return set()
        # The user's own permissions and its groups' in one query (Django asks them apart).
        fields = ("content_type__app_label", "codename", "source")
        own = Permission.objects.filter(user=user_obj).annotate(source=Value("user"))
        of_groups = Permission.objects.filter(group__user=user_obj).annotate(source=Value("group"))
        found = {"user": set(), "group": set()}
        for app_label, codename, source in (
            own.values_list(*fields).order_by().union(of_groups.values_list(*fields).order_by(), all=True)
        ):
            found[source].add(f"{app_label}.{codename}")
        user_obj._user_perm_cache, user_obj._group_perm_cache = found["user"], found["group"]
        return found[from_name]
