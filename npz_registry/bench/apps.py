from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BenchConfig(AppConfig):
    """Generated data and `make bench`: may import every app (like reports); no app imports it."""

    name = "npz_registry.bench"
    label = "bench"
    verbose_name = _("Benchmark")
