"""The reform's dates are rows staff edit in the back office (decision 0001 §2.1): no date of
the reform is a constant in code."""

import datetime

import pytest
from django.db import IntegrityError
from django.urls import reverse
from django.utils import timezone

from networks.models import ReformDate
from networks.selectors import recognition_day, reform_calendar, reform_date
from tests.admin_helpers import change_form_data
from tests.networks.factories import ReformDateFactory, recognition_day_row

pytestmark = pytest.mark.django_db


def test_changing_the_recognition_day_in_the_back_office_moves_search_dashboard_and_api(
    staff_client, staff_user, anonymous_client, mol
):
    row = recognition_day_row("2027-01-01")
    url = reverse("admin:networks_reformdate_change", args=[row.pk])
    response = staff_client.post(url, change_form_data(staff_client.get(url), start="2027-07-01"))
    assert response.status_code == 302

    # (a) the public search: a zone without network, before the day
    search = anonymous_client.get("/netwerk-zoeken/", {"q": "Mol", "as_of": "2027-03-01"}).content.decode()
    assert "vanaf 1 juli 2027" in search
    assert "1 januari 2027" not in search

    # (b) the dashboard: countdown and default day, computed from the same local date
    dashboard = staff_client.get(reverse("transition:dashboard"))
    assert dashboard.context["recognition_day"] == datetime.date(2027, 7, 1)
    assert dashboard.context["day"] == datetime.date(2027, 7, 1)
    assert dashboard.context["days_left"] == (datetime.date(2027, 7, 1) - timezone.localdate()).days

    # (c) the API
    body = anonymous_client.get("/api/v1/municipalities/13025/network/", {"as_of": "2027-03-01"}).json()
    assert "2027-07-01" in body["detail"]
    assert body["recognition_day"] == "2027-07-01"

    # (d) who changed it, in the history
    history = list(row.history.values_list("start", "history_user"))
    assert history[0] == ("2027-07-01", staff_user.pk)
    assert len(history) == 2


def test_a_keyed_reform_date_must_be_a_day():
    with pytest.raises(IntegrityError):
        ReformDateFactory(key="recognition-day", start="2027-mid")


def test_the_admin_refuses_a_keyed_date_that_is_not_a_day(staff_client):
    row = recognition_day_row()
    url = reverse("admin:networks_reformdate_change", args=[row.pk])
    response = staff_client.post(url, change_form_data(staff_client.get(url), start="2027-mid"))
    assert response.status_code == 200
    assert "moet een dag zijn" in response.content.decode()
    row.refresh_from_db()
    assert row.start == "2027-01-01"


def test_free_text_is_not_a_date():
    # "juni 2027" fits the column (10 characters) but is not one of the imprecise-date forms.
    with pytest.raises(IntegrityError):
        ReformDate.objects.bulk_create([ReformDate(code="x", title="x", start="juni 2027")])


def test_no_recognition_day_means_no_countdown_and_today_as_default(staff_client, anonymous_client, mol):
    assert recognition_day() is None
    dashboard = staff_client.get(reverse("transition:dashboard"))
    assert dashboard.context["day"] == timezone.localdate()
    assert dashboard.context["days_left"] is None
    assert "Er is nog geen erkenningsdag ingesteld" in dashboard.content.decode()
    body = anonymous_client.get("/api/v1/municipalities/13025/network/", {"as_of": "2026-03-01"}).json()
    assert body["recognition_day"] is None
    assert "erkend" not in (body["detail"] or "")


def test_the_recognition_day_is_read_once_per_request(staff_client, django_assert_num_queries):
    recognition_day_row()
    assert reform_date("recognition-day").day == datetime.date(2027, 1, 1)
    from networks.selectors import end_request_cache, start_request_cache

    start_request_cache()
    try:
        with django_assert_num_queries(1):
            for _ in range(3):
                recognition_day()
    finally:
        end_request_cache()


def test_the_calendar_lists_a_more_precise_date_first_on_the_same_day():
    # "2027" written as "na 01/01/2027" starts on the same day as "1 januari 2027" and follows it,
    # whatever their codes; the rest goes by day.
    ReformDateFactory(code="a-call", start="2027", title="Oproep")
    ReformDateFactory(code="b-launch", start="2027-01-01", title="Regelgeving gelanceerd")
    ReformDateFactory(code="c-early", start="2027-early", title="Begin")
    ReformDateFactory(code="d-month", start="2027-01", title="Januari")
    ReformDateFactory(code="e-before", start="2026-late", title="Eind 2026")
    ReformDateFactory(code="f-after", start="2027-02-01", title="Februari")

    assert [row.code for row in reform_calendar()] == [
        "e-before", "b-launch", "d-month", "c-early", "a-call", "f-after"
    ]  # fmt: skip
