from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from npz_registry.backups import BackupError, latest_backup, restore


class Command(BaseCommand):
    help = (
        "Replace the database's content by a backup (default: the newest in var/backups/), then check "
        "every table's row count and content hash against the backup's manifest."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "path", nargs="?", type=Path, help="the backup file (npz-….sqlite3 or npz-….pgdump)"
        )
        parser.add_argument(
            "--no-input", action="store_false", dest="interactive", help="do not ask to confirm"
        )

    def handle(self, *args, path, interactive, **options):
        path = path or latest_backup()
        if path is None:
            raise CommandError("No backup found in var/backups/: run `make backup` first.")
        if interactive and input(f"Replace the whole database by {path}? Type yes: ").strip() != "yes":
            raise CommandError("Nothing restored.")
        try:
            problems = restore(path)
        except BackupError as error:
            raise CommandError(str(error)) from error
        if problems:
            raise CommandError("Restored, but it differs from the backup:\n  " + "\n  ".join(problems))
        self.stdout.write(f"Restored {path}: every table matches the backup's row counts and content hashes.")
