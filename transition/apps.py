from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TransitionConfig(AppConfig):
    name = "transition"
    verbose_name = _("Transition")

    def ready(self):
        from networks.services.demo_data import register_demo_loader
        from networks.services.reference_data import register_loader
        from transition.services.demo_data import load_transition_demo_data
        from transition.services.reference_data import load_transition_reference_data

        register_loader(load_transition_reference_data)
        register_demo_loader(load_transition_demo_data)
