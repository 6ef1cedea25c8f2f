"""The restore drill: back up, damage the data, restore, and find every table as it was (row
counts and a content hash per table). Runs on SQLite in `make test` and on PostgreSQL in
`make test-pg` (pg_dump/pg_restore)."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from networks.models import Network, NetworkRole
from npz_registry.backups import BackupError, compare, fingerprint, latest_backup, manifest_path, restore
from tests.networks.factories import CoordinatorFactory, NetworkFactory

pytestmark = pytest.mark.django_db


# The restore replaces the database underneath the test's transaction: it needs real commits.
@pytest.mark.django_db(transaction=True)
def test_restore_drill_brings_back_every_table_exactly(tmp_path):
    coordinator = CoordinatorFactory(
        username="coord.drill", network=NetworkFactory(code="drill", name="Drill")
    )
    before = fingerprint()
    out = StringIO()
    call_command("backup", directory=tmp_path, stdout=out)
    backup = latest_backup(tmp_path)
    assert backup and backup.name.startswith("npz-") and manifest_path(backup).is_file()
    assert str(backup) in out.getvalue()

    Network.objects.filter(code="drill").update(name="Changed after the backup")
    NetworkRole.objects.filter(user=coordinator).delete()
    NetworkFactory(code="after-the-backup")
    damaged = compare(before, fingerprint())
    assert any(line.startswith("networks_network:") for line in damaged)
    assert any(line.startswith("networks_networkrole:") for line in damaged)

    call_command("restore", str(backup), interactive=False, stdout=out)
    assert "every table matches" in out.getvalue()
    assert compare(before, fingerprint()) == []
    assert Network.objects.get(code="drill").name == "Drill"
    assert not Network.objects.filter(code="after-the-backup").exists()
    assert NetworkRole.objects.filter(user__username="coord.drill", network__code="drill").exists()


def test_the_fingerprint_sees_a_changed_value_with_the_same_row_count():
    NetworkFactory(code="same-count", name="Before")
    before = fingerprint()
    Network.objects.filter(code="same-count").update(name="After")
    assert compare(before, fingerprint()) == ["networks_network: same row count, different content"]


def test_a_restore_refuses_a_backup_of_the_other_database_kind(tmp_path):
    backup = tmp_path / "npz-other.bin"
    backup.write_bytes(b"x")
    other = "postgresql" if connection.vendor == "sqlite" else "sqlite"
    manifest_path(backup).write_text(f'{{"vendor": "{other}", "tables": {{}}}}')
    with pytest.raises(BackupError, match=f"is a {other} backup"):
        restore(backup)


def test_restore_without_a_backup_says_what_to_do(tmp_path, monkeypatch):
    monkeypatch.setattr("npz_registry.management.commands.restore.latest_backup", lambda: None)
    with pytest.raises(CommandError, match="make backup"):
        call_command("restore", interactive=False)
