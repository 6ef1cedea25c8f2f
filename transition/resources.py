"""Import and export of the transition's reference data and of funding amounts.

The action lines and their revisions of fixtures/ are loaded by `load_reference_data`
through these same resources (`transition/services/reference_data.py`); the reform calendar
is networks' (`networks.resources.ReformDateResource`).
"""

from import_export import fields

from networks.models import LegacyOrganisation, Network
from npz_registry.importexport.resources import BatchResource, key_field
from npz_registry.importexport.widgets import ChoiceListWidget, ChoiceWidget, ImpreciseDateWidget
from npz_registry.models import Certainty
from transition.models import (
    ActionLine,
    ActionLineRevision,
    ActionLineTheme,
    ActionLineWorkForm,
    Funding,
    FundingKind,
    WorkForm,
)


def imprecise_field(attribute: str, column: str | None = None) -> fields.Field:
    return fields.Field(attribute=attribute, column_name=column or attribute, widget=ImpreciseDateWidget())


def certainty_field() -> fields.Field:
    widget = ChoiceWidget(Certainty.choices)
    return fields.Field(attribute="certainty", column_name="certainty", widget=widget)


class ActionLineResource(BatchResource):
    """The action lines (action_lines.csv), by code. `work_forms` holds one or two work forms
    ("1;2"); `planned_as_written` is the plan's own wording of its target."""

    refuse_new_keys = True

    theme = fields.Field(attribute="theme", column_name="theme", widget=ChoiceWidget(ActionLineTheme.choices))
    planned = fields.Field(attribute="planned", column_name="planned_as_written")
    target_start = imprecise_field("target_start")
    target_end = imprecise_field("target_end")
    certainty = certainty_field()
    work_forms = fields.Field(
        attribute="work_form_list", column_name="work_forms", widget=ChoiceListWidget(WorkForm.choices)
    )

    class Meta(BatchResource.Meta):
        model = ActionLine
        import_id_fields = ("code",)
        fields = ("code", "position", "theme", "plan_reference", "title", "planned", "target_start")
        fields += ("target_end", "certainty", "work_forms", "work_form_note", "lead")
        fields += ("source", "source_quote")

    def get_loader_queryset(self):
        return super().get_loader_queryset().prefetch_related("work_forms")

    def write(self, history=True):
        super().write(history=history)
        lines = [
            line
            for line in [*self.create_instances, *self.update_instances]
            if getattr(line, "pending_work_forms", None) is not None
        ]
        ActionLineWorkForm.objects.filter(action_line__in=lines).delete()
        ActionLineWorkForm.objects.bulk_create(
            ActionLineWorkForm(action_line=line, work_form=int(number))
            for line in lines
            for number in line.pending_work_forms.split(";")
            if number
        )


class ActionLineRevisionResource(BatchResource):
    """Dated revisions of the action lines' targets (action_line_revisions.csv), by line and
    the date the source stated it."""

    action_line = key_field("action_line", "action_line", ActionLine)
    stated_on = imprecise_field("stated_on")
    target_start = imprecise_field("target_start")
    target_end = imprecise_field("target_end")
    certainty = certainty_field()

    class Meta(BatchResource.Meta):
        model = ActionLineRevision
        import_id_fields = ("action_line", "stated_on")
        fields = ("action_line", "stated_on", "target_as_written", "target_start", "target_end", "certainty")
        fields += ("source", "source_quote", "note")


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
