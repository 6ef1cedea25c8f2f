"""The people who work for networks, and their roles."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from npz_registry.models import TimeStampedModel, choices_constraint


class NetworkRoleKind(models.TextChoices):
    COORDINATOR = "COORDINATOR", _("coordinator")


class NetworkRole(TimeStampedModel):
    Role = NetworkRoleKind

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="network_roles",
    )
    network = models.ForeignKey(
        "networks.Network", verbose_name=_("network"), on_delete=models.CASCADE, related_name="roles"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.COORDINATOR)

    history = HistoricalRecords()

    class Meta:
        ordering = ["network__name", "user__username"]
        verbose_name = _("network role")
        verbose_name_plural = _("network roles")
        constraints = [
            models.UniqueConstraint(fields=["user", "network", "role"], name="network_role_unique"),
            choices_constraint("role", NetworkRoleKind, name="network_role_valid"),
        ]

    def __str__(self):
        return f"{self.user} – {self.get_role_display()} – {self.network}"
