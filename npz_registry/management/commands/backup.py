from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from npz_registry.backups import BACKUP_DIR, BackupError, backup


class Command(BaseCommand):
    help = "Back up the whole database (SQLite or PostgreSQL, as DATABASE_URL says) to var/backups/."

    def add_arguments(self, parser):
        parser.add_argument(
            "--directory", type=Path, default=BACKUP_DIR, help="where to write (var/backups/)"
        )

    def handle(self, *args, directory, **options):
        try:
            path = backup(directory)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Backup written: {path} (manifest {path.name}.json)")
