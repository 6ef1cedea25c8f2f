"""The submission workflow of multi-year plans and yearly progress reports, declared in one
place. Only the services in missions/services/plans.py move a status along these transitions."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from missions.models import SubmissionStatus as S
from networks.rules import is_coordinator_of_network, is_department_staff

COORDINATOR = "coordinator"
STAFF = "staff"


@dataclass(frozen=True)
class Transition:
    name: str
    sources: frozenset
    target: str
    actor: str
    label: str
    comment_required: bool = False
    button_class: str = "btn-primary"


TRANSITIONS = {
    t.name: t
    for t in (
        Transition(
            "submit", frozenset({S.DRAFT, S.CHANGES_REQUESTED}), S.SUBMITTED, COORDINATOR, _("Submit")
        ),
        Transition(
            "withdraw",
            frozenset({S.SUBMITTED}),
            S.DRAFT,
            COORDINATOR,
            _("Withdraw"),
            button_class="btn-outline-secondary",
        ),
        Transition(
            "start_review",
            frozenset({S.SUBMITTED}),
            S.IN_REVIEW,
            STAFF,
            _("Start review"),
            button_class="btn-outline-primary",
        ),
        Transition(
            "request_changes",
            frozenset({S.SUBMITTED, S.IN_REVIEW}),
            S.CHANGES_REQUESTED,
            STAFF,
            _("Request changes"),
            comment_required=True,
            button_class="btn-warning",
        ),
        Transition(
            "approve",
            frozenset({S.SUBMITTED, S.IN_REVIEW}),
            S.APPROVED,
            STAFF,
            _("Approve"),
            button_class="btn-success",
        ),
        Transition(
            "reopen",
            frozenset({S.APPROVED}),
            S.CHANGES_REQUESTED,
            STAFF,
            _("Reopen for a correction"),
            comment_required=True,
            button_class="btn-outline-danger",
        ),
    )
}


def actor_allowed(user, subject, transition: Transition) -> bool:
    """Coordinators move their own network's documents; department staff review."""
    if transition.actor == COORDINATOR:
        return is_coordinator_of_network(user, subject.network)
    return is_department_staff(user)


def refusal(subject, name: str, user) -> str | None:
    """Why `user` cannot apply transition `name` to `subject` now (None when they can)."""
    transition = TRANSITIONS.get(name)
    if transition is None:
        return _("Unknown action.")
    if not actor_allowed(user, subject, transition):
        if transition.actor == COORDINATOR:
            return _("Only the network's coordinators can do this.")
        return _("Only department staff can do this.")
    if subject.status not in transition.sources:
        return _("Not possible while the status is '%(status)s'.") % {"status": subject.get_status_display()}
    return None


def available(subject, user) -> list[Transition]:
    return [t for name, t in TRANSITIONS.items() if refusal(subject, name, user) is None]
