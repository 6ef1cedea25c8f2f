"""Named partner organisations behind the partner types (decision 0001 §2.10): staff keep them
in the back office, coordinators refer to them from the cells of their matrix and the actions of
their plans. A partner is placed in a regional care zone, a primary care zone and/or a
municipality, or nowhere (it works all over Flanders); a network may choose the partners placed
in the zones it serves and those without a place."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from missions.models.themes import PartnerType
from networks.models import (
    Municipality,
    PrimaryCareZone,
    PrimaryCareZoneMembership,
    RegionalCareZone,
    RegionalCareZoneMembership,
)
from npz_registry.models import (
    BackOfficeRecord,
    SourcedModel,
    TimeStampedModel,
    code_field,
    note_field,
    optional_foreign_key,
)


class PartnerOrganisationQuerySet(models.QuerySet):
    def unplaced(self):
        """Partners without a zone or municipality: they work all over Flanders."""
        return self.filter(
            regional_care_zone__isnull=True, primary_care_zone__isnull=True, municipality__isnull=True
        )

    def in_zones(self, zone_ids, day):
        """Partners placed in one of the regional care zones `zone_ids` on `day`: by the zone
        itself, by a primary care zone sharing a municipality with one of them, or by a
        municipality in one of them; and the partners without a place. One query, subqueries
        included."""
        municipalities = RegionalCareZoneMembership.objects.valid_on(day).filter(zone__in=zone_ids)
        primaries = PrimaryCareZoneMembership.objects.valid_on(day).filter(
            municipality__in=municipalities.values("municipality")
        )
        placed = (
            Q(regional_care_zone__in=zone_ids)
            | Q(primary_care_zone__in=primaries.values("zone"))
            | Q(municipality__in=municipalities.values("municipality"))
        )
        unplaced = Q(
            regional_care_zone__isnull=True, primary_care_zone__isnull=True, municipality__isnull=True
        )
        return self.filter(placed | unplaced)


class PartnerOrganisation(BackOfficeRecord, SourcedModel, TimeStampedModel):
    """A named organisation a network works with, of one partner type. Demo rows are fictional
    and say so in their name."""

    code = code_field()
    name = models.CharField(_("name"), max_length=200)
    partner_type = models.ForeignKey(
        PartnerType, verbose_name=_("partner type"), on_delete=models.PROTECT, related_name="organisations"
    )
    regional_care_zone = optional_foreign_key(
        RegionalCareZone,
        _("regional care zone"),
        on_delete=models.PROTECT,
        related_name="partner_organisations",
    )
    primary_care_zone = optional_foreign_key(
        PrimaryCareZone,
        _("primary care zone"),
        on_delete=models.PROTECT,
        related_name="partner_organisations",
    )
    municipality = optional_foreign_key(
        Municipality,
        _("municipality"),
        on_delete=models.PROTECT,
        related_name="partner_organisations",
        help_text=_("Its seat, if known."),
    )
    website = models.URLField(_("website"), max_length=300, blank=True)
    note = note_field()
    is_demo = models.BooleanField(_("fictional (demo)"), default=False)

    history = HistoricalRecords()
    objects = PartnerOrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["name", "code"]
        verbose_name = _("partner organisation")
        verbose_name_plural = _("partner organisations")
        constraints = [
            *SourcedModel.Meta.constraints,
            # A fictional row says so in its name, wherever it is shown.
            models.CheckConstraint(
                condition=Q(is_demo=False) | Q(name__contains="(demo)"),
                name="partner_organisation_demo_says_so",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def place(self):
        """The narrowest place it is known by: municipality, primary or regional care zone."""
        return self.municipality or self.primary_care_zone or self.regional_care_zone

    def clean(self):
        super().clean()
        if self.is_demo and "(demo)" not in (self.name or ""):
            raise ValidationError({"name": _("A fictional partner says so in its name: add “(demo)”.")})
        errors = self._place_errors()
        if errors:
            raise ValidationError(errors)

    def _place_errors(self) -> dict:
        """The municipality and the primary care zone lie in the regional care zone (today), and
        the municipality in the primary care zone, when more than one is given."""
        from networks.models.geography import today

        day, errors = today(), {}
        regional = RegionalCareZoneMembership.objects.valid_on(day).filter(zone_id=self.regional_care_zone_id)
        if (
            self.regional_care_zone_id
            and self.municipality_id
            and not regional.filter(municipality_id=self.municipality_id).exists()
        ):
            errors["municipality"] = _("This municipality is not in the regional care zone.")
        if self.regional_care_zone_id and self.primary_care_zone_id:
            shared = PrimaryCareZoneMembership.objects.valid_on(day).filter(
                zone_id=self.primary_care_zone_id, municipality__in=regional.values("municipality")
            )
            if not shared.exists():
                errors["primary_care_zone"] = _("This primary care zone is not in the regional care zone.")
        if self.primary_care_zone_id and self.municipality_id and "municipality" not in errors:
            inside = PrimaryCareZoneMembership.objects.valid_on(day).filter(
                zone_id=self.primary_care_zone_id, municipality_id=self.municipality_id
            )
            if not inside.exists():
                errors["municipality"] = _("This municipality is not in the primary care zone.")
        return errors
