from crispy_forms.helper import FormHelper
from crispy_forms.layout import Field, Fieldset, Layout
from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from missions.models import (
    ActionProgress,
    ActionStatus,
    ComplexityLevel,
    DeliveryEmphasis,
    FirstLineRole,
    GoalDelivery,
    IndicatorDirectionGoal,
    IndicatorProgress,
    IntensityLevel,
    MultiYearPlan,
    PartnerOrganisation,
    PartnerType,
    PlanAction,
    PlanGoal,
    PlanIndicator,
    RegionalIntensity,
    ReviewComment,
    ReviewEvent,
    YearlyProgress,
    target_against_direction,
)
from missions.selectors.partners import partner_label
from npz_registry.forms import BoundedModelMultipleChoiceField, WrittenDecimalField, WrittenIntegerField
from npz_registry.limits import FIRST_YEAR, LAST_YEAR, MAX_COUNT, MAX_KEY, MAX_VERSION, max_length_of
from npz_registry.numbers import readable_number, without_trailing_zeros


class LabelledCheckboxes(BoundedModelMultipleChoiceField):
    """Optional checkboxes over reference rows, each shown by its label in the page's language
    (partner types, complexity levels, aims)."""

    widget = forms.CheckboxSelectMultiple

    def __init__(self, label, queryset=None, **kwargs):
        super().__init__(queryset=queryset, label=label, required=False, **kwargs)

    def label_from_instance(self, obj):
        return obj.label


SUBSIDIARITY_HELP = _("Subsidiarity: which line does the work (the delivery says to whom).")


def first_line_role_choice(**kwargs) -> forms.ChoiceField:
    """Which line does the work, on a cell, a refinement or a goal (empty: not set)."""
    return forms.ChoiceField(
        label=_("Role of the first line"),
        choices=[("", _("— not set —")), *FirstLineRole.choices],
        required=False,
        **kwargs,
    )


def complexity_levels_choice() -> LabelledCheckboxes:
    return LabelledCheckboxes(_("Complexity levels addressed"), ComplexityLevel.objects.all())


def text_field(label, model, field: str, *, rows: int, required: bool = False, **kwargs) -> forms.CharField:
    """A text area for `model.field`, as long as the column allows (optional unless told)."""
    return forms.CharField(
        label=label,
        widget=forms.Textarea(attrs={"rows": rows}),
        required=required,
        max_length=max_length_of(model, field),
        **kwargs,
    )


def level_field(empty_label) -> forms.TypedChoiceField:
    """The intensity of a cell; empty means `empty_label`."""
    return forms.TypedChoiceField(
        label=_("Intensity"),
        choices=[("", empty_label), *IntensityLevel.choices],
        coerce=int,
        empty_value=None,
        required=False,
        help_text=capfirst(_("scale of the register (the note sets no scale)")),
    )


class PartnerCheckboxes(LabelledCheckboxes):
    """Named partner organisations; the form narrows the queryset to the network's zones."""

    def __init__(self, **kwargs):
        super().__init__(_("Partner organisations"), PartnerOrganisation.objects.none(), **kwargs)

    def label_from_instance(self, obj):
        return partner_label(obj)


#: Under the partner organisations of a cell or an action.
PARTNERS_HELP = _("Named partners in the zones of the network, or working all over Flanders.")

#: After a stored choice the network's zones no longer cover (npz_registry.forms.keep_stored_choices).
NOT_SERVED_NOW = _("no longer served by the network: untick to remove")
OUTSIDE_ZONES_NOW = _("no longer in the zones of the network: untick to remove")


class IntensityForm(forms.Form):
    """One cell of the matrix. Its level offers no way to remove the theme: every theme stays
    present in every zone (intensity_save refuses a cell without a level, with a message naming
    zone and theme). A cell not set yet starts on an empty "choose" line; an empty level still
    reaches that service, which says why."""

    level = level_field(_("— choose a level —"))
    partner_types = LabelledCheckboxes(_("Main partner types"), PartnerType.objects.all())
    partners = PartnerCheckboxes(help_text=PARTNERS_HELP)
    delivery_emphasis = forms.ChoiceField(
        label=_("Delivery"), choices=DeliveryEmphasis.choices, initial=DeliveryEmphasis.BOTH
    )
    first_line_role = first_line_role_choice(help_text=SUBSIDIARITY_HELP)
    complexity_levels = complexity_levels_choice()
    justification = text_field(
        _("Justification"),
        RegionalIntensity,
        "justification",
        rows=4,
        help_text=_("Required when the level differs from the level the regional data suggest."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1, max_value=MAX_VERSION)

    def __init__(self, *args, partners, partner_type_choices=None, complexity_choices=None, **kwargs):
        """`partner_type_choices` and `complexity_choices`: the (pk, label) pairs of the
        checkboxes, when the view has read them already."""
        super().__init__(*args, **kwargs)
        self.fields["partners"].queryset = partners
        if partner_type_choices is not None:
            self.fields["partner_types"].choices = partner_type_choices
        if complexity_choices is not None:
            self.fields["complexity_levels"].choices = complexity_choices
        if self.initial.get("level") is not None:  # a set cell keeps a level: no empty line
            self.fields["level"].choices = IntensityLevel.choices
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True  # the page's form gives it (see _helper)
        self.helper.layout = Layout(
            Fieldset(
                "", Field("level"), Field("delivery_emphasis"), Field("partner_types"), Field("partners")
            ),
            Fieldset("", Field("first_line_role"), Field("complexity_levels")),
            Fieldset("", Field("justification"), Field("version")),
        )


class VersionedForm(forms.Form):
    """Carries the version the user started from, so a save on top of a newer save is refused."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1, max_value=MAX_VERSION)


class RefinementForm(VersionedForm):
    """One primary care zone of a refined cell (its code in a hidden field, checked by the view
    against the zones of the regional care zone; the version of its refinement as opened, empty
    when it had none). No level: the regional zone's cell applies."""

    primary_care_zone = forms.SlugField(widget=forms.HiddenInput, max_length=60)
    level = level_field(_("— as the regional care zone —"))
    first_line_role = first_line_role_choice()
    complexity_levels = complexity_levels_choice()
    partners = PartnerCheckboxes()
    justification = text_field(_("Why this level here"), RegionalIntensity, "justification", rows=2)

    def __init__(self, *args, partners=None, partner_choices=None, complexity_choices=None, **kwargs):
        """`partners`: the queryset a choice must be in; `partner_choices`: its (pk, label)
        pairs read once for all the forms of the formset, as `complexity_choices` for the
        complexity levels."""
        super().__init__(*args, **kwargs)
        if partners is not None:
            self.fields["partners"].queryset = partners
        if partner_choices is not None:
            self.fields["partners"].choices = partner_choices
        if complexity_choices is not None:
            self.fields["complexity_levels"].choices = complexity_choices


RefinementFormSet = forms.formset_factory(RefinementForm, extra=0, max_num=200, absolute_max=200)


def _helper(*fields):
    helper = FormHelper()
    helper.form_tag = False
    # The page's form (missions/partials/form.html) gives the token, outside the fields it keeps
    # per data version: a token among them would be the first reader's.
    helper.disable_csrf = True
    helper.layout = Layout(*[Field(f) for f in fields])
    return helper


class PlanCreateForm(forms.Form):
    """``periods``: where a posted period is looked up; ``offered``: the periods to choose from
    (default: all of ``periods``). A period posted that is no longer offered (another tab made
    its plan meanwhile) reaches the service, which says why it is refused rather than "select a
    valid choice"."""

    period = forms.ModelChoiceField(label=_("Planning period"), queryset=None)
    summary = text_field(_("Summary"), MultiYearPlan, "summary", rows=4)

    def __init__(self, *args, periods, offered=None, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["period"]
        field.queryset = periods
        if offered is not None:
            field.choices = [("", field.empty_label)] + [
                (p.pk, field.label_from_instance(p)) for p in offered
            ]
        self.helper = _helper("period", "summary")


class PlanGeneralForm(VersionedForm):
    summary = text_field(
        _("Summary"), MultiYearPlan, "summary", rows=5, help_text=_("The regional priorities in a few lines.")
    )
    stakeholders = text_field(
        _("Stakeholders involved"),
        MultiYearPlan,
        "stakeholders",
        rows=3,
        help_text=_("With whom the network set its priorities."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper("summary", "stakeholders", "version")


class GoalForm(VersionedForm):
    theme = forms.ModelChoiceField(label=_("Theme"), queryset=None)
    title = forms.CharField(label=_("Goal"), max_length=max_length_of(PlanGoal, "title"))
    description = text_field(_("Description"), PlanGoal, "description", rows=4)
    aims = LabelledCheckboxes(_("Sextuple aims"))
    target_zones = BoundedModelMultipleChoiceField(
        label=_("Target zones"), queryset=None, widget=forms.CheckboxSelectMultiple, required=False
    )
    delivery_mode = forms.ChoiceField(label=_("Delivery"), choices=GoalDelivery.choices)
    first_line_role = first_line_role_choice(help_text=SUBSIDIARITY_HELP)
    complexity_levels = complexity_levels_choice()

    def __init__(self, *args, themes, aims, zones, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].queryset = themes
        self.fields["theme"].label_from_instance = lambda theme: f"{theme.number}. {theme.label}"
        self.fields["aims"].queryset = aims
        self.fields["target_zones"].queryset = zones
        self.helper = _helper(
            "theme",
            "title",
            "description",
            "target_zones",
            "aims",
            "delivery_mode",
            "first_line_role",
            "complexity_levels",
            "version",
        )


class ActionForm(VersionedForm):
    what = forms.CharField(label=_("Action"), max_length=max_length_of(PlanAction, "what"))
    partner_types = LabelledCheckboxes(_("Partners"), PartnerType.objects.all())
    partners = PartnerCheckboxes(help_text=PARTNERS_HELP)
    partners_note = forms.CharField(
        label=_("Partners (names)"),
        max_length=max_length_of(PlanAction, "partners_note"),
        required=False,
        help_text=_("Other partners, not in the list."),
    )
    responsible = forms.CharField(
        label=_("Responsible"), max_length=max_length_of(PlanAction, "responsible"), required=False
    )
    # <input type="date"> needs ISO dates whatever the language, or the browser shows it empty.
    start = forms.DateField(
        label=_("Start"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    end = forms.DateField(
        label=_("End"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )

    def __init__(self, *args, partners, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partners"].queryset = partners
        self.helper = _helper(
            "what", "partner_types", "partners", "partners_note", "responsible", "start", "end", "version"
        )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("start") and cleaned.get("end") and cleaned["end"] < cleaned["start"]:
            self.add_error("end", _("The end lies before the start."))
        return cleaned


class IndicatorForm(VersionedForm):
    name = forms.CharField(label=_("Indicator"), max_length=max_length_of(PlanIndicator, "name"))
    unit = forms.CharField(label=_("Unit"), max_length=max_length_of(PlanIndicator, "unit"), required=False)
    baseline_value = WrittenDecimalField(
        label=_("Baseline value"), max_digits=14, decimal_places=2, required=False
    )
    baseline_year = forms.IntegerField(
        label=_("Baseline year"), min_value=FIRST_YEAR, max_value=LAST_YEAR, required=False
    )
    direction = forms.ChoiceField(label=_("Direction"), choices=IndicatorDirectionGoal.choices)

    def __init__(self, *args, years, **kwargs):
        super().__init__(*args, **kwargs)
        self.years = years
        for year in years:
            self.fields[f"target_{year}"] = WrittenDecimalField(
                label=_("Target %(year)s") % {"year": year}, max_digits=14, decimal_places=2, required=False
            )
        self.helper = _helper(
            "name",
            "unit",
            "direction",
            "baseline_value",
            "baseline_year",
            *[f"target_{y}" for y in years],
            "version",
        )

    def clean(self):
        cleaned = super().clean()
        value, year = cleaned.get("baseline_value"), cleaned.get("baseline_year")
        if (
            "baseline_value" not in self.errors
            and "baseline_year" not in self.errors
            and ((value is None) != (year is None))
        ):
            self.add_error("baseline_year", _("Give the baseline value together with its year."))
        if year is not None and self.years and year > min(self.years):
            self.add_error(
                "baseline_year",
                _("The baseline is where the plan starts from: measure it in %(year)s at the latest.")
                % {"year": min(self.years)},
            )
        self._check_targets_against_direction(cleaned)
        return cleaned

    def _check_targets_against_direction(self, cleaned: dict) -> None:
        direction, baseline = cleaned.get("direction"), cleaned.get("baseline_value")
        if direction not in IndicatorDirectionGoal.values:
            return
        wrong_side = (
            _("With “higher is better” a target below the baseline (%(baseline)s) means getting worse:"
              " raise the target or change the direction.")
            if direction == IndicatorDirectionGoal.INCREASE
            else _("With “lower is better” a target above the baseline (%(baseline)s) means getting worse:"
                   " lower the target or change the direction.")
        )  # fmt: skip
        for year in self.years:
            if target_against_direction(direction, baseline, cleaned.get(f"target_{year}")):
                self.add_error(f"target_{year}", wrong_side % {"baseline": readable_number(baseline)})

    @property
    def targets(self):
        return {year: self.cleaned_data.get(f"target_{year}") for year in self.years}


class CommentForm(forms.Form):
    text = text_field(_("Comment"), ReviewComment, "text", rows=2, required=True)
    goal = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1, max_value=MAX_KEY)
    action = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1, max_value=MAX_KEY)

    @classmethod
    def text_max_length(cls) -> int:
        """For the comment fields the pages write out themselves (`maxlength`)."""
        return cls.base_fields["text"].max_length


class TransitionForm(VersionedForm):
    """A step of the workflow, confirmed on a page that carries the version of the plan or report
    it was opened at: a step on something that changed since is refused (nobody approves a
    version they did not see)."""

    comment = text_field(_("Comment"), ReviewEvent, "comment", rows=3)


class ProgressForm(VersionedForm):
    """One form for the whole report, built from the plan's indicators and actions and the
    municipalities of the network's zones."""

    narrative = text_field(_("Narrative"), YearlyProgress, "narrative", rows=6)

    def __init__(self, *args, indicators, actions, municipalities, **kwargs):
        super().__init__(*args, **kwargs)
        self.indicators, self.actions, self.municipalities = indicators, actions, municipalities
        for indicator in indicators:
            self.fields[f"actual_{indicator.pk}"] = WrittenDecimalField(
                label=indicator.name, max_digits=14, decimal_places=2, required=False
            )
            self.fields[f"inote_{indicator.pk}"] = forms.CharField(
                label=_("Note"), max_length=max_length_of(IndicatorProgress, "note"), required=False
            )
        for action in actions:
            self.fields[f"status_{action.pk}"] = forms.ChoiceField(
                label=action.what, choices=ActionStatus.choices, initial=ActionStatus.NOT_STARTED
            )
            self.fields[f"anote_{action.pk}"] = forms.CharField(
                label=_("Note"), max_length=max_length_of(ActionProgress, "note"), required=False
            )
        for municipality in municipalities:
            # The count as the page showed it goes back with the page (a hidden input): the counts
            # are the network's, also written in the back office and by imports, so a save writes
            # only those typed here and refuses one changed elsewhere since (progress_save).
            self.fields[f"activity_{municipality.pk}"] = WrittenIntegerField(
                label=municipality.name,
                min_value=0,
                max_value=MAX_COUNT,
                required=False,
                show_hidden_initial=True,
            )
        for name, field in self.fields.items():
            if name != "version":
                small = "form-select" if isinstance(field, forms.ChoiceField) else "form-control"
                field.widget.attrs.setdefault("class", f"{small} {small}-sm")

    @classmethod
    def initial_from(cls, progress, parts) -> dict:
        """What the report holds so far (``parts``: missions.selectors.plans.progress_parts)."""
        initial = {"narrative": progress.narrative, "version": progress.lock_version}
        for indicator_id, value in parts.values.items():
            actual = without_trailing_zeros(value.actual)
            initial[f"actual_{indicator_id}"], initial[f"inote_{indicator_id}"] = actual, value.note
        for action_id, status in parts.statuses.items():
            initial[f"status_{action_id}"], initial[f"anote_{action_id}"] = status.status, status.note
        for municipality in parts.municipalities:
            initial[f"activity_{municipality.pk}"] = parts.counts.get(municipality.pk)
        return initial

    def report(self) -> dict:
        """The valid form's data as ``progress_save`` takes it."""
        data = self.cleaned_data
        typed, shown = self._counts_typed_and_shown()
        return {
            "version": data["version"],
            "narrative": data["narrative"],
            "indicators": {i.pk: (data[f"actual_{i.pk}"], data[f"inote_{i.pk}"]) for i in self.indicators},
            "actions": {a.pk: (data[f"status_{a.pk}"], data[f"anote_{a.pk}"]) for a in self.actions},
            "activity": {m.pk: data[f"activity_{m.pk}"] for m in typed},
            "activity_shown": shown,
        }

    def _counts_typed_and_shown(self) -> tuple[list, dict]:
        """The municipalities whose count was changed on the page, and the count the page showed
        of each (left out when the page did not send it back, as one of an older release: its
        count is then written unchecked)."""
        changed = set(self.changed_data)
        typed = [m for m in self.municipalities if f"activity_{m.pk}" in changed]
        shown = {}
        for municipality in typed:
            bound = self[f"activity_{municipality.pk}"]
            if bound.html_initial_name in self.data:
                try:
                    shown[municipality.pk] = bound.field.to_python(self.data[bound.html_initial_name])
                except ValidationError:
                    continue
        return typed, shown

    def take_stored_counts(self) -> None:
        """After a conflict: the page shows the counts stored now as what it showed, so that
        saving again after comparing writes what is typed."""
        self.data = self.data.copy()
        for municipality in self.municipalities:
            bound = self[f"activity_{municipality.pk}"]
            stored = self.initial.get(f"activity_{municipality.pk}")
            self.data[bound.html_initial_name] = "" if stored is None else stored

    def rows(self):
        return {
            "indicators": [(i, self[f"actual_{i.pk}"], self[f"inote_{i.pk}"]) for i in self.indicators],
            "actions": [(a, self[f"status_{a.pk}"], self[f"anote_{a.pk}"]) for a in self.actions],
            "activity": [(m, self[f"activity_{m.pk}"]) for m in self.municipalities],
        }
