"""What a progress report still lacks before it can be submitted names the indicators without an
actual value (the reader had to hunt through the table for them) and counts them rightly."""

import pytest
from django.utils import translation

from missions.completeness import progress_missing_items
from missions.models import IndicatorProgress, PlanIndicator
from tests.missions.factories import YearlyProgressFactory

pytestmark = pytest.mark.django_db


def test_the_indicators_without_an_actual_value_are_named():
    progress = YearlyProgressFactory(filled=True)
    indicators = list(PlanIndicator.objects.filter(goal__plan=progress.plan).order_by("pk"))
    assert len(indicators) >= 2
    with translation.override("en"):
        assert progress_missing_items(progress) == []
        IndicatorProgress.objects.filter(progress=progress, indicator=indicators[0]).update(actual=None)
        assert progress_missing_items(progress) == [
            f"An indicator has no actual value: {indicators[0].name}."
        ]
        IndicatorProgress.objects.filter(progress=progress).update(actual=None)
        names = ", ".join(i.name for i in indicators)
        assert progress_missing_items(progress) == [
            f"{len(indicators)} indicators have no actual value: {names}."
        ]
