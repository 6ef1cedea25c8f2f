"""The department's review queue shows a page of each table, oldest first, each with its own pages."""

import pytest
from bs4 import BeautifulSoup

from missions.models import SubmissionStatus as S
from npz_registry.tables import PAGE_SIZE
from tests.missions.factories import MultiYearPlanFactory, YearlyProgressFactory

pytestmark = pytest.mark.django_db


def _rows(page, table):
    links = (row.select_one("a") for row in page.select(f"#{table} tbody tr"))
    return [link.get_text() for link in links if link]


def test_each_table_of_the_queue_has_its_own_pages_and_keeps_the_filter(staff_client):
    plans = [MultiYearPlanFactory(status=S.SUBMITTED) for _ in range(PAGE_SIZE + 2)]
    report = YearlyProgressFactory(status=S.SUBMITTED)

    first = BeautifulSoup(staff_client.get("/beoordeling/").content, "html.parser")
    assert _rows(first, "plan-queue") == [plan.network.name for plan in plans[:PAGE_SIZE]]  # oldest first
    assert _rows(first, "progress-queue") == [report.plan.network.name]
    next_link = first.select_one('div:has(> #plan-queue) + nav a[rel="next"]')["href"]
    assert next_link == "?page=2"

    second = BeautifulSoup(staff_client.get("/beoordeling/?status=SUBMITTED&page=2").content, "html.parser")
    assert _rows(second, "plan-queue") == [plan.network.name for plan in plans[PAGE_SIZE:]]
    assert _rows(second, "progress-queue") == [report.plan.network.name]  # its own first page
    previous = second.select_one('div:has(> #plan-queue) + nav a[rel="prev"]')["href"]
    assert "status=SUBMITTED" in previous and "page=1" in previous

    beyond = staff_client.get("/beoordeling/?page=99&reports_page=x")  # the last and the first page
    assert beyond.status_code == 200
    assert _rows(BeautifulSoup(beyond.content, "html.parser"), "plan-queue") == [
        plan.network.name for plan in plans[PAGE_SIZE:]
    ]
