"""E-mail on status changes and reminders. Sent after the transaction commits, in the site's
language; the bodies are templates (templates/missions/email/), the links point at the page
where the reader acts."""

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mass_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override

from networks.groups import STAFF_GROUP


@dataclass(frozen=True)
class StatusMail:
    to_staff: bool  # else the network's coordinators
    subject: str  # with %(network)s, %(what)s and %(What)s (capitalised)
    template: str


#: Who hears of which transition, and what they read.
STATUS_MAILS = {
    "submit": StatusMail(True, _("%(network)s submitted %(what)s"), "submitted"),
    # It left the review queue the department was told to look at.
    "withdraw": StatusMail(True, _("%(network)s withdrew %(what)s"), "withdrawn"),
    "request_changes": StatusMail(False, _("Changes requested for %(what)s"), "changes_requested"),
    "reopen": StatusMail(False, _("Changes requested for %(what)s"), "changes_requested"),
    "approve": StatusMail(False, _("%(What)s is approved"), "approved"),
}


def _absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def _coordinator_emails(network) -> list[str]:
    return [r.user.email for r in network.roles.select_related("user") if r.user.email and r.user.is_active]


def _staff_emails() -> list[str]:
    User = get_user_model()
    return list(
        User.objects.filter(groups__name=STAFF_GROUP, is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
    )


def _send(recipients, subject_line: str, template: str, context: dict) -> None:
    body = render_to_string(f"missions/email/{template}.txt", context)
    send_mass_mail([(subject_line, body, settings.DEFAULT_FROM_EMAIL, [to]) for to in recipients])


def status_changed(model, pk: int, transition: str) -> None:
    """Tell the department of a submission (and of its withdrawal), the coordinators of a
    decision."""
    from missions.models import MultiYearPlan
    from missions.selectors.plans import open_change_request

    mail = STATUS_MAILS.get(transition)
    if mail is None:
        return
    is_plan = model is MultiYearPlan
    related = ("network", "period") if is_plan else ("plan__network",)
    subject = model.objects.select_related(*related).get(pk=pk)
    recipients = _staff_emails() if mail.to_staff else _coordinator_emails(subject.network)
    if not recipients:
        return
    with override(settings.LANGUAGE_CODE):
        if is_plan:
            what = _("the multi-year plan %(period)s") % {"period": subject.period.span}
        else:
            what = _("the progress report %(year)s") % {"year": subject.year}
        context = {"network": subject.network.name, "what": what, "What": capfirst(what)}
        subject_line = mail.subject % context
        _send(
            recipients,
            subject_line,
            mail.template,
            {
                **context,
                "link": _absolute(subject.get_absolute_url()),
                "change_request": open_change_request(subject),
                # The step's own comment (the approval's, the submission's reason), if any.
                "step": subject.events.order_by("-at", "-pk").first(),
            },
        )


def progress_reminder(plan, year: int, due) -> int:
    """Remind the coordinators that the progress report of `year` is due on `due`."""
    recipients = _coordinator_emails(plan.network)
    if not recipients:
        return 0
    with override(settings.LANGUAGE_CODE):
        context = {
            "year": year,
            "period": plan.period.span,  # the name may say "meerjarenplan" itself
            "network": plan.network.name,
            "due": due.strftime("%d/%m/%Y"),
            "link": _absolute(reverse("missions:progress-start", args=[plan.pk, year])),
        }
        subject_line = _("Reminder: progress report %(year)s due on %(due)s") % context
        _send(recipients, subject_line, "progress_reminder", context)
    return len(recipients)
