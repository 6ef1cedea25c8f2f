"""Fictional mission data for the demo: intensity matrices (one deliberately incomplete) and
activity counts (one network concentrated around its seat). Every text says it is fictional."""

from django.db import transaction

from missions.models import ActivityCount, ActivityKind, PartnerType, RegionalIntensity
from missions.selectors import core_themes, current_service_areas, needs_overview
from missions.services.intensity import intensity_save
from networks.models import MunicipalityFigures, RegionalCareZoneMembership

DEMO_SOURCE = "Demo: fictief"
#: demo-b's matrix stays incomplete so the pages show what is missing.
INCOMPLETE = {"demo-b": 3}
#: One deliberate deviation from the suggestion, with its (fictional) justification.
DEVIATION = (
    "demo-a",
    "expertise",
    "Demo (fictief): de regio heeft al een sterk opleidingsaanbod via de hogeschool.",
)


@transaction.atomic
def load_missions_demo_data(*, networks) -> None:
    if RegionalIntensity.objects.exists() or not networks:
        return  # made once: what staff or coordinators change is kept
    overview = needs_overview()
    themes = core_themes()
    partners = list(PartnerType.objects.order_by("order"))
    if not themes:
        return
    areas = list(current_service_areas([n.pk for n in networks.values()]))
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
                    justification=justification,
                )
    _load_demo_activity(networks)


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
