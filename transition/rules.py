"""Who may see the transition pages: department staff only; the funding page also the
coordinators of a network, for their own network (transition.permissions)."""

import rules

from networks.rules import is_department_staff
from transition import permissions


@rules.predicate
def may_view_funding(user) -> bool:
    return permissions.view_funding(user).allowed


rules.add_perm("transition.view_dashboard", is_department_staff)
rules.add_perm("transition.view_funding_overview", may_view_funding)
