"""The SQLite test database is built from the models (tests/conftest.py), so the migrations must
describe exactly the models: `makemigrations --check` in the suite, not only in `make lint`."""

from io import StringIO

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_the_migrations_match_the_models():
    out = StringIO()
    try:
        call_command("makemigrations", "--check", "--dry-run", stdout=out, stderr=out)
    except SystemExit as exit_:
        raise AssertionError(f"models and migrations differ:\n{out.getvalue()}") from exit_
