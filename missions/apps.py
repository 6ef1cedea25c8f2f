from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MissionsConfig(AppConfig):
    name = "missions"
    verbose_name = _("Missions and plans")

    def ready(self):
        from missions.services.demo_data import load_missions_demo_data
        from networks.services.demo_data import register_demo_loader

        register_demo_loader(load_missions_demo_data)
