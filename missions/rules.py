"""The missions' django-rules permissions (``user.has_perm``, ``{% if perms.missions... %}``),
each answered by missions/permissions.py so that the rule is written once."""

import rules

from missions import permissions


def _asks(check):
    """A rules predicate that answers with ``check(user, obj)``'s verdict."""

    @rules.predicate(name=check.__name__)
    def predicate(user, obj) -> bool:
        return obj is not None and check(user, obj).allowed

    return predicate


@rules.predicate
def can_view_flanders_missions(user) -> bool:
    return permissions.view_flanders_missions(user).allowed


rules.add_perm("missions.view_network_missions", _asks(permissions.view_missions))
rules.add_perm("missions.change_network_missions", _asks(permissions.edit_missions))
rules.add_perm("missions.view_flanders_missions", can_view_flanders_missions)
rules.add_perm("missions.view_multiyearplan", _asks(permissions.view_plan))
rules.add_perm("missions.change_multiyearplan", _asks(permissions.edit_plan))
rules.add_perm("missions.view_yearlyprogress", _asks(permissions.view_progress))
rules.add_perm("missions.change_yearlyprogress", _asks(permissions.edit_progress))
