"""Who may see and change a network's missions matrix."""

import rules

from networks.rules import is_coordinator_of_network, is_department_staff

can_view_network_missions = is_department_staff | is_coordinator_of_network
can_change_network_missions = is_department_staff | is_coordinator_of_network

rules.add_perm("missions.view_network_missions", can_view_network_missions)
rules.add_perm("missions.change_network_missions", can_change_network_missions)
rules.add_perm("missions.view_flanders_missions", is_department_staff)
