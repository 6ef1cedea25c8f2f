"""Abstract models shared by the apps."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


class DatedQuerySet(models.QuerySet):
    """Rows with a `valid_from`/`valid_until` period (both inclusive; empty means open)."""

    def valid_on(self, day):
        return self.filter(
            models.Q(valid_from__isnull=True) | models.Q(valid_from__lte=day),
            models.Q(valid_until__isnull=True) | models.Q(valid_until__gte=day),
        )


class DatedModel(models.Model):
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_until = models.DateField(
        _("valid until"), null=True, blank=True, help_text=_("Last day of validity; empty means open-ended.")
    )

    objects = DatedQuerySet.as_manager()

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        from django.core.exceptions import ValidationError

        if self.valid_from and self.valid_until and self.valid_until < self.valid_from:
            raise ValidationError({"valid_until": _("The end date lies before the start date.")})

    def is_valid_on(self, day) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_until is None or self.valid_until >= day
        )
