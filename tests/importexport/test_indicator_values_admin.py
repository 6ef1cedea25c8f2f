"""Indicator values per municipality imported through the admin as a background job (issue 11,
must-show 3, in small): a whole file is saved with one history row per value and its user; a
file with one bad row among the others saves nothing, lists the row and cannot be confirmed.
`python -m npz_registry.bench.admin_import` runs the same with 5,000 rows against gunicorn."""

import pytest
from django.urls import reverse

from missions.models import Indicator, IndicatorDirection, IndicatorLevel, IndicatorValue
from npz_registry.importexport.models import ImportJob
from tests.importexport.conftest import csv_bytes, upload
from tests.networks.factories import MunicipalityFactory

pytestmark = pytest.mark.django_db

COLUMNS = ["indicator", "nis_code", "year", "value", "source"]
MUNICIPALITY_RESOURCE = "1"  # IndicatorValueAdmin.resource_classes: zone values, then municipality values
ROWS = 120


@pytest.fixture
def values_file(settings):
    """ROWS values of one indicator (12 municipalities x 10 years); files of more than two rows
    run as background jobs here (the default is 1,000)."""
    settings.NPZ_IMPORT_BACKGROUND_ROWS = 2
    indicator = Indicator.objects.create(
        code="test-import", name="Testindicator", name_en="Test indicator",
        direction=IndicatorDirection.MORE_NEED, level=IndicatorLevel.MUNICIPALITY,
    )  # fmt: skip
    codes = [m.nis_code for m in MunicipalityFactory.create_batch(12)]

    def make(bad_row: int | None = None) -> bytes:
        rows = [
            [
                indicator.code,
                codes[n % 12],
                2010 + n // 12,
                "geen getal" if n == bad_row else f"{n}.5",
                "test",
            ]
            for n in range(ROWS)
        ]
        return csv_bytes(COLUMNS, rows)

    return make


def post_values(client, content):
    url = reverse("admin:missions_indicatorvalue_import")
    data = {"import_file": upload(content, "waarden.csv"), "format": "0", "resource": MUNICIPALITY_RESOURCE}
    return client.post(url, data)


def confirm(client, job):
    return client.post(reverse("admin:missions_indicatorvalue_import_job_confirm", args=[job.pk]))


def test_a_file_of_values_is_saved_with_one_history_row_per_value(
    staff_client, staff_user, values_file, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        post_values(staff_client, values_file())
    dry_run = ImportJob.objects.get()
    assert dry_run.status == "DONE" and dry_run.result["error_count"] == 0
    assert not IndicatorValue.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        confirm(staff_client, dry_run)

    commit = ImportJob.objects.get(dry_run=False)
    assert commit.status == "DONE" and commit.result["totals"] == {"new": ROWS}
    assert IndicatorValue.objects.count() == ROWS
    history = IndicatorValue.history.all()
    assert history.count() == ROWS and {row.history_user for row in history} == {staff_user}


def test_one_bad_row_among_the_values_saves_nothing_and_is_listed(
    staff_client, values_file, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        post_values(staff_client, values_file(bad_row=ROWS // 2))
    job = ImportJob.objects.get()

    assert job.result["error_count"] == 1
    assert [error["row"] for error in job.result["errors"]] == [ROWS // 2 + 2]  # the heading is row 1
    page = staff_client.get(job.get_absolute_url()).content.decode()
    assert "Er is niets bewaard" in page and "Import bevestigen" not in page
    response = confirm(staff_client, job)
    assert response.status_code == 302 and not ImportJob.objects.filter(dry_run=False).exists()
    assert not IndicatorValue.objects.exists() and not IndicatorValue.history.exists()
