"""The rule for naming partner organisations, checked by every write that stores them."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from missions.selectors.partners import partners_for_network


def check_partners_in_scope(network, partners, *, kept=()) -> None:
    """Refuse partner organisations placed outside the zones `network` serves (one query, none
    when no partner is named), except those the record holds already (`kept`: a partner whose
    zone the network stopped serving stays until somebody unticks it)."""
    kept = {partner.pk for partner in kept}
    wanted = {partner.pk: partner for partner in partners if partner.pk not in kept}
    if not wanted:
        return
    allowed = set(partners_for_network(network).filter(pk__in=wanted).values_list("pk", flat=True))
    outside = sorted(partner.name for pk, partner in wanted.items() if pk not in allowed)
    if outside:
        raise ValidationError(
            {
                "partners": _("Not in the zones of %(network)s: %(partners)s.")
                % {"network": network.name, "partners": ", ".join(outside)}
            }
        )
