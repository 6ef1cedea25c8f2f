from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe


@login_not_required
@require_safe
def healthz(request):
    """Liveness probe and the benchmark's baseline: no database, no template."""
    return HttpResponse("ok", content_type="text/plain")


@login_not_required
@require_safe
def home(request):
    """Landing page: where to go for each kind of user."""
    return render(request, "home.html")


class LoginView(auth_views.LoginView):
    """Django's login page with our extras: the ACM/IDM button when OpenID Connect is on, and a
    note saying why a page sent the visitor here."""

    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        return super().get_context_data(oidc_enabled=settings.OIDC_ENABLED, **kwargs)
