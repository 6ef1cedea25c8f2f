"""How intensely each network carries each mission theme in each zone it serves."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from missions.models.themes import MissionTheme, PartnerType
from networks.models import Network, RegionalCareZone
from npz_registry.history import History
from npz_registry.limits import NOTE, bounded_text
from npz_registry.models import TimeStampedModel


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
    level = models.PositiveSmallIntegerField(_("intensity"), choices=IntensityLevel.choices)
    partner_types = models.ManyToManyField(PartnerType, verbose_name=_("main partner types"), blank=True)
    delivery_emphasis = models.CharField(
        _("delivery"), max_length=10, choices=DeliveryEmphasis.choices, default=DeliveryEmphasis.BOTH
    )
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

    history = History(m2m_fields=[partner_types])

    class Meta:
        ordering = ["network", "zone__name", "theme__number"]
        verbose_name = _("regional intensity")
        verbose_name_plural = _("regional intensities")
        constraints = [
            models.UniqueConstraint(fields=["network", "zone", "theme"], name="regional_intensity_unique"),
            models.CheckConstraint(
                condition=models.Q(level__in=[1, 2, 3]), name="regional_intensity_level_valid"
            ),
        ]

    def __str__(self):
        return f"{self.network} · {self.zone} · {self.theme}: {self.level}"

    def get_absolute_url(self):
        return reverse(
            "missions:intensity-edit",
            kwargs={"code": self.network.code, "zone": self.zone.code, "theme": self.theme.code},
        )
