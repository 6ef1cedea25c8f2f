"""How intensely each network carries each mission theme in each zone it serves."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from missions.models.partners import PartnerOrganisation
from missions.models.themes import (
    FirstLineRole,
    MissionTheme,
    PartnerType,
    complexity_levels_field,
    first_line_role_field,
)
from networks.models import Network, PrimaryCareZone, RegionalCareZone
from npz_registry.history import History
from npz_registry.limits import NOTE, bounded_text
from npz_registry.models import TimeStampedModel, optional_foreign_key


class IntensityLevel(models.IntegerChoices):
    BASIC = 1, _("1 basic")
    REINFORCED = 2, _("2 reinforced")
    INTENSIVE = 3, _("3 intensive")


class DeliveryEmphasis(models.TextChoices):
    DIRECT = "DIRECT", _("mainly direct")
    INDIRECT = "INDIRECT", _("mainly indirect")
    BOTH = "BOTH", _("direct and indirect")


class RegionalIntensity(TimeStampedModel):
    network = models.ForeignKey(
        Network, verbose_name=_("network"), on_delete=models.CASCADE, related_name="intensities"
    )
    zone = models.ForeignKey(
        RegionalCareZone,
        verbose_name=_("regional care zone"),
        on_delete=models.PROTECT,
        related_name="intensities",
    )
    theme = models.ForeignKey(
        MissionTheme, verbose_name=_("theme"), on_delete=models.PROTECT, related_name="intensities"
    )
    primary_care_zone = optional_foreign_key(
        PrimaryCareZone,
        _("primary care zone"),
        on_delete=models.PROTECT,
        related_name="intensities",
        help_text=_(
            "Empty: the cell of the whole regional care zone. Set: a refinement for the part of "
            "this primary care zone inside the regional care zone."
        ),
    )
    level = models.PositiveSmallIntegerField(_("intensity"), choices=IntensityLevel.choices)
    partner_types = models.ManyToManyField(PartnerType, verbose_name=_("main partner types"), blank=True)
    partners = models.ManyToManyField(
        PartnerOrganisation, verbose_name=_("partner organisations"), blank=True, related_name="intensities"
    )
    delivery_emphasis = models.CharField(
        _("delivery"), max_length=10, choices=DeliveryEmphasis.choices, default=DeliveryEmphasis.BOTH
    )
    first_line_role = first_line_role_field()
    complexity_levels = complexity_levels_field()
    justification = bounded_text(
        _("justification"),
        NOTE,
        blank=True,
        help_text=_("Required when the level differs from what the regional data suggest."),
    )
    suggested_level = models.PositiveSmallIntegerField(
        _("suggested level when saved"), null=True, blank=True, editable=False
    )
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    history = History(m2m_fields=[partner_types, partners, complexity_levels])

    class Meta:
        ordering = ["network", "zone__name", "theme__number"]
        verbose_name = _("regional intensity")
        verbose_name_plural = _("regional intensities")
        constraints = [
            models.UniqueConstraint(
                fields=["network", "zone", "theme"],
                condition=models.Q(primary_care_zone__isnull=True),
                name="regional_intensity_unique",
            ),
            models.UniqueConstraint(
                fields=["network", "zone", "theme", "primary_care_zone"],
                condition=models.Q(primary_care_zone__isnull=False),
                name="regional_intensity_pcz_unique",
            ),
            models.CheckConstraint(
                condition=models.Q(first_line_role__in=["", *FirstLineRole.values]),
                name="regional_intensity_first_line_role_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(level__in=[1, 2, 3]), name="regional_intensity_level_valid"
            ),
        ]

    def __str__(self):
        where = f"{self.zone} / {self.primary_care_zone}" if self.primary_care_zone_id else f"{self.zone}"
        return f"{self.network} · {where} · {self.theme}: {self.level}"

    def get_absolute_url(self):
        if self.primary_care_zone_id:
            return reverse(
                "missions:intensity-primary",
                kwargs={"code": self.network.code, "zone": self.zone.code, "theme": self.theme.code},
            )
        return reverse(
            "missions:intensity-edit",
            kwargs={"code": self.network.code, "zone": self.zone.code, "theme": self.theme.code},
        )
