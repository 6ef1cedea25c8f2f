"""Who may see and change a network's missions matrix."""

import rules

from networks.rules import is_coordinator_of_network, is_department_staff

can_view_network_missions = is_department_staff | is_coordinator_of_network
can_change_network_missions = is_department_staff | is_coordinator_of_network

rules.add_perm("missions.view_network_missions", can_view_network_missions)
rules.add_perm("missions.change_network_missions", can_change_network_missions)
rules.add_perm("missions.view_flanders_missions", is_department_staff)


@rules.predicate
def is_coordinator_of_plan_network(user, plan) -> bool:
    return plan is not None and is_coordinator_of_network(user, plan.network)


@rules.predicate
def is_editable(user, subject) -> bool:
    return subject is not None and subject.is_editable


# Plans and progress reports: staff and the network's coordinators read them; only the
# coordinators change them, and only while draft or changes requested (the services check
# the same through missions/workflow.py).
rules.add_perm("missions.view_multiyearplan", is_department_staff | is_coordinator_of_plan_network)
rules.add_perm("missions.change_multiyearplan", is_coordinator_of_plan_network & is_editable)
rules.add_perm("missions.view_yearlyprogress", is_department_staff | is_coordinator_of_plan_network)
rules.add_perm("missions.change_yearlyprogress", is_coordinator_of_plan_network & is_editable)
