from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TransitionConfig(AppConfig):
    name = "transition"
    verbose_name = _("Transition")

    def ready(self):
        from networks.services.demo_data import register_demo_loader
        from transition.services.demo_data import load_transition_demo_data

        register_demo_loader(load_transition_demo_data)
