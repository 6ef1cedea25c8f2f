from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImportExportConfig(AppConfig):
    name = "npz_registry.importexport"
    label = "importexport"
    verbose_name = _("Imports")
