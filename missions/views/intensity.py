"""Mission pages: a network's matrix, one cell's form, and the Flanders overview."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from missions.evenness import EVEN_THRESHOLD, SEAT_RATIO_THRESHOLD, STRONG_THRESHOLD
from missions.forms import IntensityForm
from missions.models import MissionTheme, RegionalIntensity
from missions.needs import HIGH_THRESHOLD, LEVEL_LABELS, LOW_THRESHOLD
from missions.selectors import (
    core_themes,
    evenness_for_networks,
    flanders_matrix,
    needs_overview,
    network_matrix,
)
from missions.services.intensity import ConcurrentEditError, intensity_save
from networks.access import get_network_for_user_or_404
from networks.models import Network


def _needs_context(overview):
    return {
        "overview": overview,
        "low_threshold": LOW_THRESHOLD,
        "high_threshold": HIGH_THRESHOLD,
        "level_labels": LEVEL_LABELS,
        "even_threshold": EVEN_THRESHOLD,
        "strong_threshold": STRONG_THRESHOLD,
        "seat_ratio_threshold": SEAT_RATIO_THRESHOLD,
    }


@require_safe
def network_missions(request, code):
    network = get_network_for_user_or_404(request.user, code)
    overview = needs_overview()
    themes = core_themes()
    matrix = network_matrix(network, overview, themes)
    year, evenness = evenness_for_networks([network]).get(network.pk, (None, None))
    return TemplateResponse(
        request,
        "missions/network_missions.html",
        {
            "network": network,
            "matrix": matrix,
            "can_edit": request.user.has_perm("missions.change_network_missions", network),
            "evenness": evenness,
            "evenness_year": year,
            **_needs_context(overview),
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
def intensity_edit(request, code, zone, theme):
    network = get_network_for_user_or_404(request.user, code)
    if not request.user.has_perm("missions.change_network_missions", network):
        raise PermissionDenied(_("You may look at this matrix, not change it."))
    overview = needs_overview()
    themes = core_themes()
    matrix = network_matrix(network, overview, themes)
    row = next((r for r in matrix.rows if r.zone.code == zone), None)
    theme_obj = get_object_or_404(MissionTheme.objects.core(), code=theme)
    if row is None:
        raise PermissionDenied(_("%(network)s does not serve this zone.") % {"network": network.name})
    cell = next(c for c in row.cells if c.theme.pk == theme_obj.pk)
    current = cell.intensity

    if request.method == "POST":
        form = IntensityForm(request.POST)
        if form.is_valid():
            try:
                intensity_save(
                    network=network,
                    zone=row.zone,
                    theme=theme_obj,
                    level=form.cleaned_data["level"],
                    suggested=cell.suggested,
                    partner_types=form.cleaned_data["partner_types"],
                    delivery_emphasis=form.cleaned_data["delivery_emphasis"],
                    justification=form.cleaned_data["justification"],
                    version=form.cleaned_data["version"],
                    by=request.user,
                )
            except ConcurrentEditError as error:
                form.add_error(None, error)
                # Saving again after comparing goes through: the form now carries the saved version.
                form.data = form.data.copy()
                form.data["version"] = RegionalIntensity.objects.get(pk=current.pk).version
            except ValidationError as error:
                if hasattr(error, "error_dict"):
                    for field, errors in error.error_dict.items():
                        form.add_error(field if field in form.fields else None, errors)
                else:
                    form.add_error(None, error)
            else:
                messages.success(
                    request,
                    _("Saved: %(theme)s in %(zone)s.") % {"theme": theme_obj.label, "zone": row.zone.name},
                )
                return redirect("missions:network-missions", code=network.code)
    else:
        initial = {"version": current.version if current else None}
        if current:
            initial.update(
                {
                    "level": current.level,
                    "partner_types": list(current.partner_types.all()),
                    "delivery_emphasis": current.delivery_emphasis,
                    "justification": current.justification,
                }
            )
        form = IntensityForm(initial=initial)
    history = (
        list(
            RegionalIntensity.history.filter(id=current.pk)
            .select_related("history_user")
            .order_by("-history_date")[:20]
        )
        if current
        else []
    )
    return TemplateResponse(
        request,
        "missions/intensity_form.html",
        {
            "network": network,
            "row": row,
            "cell": cell,
            "theme": theme_obj,
            "form": form,
            "history": history,
            **_needs_context(overview),
        },
    )


@require_safe
def flanders_missions(request):
    if not request.user.has_perm("missions.view_flanders_missions"):
        raise PermissionDenied(_("The Flanders overview is for department staff."))
    overview = needs_overview()
    themes = core_themes()
    networks = list(Network.objects.order_by("name"))
    rows = flanders_matrix(networks, themes)
    evenness = evenness_for_networks(networks)
    for row in rows:
        row["evenness_year"], row["evenness"] = evenness.get(row["network"].pk, (None, None))
    return TemplateResponse(
        request,
        "missions/flanders.html",
        {"themes": themes, "rows": rows, **_needs_context(overview)},
    )
