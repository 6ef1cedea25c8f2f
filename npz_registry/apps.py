from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class NpzRegistryConfig(AppConfig):
    """The project package as an app: its management commands (backup, restore), the receivers
    of the login signals, the data version (npz_registry.dataversion) and who history rows name
    (npz_registry.history)."""

    name = "npz_registry"
    verbose_name = _("NPZ registry")

    def ready(self):
        from axes.signals import user_locked_out
        from django.contrib.auth.signals import user_logged_in

        from npz_registry.security import log_lockout, start_session_clock

        user_locked_out.connect(log_lockout, dispatch_uid="npz_log_lockout")
        user_logged_in.connect(start_session_clock, dispatch_uid="npz_start_session_clock")

        from django.db.models.signals import m2m_changed, post_delete, post_save

        from npz_registry import dataversion

        for signal in (post_save, post_delete, m2m_changed):
            signal.connect(dataversion.changed, dispatch_uid=f"npz_data_version_{signal}")

        from django.core.signals import request_finished, request_started

        request_started.connect(dataversion.request_started, dispatch_uid="npz_data_version_request_started")
        request_finished.connect(
            dataversion.request_finished, dispatch_uid="npz_data_version_request_finished"
        )

        from simple_history.signals import pre_create_historical_record

        from npz_registry.history import make_history_managers_once, name_the_actor

        pre_create_historical_record.connect(name_the_actor, dispatch_uid="npz_history_actor")
        make_history_managers_once(self.apps.get_models(include_auto_created=True))


class RegistryAdminConfig(admin_apps.AdminConfig):
    """django.contrib.admin with the back office's own site (npz_registry.admin.RegistryAdminSite).
    Named in INSTALLED_APPS; not the default configuration of this package (NpzRegistryConfig is)."""

    default = False

    default_site = "npz_registry.admin.RegistryAdminSite"
