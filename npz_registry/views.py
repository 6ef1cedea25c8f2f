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
