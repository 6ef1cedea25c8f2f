"""The 12 action lines and the reform calendar, loaded with the other reference data."""

import datetime

from networks.services.reference_data import LoadReport, ReferenceDataError, UpsertTable, read_csv
from transition.models import ActionLine, ActionLineTheme, CalendarEvent


def load_transition_reference_data(*, report: LoadReport, directory, overwrite: bool) -> None:
    lines = UpsertTable(report, "action lines", ActionLine, ("number",), overwrite)
    for row in read_csv(directory, "action_lines.csv"):
        if row["theme"] not in ActionLineTheme.values:
            raise ReferenceDataError(f"action line {row['number']}: unknown theme {row['theme']}")
        lines.upsert(
            {
                "number": int(row["number"]),
                "theme": row["theme"],
                "title": row["title"],
                "planned": row["planned"],
                "work_form": int(row["work_form"]),
                "work_form_note": row["work_form_note"],
                "lead": row["lead"],
                "source": row["source"],
            }
        )
    lines.finish()

    calendar = UpsertTable(report, "reform calendar", CalendarEvent, ("start", "title"), overwrite)
    for row in read_csv(directory, "reform_calendar.csv"):
        calendar.upsert(
            {
                "start": datetime.date.fromisoformat(row["start"]),
                "end": datetime.date.fromisoformat(row["end"]) if row["end"] else None,
                "when": row["when"],
                "title": row["title"],
                "source": row["source"],
            }
        )
    calendar.finish()
