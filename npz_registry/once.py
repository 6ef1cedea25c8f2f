"""One-time tokens on creation forms: a double click (or a form sent again) creates one object.

A creation page puts ``{% once_token %}`` in its form (a fresh token per page, the same one
again when the page comes back with errors); the view wraps its save in ``create_once``. The
token is stored in the same transaction as the object, under a unique constraint, so the
second of two parallel posts waits for the first and then finds the token used: it creates
nothing and the user is sent to what the first one made."""

import datetime
import re
import secrets

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _

from npz_registry.models import OnceToken

FIELD = "once"
#: How long a used token is kept (a day is far longer than any double click).
KEEP = datetime.timedelta(days=1)


#: What a token looks like (secrets.token_urlsafe): anything else posted is no token.
TOKEN = re.compile(r"[A-Za-z0-9_-]{1,64}")


def _posted(request) -> str:
    """The token the form was posted with ("" for none or for one we never made)."""
    posted = request.POST.get(FIELD, "") if request.method == "POST" else ""
    return posted if TOKEN.fullmatch(posted) else ""


def token_for(request) -> str:
    """The token the form carries: the one it was posted with, or a new one."""
    return _posted(request) or secrets.token_urlsafe(24)


def _shown_once(request, used: OnceToken):
    messages.info(request, _("This form was already sent: it was saved once."))
    return redirect(used.url or request.path)


def repeated(request):
    """The answer to a form sent again with a used token (before it is even validated: the
    first save may have made it invalid), or None."""
    token = _posted(request)
    used = OnceToken.objects.filter(token=token, user=request.user).first() if token else None
    return _shown_once(request, used) if used else None


def create_once(request, save, url_of):
    """Run ``save()`` once per token; returns ``(saved, None)``, or ``(None, response)`` when
    the token was used already (the response shows the first result). Without a token (an
    older page) ``save()`` simply runs."""
    token = _posted(request)
    if not token:
        return save(), None
    try:
        with transaction.atomic():
            once = OnceToken.objects.create(token=token, user=request.user)
            saved = save()
            once.url = url_of(saved)[:500]
            once.save(update_fields=["url"])
    except IntegrityError:
        first = OnceToken.objects.filter(token=token).first()
        if first is None:  # not the token: the save's own conflict
            raise
        if first.user_id != request.user.pk:
            return save(), None  # somebody else's token: nothing to protect
        return None, _shown_once(request, first)
    OnceToken.objects.filter(created_at__lt=timezone.now() - KEEP).delete()
    return saved, None
