"""Mission themes, tasks, partner types, the sextuple aim and the built-in indicators, loaded
with the other reference data (fixtures/README.md names the sources)."""

from decimal import Decimal

from missions.models import Indicator, MissionTask, MissionTheme, PartnerType, SextupleAim
from networks.services.reference_data import LoadReport, ReferenceDataError, UpsertTable, read_csv


def load_missions_reference_data(*, report: LoadReport, directory, overwrite: bool) -> None:
    themes = UpsertTable(report, "mission themes", MissionTheme, ("number",), overwrite)
    theme_rows = read_csv(directory, "mission_themes.csv")
    for row in theme_rows:
        themes.upsert(
            {
                "number": int(row["number"]),
                "code": row["code"],
                "name": row["name"],
                "name_en": row["name_en"],
                "description": row["description"],
                "description_en": row["description_en"],
                "source": row["source"],
            }
        )
    themes.flush()
    by_number = {key[0]: obj for key, obj in themes.existing.items()}
    for row in theme_rows:
        if row["folded_into"]:
            parent = by_number.get(int(row["folded_into"]))
            if parent is None:
                raise ReferenceDataError(f"mission theme {row['number']}: unknown theme {row['folded_into']}")
            themes.link({"number": int(row["number"]), "folded_into_id": parent.pk})
    themes.finish()

    tasks = UpsertTable(report, "mission tasks", MissionTask, ("theme_id", "letter"), overwrite)
    for row in read_csv(directory, "mission_tasks.csv"):
        theme = by_number.get(int(row["theme"]))
        if theme is None:
            raise ReferenceDataError(f"mission task {row['theme']}{row['letter']}: unknown theme")
        tasks.upsert(
            {
                "theme_id": theme.pk,
                "letter": row["letter"],
                "description": row["description"],
                "description_en": row["description_en"],
            }
        )
    tasks.finish()

    partners = UpsertTable(report, "partner types", PartnerType, ("code",), overwrite)
    for row in read_csv(directory, "partner_types.csv"):
        partners.upsert(
            {"code": row["code"], "name": row["name"], "name_en": row["name_en"], "order": int(row["order"])}
        )
    partners.finish()

    aims = UpsertTable(report, "sextuple aims", SextupleAim, ("number",), overwrite)
    for row in read_csv(directory, "sextuple_aims.csv"):
        aims.upsert(
            {
                "number": int(row["number"]),
                "code": row["code"],
                "name": row["name"],
                "name_en": row["name_en"],
                "description": row["description"],
            }
        )
    aims.finish()

    indicators = UpsertTable(report, "indicators", Indicator, ("code",), overwrite)
    for row in read_csv(directory, "indicators.csv"):
        indicators.upsert(
            {
                "code": row["code"],
                "name": row["name"],
                "name_en": row["name_en"],
                "unit": row["unit"],
                "direction": row["direction"],
                "level": row["level"],
                "builtin": row["builtin"],
                "weight": Decimal(row["weight"]),
                "source": row["source"],
                "description": row["description"],
            }
        )
    indicators.finish()
