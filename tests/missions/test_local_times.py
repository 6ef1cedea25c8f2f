"""Times are shown in Europe/Brussels everywhere, the matrix cell's conflict message included
(it showed UTC while the history beside it showed local time)."""

import datetime

import pytest

from missions.models import RegionalIntensity
from missions.services.intensity import intensity_save
from npz_registry.concurrency import ConflictError
from tests.missions.factories import make_themes

pytestmark = pytest.mark.django_db


def test_the_conflict_message_of_a_matrix_cell_shows_brussels_time(plan_setup, network_a, staff_user):
    theme = make_themes()[0]
    cell = {"network": network_a, "zone": plan_setup["zone"], "theme": theme, "suggested": None}
    intensity_save(**cell, level=2, by=staff_user, justification="Zo gekozen")
    winter = datetime.datetime(2026, 12, 5, 13, 35, tzinfo=datetime.UTC)
    RegionalIntensity.objects.update(updated_at=winter)
    with pytest.raises(ConflictError) as conflict:
        intensity_save(**cell, level=3, by=staff_user, justification="Anders", version=0)
    message = " ".join(conflict.value.messages)
    assert "05/12/2026 14:35" in message and "13:35" not in message
