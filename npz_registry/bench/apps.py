from django.apps import AppConfig


class BenchConfig(AppConfig):
    """Generated data and `make bench`: may import every app (like reports); no app imports it."""

    name = "npz_registry.bench"
    label = "bench"
