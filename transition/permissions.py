"""Who may see the funding page, and whose grants: one function per question, answering
``Answer(allowed, reason)`` like missions/permissions.py (whose Answer it uses).

Department staff see every grant. A network's coordinator sees the grants to the networks they
coordinate and to the legacy organisations that merge into them (transition.selectors
reads them); other networks' grants are not public. Anyone else is refused with the reason.
"""

from django.utils.translation import gettext_lazy

from missions.permissions import ALLOWED, Answer, refused, require
from networks.rules import is_department_staff, network_ids_of

ONLY_STAFF_AND_COORDINATORS = gettext_lazy(
    "Only department staff and the coordinators of a network see funding amounts."
)


__all__ = ["Answer", "funding_networks", "require", "view_funding"]


def view_funding(user) -> Answer:
    if is_department_staff(user) or network_ids_of(user):
        return ALLOWED
    return refused(ONLY_STAFF_AND_COORDINATORS)


def funding_networks(user) -> frozenset[int] | None:
    """The networks whose grants `user` sees: None for all (department staff), else the
    networks they coordinate (empty: none)."""
    if is_department_staff(user):
        return None
    return network_ids_of(user)
