"""Fictional demo data for `make run`: demo accounts and demo networks.

Everything made here is invented, and says so: network names carry "(fictief)" and
`is_demo`, people are called "Demo ...". Real organisations get no invented data.
"""

import datetime
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils.translation import gettext_lazy

from networks.groups import STAFF_GROUP, sync_groups
from networks.models import (
    Municipality,
    Network,
    NetworkRole,
    ProgressReportRule,
    RecognitionStatus,
    RegionalCareZone,
    ServiceArea,
)
from networks.selectors import recognition_day
from networks.services.networks import network_set_status, service_area_add
from networks.services.people import person_for_user, person_update
from npz_registry.history import recorded_by
from npz_registry.models import Certainty

DEMO_PASSWORD = "npz-demo"
DEMO_PHONE = "+32 0 000 00 00 (fictief)"

#: Demo loaders of other apps, run after ours in the same transaction (registered in their
#: AppConfig.ready(), so networks never imports them).
EXTRA_DEMO_LOADERS: list = []


def register_demo_loader(loader) -> None:
    if loader not in EXTRA_DEMO_LOADERS:
        EXTRA_DEMO_LOADERS.append(loader)


@dataclass(frozen=True)
class DemoAccount:
    username: str
    first_name: str
    last_name: str
    role: str
    network_code: str | None = None


@dataclass(frozen=True)
class DemoNetwork:
    code: str
    name: str
    seat_nis: str
    zones: tuple[tuple[str, datetime.date | None], ...]  # (zone code, serves from; None: the demo day)
    recognised: bool = True


#: In the tables below: "from the demo day" (the recognition day set in the back office).
JAN_2027 = None


def demo_day() -> datetime.date:
    """The recognition day set in the back office; without one, 1 January 2027, the day the
    note on roles and missions (July 2025) hopes for. Read when the demo is loaded."""
    return recognition_day() or datetime.date(2027, 1, 1)


#: Fictional networks, one scenario: on the demo day (1 January 2027) three zones are still without a
#: network (Zuid-West-Vlaanderen follows on 1 July 2027, Brussels and Vlaamse Ardennen on
#: 1 January 2028), so the dashboard shows an incomplete coverage in 2027 and a complete one
#: from 2028 on.
DEMO_NETWORKS = [
    DemoNetwork("demo-a", "Demonetwerk A – Kempen (fictief)", "13008", (("kempen", JAN_2027),)),
    DemoNetwork("demo-b", "Demonetwerk B – Limburg (fictief)", "71072", (("limburg", JAN_2027),)),
    DemoNetwork(
        "demo-antwerpen", "Demonetwerk Regio Antwerpen (fictief)", "11002", (("regio-antwerpen", JAN_2027),)
    ),
    DemoNetwork(
        "demo-rivierenland", "Demonetwerk Rivierenland (fictief)", "12025", (("rivierenland", JAN_2027),)
    ),
    DemoNetwork(
        "demo-oost-brabant", "Demonetwerk Oost-Brabant (fictief)", "24062", (("oost-brabant", JAN_2027),)
    ),
    DemoNetwork(
        "demo-bhv",
        "Demonetwerk Halle-Vilvoorde en Brussel (fictief)",
        "23088",
        (("halle-vilvoorde", JAN_2027), ("brussel", datetime.date(2028, 1, 1))),
        recognised=False,
    ),
    DemoNetwork("demo-brugge", "Demonetwerk Regio Brugge (fictief)", "31005", (("regio-brugge", JAN_2027),)),
    DemoNetwork(
        "demo-kust-westhoek",
        "Demonetwerk Westhoek en Middenkust (fictief)",
        "35013",
        (("westhoek", JAN_2027), ("middenkust", JAN_2027)),
    ),
    DemoNetwork("demo-midwest", "Demonetwerk Midwest (fictief)", "36015", (("midwest", JAN_2027),)),
    DemoNetwork(
        "demo-gent",
        "Demonetwerk Regio Gent (fictief)",
        "44021",
        (("regio-gent", JAN_2027),),
        recognised=False,
    ),
    DemoNetwork(
        "demo-waas-dender",
        "Demonetwerk Waasland en Dender (fictief)",
        "46021",
        (("waasland", JAN_2027), ("denderregio", JAN_2027)),
        recognised=False,
    ),
    DemoNetwork(
        "demo-zuidwest",
        "Demonetwerk Zuid-West-Vlaanderen (fictief)",
        "34022",
        (("zuid-west-vlaanderen", datetime.date(2027, 7, 1)),),
        recognised=False,
    ),
    DemoNetwork(
        "demo-vlaamse-ardennen",
        "Demonetwerk Vlaamse Ardennen (fictief)",
        "45035",
        (("vlaamse-ardennen", datetime.date(2028, 1, 1)),),
        recognised=False,
    ),
]

DEMO_JUSTIFICATION = (
    "Fictief (demo): beide zones delen een ziekenhuisnetwerk en de bereikbaarheid blijft gegarandeerd "
    "door een antenne in elke zone."
)

#: The reason in the history rows the demo data writes (nobody wrote them).
DEMO_REASON = gettext_lazy("demo data (fictional)")

DEMO_ACCOUNTS = [
    DemoAccount("admin", "Demo", "Beheerder", "superuser"),
    DemoAccount("staff", "Demo", "Medewerker Departement Zorg", "staff"),
    DemoAccount("coordinator.a", "Demo", "Coördinator A", "coordinator", "demo-a"),
    DemoAccount("coordinator.b", "Demo", "Coördinator B", "coordinator", "demo-b"),
]


@recorded_by(None, reason=DEMO_REASON)
@transaction.atomic
def load_demo_data() -> list[str]:
    """Create or reset the demo networks and accounts; returns one line per account."""
    sync_groups()
    staff_group = Group.objects.get(name=STAFF_GROUP)
    networks = _load_demo_networks()
    ProgressReportRule.objects.get_or_create(
        applies_from_year=2024,
        defaults={
            "due_month": 3,
            "due_day": 31,
            "year_offset": 1,
            "certainty": Certainty.ASSUMED,
            "source": "Demo (fictief): eigen aanname; geen bron geeft een indiendatum voor de jaarverslagen.",
        },
    )

    User = get_user_model()
    lines = []
    for account in DEMO_ACCOUNTS:
        user, _ = User.objects.get_or_create(username=account.username)
        user.is_active = True
        user.is_superuser = account.role == "superuser"
        user.is_staff = account.role in {"superuser", "staff"}
        user.set_password(DEMO_PASSWORD)
        user.save()
        person_update(
            person=person_for_user(user),
            first_name=account.first_name,
            last_name=account.last_name,
            email=f"{account.username}@demo.invalid",
            phone=DEMO_PHONE,
        )
        if account.role == "staff":
            user.groups.add(staff_group)
        if account.network_code:
            NetworkRole.objects.get_or_create(
                user=user, network=networks[account.network_code], role=NetworkRole.Role.COORDINATOR
            )
        where = f" of {networks[account.network_code].name}" if account.network_code else ""
        lines.append(f"{account.username:<14} {DEMO_PASSWORD}   {account.role}{where}")
    for loader in EXTRA_DEMO_LOADERS:
        loader(networks=networks)
    return lines


def _load_demo_networks() -> dict[str, Network]:
    """The demo networks with their service areas and recognition decisions (made once, so
    what staff change in the demo is kept on the next run)."""
    zones = {zone.code: zone for zone in RegionalCareZone.objects.all()}
    day = demo_day()
    seats = {
        m.nis_code: m for m in Municipality.objects.filter(nis_code__in=[d.seat_nis for d in DEMO_NETWORKS])
    }
    networks = {}
    for demo in DEMO_NETWORKS:
        network, _created = Network.objects.get_or_create(
            code=demo.code,
            defaults={
                "name": demo.name,
                "short_name": demo.name.split(" (")[0].replace("Demonetwerk ", "Demo "),
                "is_demo": True,
                "seat": seats.get(demo.seat_nis),
                "address": "Demostraat 1 (fictief)",
                "email": f"{demo.code}@demo.invalid",
                "phone": DEMO_PHONE,
                "scale_justification": DEMO_JUSTIFICATION if len(demo.zones) > 1 else "",
                "notes": "Fictief demonetwerk: geen echte organisatie.",
            },
        )
        networks[demo.code] = network
        if not zones or network.status_changes.exists():
            continue  # zones come with load_reference_data; decisions are made only once
        for zone_code, start in demo.zones:
            if zone_code in zones and not ServiceArea.objects.filter(zone=zones[zone_code]).exists():
                service_area_add(network=network, zone=zones[zone_code], valid_from=start or day)
        network_set_status(
            network=network,
            to_status=RecognitionStatus.CANDIDATE,
            effective_date=datetime.date(2026, 1, 1),
            note="Demo: kandidaat-netwerk (fictief).",
        )
        if demo.recognised and network.service_areas.valid_on(day).exists():
            network_set_status(
                network=network,
                to_status=RecognitionStatus.RECOGNISED,
                effective_date=day,
                note="Demo: erkenning (fictief).",
            )
    return networks
