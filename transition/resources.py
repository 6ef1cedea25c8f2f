"""Import and export of the transition's reference data and of funding amounts.

The action lines and the reform calendar of fixtures/ are loaded by `load_reference_data`
through these same resources (`transition/services/reference_data.py`).
"""

from import_export import fields

from networks.models import LegacyOrganisation, Network
from npz_registry.importexport.resources import BatchResource, key_field
from npz_registry.importexport.widgets import ChoiceWidget
from transition.models import ActionLine, ActionLineTheme, CalendarEvent, Funding, FundingKind


class ActionLineResource(BatchResource):
    """The 12 action lines (action_lines.csv), by number."""

    refuse_new_keys = True

    theme = fields.Field(attribute="theme", column_name="theme", widget=ChoiceWidget(ActionLineTheme.choices))

    class Meta(BatchResource.Meta):
        model = ActionLine
        import_id_fields = ("number",)
        fields = ("number", "theme", "title", "planned", "work_form", "work_form_note", "lead", "source")


class CalendarEventResource(BatchResource):
    """The reform calendar (reform_calendar.csv), by start day and title."""

    class Meta(BatchResource.Meta):
        model = CalendarEvent
        import_id_fields = ("start", "title")
        fields = ("start", "end", "when", "title", "source")


class FundingResource(BatchResource):
    """One row per recipient, year and kind; the recipient is a legacy organisation code or a
    network code (exactly one of both columns)."""

    legacy_organisation = key_field("legacy_organisation", "legacy_organisation", LegacyOrganisation)
    network = key_field("network", "network", Network)
    kind = fields.Field(attribute="kind", column_name="kind", widget=ChoiceWidget(FundingKind.choices))

    class Meta(BatchResource.Meta):
        model = Funding
        import_id_fields = ("legacy_organisation", "network", "year", "kind")
        fields = ("legacy_organisation", "network", "year", "kind", "amount", "source_document", "is_demo")
        fields += ("note",)
