from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from missions import permissions
from missions.selectors.homes import network_overviews, staff_queues
from networks.models import Network
from npz_registry import dataversion
from npz_registry.accessibility import AXE_CORE_VERSION, STATEMENT_DATE
from npz_registry.api_docs import api_endpoints
from npz_registry.forms import LoginForm
from npz_registry.navigation import has_network_role, may_open_back_office


@login_not_required
@require_safe
def healthz(request):
    """Liveness probe and the benchmark's baseline: no database, no template."""
    return HttpResponse("ok", content_type="text/plain")


@login_not_required
@require_safe
def home(request):
    """Landing page by role: department staff see their work queues, coordinators their
    networks (plan status, what is missing, what is due, the latest request for changes); for
    everybody where to go next."""
    user = request.user
    context = {"has_network_role": has_network_role(user), "may_open_back_office": may_open_back_office(user)}
    today = timezone.localdate()
    if user.is_authenticated and permissions.view_review_queue(user):
        context["queues_html"] = staff_queues_html(today)
    if context["has_network_role"]:
        networks = list(Network.objects.visible_to(user).filter(roles__user=user).distinct().order_by("name"))
        context["overviews"] = network_overviews(networks, today)
    return render(request, "home.html", context)


def staff_queues_html(today) -> str:
    """The department's work queues on ``today``, rendered once per data version, day and
    language: the same for every staff member, and what they read (every approved plan with its
    reports, the coverage on the recognition day) grows with the data."""

    def build():
        return render_to_string("includes/staff_queues.html", {"queues": staff_queues(today)})

    key = f"home:staff-queues:{today.isoformat()}"
    return mark_safe(dataversion.cached(key, build))  # noqa: S308 - our own template's output


class LoginView(auth_views.LoginView):
    """Django's login page with our extras: the ACM/IDM button when OpenID Connect is on, and a
    note saying why a page sent the visitor here."""

    redirect_authenticated_user = True
    authentication_form = LoginForm

    def get_context_data(self, **kwargs):
        return super().get_context_data(oidc_enabled=settings.OIDC_ENABLED, **kwargs)


@login_not_required
@require_safe
def accessibility(request):
    """The accessibility statement the Flemish decree on the accessibility of websites asks for."""
    return render(
        request,
        "accessibility.html",
        {
            "axe_version": AXE_CORE_VERSION,
            "statement_date": STATEMENT_DATE,
            "contact": settings.NPZ_ACCESSIBILITY_CONTACT,
        },
    )


@login_not_required
@require_safe
def favicon(request):
    """Browsers ask /favicon.ico whatever the page says: send them to the static file."""
    return redirect(static("favicon.ico"))


@login_not_required
@require_safe
def api_docs(request):
    """The open data API's endpoints, parameters and fields, from its OpenAPI schema."""
    return render(request, "api_docs.html", {"api": api_endpoints(get_language())})
