"""The care councils a plan follows (decision 0001 §2.10, must-show 6): the councils of the
primary care zones with a municipality in a regional care zone the plan's network serves at
the start of the plan period, with their policy periods. Derived, never stored: it stays true
when zones or periods change. The note: "Idealiter loopt de beleidsplanningsperiode van de
netwerken palliatieve zorg gelijk met die van de zorgraden"."""

import datetime
from dataclasses import dataclass

from django.db.models import Q

from networks.models import CareCouncil, CareCouncilPolicyPeriod, ServiceArea
from npz_registry.aggregates import json_rows, rows_in


@dataclass
class CouncilRow:
    council: CareCouncil
    periods: list[CareCouncilPolicyPeriod]
    #: A period with the plan's first and last year.
    aligned: bool
    overlaps: bool


def _valid_on(prefix: str, day: datetime.date) -> Q:
    return (Q(**{f"{prefix}valid_from__isnull": True}) | Q(**{f"{prefix}valid_from__lte": day})) & (
        Q(**{f"{prefix}valid_until__isnull": True}) | Q(**{f"{prefix}valid_until__gte": day})
    )


def care_councils_for_plan(plan) -> list[CouncilRow]:
    """One query: the councils (one join over service areas and zone memberships), each with
    its policy periods overlapping the plan's years (their years, certainty and source)."""
    first, last = plan.period.start_year, plan.period.end_year
    day = datetime.date(first, 1, 1)
    served = ServiceArea.objects.filter(network_id=plan.network_id, valid_from__lte=day).filter(
        Q(valid_until__isnull=True) | Q(valid_until__gte=day)
    )
    periods = CareCouncilPolicyPeriod.objects.filter(start_year__lte=last, end_year__gte=first)
    period_fields = {name: name for name in ("start_year", "end_year", "certainty", "source")}
    membership = "primary_care_zone__memberships__"
    regional = f"{membership}municipality__regional_care_zone_memberships__"
    councils = (
        CareCouncil.objects.filter(**{f"{regional}zone__in": served.values("zone")})
        .filter(_valid_on(membership, day), _valid_on(regional, day))
        .select_related("primary_care_zone")
        .annotate(period_rows=json_rows(periods, "council", pk="pk", **period_fields))
        .distinct()
        .order_by("primary_care_zone__name")
    )
    rows = []
    for council in councils:
        found = rows_in(CareCouncilPolicyPeriod, council.period_rows, order=lambda period: period.start_year)
        rows.append(
            CouncilRow(
                council=council,
                periods=found,
                aligned=any(p.start_year == first and p.end_year == last for p in found),
                overlaps=bool(found),
            )
        )
    return rows
