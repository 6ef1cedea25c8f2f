"""The target period of an action line and of its revisions never ends before it starts (review
F5): "target start 2027-12, target date 2026-01" was saved. Imprecise dates compare as the
periods they stand for, as for the reform calendar: "2027" may end in "2027-06"."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from npz_registry.models import Certainty
from tests.admin_helpers import change_form_data
from tests.transition.factories import ActionLineFactory
from transition.models import ActionLine, ActionLineRevision

pytestmark = pytest.mark.django_db

#: The message other dated models give, in the registry's language (nl-BE).
REVERSED = "Het einde ligt voor het begin."


def revision(line, start, end) -> ActionLineRevision:
    return ActionLineRevision(
        action_line=line,
        stated_on="2026-05",
        target_as_written="tegen eind 2027",
        target_start=start,
        target_end=end,
    )


@pytest.mark.parametrize("model", ["line", "revision"])
def test_a_target_ending_before_it_starts_is_refused(model):
    line = ActionLineFactory()
    obj = line if model == "line" else revision(line, "", "")
    obj.target_start, obj.target_end = "2027-12", "2026-01"
    with pytest.raises(ValidationError) as refused:
        obj.full_clean()
    assert refused.value.message_dict["target_end"] == [REVERSED]


@pytest.mark.parametrize(
    ("start", "end"), [("2027", "2027-06"), ("2026-01", "2027-12"), ("", "2026-01"), ("2027", "")]
)
@pytest.mark.parametrize("model", ["line", "revision"])
def test_a_target_in_order_overlapping_or_open_is_accepted(model, start, end):
    line = ActionLineFactory()
    obj = line if model == "line" else revision(line, "", "")
    obj.target_start, obj.target_end = start, end
    obj.full_clean()


def test_the_back_office_refuses_a_reversed_target_of_an_action_line(staff_client):
    line = ActionLineFactory(target_end="2025-late")
    url = reverse("admin:transition_actionline_change", args=[line.pk])
    response = staff_client.post(
        url, change_form_data(staff_client.get(url), target_start="2027-12", target_end="2026-01")
    )
    assert response.status_code == 200
    assert REVERSED in response.content.decode()
    line.refresh_from_db()
    assert (line.target_start, line.target_end) == ("", "2025-late")


def test_the_back_office_refuses_a_reversed_target_of_a_revision(staff_client):
    line = ActionLineFactory()
    data = {
        "action_line": line.pk,
        "stated_on": "2026-05",
        "target_as_written": "tegen eind 2027",
        "target_start": "2027-12",
        "target_end": "2026-01",
        "certainty": Certainty.ASSUMED,
    }
    url = reverse("admin:transition_actionlinerevision_add")
    response = staff_client.post(url, data)
    assert response.status_code == 200
    assert REVERSED in response.content.decode()
    assert not ActionLineRevision.objects.exists()
    assert staff_client.post(url, data | {"target_end": "2028-01"}).status_code == 302
    assert ActionLine.objects.get().revisions.get().target_end == "2028-01"
