"""Flemish (and Brussels) geography: regional care zones, primary care zones, municipalities.

A municipality belongs to zones through dated memberships, because zones change: the
primary care zones were redrawn on 1 January 2025 and municipalities merged. A primary care
zone is *not* tied to one regional care zone: six of them straddle two or three (see
fixtures/SOURCES.md §2), which follows naturally from both being sets of municipalities.
"""

import datetime

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from networks.validators import validate_nis_code
from npz_registry.limits import MAX_COUNT
from npz_registry.models import (
    BackOfficeRecord,
    DatedModel,
    TimeStampedModel,
    TrackedModel,
    choices_constraint,
    code_field,
    note_field,
    optional_foreign_key,
    source_field,
)


def today() -> datetime.date:
    return timezone.localdate()


#: A zone's notes are published with it (the open data API): the admin says so where they are typed.
PUBLIC_NOTES = _("Public: the open data API publishes these notes with the zone.")


class RegionalCareZoneKind(models.TextChoices):
    REFERENTIEREGIO = "REFERENTIEREGIO", _("reference region (Regiodecreet 2023)")
    ZONE_2019 = "ZONE_2019", _("regional care zone (2019)")
    BRUSSELS_CAPITAL_REGION = "BRUSSELS_CAPITAL_REGION", _("Brussels-Capital Region")
    OTHER = "OTHER", _("other")


class RegionalCareZone(BackOfficeRecord, TrackedModel, TimeStampedModel):
    """The minimum scale of an NPZ. The zone list is data the department can replace: until the
    official list is confirmed, rows are marked as not verified and shown as provisional."""

    Kind = RegionalCareZoneKind

    code = code_field()
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    is_verified = models.BooleanField(
        _("confirmed as regional care zone"),
        default=False,
        help_text=_(
            "Off while the department has not confirmed that this area is an official regional care zone."
        ),
    )
    source_code = models.CharField(_("source code"), max_length=40, blank=True)
    lblod_uri = models.URLField(_("LBLOD identifier"), blank=True)
    source = source_field()
    notes = note_field(_("notes"), help_text=PUBLIC_NOTES)

    class Meta:
        ordering = ["name"]
        verbose_name = _("regional care zone")
        verbose_name_plural = _("regional care zones")
        constraints = [
            choices_constraint("kind", RegionalCareZoneKind, name="regional_care_zone_kind_valid"),
        ]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.code,)


class PrimaryCareZoneKind(models.TextChoices):
    ELZ = "ELZ", _("primary care zone")
    ELZ_SUBMUNICIPAL = "ELZ_SUBMUNICIPAL", _("primary care zone (part of a municipality)")
    ELZ_CLUSTER = "ELZ_CLUSTER", _("group of zones (not a zone itself)")


class PrimaryCareZone(BackOfficeRecord, TrackedModel, TimeStampedModel):
    """An eerstelijnszone (ELZ), run by a zorgraad."""

    Kind = PrimaryCareZoneKind

    code = code_field()
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.ELZ)
    parent = optional_foreign_key("self", _("part of"), on_delete=models.PROTECT, related_name="parts")
    source_code = models.CharField(_("source code"), max_length=40, blank=True)
    source = source_field()
    notes = note_field(_("notes"), help_text=PUBLIC_NOTES)

    class Meta:
        ordering = ["name"]
        verbose_name = _("primary care zone")
        verbose_name_plural = _("primary care zones")
        constraints = [
            choices_constraint("kind", PrimaryCareZoneKind, name="primary_care_zone_kind_valid"),
        ]

    def __str__(self):
        return self.name

    @property
    def is_zone(self) -> bool:
        """The helper cluster row groups the four Antwerp zones; it is not a zone of its own."""
        return self.kind != self.Kind.ELZ_CLUSTER


class MunicipalityQuerySet(models.QuerySet):
    def in_regional_care_zone(self, zone, day=None):
        return self.with_membership("regional_care_zone_memberships", zone, day)

    def in_primary_care_zone(self, zone, day=None):
        return self.with_membership("primary_care_zone_memberships", zone, day)

    def with_membership(self, memberships: str, zone, day=None):
        """Municipalities whose `memberships` (a reverse relation) hold `zone` on `day` (default today)."""
        membership_model = self.model._meta.get_field(memberships).related_model
        valid = membership_model.objects.valid_on(day or today()).filter(zone=zone)
        return self.filter(**{f"{memberships}__in": valid}).distinct()


class MunicipalityRegion(models.TextChoices):
    FLEMISH = "VLAAMS_GEWEST", _("Flemish Region")
    BRUSSELS = "BRUSSELS_HOOFDSTEDELIJK_GEWEST", _("Brussels-Capital Region")


class MunicipalityProvince(models.TextChoices):
    ANTWERPEN = "Antwerpen", "Antwerpen"
    LIMBURG = "Limburg", "Limburg"
    OOST_VLAANDEREN = "Oost-Vlaanderen", "Oost-Vlaanderen"
    VLAAMS_BRABANT = "Vlaams-Brabant", "Vlaams-Brabant"
    WEST_VLAANDEREN = "West-Vlaanderen", "West-Vlaanderen"


class Municipality(BackOfficeRecord, TrackedModel, TimeStampedModel):
    Region = MunicipalityRegion
    Province = MunicipalityProvince

    nis_code = models.CharField(
        _("NIS code"), max_length=5, unique=True, validators=[validate_nis_code], help_text=_("Five digits.")
    )
    name = models.CharField(_("name"), max_length=120)
    name_fr = models.CharField(_("French name"), max_length=120, blank=True)
    region = models.CharField(_("region"), max_length=40, choices=Region.choices)
    province = models.CharField(
        _("province"), max_length=40, choices=Province.choices, blank=True, help_text=_("Empty for Brussels.")
    )
    arrondissement = models.CharField(_("arrondissement"), max_length=80, blank=True)
    merged_from_nis_codes = models.CharField(
        _("merged from (NIS codes)"),
        max_length=200,
        blank=True,
        help_text=_("NIS codes of the former municipalities, separated by ';', for the 2025 mergers."),
    )
    source = source_field()
    notes = note_field(_("notes"))

    objects = MunicipalityQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(nis_code__regex=r"^[0-9]{5}$"), name="municipality_nis_code_5_digits"
            ),
            choices_constraint("region", MunicipalityRegion, name="municipality_region_valid"),
            choices_constraint(
                "province", MunicipalityProvince, name="municipality_province_valid", blank=True
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.nis_code})"


class MunicipalityFigures(TrackedModel, TimeStampedModel):
    """Yearly figures of one municipality. Population and age groups are counted on 1 January
    of `year`; deaths over calendar year `year`. Empty means unknown, never zero."""

    municipality = models.ForeignKey(
        Municipality, verbose_name=_("municipality"), on_delete=models.CASCADE, related_name="figures"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    # At most MAX_COUNT (ten million) people: more than all of Flanders (under seven million),
    # let alone one municipality (Antwerp, the largest, has about 540,000), so only a typing
    # error is refused, never a real figure.
    population = models.PositiveIntegerField(
        _("population (1 January)"), null=True, blank=True, validators=[MaxValueValidator(MAX_COUNT)]
    )
    aged_65_plus = models.PositiveIntegerField(
        _("aged 65+ (1 January)"), null=True, blank=True, validators=[MaxValueValidator(MAX_COUNT)]
    )
    aged_80_plus = models.PositiveIntegerField(
        _("aged 80+ (1 January)"), null=True, blank=True, validators=[MaxValueValidator(MAX_COUNT)]
    )
    deaths = models.PositiveIntegerField(
        _("deaths (calendar year)"), null=True, blank=True, validators=[MaxValueValidator(MAX_COUNT)]
    )
    source = source_field()

    class Meta:
        ordering = ["municipality__name", "-year"]
        verbose_name = _("municipal figures")
        verbose_name_plural = _("municipal figures")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "year"], name="municipality_figures_one_per_year"
            ),
            models.CheckConstraint(
                condition=models.Q(year__gte=1970, year__lte=2100),
                name="municipality_figures_year_range",
                violation_error_message=_("The year lies between 1970 and 2100."),
            ),
        ]

    def __str__(self):
        return f"{self.municipality.name} {self.year}"

    def clean(self):
        errors = {}
        if self.population is not None:
            if self.aged_65_plus is not None and self.aged_65_plus > self.population:
                errors["aged_65_plus"] = _("More inhabitants aged 65+ than inhabitants.")
            if self.aged_80_plus is not None and self.aged_80_plus > self.population:
                errors["aged_80_plus"] = _("More inhabitants aged 80+ than inhabitants.")
        if (
            self.aged_80_plus is not None
            and self.aged_65_plus is not None
            and self.aged_80_plus > self.aged_65_plus
        ):
            errors["aged_80_plus"] = _("More inhabitants aged 80+ than aged 65+.")
        if errors:
            raise ValidationError(errors)


class ZoneMembership(DatedModel, TimeStampedModel):
    """A municipality in a zone for a period; concrete memberships add the `municipality` and
    `zone` foreign keys. Memberships of one kind may not overlap in time."""

    #: An import that checks a whole file at once sets this to the municipality's other
    #: memberships (rows of the file and of the database), so that clean() needs no query.
    overlap_pool = None

    class Meta:
        abstract = True
        ordering = ["zone__name", "municipality__name", "valid_from"]

    def __str__(self):
        return f"{self.municipality.name} → {self.zone.name}"

    @staticmethod
    def one_per_start(name: str) -> models.UniqueConstraint:
        """The database refuses a second membership of a municipality in a zone from the same day."""
        return models.UniqueConstraint(fields=["municipality", "zone", "valid_from"], name=name)

    def overlap_candidates(self):
        if not self.municipality_id:
            return []
        if self.overlap_pool is not None:
            return self.overlap_pool
        return type(self).objects.filter(municipality_id=self.municipality_id).select_related("zone")

    def refuse_overlap(self, others):
        """Refuse this membership when one of `others` (itself left out) covers an overlapping period."""
        for other in others:
            if other is self or (other.pk is not None and other.pk == self.pk):
                continue
            if periods_overlap(self.valid_from, self.valid_until, other.valid_from, other.valid_until):
                raise ValidationError(
                    _("%(municipality)s already belongs to %(zone)s in an overlapping period (%(period)s).")
                    % {
                        "municipality": self.municipality.name,
                        "zone": other.zone.name,
                        "period": f"{other.valid_from or '…'} – {other.valid_until or '…'}",
                    }
                )


class RegionalCareZoneMembership(ZoneMembership, TrackedModel):
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.CASCADE,
        related_name="regional_care_zone_memberships",
    )
    zone = models.ForeignKey(
        RegionalCareZone,
        verbose_name=_("regional care zone"),
        on_delete=models.PROTECT,
        related_name="memberships",
    )

    class Meta(ZoneMembership.Meta):
        verbose_name = _("membership of a regional care zone")
        verbose_name_plural = _("memberships of regional care zones")
        constraints = [ZoneMembership.one_per_start("regional_care_zone_membership_unique")]

    def clean(self):
        super().clean()
        self.refuse_overlap(self.overlap_candidates())


class PrimaryCareZoneMembership(ZoneMembership, TrackedModel):
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.CASCADE,
        related_name="primary_care_zone_memberships",
    )
    zone = models.ForeignKey(
        PrimaryCareZone,
        verbose_name=_("primary care zone"),
        on_delete=models.PROTECT,
        related_name="memberships",
    )
    is_partial = models.BooleanField(
        _("part of the municipality only"),
        default=False,
        help_text=_(
            "The zone border follows statistical sectors and covers only part of the municipality (Antwerp)."
        ),
    )

    class Meta(ZoneMembership.Meta):
        verbose_name = _("membership of a primary care zone")
        verbose_name_plural = _("memberships of primary care zones")
        constraints = [ZoneMembership.one_per_start("primary_care_zone_membership_unique")]

    def clean(self):
        super().clean()
        if self.excludes_others():
            self.refuse_overlap([other for other in self.overlap_candidates() if other.excludes_others()])

    def excludes_others(self) -> bool:
        """Only whole-municipality memberships of real zones exclude each other; the Antwerp
        sub-zones overlap their cluster row by design."""
        return not self.is_partial and self.zone_id is not None and self.zone.kind == PrimaryCareZone.Kind.ELZ


def periods_overlap(a_from, a_until, b_from, b_until) -> bool:
    """Inclusive periods; None is open-ended."""
    starts_before_other_ends = a_from is None or b_until is None or a_from <= b_until
    ends_after_other_starts = a_until is None or b_from is None or a_until >= b_from
    return starts_before_other_ends and ends_after_other_starts
