"""The action lines of the action and transition plan and their dated revisions, with the
resource that parses each. `load_reference_data` loads them after the geography."""

from npz_registry.importexport.reference import ReferenceFile
from transition.resources import ActionLineResource, ActionLineRevisionResource, FundingFigureResource

REFERENCE_FILES = [
    ReferenceFile("action_lines.csv", ActionLineResource),
    ReferenceFile("action_line_revisions.csv", ActionLineRevisionResource),
    ReferenceFile("funding_figures.csv", FundingFigureResource),
]
