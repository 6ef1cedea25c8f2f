"""Activity counts per municipality, for the evenness check ("does the network serve its whole
region, or mainly the area around its seat?"). Like a grant, a count is about exactly one
actor (decision 0001 §2.9): a legacy organisation (the baseline before the networks), a
network, an organisation of the reform or the sector. The evenness check reads network rows."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from networks.models import Municipality
from networks.models.actors import ActorReference, actor_constraints, actor_unique_constraints
from npz_registry.limits import MAX_COUNT
from npz_registry.models import TimeStampedModel, optional_foreign_key


class ActivityKind(models.TextChoices):
    GUIDED_PATIENTS = "GUIDED_PATIENTS", _("guided patients (begeleidingen)")


#: The years a count may be about: those of the municipal figures it is read with
#: (networks.MunicipalityFigures), in the same words.
FIRST_YEAR, LAST_YEAR = 1970, 2100
YEAR_RANGE_MESSAGE = _("The year lies between 1970 and 2100.")


class ActivityCount(ActorReference, TimeStampedModel):
    municipality = models.ForeignKey(
        Municipality, verbose_name=_("municipality"), on_delete=models.PROTECT, related_name="activity"
    )
    year = models.PositiveSmallIntegerField(
        _("year"),
        validators=[
            MinValueValidator(FIRST_YEAR, message=YEAR_RANGE_MESSAGE),
            MaxValueValidator(LAST_YEAR, message=YEAR_RANGE_MESSAGE),
        ],
    )
    kind = models.CharField(
        _("kind"), max_length=30, choices=ActivityKind.choices, default=ActivityKind.GUIDED_PATIENTS
    )
    count = models.PositiveIntegerField(_("count"), validators=[MaxValueValidator(MAX_COUNT)])
    source = models.CharField(_("source"), max_length=300, blank=True)
    reported_by = optional_foreign_key(settings.AUTH_USER_MODEL, _("reported by"), on_delete=models.SET_NULL)

    history = HistoricalRecords()

    class Meta:
        ordering = ["network", "-year", "municipality__name"]
        verbose_name = _("activity count")
        verbose_name_plural = _("activity counts")
        constraints = [
            *actor_constraints("activity_count"),
            *actor_unique_constraints(
                "activity_count",
                ["municipality", "year", "kind"],
                message=_("This recipient already has a count of this kind for this municipality and year."),
            ),
            models.CheckConstraint(
                condition=models.Q(year__gte=FIRST_YEAR, year__lte=LAST_YEAR),
                name="activity_count_year_range",
                violation_error_message=YEAR_RANGE_MESSAGE,
            ),
        ]

    def __str__(self):
        return f"{self.recipient} {self.municipality.name} {self.year}: {self.count}"
