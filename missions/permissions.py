"""Who may do what with a network's missions matrix, its multi-year plans and its yearly
progress reports: one function per action, each answering ``Answer(allowed, reason)``.

Views, services, templates (to show or hide a button) and the ``rules`` predicates of
missions/rules.py all ask these functions, so every rule and its refusal message exist once
(Hypha's ``has_permission(action, user, obj)``). The getters at the end fetch a plan or a
progress report for a request, as healthchecks' ``_get_check_for_user`` does: outside the
user's scope a 404 (existence does not leak), inside it but not allowed a 403 with the reason.
"""

from typing import NamedTuple

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from missions.models import MultiYearPlan, SubmissionStatus, YearlyProgress
from missions.selectors.plans import plan_detail_queryset
from missions.workflow import COORDINATOR, TRANSITIONS, Transition
from networks.access import get_network_for_user_or_404
from networks.rules import is_coordinator_of_network, is_department_staff
from npz_registry import dataversion


class Answer(NamedTuple):
    """Whether an action is allowed and, when it is not, why (shown on the 403 page)."""

    allowed: bool
    reason: str = ""

    def __bool__(self) -> bool:
        return self.allowed


ALLOWED = Answer(True)

#: A refusal given by more than one action.
ONLY_COORDINATORS_REPORT = gettext_lazy("Only the network's coordinators write its progress reports.")


def refused(reason) -> Answer:
    return Answer(False, str(reason))


def require(answer: Answer) -> None:
    """Raise ``PermissionDenied`` with the reason unless ``answer`` allows."""
    if not answer.allowed:
        raise PermissionDenied(answer.reason)


def _staff_or_coordinator(user, network) -> bool:
    return is_department_staff(user) or is_coordinator_of_network(user, network)


# Department pages -------------------------------------------------------------------------


def view_review_queue(user) -> Answer:
    if is_department_staff(user):
        return ALLOWED
    return refused(_("The review queue is for department staff."))


def view_flanders_missions(user) -> Answer:
    if is_department_staff(user):
        return ALLOWED
    return refused(_("The Flanders overview is for department staff."))


def change_indicators(user) -> Answer:
    """Whoever holds the permission (department staff through their group) changes the needs
    index's weights and indicators in the back office: the permission itself is asked, as the
    back office does, so that a group without it does not get the link (one query, none for
    a user read without any permission)."""
    if user.has_perm("missions.change_indicator"):
        return ALLOWED
    return refused(_("The indicators of the needs index are changed by department staff."))


# A network's missions matrix (intensity) ---------------------------------------------------


def view_missions(user, network) -> Answer:
    if _staff_or_coordinator(user, network):
        return ALLOWED
    return refused(_("Only department staff and the network's coordinators see its missions."))


def edit_missions(user, network) -> Answer:
    """Staff and the network's coordinators set the intensity of its zones and themes."""
    if _staff_or_coordinator(user, network):
        return ALLOWED
    return refused(_("You may look at this matrix, not change it."))


# Plans and progress reports ----------------------------------------------------------------


def view_plan(user, plan: MultiYearPlan) -> Answer:
    """Staff read every plan; a network's coordinators read its plans (``visible_to`` agrees)."""
    if _staff_or_coordinator(user, plan.network):
        return ALLOWED
    return refused(_("Only department staff and the network's coordinators see its plans."))


def view_plan_history(user, plan: MultiYearPlan) -> Answer:
    """Who changed what in a plan, its parts and its progress reports, version by version:
    department staff, and the network's coordinators for their own plans (they are accountable
    for the content, and every name in it already signs the plan's versions and comments)."""
    if _staff_or_coordinator(user, plan.network):
        return ALLOWED
    return refused(_("Only department staff and the network's coordinators see the history of its plans."))


def view_progress(user, progress: YearlyProgress) -> Answer:
    return view_plan(user, progress.plan)


def create_plan(user, network) -> Answer:
    if is_coordinator_of_network(user, network):
        return ALLOWED
    return refused(_("Only the network's coordinators create its plans."))


def _edit(user, subject, *, only_coordinators: str, not_now: str) -> Answer:
    """The network's coordinators change a plan or report while it is a draft or changes were
    requested; department staff review, they do not write."""
    if not is_coordinator_of_network(user, subject.network):
        return refused(only_coordinators)
    if not subject.is_editable:
        return refused(not_now % {"status": subject.get_status_display()})
    return ALLOWED


def edit_plan(user, plan: MultiYearPlan) -> Answer:
    return _edit(
        user,
        plan,
        only_coordinators=_("Only the network's coordinators edit its plan."),
        not_now=_("This plan can no longer be changed: its status is '%(status)s'."),
    )


def start_progress(user, plan: MultiYearPlan) -> Answer:
    """The network's coordinators open a yearly progress report on an approved plan. Also while
    the plan is being revised: the report can be written and saved then, it waits only to be
    submitted and approved (progress_hold)."""
    if not is_coordinator_of_network(user, plan.network):
        return refused(ONLY_COORDINATORS_REPORT)
    if not plan.has_approved_version:
        return refused(_("Progress is reported on an approved plan only."))
    return ALLOWED


def plan_under_revision(plan: MultiYearPlan) -> bool:
    """Whether ``plan`` is being revised: a version of it is approved and in force, but the
    department reopened it and its content now is not (yet) an approved version."""
    return plan.has_approved_version and not plan.is_approved


#: Why a progress report waits while its plan is being revised, and what to do.
WAITS_FOR_REVISION = gettext_lazy(
    "The multi-year plan is being revised: this progress report waits until the department "
    "approves the revision, so that it is rated against the approved plan. Until then it can be "
    "written and saved, not submitted or approved."
)

#: The transitions of a progress report that wait for its hold (progress_hold) to lift.
HELD_TRANSITIONS = ("submit", "approve")


def progress_hold(progress: YearlyProgress) -> Answer:
    """Whether ``progress`` may be submitted and approved now (ALLOWED), or waits, and why:
    while its plan is being revised its targets are not approved, and the report would be
    rated against a draft. Writing and saving the report are not held. (A report on a year
    that has not begun is not held: its page says so before it is sent.)"""
    if plan_under_revision(progress.plan):
        return refused(WAITS_FOR_REVISION)
    return ALLOWED


def transition_hold(subject, name: str) -> Answer:
    """Whether transition ``name`` of ``subject`` waits (progress_hold), whoever applies it:
    ALLOWED for a plan and for the transitions that never wait."""
    if isinstance(subject, YearlyProgress) and name in HELD_TRANSITIONS:
        return progress_hold(subject)
    return ALLOWED


def edit_progress(user, progress: YearlyProgress) -> Answer:
    return _edit(
        user,
        progress,
        only_coordinators=ONLY_COORDINATORS_REPORT,
        not_now=_("This report cannot be changed now: its status is '%(status)s'."),
    )


#: Staff comment while a document is with them or back with the network for changes.
COMMENTABLE = (SubmissionStatus.SUBMITTED, SubmissionStatus.IN_REVIEW, SubmissionStatus.CHANGES_REQUESTED)


def _not_now(subject) -> Answer:
    return refused(
        _("Not possible while the status is '%(status)s'.") % {"status": subject.get_status_display()}
    )


def comment(user, subject) -> Answer:
    """Department staff comment on a plan (or one goal or action of it) or a progress report
    once it is submitted, until it is approved."""
    if not is_department_staff(user):
        return refused(_("Only department staff write review comments."))
    if subject.status not in COMMENTABLE:
        return _not_now(subject)
    return ALLOWED


# Workflow transitions (the table is in missions/workflow.py) -------------------------------


def _actor_allowed(user, subject, transition: Transition) -> bool:
    if transition.actor == COORDINATOR:
        return is_coordinator_of_network(user, subject.network)
    return is_department_staff(user)


def is_transition_actor(user, subject, name: str) -> bool:
    """Whether ``user`` is who applies transition ``name`` to ``subject``, whatever its status
    now (a coordinator's double click on "Submit" is stale, not forbidden)."""
    transition = TRANSITIONS.get(name)
    return transition is not None and _actor_allowed(user, subject, transition)


def apply_transition(user, subject, name: str, *, held: bool = True) -> Answer:
    """Whether ``user`` may move ``subject`` (a plan or progress report) along transition
    ``name`` now: coordinators move their own network's documents, department staff review; a
    progress report waiting for its plan's revision is not submitted or approved
    (transition_hold). ``held=False``: whether they may once that wait is over (the page of the
    step says why it waits)."""
    transition = TRANSITIONS.get(name)
    if transition is None:
        return refused(_("Unknown action."))
    if not _actor_allowed(user, subject, transition):
        if transition.actor == COORDINATOR:
            return refused(_("Only the network's coordinators can do this."))
        return refused(_("Only department staff can do this."))
    if subject.status not in transition.sources:
        return _not_now(subject)
    return transition_hold(subject, name) if held else ALLOWED


def available_transitions(user, subject, *, held: bool = True) -> list[Transition]:
    """The transitions ``user`` may apply to ``subject`` now (the buttons on its page);
    ``held=False``: also those that wait (apply_transition)."""
    return [t for name, t in TRANSITIONS.items() if apply_transition(user, subject, name, held=held)]


# Getters for the views ----------------------------------------------------------------------


def get_network_missions_for_user_or_404(user, code: str, *, check=view_missions):
    """The network if ``user`` may see it (404 otherwise); 403 with the reason when ``check``
    (``view_missions`` or ``edit_missions``) refuses."""
    network = get_network_for_user_or_404(user, code)
    require(check(user, network))
    return network


def get_plan_for_user_or_404(user, pk, *, check=view_plan, content=True, plans=None) -> MultiYearPlan:
    """The plan with its content (``plan_detail_queryset``; with ``content=False`` only its
    network and period, for pages that show none of its goals; from ``plans`` when given) if it
    is in ``user``'s scope, 404 otherwise; 403 with the reason when ``check`` (default
    ``view_plan``) refuses. The data version comes with the plan (the keys of the page's kept
    fragments cost no query of their own)."""
    if plans is None:
        plans = (
            plan_detail_queryset() if content else MultiYearPlan.objects.select_related("network", "period")
        )
    plan = get_object_or_404(dataversion.with_version(plans.visible_to(user)), pk=pk)
    dataversion.remember(plan)
    require(check(user, plan))
    return plan


def get_editable_plan_for_user_or_404(user, pk, *, content=True) -> MultiYearPlan:
    """The read-write variant: the plan, if ``user`` may edit it now."""
    return get_plan_for_user_or_404(user, pk, check=edit_plan, content=content)


def get_progress_for_user_or_404(user, pk, *, check=view_progress) -> YearlyProgress:
    """The progress report if it is in ``user``'s scope (404 otherwise), with the data version
    (as get_plan_for_user_or_404); 403 with the reason when ``check`` refuses."""
    progress = get_object_or_404(
        dataversion.with_version(
            YearlyProgress.objects.visible_to(user).select_related("plan__network", "plan__period")
        ),
        pk=pk,
    )
    dataversion.remember(progress)
    require(check(user, progress))
    return progress


def get_editable_progress_for_user_or_404(user, pk) -> YearlyProgress:
    return get_progress_for_user_or_404(user, pk, check=edit_progress)
