import time

from django.core.management.base import BaseCommand, CommandError

from npz_registry.bench.generate import PASSWORD, SCALES, generate_data, is_fresh_database


class Command(BaseCommand):
    help = (
        "Load the real reference data and generate fictional networks, plans, progress, indicator values, "
        "funding, activity, mergers and accounts at scale 1 (about 18 networks) or 10, deterministically "
        "from --seed. Refuses a database that holds other data unless --force."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=int, choices=sorted(SCALES), default=1)
        parser.add_argument("--seed", type=int, default=42)
        parser.add_argument(
            "--force",
            action="store_true",
            help="Add generated data to a database that already holds users, networks, plans, values or "
            "funding (a test or demo database only; the result then depends on what was there).",
        )

    def handle(self, *args, scale, seed, force, **options):
        if not force and not is_fresh_database():
            raise CommandError(
                "This database already holds users, networks, plans, indicator values or funding: "
                "generate into an empty database, or pass --force on a test or demo database."
            )
        started = time.perf_counter()
        counts = generate_data(scale=scale, seed=seed)
        for label, count in sorted(counts.items()):
            self.stdout.write(f"  {label:<40} {count:>8}")
        self.stdout.write(
            self.style.SUCCESS(
                f"Generated fictional data at scale {scale} (seed {seed}) "
                f"in {time.perf_counter() - started:.1f} s. "
                f"Log in as admin, staff, coordinator.a or coordinator.b (password {PASSWORD})."
            )
        )
