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
