"""Request-level security: the Content-Security-Policy nonce, session time-outs and the answer to
a locked account (README "Security")."""

import logging
import time

from csp.middleware import CSPMiddleware
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.core.exceptions import BadRequest
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

logger = logging.getLogger("npz_registry.security")

#: Session keys: when the user logged in and when we last saw a request (epoch seconds).
LOGIN_AT = "npz_login_at"
SEEN_AT = "npz_seen_at"
#: The last-seen time is written at most this often, so a busy page does not save the session
#: on every request; the idle time-out is exact to within this many seconds.
SEEN_RESOLUTION = 60


class RefuseNulMiddleware:
    """A NUL character in the address (path or query string) is a bad request (400): no field of
    ours holds one, and PostgreSQL refuses it in any text it is asked to compare (a lookup
    would fail with a server error instead of answering "not found"). The open data API answers
    in JSON, naming the parameter as its filters do."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        where = _nul_in(request)
        if where is None:
            return self.get_response(request)
        message = _("A NUL character is not allowed in the address.")
        if not request.path_info.startswith("/api/"):
            raise BadRequest(message)
        return JsonResponse({"detail": message} if where == "" else {where: [message]}, status=400)


def _nul_in(request) -> str | None:
    """Where the address holds a NUL: "" for the path, else the parameter's name; None if nowhere."""
    if "\x00" in request.path_info:
        return ""
    for key, values in request.GET.lists():
        if "\x00" in key or any("\x00" in value for value in values):
            return key.replace("\x00", "")
    return None


class NonceCSPMiddleware(CSPMiddleware):
    """django-csp adds a nonce only when a template asked for one; we want one on every HTML answer
    (admin, error and third-party pages included), so that the policy is the same everywhere and a
    test can check it."""

    def get_policy_parts(self, request, response, report_only=False):
        if response.get("Content-Type", "").startswith("text/html"):
            self._make_nonce(request)
        return super().get_policy_parts(request, response, report_only)


class SessionTimeoutMiddleware:
    """Log a user out after SESSION_IDLE_TIMEOUT seconds without a request, and SESSION_ABSOLUTE_TIMEOUT
    seconds after the login whatever the activity. The next page then asks for a login (with
    a message saying why) and brings the user back where they were."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            self._check(request)
        return self.get_response(request)

    def _check(self, request):
        now = int(time.time())
        session = request.session
        login_at = session.setdefault(LOGIN_AT, now)
        seen_at = session.get(SEEN_AT, now)
        idle = now - seen_at > settings.SESSION_IDLE_TIMEOUT
        if idle or now - login_at > settings.SESSION_ABSOLUTE_TIMEOUT:
            logger.info("session of %s ended (%s)", request.user.get_username(), "idle" if idle else "age")
            logout(request)
            messages.info(request, _("Your session has ended. Log in again to continue."))
            return
        if now - seen_at >= SEEN_RESOLUTION or SEEN_AT not in session:
            session[SEEN_AT] = now


def lockout_response(request, original_response=None, credentials=None):
    """What django-axes answers once an account is locked, on our login page and the admin's:
    a Dutch page that says so and who can unlock it, even for the right password."""
    return render(
        request,
        "registration/locked_out.html",
        {"failure_limit": settings.AXES_FAILURE_LIMIT},
        status=403,
    )


def start_session_clock(sender, request, user, **kwargs):
    """On login: the absolute and idle time-outs count from now."""
    if request is not None and hasattr(request, "session"):
        now = int(time.time())
        request.session[LOGIN_AT] = now
        request.session[SEEN_AT] = now


def log_lockout(sender, request, username=None, ip_address=None, **kwargs):
    """The security log's line for a locked account (django-axes keeps the record itself:
    admin "Access attempts" and "Access failures")."""
    logger.warning(
        "account locked after %s failed logins: username=%r ip=%s path=%s",
        settings.AXES_FAILURE_LIMIT,
        username,
        ip_address,
        getattr(request, "path", ""),
    )
