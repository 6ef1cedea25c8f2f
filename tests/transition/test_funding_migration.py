"""The data step of the envelopes (transition 0008): the former kind "extra means from 2024"
becomes a recurrent grant drawn from the +5 M€ envelope; every grant gets its recipient's kind."""

from decimal import Decimal

import pytest

from tests.conftest import migrate_to, migrate_to_latest

BEFORE = [("transition", "0011_funding_figure_actor_drawn_from"), ("networks", "0014_care_councils_per_zone")]
AFTER = [("transition", "0012_extra_2024_to_envelope")]


@pytest.mark.django_db(transaction=True)
def test_extra_2024_rows_migrate_to_recurrent_from_the_envelope(migrated_database):
    apps = migrate_to(BEFORE)
    Network = apps.get_model("networks", "Network")
    Legacy = apps.get_model("networks", "LegacyOrganisation")
    Funding = apps.get_model("transition", "Funding")
    network = Network.objects.create(code="net-m", name="Netwerk M")
    mbe = Legacy.objects.create(code="mbe-m", name="MBE M", kind="MBE")
    common = {"year": 2024, "source_document": "x"}
    Funding.objects.create(legacy_organisation=mbe, kind="EXTRA_2024", amount=Decimal("7"), **common)
    Funding.objects.create(legacy_organisation=mbe, kind="RECURRENT", amount=Decimal("9"), **common)
    Funding.objects.create(network=network, kind="RECURRENT", amount=Decimal("3"), **common)
    try:
        apps = migrate_to(AFTER)
        Funding = apps.get_model("transition", "Funding")
        extra = Funding.objects.get(amount=Decimal("7"))
        assert extra.kind == "RECURRENT" and extra.drawn_from.code == "extra-middelen-2024"
        assert extra.drawn_from.amount == Decimal("5000000") and extra.drawn_from.source
        assert Funding.objects.get(amount=Decimal("9")).drawn_from is None
        assert Funding.objects.get(amount=Decimal("3")).actor_kind == "NETWORK"
        assert extra.actor_kind == "LEGACY"
    finally:
        Funding.objects.all().delete()
        migrate_to_latest()
