"""Saving one cell of a network's missions matrix (network x zone x theme)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from missions.models import MissionTheme, RegionalIntensity
from missions.needs import LEVEL_LABELS
from networks.models import Network, RegionalCareZone


class ConcurrentEditError(ValidationError):
    """Somebody saved the same cell after the form was opened."""


@transaction.atomic
def intensity_save(
    *,
    network: Network,
    zone: RegionalCareZone,
    theme: MissionTheme,
    level: int | None,
    suggested: int | None,
    partner_types=(),
    delivery_emphasis: str = "BOTH",
    justification: str = "",
    version: int | None = None,
    by=None,
) -> RegionalIntensity:
    """Refuses, with a message naming zone and theme: a missing level (every theme stays present
    in every zone a network serves), a level that differs from the suggestion without a
    justification, and a save on top of somebody else's newer save."""
    from missions.selectors import current_service_areas

    if not current_service_areas([network.pk]).filter(zone=zone).exists():
        raise ValidationError(
            _("%(network)s does not serve %(zone)s.") % {"network": network.name, "zone": zone.name}
        )
    if theme.folded_into_id:
        raise ValidationError(
            _("%(theme)s is part of %(parent)s: set the intensity there.")
            % {"theme": theme.label, "parent": theme.folded_into.label}
        )
    if level not in (1, 2, 3):
        raise ValidationError(
            {
                "level": _(
                    "Every theme stays present in every zone: %(theme)s cannot be removed from %(zone)s. "
                    "Choose level 1 (basic) if it needs little effort there."
                )
                % {"theme": theme.label, "zone": zone.name}
            }
        )
    current = (
        RegionalIntensity.objects.select_for_update().filter(network=network, zone=zone, theme=theme).first()
    )
    if current is not None and version != current.version:
        who = current.history.first()
        raise ConcurrentEditError(
            _(
                "Somebody else saved %(theme)s in %(zone)s after you opened it (%(who)s, %(when)s). "
                "Your input is shown again: compare it with the saved values and save again."
            )
            % {
                "theme": theme.label,
                "zone": zone.name,
                "who": (who.history_user.get_full_name() or who.history_user.username)
                if who and who.history_user
                else _("unknown"),
                "when": current.updated_at.strftime("%d/%m/%Y %H:%M"),
            }
        )
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
    intensity = current or RegionalIntensity(network=network, zone=zone, theme=theme, version=0)
    intensity.level = level
    intensity.delivery_emphasis = delivery_emphasis
    intensity.justification = (justification or "").strip()
    intensity.suggested_level = suggested
    intensity.version += 1
    intensity._history_user = by if by is not None and by.is_authenticated else None
    intensity.full_clean(exclude=["network", "zone", "theme"])
    intensity.save()
    intensity.partner_types.set(partner_types)
    return intensity
