"""Reads for the transition dashboard and the funding overview."""

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Prefetch, Sum

from networks.models import ServiceArea
from transition.models import (
    ActionLine,
    ActionLineStatus,
    ActionLineUpdate,
    Funding,
    FundingKind,
    Merger,
    MergerStatus,
    Milestone,
)


def mergers_by_status(day: datetime.date) -> list[dict]:
    """Each merger status with the mergers in it on `day` (from the dated history)."""
    mergers = Merger.objects.select_related("network").prefetch_related(
        Merger.status_history(), "participants", "target_zones"
    )
    groups = {status: [] for status in MergerStatus.values}
    for merger in mergers:
        groups[merger.status_on(day)].append(merger)
    return [{"status": s, "label": MergerStatus(s).label, "mergers": groups[s]} for s in MergerStatus.values]


def late_milestones(day: datetime.date) -> list[Milestone]:
    return list(Milestone.objects.late_on(day).select_related("merger__network").order_by("due_date"))


def action_lines_on(day: datetime.date) -> list[dict]:
    lines = ActionLine.objects.prefetch_related(
        Prefetch("updates", queryset=ActionLineUpdate.objects.order_by("date", "pk"))
    )
    result = []
    for line in lines:
        update = line.status_on(day)
        result.append({"line": line, "update": update, "status": update.status if update else None})
    return result


def action_line_status_counts(rows: list[dict]) -> list[dict]:
    counts = Counter(row["status"] for row in rows)
    out = [
        {"status": s, "label": ActionLineStatus(s).label, "count": counts.get(s, 0)}
        for s in ActionLineStatus.values
    ]
    if counts.get(None):
        out.insert(0, {"status": None, "label": None, "count": counts[None]})
    return out


@dataclass
class FundingTotals:
    years: list[int]
    by_year_kind: dict[tuple[int, str], Decimal]
    by_year: dict[int, Decimal]
    by_zone_year: dict[tuple[str, int], Decimal]
    zones: list[str]
    has_demo: bool

    @property
    def kinds(self):
        return FundingKind.choices


def funding_totals() -> FundingTotals:
    """Totals per year and kind, and per zone: a network's amount goes to the zone it serves
    that year (split evenly when it serves several, since no rule exists to split it); a
    legacy organisation's to its derived zone, or to 'several zones' when it overlaps more."""
    by_year_kind = {
        (row["year"], row["kind"]): row["total"]
        for row in Funding.objects.values("year", "kind").annotate(total=Sum("amount")).order_by()
    }
    by_year = defaultdict(Decimal)
    for (year, _kind), total in by_year_kind.items():
        by_year[year] += total

    fundings = list(
        Funding.objects.select_related("legacy_organisation", "network").prefetch_related(
            "legacy_organisation__derived_regional_care_zones"
        )
    )
    areas = defaultdict(list)
    for area in ServiceArea.objects.select_related("zone"):
        areas[area.network_id].append(area)
    by_zone_year = defaultdict(Decimal)
    several = "—"
    for funding in fundings:
        if funding.network_id:
            first, last = datetime.date(funding.year, 1, 1), datetime.date(funding.year, 12, 31)
            zones = sorted(
                {
                    a.zone.name
                    for a in areas[funding.network_id]
                    if a.valid_from <= last and (a.valid_until is None or a.valid_until >= first)
                }
            )
        else:
            zones = sorted(z.name for z in funding.legacy_organisation.derived_regional_care_zones.all())
            if len(zones) > 1:
                zones = [several]
        if not zones:
            zones = [several]
        share = (funding.amount / len(zones)).quantize(Decimal("0.01"))
        for zone in zones:
            by_zone_year[(zone, funding.year)] += share
    return FundingTotals(
        years=sorted(by_year),
        by_year_kind=by_year_kind,
        by_year=dict(by_year),
        by_zone_year=dict(by_zone_year),
        zones=sorted({zone for zone, _year in by_zone_year}, key=lambda z: (z == several, z)),
        has_demo=any(f.is_demo for f in fundings),
    )


def year_on_year(fundings: list[Funding]) -> list[dict]:
    """Per recipient and year: the total, and its change against the previous entered year."""
    totals = defaultdict(Decimal)
    recipients = {}
    for funding in fundings:
        key = (
            ("legacy", funding.legacy_organisation_id)
            if funding.legacy_organisation_id
            else ("network", funding.network_id)
        )
        recipients[key] = funding.recipient
        totals[(key, funding.year)] += funding.amount
    rows = []
    for key, recipient in sorted(recipients.items(), key=lambda item: str(item[1])):
        years = sorted(year for (k, year) in totals if k == key)
        previous = None
        for year in years:
            total = totals[(key, year)]
            change = None
            if previous is not None and totals[(key, previous)]:
                change = (total - totals[(key, previous)]) / totals[(key, previous)]
            rows.append(
                {
                    "recipient": recipient,
                    "year": year,
                    "total": total,
                    "previous_year": previous,
                    "change": change,
                }
            )
            previous = year
    return rows
