"""Netwerken Palliatieve Zorg (NPZ): recognition, service areas and succession.

Rules of the note on roles and missions (July 2025), enforced here and in the services:
- a regional care zone is served by at most one network on any day;
- a recognised network serves at least one whole zone;
- a network serving several zones carries a justification of that scale.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from networks.models.geography import Municipality, RegionalCareZone, periods_overlap
from networks.models.organisations import EnterpriseNumberField
from npz_registry.limits import LONG_TEXT, DayInRange, bounded_text
from npz_registry.models import (
    BackOfficeRecord,
    DatedModel,
    DatedStatusChange,
    DatedStatusSubject,
    TimeStampedModel,
    TrackedModel,
    choices_constraint,
    code_field,
    note_field,
    optional_foreign_key,
    status_change_constraints,
    status_change_fields,
    status_change_subject,
)


class RecognitionStatus(models.TextChoices):
    CANDIDATE = "CANDIDATE", _("candidate")
    RECOGNISED = "RECOGNISED", _("recognised")
    SUSPENDED = "SUSPENDED", _("suspended")
    WITHDRAWN = "WITHDRAWN", _("withdrawn")


class NetworkQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The networks whose non-public data `user` may see: all for department staff, their
        own for coordinators, none for anyone else. Every scoped page fetches through this."""
        from networks.rules import is_department_staff, network_ids_of

        if is_department_staff(user):
            return self.all()
        if not user or not user.is_authenticated:
            return self.none()
        return self.filter(pk__in=network_ids_of(user))


class Network(BackOfficeRecord, DatedStatusSubject, TrackedModel, TimeStampedModel):
    kept_once_status = RecognitionStatus.RECOGNISED

    code = code_field()
    name = models.CharField(_("name"), max_length=250)
    short_name = models.CharField(_("short name"), max_length=80, blank=True)
    enterprise_number = EnterpriseNumberField(
        _("enterprise number (KBO)"),
        blank=True,
        help_text=_("The network's own number: a merged NPZ gets a new one, its predecessors keep theirs."),
    )
    seat = optional_foreign_key(
        Municipality,
        _("seat (municipality)"),
        on_delete=models.PROTECT,
        related_name="seated_networks",
    )
    address = models.CharField(_("address"), max_length=250, blank=True)
    website = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    status = models.CharField(
        _("recognition status"),
        max_length=20,
        choices=RecognitionStatus.choices,
        default=RecognitionStatus.CANDIDATE,
        editable=False,
        help_text=_("Changed only through a dated status change."),
    )
    scale_justification = bounded_text(
        _("justification of the scale"),
        LONG_TEXT,
        blank=True,
        help_text=_(
            "Required when the network serves several regional care zones: "
            "why accessibility stays guaranteed."
        ),
    )
    is_demo = models.BooleanField(
        _("demo data"), default=False, help_text=_("Fictional network created by load_demo_data.")
    )
    notes = note_field(_("notes"))

    objects = NetworkQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("network (NPZ)")
        verbose_name_plural = _("networks (NPZ)")
        constraints = [
            choices_constraint("status", RecognitionStatus, name="network_status_valid"),
            models.UniqueConstraint(
                fields=["enterprise_number"],
                condition=~models.Q(enterprise_number=""),
                name="network_enterprise_number_unique",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def enterprise_number_display(self) -> str:
        from networks.validators import format_enterprise_number

        return format_enterprise_number(self.enterprise_number)

    def clean(self):
        super().clean()
        if self.pk and not self.scale_justification.strip() and self.has_concurrent_zones():
            raise ValidationError(
                {
                    "scale_justification": _(
                        "This network serves several regional care zones at once: justify its scale."
                    )
                }
            )

    def has_concurrent_zones(self, areas=None) -> bool:
        """True when two of `areas` (default: its stored service areas) serve different zones
        in overlapping periods."""
        if areas is None:
            areas = list(self.service_areas.all()) if self.pk else []
        return any(
            a.zone_id != b.zone_id
            and periods_overlap(a.valid_from, a.valid_until, b.valid_from, b.valid_until)
            for i, a in enumerate(areas)
            for b in areas[i + 1 :]
        )


class NetworkStatusChange(DatedStatusChange):
    """A dated recognition decision (decisions take effect on a legal date)."""

    subject_field = "network"

    network = status_change_subject(Network, _("network"))
    from_status, to_status = status_change_fields(RecognitionStatus, max_length=20)

    class Meta:
        ordering = ["network__name", "effective_date", "pk"]
        verbose_name = _("recognition status change")
        verbose_name_plural = _("recognition status changes")
        constraints = status_change_constraints(RecognitionStatus, name="network_status_change")


class ServiceArea(DatedModel, TrackedModel, TimeStampedModel):
    """A regional care zone served by a network in a period. Always a whole zone.

    A zone is served by at most one network on any day: rows are written through
    `networks.services.networks.service_areas_save`, which locks the zone and checks; on
    PostgreSQL the exclusion constraint `service_area_zone_no_overlap` (migration
    `0003_service_area_zone_no_overlap`) refuses an overlap whatever code path writes it."""

    network = models.ForeignKey(
        Network, verbose_name=_("network"), on_delete=models.CASCADE, related_name="service_areas"
    )
    zone = models.ForeignKey(
        RegionalCareZone,
        verbose_name=_("regional care zone"),
        on_delete=models.PROTECT,
        related_name="service_areas",
    )
    valid_from = models.DateField(_("valid from"), validators=[DayInRange()])
    note = models.CharField(_("note"), max_length=250, blank=True)

    class Meta:
        ordering = ["zone__name", "valid_from"]
        verbose_name = _("service area")
        verbose_name_plural = _("service areas")
        # The coverage check and the public search look service areas up per zone and date.
        indexes = [models.Index(fields=["zone", "valid_from"], name="service_area_zone_from")]

    def __str__(self):
        return f"{self.network} – {self.zone}"
