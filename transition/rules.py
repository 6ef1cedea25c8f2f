"""Who may see the transition pages: department staff only."""

import rules

from networks.rules import is_department_staff

rules.add_perm("transition.view_dashboard", is_department_staff)
rules.add_perm("transition.view_funding_overview", is_department_staff)
