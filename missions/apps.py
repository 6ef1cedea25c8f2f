from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MissionsConfig(AppConfig):
    name = "missions"
    verbose_name = _("Missions and plans")

    def ready(self):
        from missions.services.demo_data import load_missions_demo_data
        from missions.services.reference_data import load_missions_reference_data
        from networks.services.demo_data import register_demo_loader
        from networks.services.reference_data import register_loader

        register_loader(load_missions_reference_data)
        register_demo_loader(load_missions_demo_data)
