"""The 12 action lines and the reform calendar of fixtures/, with the resource that parses
each. `load_reference_data` loads them after the geography."""

from npz_registry.importexport.reference import ReferenceFile
from transition.resources import ActionLineResource, CalendarEventResource, FundingFigureResource

REFERENCE_FILES = [
    ReferenceFile("action_lines.csv", ActionLineResource),
    ReferenceFile("reform_calendar.csv", CalendarEventResource),
    ReferenceFile("funding_figures.csv", FundingFigureResource),
]
