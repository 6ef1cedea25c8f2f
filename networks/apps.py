from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class NetworksConfig(AppConfig):
    name = "networks"
    verbose_name = _("Geography and organisations")

    def ready(self):
        from networks.groups import sync_groups

        # Permissions only exist after migrate, so the staff group is kept in step here.
        post_migrate.connect(sync_groups, dispatch_uid="networks.sync_groups")

        from django.core.signals import request_finished, request_started
        from django.db.models.signals import post_delete, post_save

        from networks.models import ReformDate
        from networks.selectors import end_request_cache, forget_reform_dates, start_request_cache

        request_started.connect(start_request_cache, dispatch_uid="networks.reform_dates_start")
        request_finished.connect(end_request_cache, dispatch_uid="networks.reform_dates_end")
        for signal, name in ((post_save, "saved"), (post_delete, "deleted")):
            uid = f"networks.reform_dates_{name}"
            signal.connect(forget_reform_dates, sender=ReformDate, dispatch_uid=uid)
