from crispy_forms.helper import FormHelper
from crispy_forms.layout import Field, Fieldset, Layout
from django import forms
from django.utils.translation import gettext_lazy as _

from missions.models import DeliveryEmphasis, IntensityLevel, PartnerType


class IntensityForm(forms.Form):
    """One cell of the matrix. `level` may be left empty so that an attempt to remove a theme
    reaches the service, which refuses it with a message naming zone and theme."""

    level = forms.TypedChoiceField(
        label=_("Intensity"),
        choices=[("", _("— none (remove this theme) —")), *IntensityLevel.choices],
        coerce=int,
        empty_value=None,
        required=False,
    )
    partner_types = forms.ModelMultipleChoiceField(
        label=_("Main partner types"),
        queryset=PartnerType.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    delivery_emphasis = forms.ChoiceField(
        label=_("Delivery"), choices=DeliveryEmphasis.choices, initial=DeliveryEmphasis.BOTH
    )
    justification = forms.CharField(
        label=_("Justification"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_("Required when the level differs from the level the regional data suggest."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner_types"].label_from_instance = lambda partner: partner.label
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Fieldset("", Field("level"), Field("delivery_emphasis"), Field("partner_types")),
            Fieldset("", Field("justification"), Field("version")),
        )
