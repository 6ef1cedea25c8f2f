"""The missions of the networks, from the note "Rollen en opdrachten netwerken palliatieve
zorg" (July 2025): five themes (the sixth, "Zorg coördineren", is folded into the second and
kept visible as such), their tasks, partner types, delivery modes, complexity levels and the
six aims of the sextuple aim."""

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from missions.models.labels import BilingualModel
from npz_registry.limits import LONG_TEXT, SOURCE, bounded_text
from npz_registry.models import TimeStampedModel, TrackedModel, code_field, optional_foreign_key, source_field


class DeliveryMode(models.TextChoices):
    DIRECT = "DIRECT", _("direct: to the citizen and their care team")
    INDIRECT = "INDIRECT", _("indirect: through care providers and other actors")


class FirstLineRole(models.TextChoices):
    """Subsidiarity: which line does the work. It answers "which line", where the delivery
    (direct or indirect) answers "to whom"."""

    # Action and transition plan §2.2: "coaching van eerstelijnsactoren"
    SUPPORTS = "SUPPORTS", _("the first line takes it up; the network supports it")
    # Note, theme 2: "in tweede lijn (ter ondersteuning van de eerste lijn)"
    SECOND_LINE = "SECOND_LINE", _("in second line (in support of the first line)")
    # Note, theme 2: "rechtstreeks"
    DIRECT = "DIRECT", _("directly")


class ComplexityLevel(BilingualModel, TrackedModel, TimeStampedModel):
    """The complexity of care and support a cell or goal addresses (reference data,
    fixtures/complexity_levels.csv, from the slides on the reform)."""

    code = code_field(40)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    source = source_field()
    source_quote = bounded_text(_("words of the source"), SOURCE, blank=True)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("complexity level")
        verbose_name_plural = _("complexity levels")


def first_line_role_field() -> models.CharField:
    """Subsidiarity on a cell or a goal: which line does the work."""
    return models.CharField(
        _("role of the first line"),
        max_length=12,
        choices=FirstLineRole.choices,
        blank=True,
        help_text=_("Subsidiarity: which line does the work (the delivery says to whom)."),
    )


def complexity_levels_field() -> models.ManyToManyField:
    """The complexity levels a cell or a goal addresses."""
    return models.ManyToManyField(
        ComplexityLevel, verbose_name=_("complexity levels"), blank=True, related_name="+"
    )


class MissionThemeQuerySet(models.QuerySet):
    def core(self):
        """The five themes every network carries in every zone (theme 6 is part of theme 2)."""
        return self.filter(folded_into__isnull=True)


class MissionTheme(BilingualModel, TrackedModel, TimeStampedModel):
    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    code = code_field(40)
    description = bounded_text(_("description (Dutch)"), LONG_TEXT, blank=True)
    description_en = bounded_text(_("description (English)"), LONG_TEXT, blank=True)
    folded_into = optional_foreign_key(
        "self",
        _("part of theme"),
        on_delete=models.PROTECT,
        related_name="folded_themes",
        help_text=_("Set for 'Zorg coördineren', which the note treats as part of theme 2."),
    )
    scope = bounded_text(
        _("what it covers (Dutch)"), LONG_TEXT, blank=True, help_text=_("The note's table text.")
    )
    scope_en = bounded_text(_("what it covers (English)"), LONG_TEXT, blank=True)
    closing = bounded_text(_("closing text (Dutch)"), LONG_TEXT, blank=True)
    closing_en = bounded_text(_("closing text (English)"), LONG_TEXT, blank=True)
    examples = bounded_text(_("examples (Dutch)"), LONG_TEXT, blank=True)
    source = source_field()

    objects = MissionThemeQuerySet.as_manager()

    class Meta:
        ordering = ["number"]
        verbose_name = _("mission theme")
        verbose_name_plural = _("mission themes")

    def get_absolute_url(self):
        return reverse("admin:missions_missiontheme_change", args=[self.pk])

    def clean(self):
        """A theme is part of a core theme (not of itself, nor of a theme that is part of another);
        a core theme stays one while themes are part of it or the networks' matrices and plans use
        it (folding it away would drop it from every network's matrix)."""
        super().clean()
        target = self.folded_into
        if target is None:
            return
        itself = target is self or (self.pk is not None and target.pk == self.pk)
        if itself or target.folded_into_id is not None:
            raise ValidationError(
                {"folded_into": _("Choose a core theme (not this one, nor one that is part of another).")}
            )
        was_core = (
            self.pk is not None and MissionTheme.objects.filter(pk=self.pk, folded_into__isnull=True).exists()
        )
        goals = apps.get_model("missions", "PlanGoal").objects  # the goals' theme has no reverse name
        if was_core and (
            self.folded_themes.exists() or self.intensities.exists() or goals.filter(theme=self).exists()
        ):
            raise ValidationError(
                {
                    "folded_into": _(
                        "This core theme is used (by other themes, the matrices or the plans): "
                        "it stays a core theme."
                    )
                }
            )

    def _in_language(self, dutch: str, english: str) -> str:
        language = (get_language() or "nl").lower()
        return english if language.startswith("en") and english else dutch

    @property
    def scope_text(self) -> str:
        return self._in_language(self.scope, self.scope_en)

    @property
    def description_text(self) -> str:
        return self._in_language(self.description, self.description_en)

    @property
    def closing_text(self) -> str:
        return self._in_language(self.closing, self.closing_en)


class MissionTask(TrackedModel, TimeStampedModel):
    theme = models.ForeignKey(
        MissionTheme, verbose_name=_("theme"), on_delete=models.CASCADE, related_name="tasks"
    )
    letter = models.CharField(_("letter"), max_length=4)
    description = bounded_text(_("description (Dutch)"), LONG_TEXT)
    description_en = bounded_text(_("description (English)"), LONG_TEXT)

    class Meta:
        ordering = ["theme__number", "letter"]
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        constraints = [models.UniqueConstraint(fields=["theme", "letter"], name="mission_task_unique")]

    def __str__(self):
        return f"{self.theme.number}{self.letter}. {self.description[:60]}"


class PartnerType(BilingualModel, TrackedModel, TimeStampedModel):
    code = code_field(40)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("partner type")
        verbose_name_plural = _("partner types")


class SextupleAim(BilingualModel, TrackedModel, TimeStampedModel):
    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    code = code_field(40)
    description = bounded_text(_("description (Dutch)"), LONG_TEXT, blank=True)

    class Meta:
        ordering = ["number"]
        verbose_name = _("aim of the sextuple aim")
        verbose_name_plural = _("aims of the sextuple aim")
