"""Saving one cell of a network's missions matrix (network x zone x theme)."""

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from missions import permissions
from missions.models import DeliveryEmphasis, IntensityLevel, MissionTheme, RegionalIntensity
from missions.needs import LEVEL_LABELS
from missions.selectors import current_service_areas, primary_care_zones_by_zone
from missions.services.partners import check_partners_in_scope
from networks.models import Network, PrimaryCareZone, RegionalCareZone
from npz_registry.concurrency import ConflictError, check_version
from npz_registry.history import history_by, one_history_row, would_change


def _check_cell(network, zone, theme, level) -> None:
    """The zone is served by the network, the theme is a core theme, and a level is chosen:
    every theme stays present in every zone a network serves."""
    if not current_service_areas([network.pk]).filter(zone=zone).exists():
        raise ValidationError(
            _("%(network)s does not serve %(zone)s.") % {"network": network.name, "zone": zone.name}
        )
    if theme.folded_into_id:
        raise ValidationError(
            _("%(theme)s is part of %(parent)s: set the intensity there.")
            % {"theme": theme.label, "parent": theme.folded_into.label}
        )
    if level not in IntensityLevel.values:
        raise ValidationError(
            {
                "level": _(
                    "Every theme stays present in every zone: %(theme)s cannot be removed from %(zone)s. "
                    "Choose level 1 (basic) if it needs little effort there."
                )
                % {"theme": theme.label, "zone": zone.name}
            }
        )


def _check_justified(zone, level, suggested, justification) -> None:
    """A level that differs enough from the data's suggestion needs a justification."""
    steps = abs(level - suggested) if suggested else 0
    if steps >= settings.NPZ_INTENSITY_JUSTIFICATION_STEPS and not (justification or "").strip():
        raise ValidationError(
            {
                "justification": _(
                    "The regional data suggest level %(suggested)s (%(label)s) for %(zone)s; "
                    "you chose %(level)s. Explain why in the justification."
                )
                % {
                    "suggested": suggested,
                    "label": LEVEL_LABELS[suggested],
                    "zone": zone.name,
                    "level": level,
                }
            }
        )


def _conflict_message(current: RegionalIntensity) -> str:
    """Who saved the cell last, and when, so the user knows what to compare with."""
    last = current.history.select_related("history_user").first()
    user = last.history_user if last else None
    return _(
        "Somebody else saved %(theme)s in %(zone)s after you opened it (%(who)s, %(when)s). "
        "Your input is shown again: compare it with the saved values and save again."
    ) % {
        "theme": current.theme.label,
        "zone": current.zone.name,
        "who": (user.get_full_name() or user.username) if user else _("unknown"),
        "when": formats.date_format(timezone.localtime(current.updated_at), "d/m/Y H:i"),  # Brussels
    }


@history_by
@transaction.atomic
def intensity_save(
    *,
    network: Network,
    zone: RegionalCareZone,
    theme: MissionTheme,
    level: int | None,
    suggested: int | None,
    by,
    partner_types=(),
    partners=(),
    delivery_emphasis: str = DeliveryEmphasis.BOTH,
    justification: str = "",
    version: int | None = None,
    first_line_role: str = "",
    complexity_levels=(),
) -> RegionalIntensity:
    """Save one cell if ``by`` may change the network's matrix. Refuses, with a message naming
    zone and theme: a missing level, a level that differs from the suggestion without a
    justification, and a save on top of somebody else's newer save (``version``)."""
    permissions.require(permissions.edit_missions(by, network))
    _check_cell(network, zone, theme, level)
    current = (
        RegionalIntensity.objects.select_for_update()
        .select_related("zone", "theme")
        .filter(network=network, zone=zone, theme=theme, primary_care_zone__isnull=True)
        .first()
    )
    if current is not None:
        try:
            check_version(current, version, field="version")
        except ConflictError:
            raise ConflictError(_conflict_message(current)) from None
    _check_justified(zone, level, suggested, justification)
    check_partners_in_scope(network, partners, kept=current.partners.all() if current else ())
    fields = {
        "level": level,
        "delivery_emphasis": delivery_emphasis,
        "first_line_role": first_line_role or "",
        "justification": (justification or "").strip(),
        "suggested_level": suggested,
    }
    many = {"partner_types": partner_types, "partners": partners, "complexity_levels": complexity_levels}
    intensity = current or RegionalIntensity(network=network, zone=zone, theme=theme, version=0)
    if current is not None and not would_change(current, fields, many):
        return current  # nothing to store: no history row, the version stays
    intensity.version += 1
    for name, value in fields.items():
        setattr(intensity, name, value)
    intensity.full_clean(exclude=["network", "zone", "theme"])
    with one_history_row(intensity):
        intensity.save()
        intensity.partner_types.set(partner_types)
        intensity.partners.set(partners)
        intensity.complexity_levels.set(complexity_levels)
    return intensity


def _refinement_conflict_message(zone, theme, primary) -> str:
    return _(
        "Somebody else changed %(theme)s in %(zone)s for %(primary)s after you opened this page. "
        "Nothing was saved. Your input is shown again: compare it with the saved values (open the "
        "page in a new tab) and save again."
    ) % {"theme": theme.label, "zone": zone.name, "primary": primary.name}


@dataclass(frozen=True)
class Refinement:
    """The wanted cell of one primary care zone: `level` None means "no refinement" (the
    regional care zone's cell applies there); `suggested` is the level the needs index of the
    primary care zones suggests (None: no index)."""

    primary_care_zone: PrimaryCareZone
    level: int | None
    first_line_role: str = ""
    complexity_levels: tuple = ()
    justification: str = ""
    suggested: int | None = None
    partners: tuple = ()
    version: int | None = None  # of its refinement when the form was opened (None: it had none)


@history_by
@transaction.atomic
def refinements_save(
    *, network: Network, zone: RegionalCareZone, theme: MissionTheme, refinements: list[Refinement], by
) -> int:
    """Refine one cell of the matrix per primary care zone (note: the intensity differs within
    a region too). Each primary care zone must share a municipality with the regional care zone
    today; a refinement without a level is removed; a level that differs from the primary care
    zone's suggestion as a zone cell's does needs a justification. Answers how many rows changed.
    The zone's own cell stays what it is and is still what completeness asks for. Refuses the
    whole save (ConflictError) when any refinement on the page was saved, added or removed by
    somebody else since the page was opened (each Refinement's `version`)."""
    permissions.require(permissions.edit_missions(by, network))
    _check_cell(network, zone, theme, IntensityLevel.BASIC)
    allowed = {primary.pk for primary in primary_care_zones_by_zone().get(zone.pk, [])}
    current = {
        row.primary_care_zone_id: row
        for row in RegionalIntensity.objects.select_for_update().filter(
            network=network, zone=zone, theme=theme, primary_care_zone__isnull=False
        )
    }
    for wanted in refinements:
        primary = wanted.primary_care_zone
        if primary.pk not in allowed:
            raise ValidationError(
                _("%(primary)s is not part of %(zone)s.") % {"primary": primary.name, "zone": zone.name}
            )
        row = current.get(primary.pk)
        if (row.version if row else None) != wanted.version:
            raise ConflictError(_refinement_conflict_message(zone, theme, primary))
        check_partners_in_scope(network, wanted.partners, kept=row.partners.all() if row else ())
    changed = 0
    for wanted in refinements:
        primary = wanted.primary_care_zone
        row = current.get(primary.pk)
        if wanted.level is None:
            if row is not None:
                row.delete()
                changed += 1
            continue
        try:
            _check_justified(primary, wanted.level, wanted.suggested, wanted.justification)
        except ValidationError as error:
            error.primary_care_zone = primary  # the page shows it at that zone's field
            raise
        fields = {
            "level": wanted.level,
            "first_line_role": wanted.first_line_role or "",
            "justification": (wanted.justification or "").strip(),
            "suggested_level": wanted.suggested,
        }
        many = {"complexity_levels": wanted.complexity_levels, "partners": wanted.partners}
        if row is not None and not would_change(row, fields, many):
            continue
        row = row or RegionalIntensity(
            network=network, zone=zone, theme=theme, primary_care_zone=primary, version=0
        )
        row.version += 1
        for name, value in fields.items():
            setattr(row, name, value)
        row.full_clean(exclude=["network", "zone", "theme", "primary_care_zone"])
        with one_history_row(row):
            row.save()
            row.complexity_levels.set(wanted.complexity_levels)
            row.partners.set(wanted.partners)
        changed += 1
    return changed
