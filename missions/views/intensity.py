"""Mission pages: a network's matrix, one cell's form, and the Flanders overview."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from missions import permissions
from missions.evenness import EVEN_THRESHOLD, SEAT_RATIO_THRESHOLD, STRONG_THRESHOLD, Basis
from missions.forms import OUTSIDE_ZONES_NOW, IntensityForm, RefinementFormSet
from missions.models import RegionalIntensity
from missions.needs import HIGH_THRESHOLD, LEVEL_LABELS, LOW_THRESHOLD
from missions.selectors import (
    PRIMARY,
    MunicipalReads,
    complexity_level_choices,
    core_themes,
    evenness_for_networks,
    flanders_rows,
    needs_overview,
    network_matrix,
    partner_type_and_complexity_choices,
    primary_care_zones_by_zone,
    refinement_versions,
)
from missions.selectors.partners import partner_label, partners_for_network
from missions.services.intensity import Refinement, intensity_save, refinements_save
from npz_registry import dataversion
from npz_registry.concurrency import ConflictError, show_error_on_form
from npz_registry.forms import keep_stored_choices, rows_out_of_scope


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
    network = permissions.get_network_missions_for_user_or_404(request.user, code)
    # Read only when the template's fragment of this data version, day, language, basis and
    # rights is missing.
    reads = MunicipalReads()  # read once for the needs index and the evenness
    overview = SimpleLazyObject(lambda: needs_overview(reads=reads))
    basis = Basis.parse(request.GET.get("basis"))

    def page() -> dict:
        year, evenness = evenness_for_networks([network], basis, reads=reads).get(network.pk, (None, None))
        matrix = network_matrix(network, overview, core_themes(), reads=reads)
        return {"matrix": matrix, "evenness": evenness, "evenness_year": year}

    return TemplateResponse(
        request,
        "missions/network_missions.html",
        {
            "network": network,
            "page": SimpleLazyObject(page),
            "can_edit": permissions.edit_missions(request.user, network),
            "evenness_basis": basis,
            "can_change_indicators": permissions.change_indicators(request.user),
            "data_version": dataversion.fragment_version(),
            "today": timezone.localdate(),
            **_needs_context(overview),
        },
    )


def _cell_of(network, overview, zone_code, theme_code, *, with_tasks=False):
    """The matrix row of the zone and the cell of the theme (with its tasks, `with_tasks`); 404
    for a theme that is not a core theme and for a zone the network does not serve (outside its
    scope, like another network's plan). Reads the network's own service areas only: every
    zone's, which the matrix page reads for the evenness, would cost more than the form."""
    themes = core_themes(with_tasks=with_tasks)
    theme = next((theme for theme in themes if theme.code == theme_code), None)
    if theme is None:
        raise Http404
    rows = network_matrix(network, overview, [theme], zone_code=zone_code).rows  # the zone's, if served
    if not rows:
        raise Http404(_("%(network)s does not serve this zone.") % {"network": network.name})
    return rows[0], rows[0].cells[0]


def _cell_key(network, row, cell) -> dict:
    """The cell of the matrix a save writes: the network, the zone of `row`, the theme of `cell`."""
    return {"network": network, "zone": row.zone, "theme": cell.theme}


def _intensity_initial(current) -> dict:
    if current is None:
        return {"version": None}
    return {
        "version": current.version,
        "level": current.level,
        "partner_types": list(current.partner_types.all()),
        "partners": list(current.partners.all()),
        "delivery_emphasis": current.delivery_emphasis,
        "first_line_role": current.first_line_role,
        "complexity_levels": list(current.complexity_levels.all()),
        "justification": current.justification,
    }


@require_http_methods(["GET", "HEAD", "POST"])
def intensity_edit(request, code, zone, theme):
    network = permissions.get_network_missions_for_user_or_404(
        request.user, code, check=permissions.edit_missions
    )
    reads = MunicipalReads()  # read once for the needs index and the zones the network serves
    overview = needs_overview(reads=reads)
    row, cell = _cell_of(network, overview, zone, theme, with_tasks=True)
    current = cell.intensity
    partner_types, complexity_levels = partner_type_and_complexity_choices()
    choices = {
        "partners": partners_for_network(network),
        "partner_type_choices": partner_types,
        "complexity_choices": complexity_levels,
    }
    form = IntensityForm(request.POST or None, initial=_intensity_initial(current), **choices)
    if current is not None:
        keep_stored_choices(
            form.fields["partners"], [p.pk for p in current.partners.all()], OUTSIDE_ZONES_NOW
        )
    if request.method == "POST" and form.is_valid():
        try:
            intensity_save(
                **_cell_key(network, row, cell),
                suggested=cell.suggested,
                by=request.user,
                **form.cleaned_data,
            )
        except ValidationError as error:
            show_error_on_form(form, error, record=current, field="version")
        else:
            done = _("Saved: %(theme)s in %(zone)s.") % {"theme": cell.theme.label, "zone": row.zone.name}
            messages.success(request, done)
            return redirect("missions:network-missions", code=network.code)
    history = RegionalIntensity.history.filter(id=current.pk) if current else RegionalIntensity.history.none()
    return TemplateResponse(
        request,
        "missions/intensity_form.html",
        {
            "network": network,
            "row": row,
            "cell": cell,
            "theme": cell.theme,
            "form": form,
            "history": list(history.select_related("history_user").order_by("-history_date")[:20]),
            **_needs_context(overview),
        },
    )


def _refinement_initial(primary_zones, cell) -> list[dict]:
    current = {row.primary_care_zone_id: row for row in cell.refinements}
    initial = []
    for primary in primary_zones:
        row = current.get(primary.pk)
        initial.append(
            {
                "primary_care_zone": primary.code,
                "level": row.level if row else None,
                "first_line_role": row.first_line_role if row else "",
                "complexity_levels": list(row.complexity_levels.all()) if row else [],
                "partners": list(row.partners.all()) if row else [],
                "justification": row.justification if row else "",
                "version": row.version if row else None,
            }
        )
    return initial


def _show_at_its_field(error: ValidationError, formset, primary_zones) -> None:
    """A refusal about one primary care zone's field (refinements_save names the zone) is also
    shown at that field, marked invalid, besides the summary above the form."""
    primary = getattr(error, "primary_care_zone", None)
    if primary is None or not hasattr(error, "error_dict"):
        return
    form = next((f for p, f in zip(primary_zones, formset.forms, strict=False) if p.pk == primary.pk), None)
    if form is None:
        return
    for field, said in error.message_dict.items():
        if field in form.fields:
            form.add_error(field, said)


def _refinements_from(formset, primary_zones, primary_overview) -> list[Refinement]:
    """The wanted refinements, one per primary care zone of the page (a code that is not one of
    them is refused by the formset's own error), each with the suggestion of the primary-level
    needs index."""
    by_code = {primary.code: primary for primary in primary_zones}
    wanted, seen = [], set()
    for form in formset.forms:
        data = form.cleaned_data
        primary = by_code.get(data.get("primary_care_zone"))
        if primary is None:
            raise ValidationError(
                _("A primary care zone on this form is not part of the regional care zone.")
            )
        if primary.pk in seen:
            raise ValidationError(
                _("%(zone)s is on this form twice: nothing was saved.") % {"zone": primary.name}
            )
        seen.add(primary.pk)
        wanted.append(
            Refinement(
                primary_care_zone=primary,
                level=data.get("level"),
                first_line_role=data.get("first_line_role") or "",
                complexity_levels=tuple(data.get("complexity_levels") or ()),
                justification=data.get("justification") or "",
                suggested=primary_overview.suggested(primary),
                partners=tuple(data.get("partners") or ()),
                version=data.get("version"),
            )
        )
    return wanted


def _refinement_formset(data, initial, form_kwargs, cell):
    """The refinements' formset (`initial`: one per primary care zone), each form offering too
    the partners its refinement holds that the network's zones no longer cover (kept until
    unticked: keep_stored_choices), read once for all the forms."""
    formset = RefinementFormSet(data, initial=initial, prefix="pcz", form_kwargs=form_kwargs)
    stored = {row.primary_care_zone.code: [p.pk for p in row.partners.all()] for row in cell.refinements}
    outside = rows_out_of_scope(form_kwargs["partners"], [key for keys in stored.values() for key in keys])
    for form, start in zip(formset.forms, initial, strict=False):
        partners = stored.get(start["primary_care_zone"], [])
        keep_stored_choices(form.fields["partners"], partners, OUTSIDE_ZONES_NOW, outside=outside)
    return formset


def _with_saved_versions(data, formset, saved: dict[str, int]):
    """The sent `data` with, in each form, the version of its primary care zone's refinement
    as saved now (`saved`: code -> version; empty where it has none)."""
    data = data.copy()
    for form in formset.forms:
        code = form.cleaned_data.get("primary_care_zone")
        data[form.add_prefix("version")] = saved.get(code, "")
    return data


@require_http_methods(["GET", "HEAD", "POST"])
def intensity_primary(request, code, zone, theme):
    """One theme of one regional care zone, refined per primary care zone."""
    network = permissions.get_network_missions_for_user_or_404(
        request.user, code, check=permissions.edit_missions
    )
    reads = MunicipalReads()  # read once for the needs index of both levels
    row, cell = _cell_of(network, needs_overview(reads=reads), zone, theme)
    primary_zones = primary_care_zones_by_zone(reads=reads).get(row.zone.pk, [])
    primary_overview = needs_overview(level=PRIMARY, reads=reads)
    partners = partners_for_network(network)
    initial = _refinement_initial(primary_zones, cell)
    form_kwargs = {
        "partners": partners,
        "partner_choices": [(p.pk, partner_label(p)) for p in partners],
        "complexity_choices": complexity_level_choices(),
    }
    formset = _refinement_formset(request.POST or None, initial, form_kwargs, cell)
    if request.method == "POST" and (
        not formset.management_form.is_valid() or formset.total_form_count() != len(primary_zones)
    ):
        # Its form count was changed outside this page (fewer forms would remove refinements
        # nobody saw): show the stored values again, and why.
        formset = _refinement_formset(None, initial, form_kwargs, cell)
        formset._non_form_errors = formset.error_class(
            [_("The form came back incomplete, so nothing was saved. Check the values and save again.")]
        )
    elif request.method == "POST" and formset.is_valid():
        try:
            refinements_save(
                **_cell_key(network, row, cell),
                refinements=_refinements_from(formset, primary_zones, primary_overview),
                by=request.user,
            )
        except ValidationError as error:
            if isinstance(error, ConflictError):  # saving again, after comparing, goes through
                saved = refinement_versions(network, row.zone, cell.theme)
                formset = _refinement_formset(
                    _with_saved_versions(request.POST, formset, saved), initial, form_kwargs, cell
                )
                formset.is_valid()
            formset._non_form_errors = formset.error_class(error.messages)
            _show_at_its_field(error, formset, primary_zones)
        else:
            done = _("Saved: %(theme)s in %(zone)s per primary care zone.") % {
                "theme": cell.theme.label,
                "zone": row.zone.name,
            }
            messages.success(request, done)
            return redirect("missions:network-missions", code=network.code)
    return TemplateResponse(
        request,
        "missions/intensity_primary.html",
        {
            "network": network,
            "row": row,
            "cell": cell,
            "theme": cell.theme,
            "formset": formset,
            "rows": [
                (primary, form, primary_overview.for_zone(primary))
                for primary, form in zip(primary_zones, formset.forms, strict=False)
            ],
            **_needs_context(primary_overview),
        },
    )


@require_safe
def flanders_missions(request):
    permissions.require(permissions.view_flanders_missions(request.user))
    # Read only when the template's cached fragment of this data version is missing.
    themes = SimpleLazyObject(core_themes)
    basis = Basis.parse(request.GET.get("basis"))
    reads = MunicipalReads()  # read once for the evenness and the needs index
    context = {
        "themes": themes,
        "rows": SimpleLazyObject(lambda: flanders_rows(list(themes), basis, reads=reads)),
        "evenness_basis": basis,
        "can_change_indicators": permissions.change_indicators(request.user),
        "data_version": dataversion.fragment_version(),
        "today": timezone.localdate(),
    }
    overview = SimpleLazyObject(lambda: needs_overview(reads=reads))
    return TemplateResponse(request, "missions/flanders.html", {**context, **_needs_context(overview)})
