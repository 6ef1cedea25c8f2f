"""E-mail on status changes and reminders. Sent after the transaction commits; the links
point at the page where the reader acts."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mass_mail
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import override

from networks.groups import STAFF_GROUP


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


def status_changed(model, pk: int, transition: str) -> None:
    from missions.models import MultiYearPlan

    subject = model.objects.select_related("network" if model is MultiYearPlan else "plan__network").get(
        pk=pk
    )
    network = subject.network
    is_plan = model is MultiYearPlan
    with override(settings.LANGUAGE_CODE):
        what = (
            _("the multi-year plan %(period)s") % {"period": subject.period.name}
            if is_plan
            else _("the progress report %(year)s") % {"year": subject.year}
        )
        link = _absolute(subject.get_absolute_url())
        if transition == "submit":
            recipients = _staff_emails()
            subject_line = _("%(network)s submitted %(what)s") % {"network": network.name, "what": what}
            body = _("%(network)s submitted %(what)s for review.\n\nReview it here: %(link)s") % {
                "network": network.name,
                "what": what,
                "link": link,
            }
        elif transition in ("request_changes", "reopen"):
            recipients = _coordinator_emails(network)
            subject_line = _("Changes requested for %(what)s") % {"what": what}
            body = _(
                "The department asks for changes to %(what)s. Read the comments and edit it here: %(link)s"
            ) % {
                "what": what,
                "link": link,
            }
        elif transition == "approve":
            recipients = _coordinator_emails(network)
            subject_line = _("%(what)s is approved") % {"what": what.capitalize()}
            body = _("The department approved %(what)s.\n\nSee it here: %(link)s") % {
                "what": what,
                "link": link,
            }
        else:
            return
    if recipients:
        send_mass_mail([(subject_line, body, settings.DEFAULT_FROM_EMAIL, [to]) for to in recipients])


def progress_reminder(plan, year: int, due) -> int:
    """Remind the coordinators that the progress report of `year` is due on `due`."""
    recipients = _coordinator_emails(plan.network)
    if not recipients:
        return 0
    with override(settings.LANGUAGE_CODE):
        link = _absolute(reverse("missions:progress-start", args=[plan.pk, year]))
        subject_line = _("Reminder: progress report %(year)s due on %(due)s") % {
            "year": year,
            "due": due.strftime("%d/%m/%Y"),
        }
        body = _(
            "The yearly progress report %(year)s on the multi-year plan %(period)s of %(network)s is due on "
            "%(due)s.\n\nWrite it here: %(link)s"
        ) % {
            "year": year,
            "period": plan.period.name,
            "network": plan.network.name,
            "due": due.strftime("%d/%m/%Y"),
            "link": link,
        }
    send_mass_mail([(subject_line, body, settings.DEFAULT_FROM_EMAIL, [to]) for to in recipients])
    return len(recipients)
