from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NpzRegistryConfig(AppConfig):
    """The project package as an app: its management commands (backup, restore) and the
    receivers of the login signals. It has no models of its own (only abstract ones)."""

    name = "npz_registry"
    verbose_name = _("NPZ registry")

    def ready(self):
        from axes.signals import user_locked_out
        from django.contrib.auth.signals import user_logged_in

        from npz_registry.security import log_lockout, start_session_clock

        user_locked_out.connect(log_lockout, dispatch_uid="npz_log_lockout")
        user_logged_in.connect(start_session_clock, dispatch_uid="npz_start_session_clock")
