"""The shared model helpers of npz_registry/models.py: a period's order, said once for the
database (`period_order_constraint`) and once for the forms (`period_errors`)."""

import datetime
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError
from django.db import models

from npz_registry.models import period_errors, period_order_constraint, refuse_reversed_period

DAY = datetime.date(2027, 1, 1)


def test_a_period_with_both_bounds_required_compares_the_end_with_the_start():
    constraint = period_order_constraint("start_year", "end_year", name="ordered")

    assert constraint.condition == models.Q(end_year__gte=models.F("start_year"))
    assert constraint.name == "ordered"


def test_an_open_ended_bound_may_be_empty():
    constraint = period_order_constraint("year_from", "year_to", name="ordered", open_ended=["year_to"])

    expected = models.Q(year_to__isnull=True) | models.Q(year_to__gte=models.F("year_from"))
    assert constraint.condition == expected


def test_both_bounds_may_be_open():
    constraint = period_order_constraint(
        "active_from", "active_until", name="ordered", open_ended=["active_from", "active_until"]
    )

    assert constraint.condition == (
        models.Q(active_from__isnull=True)
        | models.Q(active_until__isnull=True)
        | models.Q(active_until__gte=models.F("active_from"))
    )


def test_a_period_ending_before_it_starts_is_an_error_on_its_end():
    row = SimpleNamespace(start=DAY, end=DAY - datetime.timedelta(days=1))

    assert period_errors(row, "start", "end", "reversed") == {"end": "reversed"}


def test_a_period_ending_on_its_first_day_or_with_an_open_bound_is_in_order():
    assert period_errors(SimpleNamespace(start=DAY, end=DAY), "start", "end", "reversed") == {}
    assert period_errors(SimpleNamespace(start=None, end=DAY), "start", "end", "reversed") == {}
    assert period_errors(SimpleNamespace(start=2027, end=None), "start", "end", "reversed") == {}


def test_refuse_reversed_period_raises_the_error_on_the_end_and_passes_a_period_in_order():
    with pytest.raises(ValidationError) as refused:
        refuse_reversed_period(SimpleNamespace(start=2028, end=2027), "start", "end", "reversed")

    assert refused.value.message_dict == {"end": ["reversed"]}
    refuse_reversed_period(SimpleNamespace(start=2027, end=2027), "start", "end", "reversed")


def test_dated_rows_are_named_with_a_belgian_date_in_the_back_office(db):
    """The back office names a status change or an action line's update by its day as the
    reader writes it (15/09/2025), not as the database stores it (2025-09-15)."""
    import datetime

    from networks.models import NetworkStatusChange
    from tests.networks.factories import NetworkFactory
    from tests.transition.factories import ActionLineFactory
    from transition.models import ActionLineUpdate

    network = NetworkFactory(name="Netwerk X")
    change = NetworkStatusChange(
        network=network, to_status="CANDIDATE", effective_date=datetime.date(2025, 9, 15)
    )
    assert str(change).endswith("(15/09/2025)") and "2025-09-15" not in str(change)
    update = ActionLineUpdate(
        action_line=ActionLineFactory(), status="ON_TRACK", date=datetime.date(2026, 1, 2)
    )
    assert str(update).endswith("(02/01/2026)")
    assert str(NetworkStatusChange(network=network, to_status="CANDIDATE")).endswith("(–)")
