from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MissionsConfig(AppConfig):
    name = "missions"
    verbose_name = _("Missions and plans")

    def ready(self):
        from django.db.models.signals import pre_delete

        from missions.models import PlanAction, PlanGoal
        from missions.models.plans import keep_what_comments_were_about
        from missions.services.demo_data import load_missions_demo_data
        from networks.services.demo_data import register_demo_loader

        register_demo_loader(load_missions_demo_data)
        for model in (PlanGoal, PlanAction):
            pre_delete.connect(
                keep_what_comments_were_about, sender=model, dispatch_uid=f"comments-{model.__name__}"
            )
