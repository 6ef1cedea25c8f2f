"""The people who work for networks, and their roles."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from npz_registry.models import TimeStampedModel, TrackedModel, choices_constraint


class NetworkRoleKind(models.TextChoices):
    COORDINATOR = "COORDINATOR", _("coordinator")


class NetworkRole(TrackedModel, TimeStampedModel):
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


class Person(TrackedModel, TimeStampedModel):
    """The one place for a person's name, e-mail and phone (README "Personal data").

    A person may have an account (`user`); Django's own name and e-mail fields on that account are
    a copy kept by networks.services.people, for what Django reads there (the admin's lists, the
    password reset, the e-mails we send). Network and organisation addresses are functional
    addresses of the organisation, not personal data, and stay on those models."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
    )
    first_name = models.CharField(_("first name"), max_length=150, blank=True)
    last_name = models.CharField(_("last name"), max_length=150, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    anonymised_at = models.DateTimeField(_("anonymised at"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["last_name", "first_name", "pk"]
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self):
        return self.full_name or (self.user.get_username() if self.user_id else f"#{self.pk}")

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()
