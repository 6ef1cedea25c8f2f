"""The submission workflow of multi-year plans and yearly progress reports, declared in one
place. Who may apply a transition is decided in missions/permissions.py; only the services in
missions/services/workflow.py move a status along these transitions."""

from dataclasses import dataclass

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from missions.models import MultiYearPlan
from missions.models import SubmissionStatus as S

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


def describe(subject) -> str:
    """The plan or report as the messages name it: what, which period or year, which network."""
    if isinstance(subject, MultiYearPlan):
        return gettext("the multi-year plan %(period)s of %(network)s") % {
            "period": subject.period.span,  # the name may say "meerjarenplan" itself
            "network": subject.network.name,
        }
    return gettext("the progress report %(year)s of %(network)s") % {
        "year": subject.year,
        "network": subject.plan.network.name,
    }
