from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    """Project-level reports (PDF for policy makers): may import every app; no app imports it."""

    name = "npz_registry.reports"
    label = "reports"
    verbose_name = _("Reports")
