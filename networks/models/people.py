"""Networks (minimal until the NPZ issue) and the people who work for them."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from npz_registry.models import TimeStampedModel


class Network(TimeStampedModel):
    """A Netwerk Palliatieve Zorg (NPZ). Recognition, service areas and succession follow in
    the network issue; this holds what roles and demo accounts need."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=250)
    short_name = models.CharField(_("short name"), max_length=80, blank=True)
    is_demo = models.BooleanField(
        _("demo data"), default=False, help_text=_("Fictional network created by load_demo_data.")
    )
    notes = models.TextField(_("notes"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("network (NPZ)")
        verbose_name_plural = _("networks (NPZ)")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("admin:networks_network_change", args=[self.pk])


class NetworkRole(TimeStampedModel):
    class Role(models.TextChoices):
        COORDINATOR = "COORDINATOR", _("coordinator")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="network_roles",
    )
    network = models.ForeignKey(
        Network, verbose_name=_("network"), on_delete=models.CASCADE, related_name="roles"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.COORDINATOR)

    history = HistoricalRecords()

    class Meta:
        ordering = ["network__name", "user__username"]
        verbose_name = _("network role")
        verbose_name_plural = _("network roles")
        constraints = [
            models.UniqueConstraint(fields=["user", "network", "role"], name="network_role_unique"),
            models.CheckConstraint(condition=models.Q(role__in=["COORDINATOR"]), name="network_role_valid"),
        ]

    def __str__(self):
        return f"{self.user} – {self.get_role_display()} – {self.network}"
