"""Netwerken Palliatieve Zorg (NPZ): recognition, service areas and succession.

Rules of the note on roles and missions (July 2025), enforced here and in the services:
- a regional care zone is served by at most one network on any day;
- a recognised network serves at least one whole zone;
- a network serving several zones carries a justification of that scale.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from networks.models.geography import Municipality, RegionalCareZone, periods_overlap
from networks.models.organisations import EnterpriseNumberField
from npz_registry.models import DatedModel, DatedQuerySet, TimeStampedModel

#: The day the new regulation recognises the networks (DOMAIN.md, reform calendar).
RECOGNITION_DAY = datetime.date(2027, 1, 1)


class RecognitionStatus(models.TextChoices):
    CANDIDATE = "CANDIDATE", _("candidate")
    RECOGNISED = "RECOGNISED", _("recognised")
    SUSPENDED = "SUSPENDED", _("suspended")
    WITHDRAWN = "WITHDRAWN", _("withdrawn")


class NetworkQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The networks whose non-public data `user` may see: all for department staff, their
        own for coordinators, none for anyone else. Every scoped page fetches through this."""
        from networks.rules import is_department_staff

        if is_department_staff(user):
            return self.all()
        if not user or not user.is_authenticated:
            return self.none()
        return self.filter(roles__user=user).distinct()

    def serving_on(self, day):
        """Networks with a service area valid on `day`."""
        return self.filter(service_areas__in=ServiceArea.objects.valid_on(day)).distinct()

    def for_municipality(self, municipality, day):
        from networks.models.geography import RegionalCareZoneMembership

        zones = (
            RegionalCareZoneMembership.objects.valid_on(day).filter(municipality=municipality).values("zone")
        )
        return self.filter(
            service_areas__in=ServiceArea.objects.valid_on(day).filter(zone__in=zones)
        ).distinct()


class Network(TimeStampedModel):
    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=250)
    short_name = models.CharField(_("short name"), max_length=80, blank=True)
    enterprise_number = EnterpriseNumberField(
        _("enterprise number (KBO)"),
        blank=True,
        help_text=_("The network's own number: a merged NPZ gets a new one, its predecessors keep theirs."),
    )
    seat = models.ForeignKey(
        Municipality,
        verbose_name=_("seat (municipality)"),
        null=True,
        blank=True,
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
    scale_justification = models.TextField(
        _("justification of the scale"),
        blank=True,
        help_text=_(
            "Required when the network serves several regional care zones: "
            "why accessibility stays guaranteed."
        ),
    )
    is_demo = models.BooleanField(
        _("demo data"), default=False, help_text=_("Fictional network created by load_demo_data.")
    )
    notes = models.TextField(_("notes"), blank=True)

    history = HistoricalRecords()
    objects = NetworkQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("network (NPZ)")
        verbose_name_plural = _("networks (NPZ)")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=RecognitionStatus.values), name="network_status_valid"
            ),
            models.UniqueConstraint(
                fields=["enterprise_number"],
                condition=~models.Q(enterprise_number=""),
                name="network_enterprise_number_unique",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("admin:networks_network_change", args=[self.pk])

    @property
    def enterprise_number_display(self) -> str:
        from networks.validators import format_enterprise_number

        return format_enterprise_number(self.enterprise_number)

    def status_on(self, day) -> str | None:
        """The recognition status in force on `day` according to the dated history, or None
        when the network had no status yet."""
        changes = getattr(self, "prefetched_status_changes", None)
        if changes is None:
            changes = list(self.status_changes.all())
        in_force = [c for c in changes if c.effective_date <= day]
        if not in_force:
            return None
        return max(in_force, key=lambda c: (c.effective_date, c.pk)).to_status

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

    def has_concurrent_zones(self, extra_areas=()) -> bool:
        """True when two of its service areas (saved or given) overlap in time."""
        areas = (
            [(a.zone_id, a.valid_from, a.valid_until) for a in self.service_areas.all()] if self.pk else []
        )
        areas += [(a.zone_id, a.valid_from, a.valid_until) for a in extra_areas]
        for i, (zone_a, from_a, until_a) in enumerate(areas):
            for zone_b, from_b, until_b in areas[i + 1 :]:
                if zone_a != zone_b and periods_overlap(from_a, until_a, from_b, until_b):
                    return True
        return False


class NetworkStatusChange(models.Model):
    """A dated change of recognition status (decisions take effect on a legal date)."""

    network = models.ForeignKey(
        Network, verbose_name=_("network"), on_delete=models.CASCADE, related_name="status_changes"
    )
    from_status = models.CharField(_("from"), max_length=20, choices=RecognitionStatus.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=20, choices=RecognitionStatus.choices)
    effective_date = models.DateField(_("effective date"))
    note = models.TextField(_("note"), blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    changed_at = models.DateTimeField(_("changed at"), auto_now_add=True)

    class Meta:
        ordering = ["network__name", "effective_date", "pk"]
        verbose_name = _("recognition status change")
        verbose_name_plural = _("recognition status changes")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(to_status__in=RecognitionStatus.values), name="network_status_change_valid"
            )
        ]

    def __str__(self):
        return f"{self.network}: {self.get_to_status_display()} ({self.effective_date})"


class ServiceArea(DatedModel, TimeStampedModel):
    """A regional care zone served by a network in a period. Always a whole zone."""

    network = models.ForeignKey(
        Network, verbose_name=_("network"), on_delete=models.CASCADE, related_name="service_areas"
    )
    zone = models.ForeignKey(
        RegionalCareZone,
        verbose_name=_("regional care zone"),
        on_delete=models.PROTECT,
        related_name="service_areas",
    )
    valid_from = models.DateField(_("valid from"))
    note = models.CharField(_("note"), max_length=250, blank=True)

    history = HistoricalRecords()
    objects = DatedQuerySet.as_manager()

    class Meta:
        ordering = ["zone__name", "valid_from"]
        verbose_name = _("service area")
        verbose_name_plural = _("service areas")
        # The coverage check and the public search look service areas up per zone and date.
        indexes = [models.Index(fields=["zone", "valid_from"], name="service_area_zone_from")]

    def __str__(self):
        return f"{self.network} – {self.zone}"

    def clean(self):
        super().clean()
        if not self.zone_id or not self.valid_from:
            return
        clash = self.overlapping_claim()
        if clash is not None:
            raise ValidationError(
                _(
                    "%(zone)s is already served by %(network)s from %(start)s until %(end)s: "
                    "a zone is served by at most one network on any day."
                )
                % {
                    "zone": self.zone.name,
                    "network": clash.network.name,
                    "start": clash.valid_from.strftime("%d/%m/%Y"),
                    "end": clash.valid_until.strftime("%d/%m/%Y")
                    if clash.valid_until
                    else _("further notice"),
                }
            )

    def overlapping_claim(self):
        """Another service area of the same zone whose period overlaps this one, if any."""
        others = (
            ServiceArea.objects.filter(zone_id=self.zone_id).exclude(pk=self.pk).select_related("network")
        )
        for other in others:
            if periods_overlap(self.valid_from, self.valid_until, other.valid_from, other.valid_until):
                return other
        return None
