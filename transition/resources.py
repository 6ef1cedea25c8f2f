"""Import and export of the transition's reference data and of funding amounts.

The action lines and their revisions of fixtures/ are loaded by `load_reference_data`
through these same resources (`transition/services/reference_data.py`); the reform calendar
is networks' (`networks.resources.ReformDateResource`).
"""

from django.core.exceptions import ValidationError
from import_export import fields

from networks.models import LegacyOrganisation
from networks.resources import ACTOR_COLUMNS, ACTOR_KEYS, ActorResource
from npz_registry.importexport.resources import (
    BatchResource,
    certainty_field,
    choice_field,
    imprecise_field,
    key_field,
)
from npz_registry.importexport.widgets import (
    ChoiceListWidget,
    DecimalCellWidget,
    YesNoWidget,
)
from transition.models import (
    ActionLine,
    ActionLineRevision,
    ActionLineTheme,
    ActionLineWorkForm,
    Funding,
    FundingFigure,
    FundingFigureKind,
    FundingKind,
    WorkForm,
)


class BlankIsNoWidget(YesNoWidget):
    """An empty cell is "no" (a flag that is never unknown)."""

    def clean(self, value, row=None, **kwargs):
        return bool(super().clean(value, row=row, **kwargs))


class ActionLineResource(BatchResource):
    """The action lines (action_lines.csv), by code. `work_forms` holds one or two work forms
    ("1;2"); `planned_as_written` is the plan's own wording of its target."""

    refuse_new_keys = True

    theme = choice_field("theme", ActionLineTheme.choices)
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


class FundingFigureResource(BatchResource):
    """Budgets, envelopes and their shares (funding_figures.csv), by code; a share names the
    code of its envelope in `part_of`."""

    self_links = ("part_of",)

    kind = choice_field("kind", FundingFigureKind.choices)
    amount = fields.Field(attribute="amount", column_name="amount_eur", widget=DecimalCellWidget())
    is_approximate = fields.Field(
        attribute="is_approximate", column_name="approximate", widget=BlankIsNoWidget()
    )
    recurrent = fields.Field(attribute="recurrent", column_name="recurrent", widget=YesNoWidget())
    part_of = key_field("part_of", "part_of", FundingFigure)
    intended_kind = choice_field("intended_kind", LegacyOrganisation.Kind.choices)
    certainty = certainty_field()

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


class FundingResource(ActorResource):
    """One row per recipient, year, kind and figure drawn from; the recipient is a legacy
    organisation, a network or an organisation of the reform (by code), or none for the sector
    (`actor_kind` SECTOR)."""

    drawn_from = key_field("drawn_from", "drawn_from", FundingFigure)
    kind = choice_field("kind", FundingKind.choices)
    certainty = certainty_field()

    class Meta(BatchResource.Meta):
        model = Funding
        import_id_fields = (*ACTOR_KEYS, "drawn_from", "year", "kind")
        fields = (*ACTOR_COLUMNS, "drawn_from", "year", "kind", "amount", "source_document", "is_demo")
        fields += ("certainty", "note")
