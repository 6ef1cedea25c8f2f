"""The demo's invented grants follow what the source says of the extra means of 2024 (found by
review): each MBE gets 22 % to 25 % more than its subsidy of before, drawn from the MBE share."""

from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Sum

from networks.models import LegacyOrganisation
from transition.models import Funding, FundingKind

pytestmark = pytest.mark.django_db


def test_each_mbe_gets_22_to_25_percent_more_from_2024(reference_data):
    call_command("load_demo_data", force=True, stdout=StringIO())
    mbes = LegacyOrganisation.objects.filter(
        kind=LegacyOrganisation.Kind.MBE, fundings__isnull=False
    ).distinct()
    assert mbes
    for mbe in mbes:
        grants = Funding.objects.filter(legacy_organisation=mbe)
        before = grants.filter(year=2023).aggregate(total=Sum("amount"))["total"]
        extra = grants.get(year=2024, drawn_from__code="extra-middelen-2024-mbe").amount
        assert Decimal("0.22") <= extra / before <= Decimal("0.25"), mbe.code
        assert grants.filter(year=2024, drawn_from__code="extra-middelen-2024-rest").count() == 0
        assert grants.filter(year=2023, kind=FundingKind.AD_HOC).count() == 0
