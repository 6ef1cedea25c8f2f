"""Pages keep their heavy parts per data version: the plan page its goals, a progress report its
read-only sheet, the review queue its tables, an edit page its form's fields. A second reader is
answered from the fragment, a committed change shows at once, and a fragment never carries a
reader's CSRF token."""

import datetime
import re

import pytest
from bs4 import BeautifulSoup
from django.test import Client
from django.utils import timezone

from missions.models import PlanGoal, ReviewComment, YearlyProgress
from npz_registry import dataversion
from tests.missions.factories import YearlyProgressFactory
from tests.networks.factories import RegionalCareZoneFactory, ServiceAreaFactory, StaffFactory

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _goal_titles(html: str) -> list[str]:
    return [title.strip() for title in re.findall(r'<h4 class="h6 mb-1">([^<]+)', html)]


def _first_goal_comment_form(html: str) -> dict:
    """The hidden fields of the first comment form on a goal (its CSRF and once tokens, goal)."""
    forms = html.split('id="goals"')[1].split("<form")
    form = next(form.split("</form>")[0] for form in forms if '<input type="hidden" name="goal"' in form)
    return dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form))


def test_the_goals_of_an_approved_plan_are_read_once_per_data_version_and_follow_a_change(
    make_plan, staff_user, coordinator_a, commit_pending, django_assert_num_queries
):
    plan = make_plan(approved=True)
    commit_pending()
    url = plan.get_absolute_url()
    first = _client(staff_user).get(url).content.decode()
    assert len(_goal_titles(first)) == 5
    reader = _client(coordinator_a)
    # Session, user, the plan (with the data version), its comments, the service areas: none of
    # the five queries of its goals, nor the care councils'.
    with django_assert_num_queries(5):
        again = reader.get(url).content.decode()
    assert _goal_titles(again) == _goal_titles(first)

    goal = PlanGoal.objects.filter(plan=plan).order_by("pk").first()
    goal.title = "Een nieuwe titel"
    goal.save()
    commit_pending()
    assert "Een nieuwe titel" in _goal_titles(reader.get(url).content.decode())


def test_every_reviewer_of_a_plan_in_review_gets_comment_forms_that_accept_their_post(
    make_plan, staff_user, commit_pending
):
    """The goals carry comment forms while the plan is in review: rendered for each reader
    (a kept fragment would hand the first reader's CSRF token to the next, who could not post)."""
    plan = make_plan(in_review=True)
    reviewers = (staff_user, StaffFactory(username="tweede.reviewer"))
    commit_pending()
    url = plan.get_absolute_url()
    forms = []
    for user in reviewers:  # both read the page before either posts (a post changes the data)
        client = Client(enforce_csrf_checks=True)
        client.force_login(user)
        forms.append((client, _first_goal_comment_form(client.get(url).content.decode())))
    for number, (client, fields) in enumerate(forms):
        response = client.post(f"{url}commentaar/", {**fields, "text": f"Opmerking {number}"})
        assert response.status_code == 302, response.content.decode()[:300]
        assert ReviewComment.objects.filter(goal=fields["goal"], text=f"Opmerking {number}").exists()


def test_the_edit_links_of_a_draft_follow_who_reads_it(make_plan, staff_user, coordinator_a, commit_pending):
    plan = make_plan(complete=True)
    commit_pending()
    url = plan.get_absolute_url()
    edit_link = f'href="/portaal/plannen/{plan.pk}/doelen/'
    assert edit_link in _client(coordinator_a).get(url).content.decode()
    assert edit_link not in _client(staff_user).get(url).content.decode()  # same version, no edit


def _sheet_fields(html: str) -> dict:
    """The report form's fields as the browser would post them (inputs and textareas)."""
    form = html.split('id="progress-form"')[1].split("</form>")[0]
    inputs = r'<input type="(?:hidden|text|number)" name="([^"]+)"[^>]*?value="([^"]*)"'
    fields = dict(re.findall(inputs, form))
    fields.update(re.findall(r'<textarea name="([^"]+)"[^>]*>([^<]*)</textarea>', form))
    fields.update(re.findall(r'<select name="([^"]+)"[^>]*>.*?<option value="([^"]*)" selected', form, re.S))
    return fields


def test_a_submitted_report_is_read_once_per_data_version_and_follows_a_change(
    make_plan, staff_user, coordinator_a, commit_pending, django_assert_max_num_queries
):
    progress = YearlyProgressFactory(plan=make_plan(approved=True), filled=True, submitted=True)
    commit_pending()
    url = progress.get_absolute_url()
    first = _client(staff_user).get(url).content.decode()
    assert "Een goed jaar." in first
    assert "<fieldset disabled>" in first
    reader = _client(coordinator_a)
    with django_assert_max_num_queries(8):  # without the five of the sheet: 12 when it is read
        again = reader.get(url).content.decode()

    def sheet(html):
        return html.split('id="progress-form"')[1].split("</form>")[0]

    assert sheet(again) == sheet(first)
    assert "csrfmiddlewaretoken" not in sheet(first)  # a read-only sheet posts nothing
    YearlyProgress.objects.filter(pk=progress.pk).update(narrative="Een ander verhaal.")
    dataversion.bump()
    commit_pending()
    assert "Een ander verhaal." in reader.get(url).content.decode()


def test_the_coordinator_gets_a_form_that_saves_after_staff_read_the_draft(
    make_plan, staff_user, coordinator_a, commit_pending
):
    """Staff read a draft report without editing it (the read-only sheet is kept); its
    coordinator then gets the sheet to edit, with their own CSRF token, and it saves."""
    progress = YearlyProgressFactory(plan=make_plan(approved=True), filled=True)
    commit_pending()
    url = progress.get_absolute_url()
    assert "<fieldset disabled>" in _client(staff_user).get(url).content.decode()
    client = Client(enforce_csrf_checks=True)
    client.force_login(coordinator_a)
    html = client.get(url).content.decode()
    assert "<fieldset disabled>" not in html
    fields = {**_sheet_fields(html), "narrative": "Bijgewerkt verhaal.", "then": "save"}
    response = client.post(url, fields)
    assert response.status_code == 302, response.content.decode()[:2000]
    progress.refresh_from_db()
    assert progress.narrative == "Bijgewerkt verhaal."


def test_the_review_queue_is_read_once_per_data_version_and_follows_a_change(
    make_plan, staff_user, coordinator_a, network_a, commit_pending, django_assert_num_queries
):
    make_plan(submitted=True)
    second = StaffFactory(username="tweede.reviewer")
    commit_pending()
    first = _client(staff_user).get("/beoordeling/").content.decode()
    assert "Testnetwerk A" in first
    # Changed without the signals that count a change: the next reader gets the kept queue,
    # in three queries (session, user, data version), none of the queue's.
    type(network_a).objects.filter(pk=network_a.pk).update(name="Stil hernoemd")
    reader = _client(second)
    with django_assert_num_queries(3):
        again = reader.get("/beoordeling/").content.decode()
    assert "Testnetwerk A" in again and "Stil hernoemd" not in again

    network_a.refresh_from_db()
    network_a.name = "Nieuwe naam"
    network_a.save()
    commit_pending()
    assert "Nieuwe naam" in reader.get("/beoordeling/").content.decode()
    assert _client(coordinator_a).get("/beoordeling/").status_code == 403


def _posted_as_shown(html: str) -> dict:
    """What a browser posts for the page's edit form as shown (text, choices, hidden tokens)."""
    form = BeautifulSoup(html, "html.parser").select('form[method="post"][novalidate]')[0]
    data = {}
    for field in form.select("input[name], textarea[name], select[name]"):
        name = field["name"]
        if field.name == "textarea":
            data[name] = field.get_text().lstrip("\n")
        elif field.name == "select":
            chosen = [option["value"] for option in field.select("option[selected]")]
            data[name] = chosen if field.has_attr("multiple") else (chosen[0] if chosen else "")
        elif field.get("type") in ("checkbox", "radio"):
            if field.has_attr("checked"):
                data.setdefault(name, []).append(field["value"])
        else:
            data[name] = field.get("value", "")
    return data


def test_an_edit_form_is_kept_for_its_reader_and_each_session_posts_with_its_own_token(
    make_plan, coordinator_a, commit_pending
):
    plan = make_plan(complete=True)
    goal = PlanGoal.objects.filter(plan=plan).order_by("pk").first()
    commit_pending()
    url = f"/portaal/plannen/{plan.pk}/doelen/{goal.pk}/"
    first = Client(enforce_csrf_checks=True)
    first.force_login(coordinator_a)
    assert goal.title in first.get(url).content.decode()
    PlanGoal.objects.filter(pk=goal.pk).update(title="Stil gewijzigd")  # not counted as a change
    second = Client(enforce_csrf_checks=True)  # the same coordinator in another browser
    second.force_login(coordinator_a)
    data = _posted_as_shown(second.get(url).content.decode())
    assert data["title"] == goal.title  # the kept fields
    response = second.post(url, {**data, "title": "Een nieuwe titel"})
    assert response.status_code == 302, response.content.decode()[:500]
    assert PlanGoal.objects.get(pk=goal.pk).title == "Een nieuwe titel"
    commit_pending()
    assert "Een nieuwe titel" in first.get(url).content.decode()


def test_a_kept_form_follows_the_day(
    make_plan, plan_setup, network_a, coordinator_a, commit_pending, monkeypatch
):
    """A new goal starts for the network's only zone: today it serves Kempen and, from
    tomorrow, Waasland instead; tomorrow's form starts on Waasland without any data change."""
    today = timezone.localdate()
    network_a.service_areas.update(valid_from=today - datetime.timedelta(days=30), valid_until=today)
    waasland = RegionalCareZoneFactory(code="waasland", name="Waasland")
    ServiceAreaFactory(network=network_a, zone=waasland, valid_from=today + datetime.timedelta(days=1))
    plan = make_plan()
    commit_pending()
    url = f"/portaal/plannen/{plan.pk}/doelen/nieuw/"
    reader = _client(coordinator_a)
    chosen = _posted_as_shown(reader.get(url).content.decode()).get("target_zones", [])
    assert chosen == []  # two zones today and tomorrow: none chosen for the coordinator

    tomorrow = today + datetime.timedelta(days=1)
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: tomorrow)
    chosen = _posted_as_shown(reader.get(url).content.decode()).get("target_zones", [])
    assert chosen == [str(waasland.pk)]


def test_a_goals_lists_are_kept_and_their_delete_links_ask_with_the_sessions_own_token(
    make_plan, coordinator_a, commit_pending, django_assert_max_num_queries
):
    plan = make_plan(complete=True)
    goal = PlanGoal.objects.filter(plan=plan).order_by("pk").first()
    action = goal.actions.order_by("pk").first()
    commit_pending()
    url = f"/portaal/plannen/{plan.pk}/doelen/{goal.pk}/"
    first = Client(enforce_csrf_checks=True)
    first.force_login(coordinator_a)
    assert action.what in first.get(url).content.decode()
    type(action).objects.filter(pk=action.pk).update(what="Stil gewijzigd")  # not counted as a change

    second = Client(enforce_csrf_checks=True)  # the same coordinator in another browser
    second.force_login(coordinator_a)
    with django_assert_max_num_queries(5):  # session, user, plan with the version, goal, once
        html = second.get(url).content.decode()
    assert action.what in html and "Stil gewijzigd" not in html  # the kept lists
    soup = BeautifulSoup(html, "html.parser")
    assert not soup.select(".list-group input[name=csrfmiddlewaretoken]")  # no token among the kept lists
    delete = soup.find("a", attrs={"href": f"/portaal/plannen/{plan.pk}/verwijderen/actie/{action.pk}/"})
    asked = BeautifulSoup(second.get(delete["href"]).content, "html.parser").select_one("#delete-form")
    data = {tag["name"]: tag["value"] for tag in asked.select("input[type=hidden]")}
    response = second.post(delete["href"], data)
    assert response.status_code == 302, response.content.decode()[:300]
    assert not type(action).objects.filter(pk=action.pk).exists()
    commit_pending()
    assert f"/verwijderen/actie/{action.pk}/" not in first.get(url).content.decode()


def test_the_versions_page_is_read_once_per_data_version_and_follows_a_change(
    make_plan, staff_user, coordinator_a, commit_pending, django_assert_num_queries
):
    plan = make_plan(approved=True)
    version = plan.versions.get()
    commit_pending()
    url = f"/portaal/plannen/{plan.pk}/versies/"
    assert version.content_hash[:10] in _client(staff_user).get(url).content.decode()
    type(version).objects.filter(pk=version.pk).update(content_hash="f" * 64)  # not counted
    reader = _client(coordinator_a)
    with django_assert_num_queries(3):  # session, user, the plan with the data version
        html = reader.get(url).content.decode()
    assert version.content_hash[:10] in html and "ffffffffff" not in html

    coordinator_a.first_name = "Nieuwe"  # a name the page shows as who submitted it
    coordinator_a.save()
    commit_pending()
    assert "ffffffffff" in reader.get(url).content.decode()
