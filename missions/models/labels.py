from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


def in_reader_language(dutch: str, english: str) -> str:
    """The English text on an English page when there is one, else the Dutch original."""
    language = (get_language() or "nl").lower()
    return english if language.startswith("en") and english else dutch


class BilingualModel(models.Model):
    """Reference rows whose labels come from Dutch source documents: the Dutch text is the
    original, the English one a translation. `label` follows the active language."""

    name = models.CharField(_("name (Dutch)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)

    class Meta:
        abstract = True

    def __str__(self):
        return self.label

    @property
    def label(self) -> str:
        return in_reader_language(self.name, self.name_en)
