"""Fictional mission data for the demo: intensity matrices (one deliberately incomplete) and
activity counts (one network concentrated around its seat). Every text says it is fictional."""

from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from missions.models import (
    ActionProgress,
    ActionStatus,
    ActivityCount,
    ActivityKind,
    FirstLineRole,
    IndicatorProgress,
    IndicatorTarget,
    MultiYearPlan,
    PartnerOrganisation,
    PartnerType,
    PlanAction,
    PlanGoal,
    PlanIndicator,
    PlanningPeriod,
    PlanVersion,
    RegionalIntensity,
    ReviewEvent,
    SextupleAim,
    SubmissionStatus,
    YearlyProgress,
)
from missions.selectors import (
    PRIMARY,
    core_themes,
    current_service_areas,
    needs_overview,
    primary_care_zones_by_zone,
)
from missions.selectors.plans import plan_detail_queryset, year_target
from missions.selectors.versions import plan_snapshot
from missions.services.intensity import Refinement, intensity_save, refinements_save
from missions.services.progress import progress_keep_submitted
from missions.services.workflow import comment_add
from networks.models import MunicipalityFigures, RegionalCareZone, RegionalCareZoneMembership

DEMO_SOURCE = "Demo: fictief"
DEMO_COMMENT = "Demo (fictief)."
#: demo-b's matrix stays incomplete so the pages show what is missing.
INCOMPLETE = {"demo-b": 3}
#: One deliberate deviation from the suggestion, with its (fictional) justification.
DEVIATION = (
    "demo-a",
    "expertise",
    "Demo (fictief): de regio heeft al een sterk opleidingsaanbod via de hogeschool.",
)


#: Fictional partner organisations: (code, name, partner type code, regional care zone code or
#: None for one working all over Flanders). Their names say "(demo)"; no real organisation.
DEMO_PARTNERS = [
    ("demo-huisartsenkring-kempen", "Voorbeeldpartner Huisartsenkring Kempen (demo)", "huisartsen",
     "kempen"),
    ("demo-woonzorgcentrum-kempen", "Voorbeeldpartner Woonzorgcentrum De Linde (demo)", "woonzorgcentra",
     "kempen"),
    ("demo-thuisverpleging-limburg", "Voorbeeldpartner Thuisverpleging Limburg (demo)", "thuisverpleging",
     "limburg"),
    ("demo-zorgzame-buurt-antwerpen", "Voorbeeldpartner Zorgzame buurt Noord (demo)", "zorgzame-buurten",
     "regio-antwerpen"),
    ("demo-ziekenhuis-brugge", "Voorbeeldpartner Ziekenhuis Brugge (demo)", "ziekenhuizen", "regio-brugge"),
    ("demo-expertisecentrum", "Voorbeeldpartner Expertisecentrum Vlaanderen (demo)", "expertisecentra", None),
]  # fmt: skip


def load_demo_partners() -> list[PartnerOrganisation]:
    """The fictional partner organisations whose partner type and zone exist (made once)."""
    types = {partner_type.code: partner_type for partner_type in PartnerType.objects.all()}
    zones = {zone.code: zone for zone in RegionalCareZone.objects.all()}
    made = []
    for code, name, type_code, zone_code in DEMO_PARTNERS:
        if type_code not in types or (zone_code and zone_code not in zones):
            continue
        partner, _created = PartnerOrganisation.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "partner_type": types[type_code],
                "regional_care_zone": zones.get(zone_code),
                "is_demo": True,
                "source": DEMO_SOURCE,
                "note": DEMO_COMMENT,
            },
        )
        made.append(partner)
    return made


def _partners_in(partners, zone) -> list[PartnerOrganisation]:
    return [p for p in partners if p.regional_care_zone_id in (None, zone.pk)]


@transaction.atomic
def load_missions_demo_data(*, networks) -> None:
    demo_partners = load_demo_partners()
    if RegionalIntensity.objects.exists() or not networks:
        load_plan_demo_data(networks=networks)  # plans came later than the matrices
        return  # made once: what staff or coordinators change is kept
    overview = needs_overview()
    themes = core_themes()
    partners = list(PartnerType.objects.order_by("order"))
    if not themes:
        return
    areas = list(current_service_areas([n.pk for n in networks.values()]))
    staff = _demo_user("staff")  # the matrices are set as department staff set them
    for code, network in networks.items():
        zones = [a.zone for a in areas if a.network_id == network.pk]
        for zone in zones:
            suggested = overview.suggested(zone)
            for index, theme in enumerate(themes[: INCOMPLETE.get(code, len(themes))]):
                level = suggested or 2
                justification = ""
                if (code, theme.code) == DEVIATION[:2]:
                    level = 1 if level > 1 else 2
                    justification = DEVIATION[2]
                intensity_save(
                    network=network,
                    zone=zone,
                    theme=theme,
                    level=level,
                    suggested=suggested,
                    partner_types=partners[index % len(partners) : index % len(partners) + 2],
                    partners=_partners_in(demo_partners, zone) if index < 2 else (),
                    justification=justification,
                    by=staff,
                )
    _load_demo_refinements(networks, themes, staff)
    _load_demo_activity(networks)
    load_plan_demo_data(networks=networks)


def _load_demo_refinements(networks, themes, staff) -> None:
    """demo-a refines theme 1 in its zone for two primary care zones (fictional reasons)."""
    network = networks.get("demo-a")
    area = network.service_areas.select_related("zone").first() if network else None
    primaries = primary_care_zones_by_zone().get(area.zone_id, []) if area else []
    if len(primaries) < 2:
        return
    suggested = needs_overview(level=PRIMARY).suggested  # what the page's form saves with each
    reasons = {
        primaries[0]: (3, FirstLineRole.SECOND_LINE, "Demo (fictief): veel vragen van huisartsen."),
        primaries[1]: (1, FirstLineRole.SUPPORTS, "Demo (fictief): een sterke eerste lijn."),
    }
    refinements_save(
        network=network,
        zone=area.zone,
        theme=themes[0],
        refinements=[
            Refinement(primary, level, role, (), reason, suggested=suggested(primary))
            for primary, (level, role, reason) in reasons.items()
        ],
        by=staff,
    )


def _demo_user(username):
    return get_user_model().objects.filter(username=username).first()


def _load_demo_activity(networks) -> None:
    """2025 guided patients: demo-a concentrates in its seat, demo-b spreads with population."""
    for code, concentrated in (("demo-a", True), ("demo-b", False)):
        network = networks.get(code)
        if network is None:
            continue
        zone_ids = network.service_areas.values("zone")
        municipalities = [
            m.municipality
            for m in RegionalCareZoneMembership.objects.filter(zone__in=zone_ids).select_related(
                "municipality"
            )
        ]
        population = dict(
            MunicipalityFigures.objects.filter(municipality__in=municipalities, year=2026).values_list(
                "municipality_id", "population"
            )
        )
        for number, municipality in enumerate(sorted(municipalities, key=lambda m: m.nis_code)):
            if concentrated:
                count = 120 if municipality.pk == network.seat_id else 2 + number % 3
            else:
                # About 0.5 per 1,000 inhabitants, with a little noise.
                count = round((population.get(municipality.pk) or 0) / 2000) + number % 2
            ActivityCount.objects.update_or_create(
                network=network,
                municipality=municipality,
                year=2025,
                kind=ActivityKind.GUIDED_PATIENTS,
                defaults={"count": count, "source": DEMO_SOURCE},
            )


# Plans ----------------------------------------------------------------------------------

DEMO_PERIODS = [
    (2025, 2026, "Proefperiode 2025–2026 (demo)", "Pilot period 2025–2026 (demo)", False),
    (2027, 2028, "Verkort meerjarenplan 2027–2028", "Shortened multi-year plan 2027–2028", True),
    (2029, 2034, "Meerjarenplan 2029–2034", "Multi-year plan 2029–2034", False),
]
PERIOD_NOTE = (
    "Demo: de planningsperiodes zijn nog niet vastgelegd; "
    "afstemming met de beleidsperiode van de zorgraden volgt."
)


def load_plan_demo_data(*, networks) -> None:
    """One draft plan (demo-brugge), one in review with comments (demo-b), one approved with a
    year of progress (demo-antwerpen). demo-a gets none, so coordinator.a can make one."""

    periods = {}
    for start, end, name, name_en, shortened in DEMO_PERIODS:
        period, _ = PlanningPeriod.objects.get_or_create(
            start_year=start,
            end_year=end,
            defaults={"name": name, "name_en": name_en, "is_shortened": shortened, "note": PERIOD_NOTE},
        )
        if period.name == name and not period.name_en:  # the demo's own, made before it had one
            period.name_en = name_en
            period.save(update_fields=["name_en", "updated_at"])
        periods[start] = period
    if MultiYearPlan.objects.exists() or not networks:
        return
    staff = _demo_user("staff")
    coordinator_b = _demo_user("coordinator.b")

    brugge = networks.get("demo-brugge")
    if brugge:
        _demo_plan(brugge, periods[2027], complete=False)

    limburg = networks.get("demo-b")
    if limburg and coordinator_b and staff:
        plan = _demo_plan(limburg, periods[2027], complete=True)
        record_history(
            plan,
            [SubmissionStatus.SUBMITTED],
            coordinator=coordinator_b,
            reviewer=staff,
            comment=DEMO_COMMENT,
        )
        goal = plan.goals.order_by("theme__number").last()

        comment_add(
            subject=plan, by=staff, text="Demo (fictief): maak de streefwaarden per zone concreet.", goal=goal
        )

    antwerpen = networks.get("demo-antwerpen")
    if antwerpen and staff:
        plan = _demo_plan(antwerpen, periods[2025], complete=True)
        reviewed = [SubmissionStatus.SUBMITTED, SubmissionStatus.IN_REVIEW, SubmissionStatus.APPROVED]
        record_history(plan, reviewed, coordinator=None, reviewer=staff, comment=DEMO_COMMENT)
        _demo_progress(plan, 2025, staff)


def _demo_plan(network, period, *, complete: bool):

    plan = MultiYearPlan.objects.create(
        network=network,
        period=period,
        summary="Demo (fictief): versterken van de eerste lijn en gelijke toegang in de hele regio.",
        stakeholders="Demo (fictief): zorgraden, huisartsenkringen, lokale besturen.",
    )
    zones = [area.zone for area in current_service_areas([network.pk])]
    aims = list(SextupleAim.objects.order_by("number"))
    partners = list(
        PartnerOrganisation.objects.filter(code__in=[row[0] for row in DEMO_PARTNERS]).in_zones(
            [zone.pk for zone in zones], timezone.localdate()
        )
    )
    themes = core_themes()
    for index, theme in enumerate(themes if complete else themes[:2]):
        goal = PlanGoal.objects.create(
            plan=plan,
            theme=theme,
            title=f"Demo-doel {theme.number}: {theme.name.lower()} in de hele regio",
            description="Demo (fictief).",
        )
        goal.target_zones.set(zones)
        goal.aims.set(aims[index % len(aims) : index % len(aims) + 2])
        action = PlanAction.objects.create(
            goal=goal,
            what=f"Demo-actie {theme.number} (fictief)",
            responsible="Demo-coördinator",
        )
        if index < 2:  # the first two actions name the demo partners of the network's zones
            action.partners.set(partners)
        if complete or index == 0:
            indicator = PlanIndicator.objects.create(
                goal=goal,
                name=f"Demo-indicator {theme.number} (fictief)",
                unit="aantal",
                baseline_value=Decimal(20 + index * 5),
                baseline_year=period.start_year - 1,
            )
            for step, year in enumerate(period.years, start=1):
                IndicatorTarget.objects.create(
                    indicator=indicator, year=year, value=Decimal(20 + index * 5 + 5 * step)
                )
    return plan


def record_history(subject, statuses, *, coordinator, reviewer, comment: str = "") -> None:
    """Walk a plan or progress report through ``statuses`` writing what the services write (a
    version at each plan submission, an event per step, the status), without their checks: for
    the demo data and the tests. Submitted by ``coordinator``, the other steps by ``reviewer``;
    actors without an account are left empty."""

    is_plan = isinstance(subject, MultiYearPlan)
    before, number, approved = SubmissionStatus.DRAFT, 0, None
    for status in statuses:
        by = coordinator if status == SubmissionStatus.SUBMITTED else reviewer
        if is_plan and status == SubmissionStatus.SUBMITTED:
            number += 1
            content = plan_snapshot(plan_detail_queryset().get(pk=subject.pk))
            PlanVersion.objects.create(plan=subject, number=number, submitted_by=by, content=content)
        ReviewEvent.objects.create(
            **({"plan": subject} if is_plan else {"progress": subject}),
            from_status=before,
            to_status=status,
            by=by,
            comment=comment,
            version_number=number or None,
        )
        before = status
        if is_plan and status == SubmissionStatus.APPROVED:
            approved = number
    changed = []
    if subject.status != before:  # a save that changes nothing writes no history row
        subject.status = before
        changed.append("status")
    if is_plan and subject.approved_version != approved:
        subject.approved_version = approved
        changed.append("approved_version")
    if changed:
        subject.save(update_fields=[*changed, "updated_at"])


def _demo_progress(plan, year, staff):

    progress = YearlyProgress.objects.create(
        plan=plan,
        year=year,
        narrative="Demo (fictief): de meeste acties liepen volgens plan; één actie liep vertraging op.",
    )
    for number, indicator in enumerate(
        PlanIndicator.objects.filter(goal__plan=plan).prefetch_related("targets")
    ):
        target = year_target(indicator, year)
        actual = (target or Decimal(0)) - (Decimal(3) if number % 2 else Decimal(0))
        IndicatorProgress.objects.create(progress=progress, indicator=indicator, actual=actual)
    for number, action in enumerate(PlanAction.objects.filter(goal__plan=plan)):
        ActionProgress.objects.create(
            progress=progress,
            action=action,
            status=ActionStatus.DELAYED if number == 1 else ActionStatus.ON_TRACK,
            note=DEMO_COMMENT,
        )
    progress_keep_submitted(progress)  # as its submission does
    reviewed = [SubmissionStatus.SUBMITTED, SubmissionStatus.IN_REVIEW, SubmissionStatus.APPROVED]
    record_history(progress, reviewed, coordinator=None, reviewer=staff, comment=DEMO_COMMENT)
