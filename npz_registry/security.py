"""Request-level security: the Content-Security-Policy nonce, session time-outs, the answers to a
locked account and to a refused form (README "Security")."""

import logging
import time
from urllib.parse import urlencode, urlsplit, urlunsplit

from csp.middleware import CSPMiddleware
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import REDIRECT_FIELD_NAME, logout
from django.core.exceptions import BadRequest
from django.http import JsonResponse
from django.shortcuts import render, resolve_url
from django.utils.cache import add_never_cache_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from npz_registry.templatetags.npz_layout import sent_a_form

logger = logging.getLogger("npz_registry.security")

#: Session keys: when the user logged in and when we last saw a request (epoch seconds).
LOGIN_AT = "npz_login_at"
SEEN_AT = "npz_seen_at"
#: The last-seen time is written at most this often, so a busy page does not save the session
#: on every request; the idle time-out is exact to within this many seconds.
SEEN_RESOLUTION = 60
#: The request attribute that says a session ended on this request: "idle" or "age".
SESSION_ENDED = "npz_session_ended"


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
    a message saying why) and brings the user back where they were. A form sent then gets a page
    with what was typed instead (session_ended_response): the login would drop it."""

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
            setattr(request, SESSION_ENDED, "idle" if idle else "age")
            if request.method != "POST":  # a post: process_view decides
                say_session_ended(request)
            return
        if now - seen_at >= SEEN_RESOLUTION or SEEN_AT not in session:
            session[SEEN_AT] = now

    def process_view(self, request, view_func, view_args, view_kwargs):
        """Before LoginRequiredMiddleware sends a form whose session just ended to the login page,
        which would drop the post: the page with what was typed. A post with nothing typed
        (logging out, a button) and one to a view open without a login (the language switch)
        go on as a page does."""
        ended = getattr(request, SESSION_ENDED, None)
        if not ended or request.method != "POST":
            return None
        if getattr(view_func, "login_required", True) and sent_a_form(request):
            return session_ended_response(request, ended)
        say_session_ended(request)
        return None


def say_session_ended(request):
    """The login page's note on why it asks again."""
    messages.info(request, _("Your session has ended. Log in again to continue."))


def same_origin_referer(request) -> str | None:
    """The path (and query) of the page the request came from, if it is one of ours; else None.
    Browsers send it to our own pages only (SECURE_REFERRER_POLICY)."""
    referer = request.META.get("HTTP_REFERER", "")
    ours = {request.get_host()}
    if not referer or not url_has_allowed_host_and_scheme(referer, ours, require_https=request.is_secure()):
        return None
    parts = urlsplit(referer)
    path = urlunsplit(("", "", parts.path or "/", parts.query, ""))
    # A path that starts with "//" would be read as another site's address.
    return path if url_has_allowed_host_and_scheme(path, ours) else None


def _refused_form_page(request, template_name, context):
    """A 403 page that shows what was typed (templates/error_page.html): never stored by a
    browser or a proxy."""
    response = render(request, template_name, context, status=403)
    add_never_cache_headers(response)
    return response


def session_ended_response(request, ended):
    """What a form sent after its session ended (``ended``: "idle" or "age") gets: nothing saved,
    what was typed, and a link to log in again that leads back to the form's page. Never the post
    replayed after the login, and nothing typed kept on the server."""
    page = same_origin_referer(request) or request.get_full_path()
    login_url = f"{resolve_url(settings.LOGIN_URL)}?{urlencode({REDIRECT_FIELD_NAME: page})}"
    return _refused_form_page(
        request, "session_ended.html", {"login_url": login_url, "idle": ended == "idle"}
    )


def csrf_failure(request, reason=""):
    """settings.CSRF_FAILURE_VIEW: a form whose CSRF token no longer holds (the page was open for
    long, or the user logged in again in another tab) gets the project's error page with what was
    typed and a link back to the form's page. Django's CsrfViewMiddleware logs the reason
    ("Forbidden (<reason>): <path>"); the page does not show it."""
    return _refused_form_page(request, "403_csrf.html", {"back_url": same_origin_referer(request)})


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
