"""Regional indicators: a catalogue and values per zone or municipality per year.

Population, 65+, 80+ and deaths are *built in*: they come from the municipal figures,
aggregated per zone, and are never stored twice. Other indicators (a deprivation index,
results of the needs survey, ...) are imported by staff."""

from types import SimpleNamespace

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from missions.models.labels import BilingualModel
from networks.models import Municipality, RegionalCareZone
from npz_registry.limits import FIRST_YEAR, LAST_YEAR, LONG_TEXT, SOURCE, bounded_text
from npz_registry.models import (
    Certainty,
    TimeStampedModel,
    TrackedModel,
    certainty_field,
    choices_constraint,
    code_field,
    optional_foreign_key,
    source_field,
)
from npz_registry.numbers import readable_number


class IndicatorDirection(models.TextChoices):
    MORE_NEED = "MORE_NEED", _("higher means more need")
    LESS_NEED = "LESS_NEED", _("higher means less need")


class IndicatorLevel(models.TextChoices):
    ZONE = "ZONE", _("regional care zone")
    MUNICIPALITY = "MUNICIPALITY", _("municipality")


class BuiltinIndicator(models.TextChoices):
    POPULATION = "POPULATION", _("population")
    SHARE_65_PLUS = "SHARE_65_PLUS", _("share aged 65+")
    SHARE_80_PLUS = "SHARE_80_PLUS", _("share aged 80+")
    DEATHS_PER_1000 = "DEATHS_PER_1000", _("deaths per 1,000 inhabitants")
    FAR_FROM_SEAT = "FAR_FROM_SEAT", _("share living far from the network's seat")


class Indicator(BilingualModel, TrackedModel, TimeStampedModel):
    code = code_field()
    unit = models.CharField(_("unit"), max_length=40, blank=True)
    unit_en = models.CharField(_("unit (English)"), max_length=40, blank=True)
    direction = models.CharField(_("direction"), max_length=20, choices=IndicatorDirection.choices)
    level = models.CharField(
        _("level"), max_length=20, choices=IndicatorLevel.choices, default=IndicatorLevel.ZONE
    )
    builtin = models.CharField(
        _("computed from the municipal figures"),
        max_length=20,
        choices=BuiltinIndicator.choices,
        blank=True,
        help_text=_("Built-in indicators are computed, not imported."),
    )
    weight = models.DecimalField(
        _("weight in the needs index"),
        max_digits=5,
        decimal_places=2,
        default=0,
        help_text=_("0 leaves the indicator out of the needs index; it is still shown."),
    )
    weight_source = bounded_text(
        _("source of the weight"),
        SOURCE,
        blank=True,
        help_text=_(
            "Why this weight: the document or decision it comes from. Required for a weight above 0."
        ),
    )
    weight_certainty = certainty_field(_("certainty of the weight"), default=Certainty.ASSUMED)
    parameter = models.DecimalField(
        _("distance threshold (km)"),
        max_digits=6,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("Only for the distance indicator; empty: 20 km, our own assumption."),
    )
    parameter_source = bounded_text(_("source of the threshold"), SOURCE, blank=True)
    source = source_field()
    description = bounded_text(_("description"), LONG_TEXT, blank=True)

    class Meta:
        ordering = ["-weight", "code"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(weight__gte=0),
                name="indicator_weight_not_negative",
                violation_error_message=_("A weight cannot be negative."),
            ),
            models.CheckConstraint(
                condition=models.Q(weight=0) | ~models.Q(weight_source=""),
                name="indicator_weight_has_source",
                violation_error_message=_("A weight above 0 needs its source: say why this weight."),
            ),
            choices_constraint("weight_certainty", Certainty, name="indicator_weight_certainty_valid"),
            models.UniqueConstraint(
                fields=["builtin"], condition=~models.Q(builtin=""), name="indicator_builtin_unique"
            ),
        ]

    @property
    def weight_sourcing(self) -> SimpleNamespace:
        """The weight's certainty and source under the names the certainty badge reads."""
        return SimpleNamespace(certainty=self.weight_certainty, source=self.weight_source)

    @property
    def unit_label(self) -> str:
        """The unit in the active language (the Dutch one where no English one is set)."""
        language = (get_language() or "nl").lower()
        return self.unit_en if language.startswith("en") and self.unit_en else self.unit

    @property
    def is_percentage(self) -> bool:
        """Whether the values are shares in % (the unit says "%"): they lie between 0 and 100."""
        return self.unit.strip() == "%"


class IndicatorValue(TrackedModel, TimeStampedModel):
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.CASCADE, related_name="values"
    )
    zone = optional_foreign_key(RegionalCareZone, _("regional care zone"), on_delete=models.CASCADE)
    municipality = optional_foreign_key(Municipality, _("municipality"), on_delete=models.CASCADE)
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(FIRST_YEAR), MaxValueValidator(LAST_YEAR)]
    )
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=4)
    source = models.CharField(_("source"), max_length=300, blank=True)

    class Meta:
        ordering = ["indicator", "-year"]
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(zone__isnull=True) & models.Q(municipality__isnull=False))
                | (models.Q(zone__isnull=False) & models.Q(municipality__isnull=True)),
                name="indicator_value_one_area",
            ),
            models.UniqueConstraint(
                fields=["indicator", "zone", "year"],
                condition=models.Q(zone__isnull=False),
                name="indicator_value_zone_year_unique",
            ),
            models.UniqueConstraint(
                fields=["indicator", "municipality", "year"],
                condition=models.Q(municipality__isnull=False),
                name="indicator_value_municipality_year_unique",
            ),
        ]

    def __str__(self):
        where = self.zone or self.municipality
        return f"{self.indicator.code} {where} {self.year}: {readable_number(self.value)}"

    def clean(self):
        super().clean()
        if bool(self.zone_id) == bool(self.municipality_id):
            raise ValidationError(_("Give a value for either a zone or a municipality."))
        if self.indicator_id:
            if self.indicator.builtin:
                raise ValidationError(
                    _("%(indicator)s is computed from the municipal figures and cannot be imported.")
                    % {"indicator": self.indicator.code}
                )
            if self.indicator.is_percentage and self.value is not None and not 0 <= self.value <= 100:
                raise ValidationError({"value": _("A percentage lies between 0 and 100.")})
            wanted = self.indicator.level
            if wanted == IndicatorLevel.ZONE and not self.zone_id:
                raise ValidationError({"zone": _("This indicator has values per regional care zone.")})
            if wanted == IndicatorLevel.MUNICIPALITY and not self.municipality_id:
                raise ValidationError({"municipality": _("This indicator has values per municipality.")})
