"""Fictional transition data for the demo: mergers of the demo networks, milestones, status
updates of the action lines and funding amounts. Every text says it is fictional; the real
legacy organisations only appear as participants of demo mergers, linked through their
derived zone, and the amounts are invented."""

import datetime
from decimal import Decimal

from networks.models import LegacyOrganisation, Network, RegionalCareZone
from networks.services.demo_data import demo_day
from npz_registry.models import Certainty
from transition.models import (
    ActionLine,
    ActionLineStatus,
    ActionLineUpdate,
    Funding,
    FundingFigure,
    FundingKind,
    Merger,
    MergerStatus,
    Milestone,
)
from transition.services.mergers import action_line_update, merger_set_status

DEMO_NOTE = "Demo: fictief."

#: Stages each demo merger went through (the dates are invented).
PATH = [
    (MergerStatus.EXPLORING, datetime.date(2025, 3, 1)),
    (MergerStatus.LETTER_OF_INTENT, datetime.date(2025, 9, 15)),
    (MergerStatus.STATUTES_ADAPTED, datetime.date(2026, 4, 1)),
    (MergerStatus.RECOGNITION_REQUESTED, datetime.date(2026, 10, 1)),
    (MergerStatus.RECOGNISED, None),  # the demo day: the recognition day in the back office
]
#: How far each demo merger got (code -> last stage index in PATH).
PROGRESS = {
    "demo-a": 4,
    "demo-b": 4,
    "demo-antwerpen": 4,
    "demo-rivierenland": 4,
    "demo-oost-brabant": 4,
    "demo-bhv": 3,
    "demo-brugge": 4,
    "demo-kust-westhoek": 4,
    "demo-midwest": 4,
    "demo-gent": 3,
    "demo-waas-dender": 1,
    "demo-zuidwest": 2,
    "demo-vlaamse-ardennen": 0,
}
MILESTONES = [
    (Milestone.Kind.STATUTES, "Statuten van de nieuwe vzw", datetime.date(2026, 6, 30)),
    (Milestone.Kind.GOVERNANCE, "Raad van bestuur samengesteld", datetime.date(2026, 9, 30)),
    (Milestone.Kind.RECOGNITION_APPLICATION, "Erkenningsaanvraag ingediend", datetime.date(2026, 10, 15)),
    (Milestone.Kind.STAFF_TRANSFER, "Overgang van het personeel", datetime.date(2026, 12, 31)),
]
ACTION_LINE_UPDATES = {
    "methodieken": (ActionLineStatus.ON_TRACK, "Demo: twee pilootprojecten lopen (fictief)."),
    "reorganisatie-pn-psv-mbe": (
        ActionLineStatus.DELAYED,
        "Demo: fusies in drie regio's lopen achter op schema (fictief).",
    ),
    "oprichting-vlepz": (ActionLineStatus.ON_TRACK, "Demo: oproep voorbereid (fictief)."),
    "rollen-en-opdrachten": (ActionLineStatus.DONE, "Demo: nota rollen en opdrachten afgerond (fictief)."),
    "administratieve-processen": (
        ActionLineStatus.ON_TRACK,
        "Demo: werkgroep vergadert maandelijks (fictief).",
    ),
    "opleiden-zorg-welzijn": (ActionLineStatus.NOT_STARTED, "Demo: wacht op de fit-gap-analyse (fictief)."),
    "regelgeving-financiering": (
        ActionLineStatus.ON_TRACK,
        "Demo: ontwerp van regelgeving in advies (fictief).",
    ),
}


def load_transition_demo_data(*, networks: dict[str, Network]) -> None:
    if Merger.objects.exists():
        return  # made once: staff may have changed the demo since
    zones = {zone.code: zone for zone in RegionalCareZone.objects.all()}
    if not zones:
        return
    organisations = list(LegacyOrganisation.objects.prefetch_related("derived_regional_care_zones"))
    recognised_on = demo_day()
    for code, last_stage in PROGRESS.items():
        network = networks[code]
        target = [area.zone for area in network.service_areas.select_related("zone")]
        merger = Merger.objects.create(network=network, planned_date=recognised_on, notes=DEMO_NOTE)
        merger.target_zones.set(target)
        # Participants: identified networks (PN/PSV) whose derived area lies within the target
        # zones, with the MBE they work with.
        target_codes = {zone.code for zone in target}
        networks_in = [
            o
            for o in organisations
            if o.kind == LegacyOrganisation.Kind.PN_PSV
            and (codes := {z.code for z in o.derived_regional_care_zones.all()})
            and codes <= target_codes
        ]
        partners = [o for o in organisations if o.partner_id in {n.pk for n in networks_in}]
        merger.participants.set(networks_in + partners)
        for status, day in PATH[: last_stage + 1]:
            merger_set_status(
                merger=merger, to_status=status, effective_date=day or recognised_on, note=DEMO_NOTE
            )
        for index, (kind, title, due) in enumerate(MILESTONES):
            done = index < last_stage - 1
            Milestone.objects.create(
                merger=merger,
                kind=kind,
                title=title,
                due_date=due,
                completed_on=due - datetime.timedelta(days=10) if done else None,
                note=DEMO_NOTE,
            )
    if not ActionLineUpdate.objects.exists():
        for line in ActionLine.objects.filter(code__in=ACTION_LINE_UPDATES):
            status, note = ACTION_LINE_UPDATES[line.code]
            action_line_update(
                action_line=line, status=status, date=datetime.date(2026, 10, 1), progress_note=note
            )
    _load_demo_funding(organisations, networks)


#: The shares of the +5 M€ from 2024 the demo draws its invented extra amounts from.
EXTRA_SHARES = ["extra-middelen-2024-mbe", "extra-middelen-2024-rest"]


#: The rise the source names for each MBE from 2024: "een verhoging van 22% tot 25% van de
#: huidige subsidie" (funding_figures.csv, extra-middelen-2024-mbe). The source names none for
#: a PN/PSV: the demo invents the same share of its recurrent grant, and says so.
EXTRA_SHARE_OF_CURRENT = Decimal("0.23")


def _demo_extra_means(organisation, year, current, shares) -> None:
    """An invented extra amount from 2024 on, EXTRA_SHARE_OF_CURRENT of the organisation's
    `current` subsidy (an MBE's recurrent grant and forfaits, a PN/PSV's recurrent grant), drawn
    from the share of the +5 M€ meant for its kind (only the MBE share names a kind; the rest is
    drawn by PN/PSV)."""
    figure = shares.get(organisation.kind) or (
        shares.get("") if organisation.kind == LegacyOrganisation.Kind.PN_PSV else None
    )
    if year < 2024 or figure is None:
        return
    Funding.objects.update_or_create(
        legacy_organisation=organisation,
        year=year,
        kind=FundingKind.RECURRENT,
        drawn_from=figure,
        defaults={
            "amount": (current * EXTRA_SHARE_OF_CURRENT).quantize(Decimal("1")),
            "source_document": "Demogegevens (fictief)",
            "is_demo": True,
            "certainty": Certainty.ASSUMED,
        },
    )


def _load_demo_funding(organisations, networks) -> None:
    """Invented amounts with a visible rise in 2024 (the extra means of 2024 exist; their
    size per organisation here does not)."""
    shares = {figure.intended_kind: figure for figure in FundingFigure.objects.filter(code__in=EXTRA_SHARES)}
    for number, organisation in enumerate(sorted(organisations, key=lambda o: o.code)):
        base = Decimal(300_000 + 15_000 * (number % 7))
        for year in (2023, 2024, 2025, 2026):
            amounts = {FundingKind.RECURRENT: base}
            if organisation.kind == LegacyOrganisation.Kind.MBE:
                amounts[FundingKind.FORFAIT] = Decimal(120_000 + 5_000 * (number % 5))
            if year == 2026:
                amounts[FundingKind.AD_HOC] = Decimal(25_000)
            for kind, amount in amounts.items():
                Funding.objects.update_or_create(
                    legacy_organisation=organisation,
                    year=year,
                    kind=kind,
                    drawn_from=None,
                    defaults={
                        "amount": amount,
                        "source_document": "Demogegevens (fictief)",
                        "is_demo": True,
                        "certainty": Certainty.ASSUMED,
                    },
                )
            current = base + amounts.get(FundingKind.FORFAIT, 0)  # the subsidy before 2024's rise
            _demo_extra_means(organisation, year, current, shares)
    for number, network in enumerate(sorted(networks.values(), key=lambda n: n.code)):
        Funding.objects.update_or_create(
            network=network,
            year=2027,
            kind=FundingKind.RECURRENT,
            defaults={
                "amount": Decimal(900_000 + 40_000 * (number % 6)),
                "source_document": "Demogegevens (fictief)",
                "is_demo": True,
                "certainty": Certainty.ASSUMED,
            },
        )
