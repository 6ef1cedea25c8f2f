"""`manage.py import_reference`: a dry run unless --commit, errors as "row N, column X"."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from networks.models import Municipality
from tests.importexport.conftest import csv_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def municipalities_file(tmp_path):
    def write(*rows):
        path = tmp_path / "gemeenten.csv"
        path.write_bytes(
            csv_bytes(["nis_code", "name", "region"], [[nis, name, "Vlaams Gewest"] for nis, name in rows])
        )
        return path

    return write


def test_a_dry_run_checks_the_file_and_saves_nothing(municipalities_file):
    out = StringIO()
    call_command(
        "import_reference",
        "MunicipalityResource",
        municipalities_file(("11001", "Aartselaar")),
        "--create-new",
        stdout=out,
    )

    assert "1 rows checked (dry run, nothing saved)" in out.getvalue() and "1 new" in out.getvalue()
    assert not Municipality.objects.exists()


def test_commit_saves_the_rows_with_the_user_in_the_history(municipalities_file, staff_user):
    path = municipalities_file(("11001", "Aartselaar"))
    call_command(
        "import_reference",
        "MunicipalityResource",
        path,
        "--commit",
        "--create-new",
        "--user",
        staff_user.username,
        stdout=StringIO(),
    )

    assert Municipality.objects.get().history.get().history_user == staff_user


def test_a_bad_row_is_named_and_nothing_is_saved(municipalities_file):
    err = StringIO()
    with pytest.raises(CommandError, match="Nothing was saved"):
        call_command(
            "import_reference",
            "MunicipalityResource",
            municipalities_file(("11001", "Aartselaar"), ("110", "Fout")),
            "--commit",
            "--create-new",
            stdout=StringIO(),
            stderr=err,
        )
    assert "row 3, nis_code: Een NIS-code heeft precies vijf cijfers" in err.getvalue()
    assert not Municipality.objects.exists()


def test_an_unknown_resource_lists_the_known_ones(municipalities_file):
    with pytest.raises(CommandError, match="choose one of: .*MunicipalityResource"):
        call_command("import_reference", "Gemeenten", municipalities_file(("11001", "A")))
