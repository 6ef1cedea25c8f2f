"""Import and export of the transition's reference data and of funding amounts.

The action lines and the reform calendar of fixtures/ are loaded by `load_reference_data`
through these same resources (`transition/services/reference_data.py`).
"""

from django.core.exceptions import ValidationError
from import_export import fields

from networks.models import ActorKind, LegacyOrganisation, Network, ReformOrganisation
from npz_registry.importexport.resources import BatchResource, key_field
from npz_registry.importexport.widgets import ChoiceWidget, DecimalCellWidget, YesNoWidget
from npz_registry.models import Certainty
from transition.models import (
    ActionLine,
    ActionLineTheme,
    CalendarEvent,
    Funding,
    FundingFigure,
    FundingFigureKind,
    FundingKind,
)


class BlankIsNoWidget(YesNoWidget):
    """An empty cell is "no" (a flag that is never unknown)."""

    def clean(self, value, row=None, **kwargs):
        return bool(super().clean(value, row=row, **kwargs))


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


class FundingFigureResource(BatchResource):
    """Budgets, envelopes and their shares (funding_figures.csv), by code; a share names the
    code of its envelope in `part_of`."""

    self_links = ("part_of",)

    kind = fields.Field(attribute="kind", column_name="kind", widget=ChoiceWidget(FundingFigureKind.choices))
    amount = fields.Field(attribute="amount", column_name="amount_eur", widget=DecimalCellWidget())
    is_approximate = fields.Field(
        attribute="is_approximate", column_name="approximate", widget=BlankIsNoWidget()
    )
    recurrent = fields.Field(attribute="recurrent", column_name="recurrent", widget=YesNoWidget())
    part_of = key_field("part_of", "part_of", FundingFigure)
    intended_kind = fields.Field(
        attribute="intended_kind",
        column_name="intended_kind",
        widget=ChoiceWidget(LegacyOrganisation.Kind.choices),
    )
    certainty = fields.Field(
        attribute="certainty", column_name="certainty", widget=ChoiceWidget(Certainty.choices)
    )

    class Meta(BatchResource.Meta):
        model = FundingFigure
        import_id_fields = ("code",)
        fields = ("code", "kind", "title", "amount", "amount_as_written", "is_approximate", "year_from")
        fields += ("year_to", "recurrent", "part_of", "intended_for", "intended_kind", "certainty")
        fields += ("source", "source_quote", "note")

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        """A share whose envelope comes from the same file gets it at the write."""
        try:
            super().validate_instance(instance, import_validation_errors, validate_unique)
        except ValidationError as error:
            errors = error.update_error_dict({})
            if any(link.instance is instance for link in self.pending_links):
                errors.pop("part_of", None)
            if errors:
                raise ValidationError(errors) from None


class FundingResource(BatchResource):
    """One row per recipient, year, kind and figure drawn from; the recipient is a legacy
    organisation, a network or an organisation of the reform (by code), or none for the sector
    (`actor_kind` SECTOR)."""

    actor_kind = fields.Field(
        attribute="actor_kind", column_name="actor_kind", widget=ChoiceWidget(ActorKind.choices)
    )
    legacy_organisation = key_field("legacy_organisation", "legacy_organisation", LegacyOrganisation)
    network = key_field("network", "network", Network)
    organisation = key_field("organisation", "organisation", ReformOrganisation)
    drawn_from = key_field("drawn_from", "drawn_from", FundingFigure)
    kind = fields.Field(attribute="kind", column_name="kind", widget=ChoiceWidget(FundingKind.choices))

    class Meta(BatchResource.Meta):
        model = Funding
        import_id_fields = ("legacy_organisation", "network", "organisation", "drawn_from", "year", "kind")
        fields = ("actor_kind", "legacy_organisation", "network", "organisation", "drawn_from", "year")
        fields += ("kind", "amount", "source_document", "is_demo", "note")
