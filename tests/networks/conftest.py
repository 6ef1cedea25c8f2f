"""A zone, a municipality in it and the network that serves it, shared by the search, API,
service-area and status tests (each adds the periods and decisions it is about)."""

import datetime

import pytest
from django.db import connection

from tests.networks.factories import MunicipalityFactory, NetworkFactory, RegionalCareZoneFactory

#: Before the recognition day: the municipality already belongs to its zone.
PAST = datetime.date(2025, 1, 1)
RECOGNITION = datetime.date(2027, 1, 1)


@pytest.fixture
def kempen(db):
    return RegionalCareZoneFactory(code="kempen", name="Kempen")


@pytest.fixture
def mol(kempen):
    return MunicipalityFactory(nis_code="13025", name="Mol", zone=kempen)


@pytest.fixture
def kempen_network(mol):
    """The network of the Kempen with every contact detail, not serving any zone yet."""
    return NetworkFactory(
        code="npz-kempen",
        name="Netwerk Palliatieve Zorg Kempen",
        short_name="NPZ Kempen",
        enterprise_number="0123456749",
        seat=mol,
        address="Markt 1, 2400 Mol",
        website="https://npz-kempen.example/",
        email="info@npz-kempen.example",
        phone="014 00 00 00",
    )


only_on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite has no exclusion constraints: the service's lock holds"
)


@pytest.fixture
def without_zone_exclusion(db):
    """Lets a test store a zone claimed twice on a day, as data written before the rules
    were enforced would be: on PostgreSQL the exclusion constraint is dropped inside the
    test's transaction (and comes back with its rollback)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ALTER TABLE networks_servicearea DROP CONSTRAINT service_area_zone_no_overlap")
