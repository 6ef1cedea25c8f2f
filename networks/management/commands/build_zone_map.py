import datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from networks.maps import ZONE_MAP_FILE, municipality_zones
from networks.selectors import coverage_on
from networks.zone_geometry import UnknownMunicipalities, build_zone_map, write_zone_map, zone_map_text


class Command(BaseCommand):
    help = (
        "Regenerate networks/zone_map.json, the precomputed zone map: each regional care zone drawn "
        "as the union of its municipalities in the database (fixtures/geo/municipalities.topojson). "
        "Run it after the zones or their municipalities change; until then the maps leave those zones "
        "out and name them."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--as-of",
            type=datetime.date.fromisoformat,
            help="Draw the zones as they are on this day (YYYY-MM-DD; default today).",
        )
        parser.add_argument(
            "--output",
            type=Path,
            default=ZONE_MAP_FILE,
            help="Where to write (default: networks/zone_map.json, the file the maps read).",
        )
        parser.add_argument(
            "--check",
            action="store_true",
            help="Write nothing; fail if the file differs from what would be generated.",
        )

    def handle(self, *args, as_of, output, check, **options):
        day = as_of or timezone.localdate()
        zone_of = municipality_zones(coverage_on(day))
        if not any(zone_of.values()):
            raise CommandError("No municipality belongs to a zone: run load_reference_data first.")
        try:
            if check:
                current = output.read_text(encoding="utf-8") if output.exists() else ""
                if current != zone_map_text(build_zone_map(zone_of)):
                    raise CommandError(f"{output} is out of date: run build_zone_map.")
                self.stdout.write(f"{output} is up to date with the zones on {day:%d/%m/%Y}.")
                return
            changed = write_zone_map(zone_of, path=output)
        except UnknownMunicipalities as error:
            raise CommandError(str(error)) from error
        verb = "Wrote" if changed else "Unchanged:"
        self.stdout.write(f"{verb} {output} for the zones on {day:%d/%m/%Y}.")
