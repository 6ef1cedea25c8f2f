"""Import/export of the transition's reference data and of funding amounts."""

from import_export import fields, widgets

from networks.models import LegacyOrganisation, Network
from networks.resources import ChoiceWidget, ReferenceResource
from transition.models import ActionLine, ActionLineTheme, Funding, FundingKind


class ActionLineResource(ReferenceResource):
    theme = fields.Field(attribute="theme", column_name="theme", widget=ChoiceWidget(ActionLineTheme.choices))

    class Meta(ReferenceResource.Meta):
        model = ActionLine
        import_id_fields = ("number",)
        fields = ("number", "theme", "title", "planned", "work_form", "work_form_note", "lead", "source")


class FundingResource(ReferenceResource):
    """One row per recipient, year and kind; the recipient is a legacy organisation code or a
    network code (exactly one of both columns)."""

    legacy_organisation = fields.Field(
        attribute="legacy_organisation",
        column_name="legacy_organisation",
        widget=widgets.ForeignKeyWidget(LegacyOrganisation, "code"),
    )
    network = fields.Field(
        attribute="network", column_name="network", widget=widgets.ForeignKeyWidget(Network, "code")
    )
    kind = fields.Field(attribute="kind", column_name="kind", widget=ChoiceWidget(FundingKind.choices))

    class Meta(ReferenceResource.Meta):
        model = Funding
        import_id_fields = ("legacy_organisation", "network", "year", "kind")
        fields = (
            "legacy_organisation",
            "network",
            "year",
            "kind",
            "amount",
            "source_document",
            "is_demo",
            "note",
        )
