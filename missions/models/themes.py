"""The missions of the networks, from the note "Rollen en opdrachten netwerken palliatieve
zorg" (July 2025): five themes (the sixth, "Zorg coördineren", is folded into the second and
kept visible as such), their tasks, partner types, delivery modes, complexity levels and the
six aims of the sextuple aim."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from missions.models.labels import BilingualModel
from npz_registry.limits import LONG_TEXT, SOURCE, bounded_text
from npz_registry.models import TimeStampedModel


class DeliveryMode(models.TextChoices):
    DIRECT = "DIRECT", _("direct: to the citizen and their care team")
    INDIRECT = "INDIRECT", _("indirect: through care providers and other actors")


class ComplexityLevel(models.TextChoices):
    LOW = "LOW", _("low complex care")
    MEDIUM = "MEDIUM", _("medium complex care")
    HIGH = "HIGH", _("high complex care")


class MissionThemeQuerySet(models.QuerySet):
    def core(self):
        """The five themes every network carries in every zone (theme 6 is part of theme 2)."""
        return self.filter(folded_into__isnull=True)


class MissionTheme(BilingualModel, TimeStampedModel):
    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    code = models.SlugField(_("code"), max_length=40, unique=True)
    description = bounded_text(_("description (Dutch)"), LONG_TEXT, blank=True)
    description_en = bounded_text(_("description (English)"), LONG_TEXT, blank=True)
    folded_into = models.ForeignKey(
        "self",
        verbose_name=_("part of theme"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="folded_themes",
        help_text=_("Set for 'Zorg coördineren', which the note treats as part of theme 2."),
    )
    source = bounded_text(_("source"), SOURCE, blank=True)

    history = HistoricalRecords()
    objects = MissionThemeQuerySet.as_manager()

    class Meta:
        ordering = ["number"]
        verbose_name = _("mission theme")
        verbose_name_plural = _("mission themes")

    def get_absolute_url(self):
        return reverse("admin:missions_missiontheme_change", args=[self.pk])


class MissionTask(TimeStampedModel):
    theme = models.ForeignKey(
        MissionTheme, verbose_name=_("theme"), on_delete=models.CASCADE, related_name="tasks"
    )
    letter = models.CharField(_("letter"), max_length=4)
    description = bounded_text(_("description (Dutch)"), LONG_TEXT)
    description_en = bounded_text(_("description (English)"), LONG_TEXT)

    history = HistoricalRecords()

    class Meta:
        ordering = ["theme__number", "letter"]
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        constraints = [models.UniqueConstraint(fields=["theme", "letter"], name="mission_task_unique")]

    def __str__(self):
        return f"{self.theme.number}{self.letter}. {self.description[:60]}"


class PartnerType(BilingualModel, TimeStampedModel):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("partner type")
        verbose_name_plural = _("partner types")


class SextupleAim(BilingualModel, TimeStampedModel):
    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    code = models.SlugField(_("code"), max_length=40, unique=True)
    description = bounded_text(_("description (Dutch)"), LONG_TEXT, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["number"]
        verbose_name = _("aim of the sextuple aim")
        verbose_name_plural = _("aims of the sextuple aim")
