from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from networks.services.demo_data import load_demo_data


class Command(BaseCommand):
    help = "Create the fictional demo networks and the demo accounts (password npz-demo). Development only."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Run even though DEBUG is off (never on a production database).",
        )

    def handle(self, *args, force, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "Refusing to create demo accounts with a known password while DEBUG is off. "
                "Use --force only on a test or demo database."
            )
        lines = load_demo_data()
        self.stdout.write("Demo data loaded (fictional). Accounts:")
        for line in lines:
            self.stdout.write(f"  {line}")
