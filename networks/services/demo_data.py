"""Fictional demo data for `make run`: demo accounts and demo networks.

Everything made here is invented, and says so: network names carry "(fictief)" and
`is_demo`, people are called "Demo ...". Real organisations get no invented data.
"""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction

from networks.groups import STAFF_GROUP, sync_groups
from networks.models import Network, NetworkRole

DEMO_PASSWORD = "npz-demo"


@dataclass(frozen=True)
class DemoAccount:
    username: str
    first_name: str
    last_name: str
    role: str
    network_code: str | None = None


DEMO_NETWORKS = [
    {"code": "demo-a", "name": "Demonetwerk A (fictief)", "short_name": "Demo A"},
    {"code": "demo-b", "name": "Demonetwerk B (fictief)", "short_name": "Demo B"},
]

DEMO_ACCOUNTS = [
    DemoAccount("admin", "Demo", "Beheerder", "superuser"),
    DemoAccount("staff", "Demo", "Medewerker Departement Zorg", "staff"),
    DemoAccount("coordinator.a", "Demo", "Coördinator A", "coordinator", "demo-a"),
    DemoAccount("coordinator.b", "Demo", "Coördinator B", "coordinator", "demo-b"),
]


@transaction.atomic
def load_demo_data() -> list[str]:
    """Create or reset the demo networks and accounts; returns one line per account."""
    sync_groups()
    staff_group = Group.objects.get(name=STAFF_GROUP)
    networks = {}
    for values in DEMO_NETWORKS:
        network, _ = Network.objects.update_or_create(
            code=values["code"],
            defaults={**values, "is_demo": True, "notes": "Fictief demonetwerk: geen echte organisatie."},
        )
        networks[network.code] = network

    User = get_user_model()
    lines = []
    for account in DEMO_ACCOUNTS:
        user, _ = User.objects.get_or_create(username=account.username)
        user.first_name = account.first_name
        user.last_name = account.last_name
        user.email = f"{account.username}@demo.invalid"
        user.is_active = True
        user.is_superuser = account.role == "superuser"
        user.is_staff = account.role in {"superuser", "staff"}
        user.set_password(DEMO_PASSWORD)
        user.save()
        if account.role == "staff":
            user.groups.add(staff_group)
        if account.network_code:
            NetworkRole.objects.get_or_create(
                user=user, network=networks[account.network_code], role=NetworkRole.Role.COORDINATOR
            )
        where = f" of {networks[account.network_code].name}" if account.network_code else ""
        lines.append(f"{account.username:<14} {DEMO_PASSWORD}   {account.role}{where}")
    return lines
