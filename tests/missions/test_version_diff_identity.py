"""The versions page's comparison: a first version (compared with nothing) does not list the
plan's network and period as added, and a changed period reads as years, not a code list."""

import pytest
from django.utils import translation

from missions.selectors.versions import plan_diff, readable_diff

pytestmark = pytest.mark.django_db


def test_a_first_version_lists_its_content_not_whose_plan_it_is():
    content = {"network": "demo-b", "period": [2027, 2028], "summary": "Een plan", "goals": []}
    with translation.override("en"):
        shown = readable_diff(plan_diff({"goals": []}, content))
    assert [label for label, _before, _after in shown["plan"]] == ["Summary"]


def test_a_changed_period_reads_as_its_years():
    before = {"network": "demo-b", "period": [2027, 2028], "goals": []}
    after = {"network": "demo-b", "period": [2027, 2031], "goals": []}
    with translation.override("en"):
        shown = readable_diff(plan_diff(before, after))
    assert shown["plan"] == [("Planning period", "2027–2028", "2027–2031")]
