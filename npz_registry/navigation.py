"""The main menu, in one place: the header shows it, and every breadcrumb starts with one of its
entries, so both always use the same words ("Mijn netwerk" in the menu and in the breadcrumb)."""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from networks.rules import network_ids_of


def _everyone(user) -> bool:
    return True


def _logged_in(user) -> bool:
    return user.is_authenticated


def has_network_role(user) -> bool:
    """Holds a role in a network (sees "My network"). Asked by the menu and the home page: the
    networks are read once per request (networks.rules.network_ids_of)."""
    if not user.is_authenticated:
        return False
    return bool(network_ids_of(user))


def may_open_back_office(user) -> bool:
    """Whether the back office holds anything for ``user``: a superuser, or a staff account
    with a permission on some table (through the department's group, say). A staff account
    without any (no group yet) would find it empty: the menu and the home page do not offer it.
    The permissions are read with the user (npz_registry.auth), no query here."""
    if not (user.is_active and user.is_staff):
        return False
    if user.is_superuser:
        return True
    holds = getattr(user, "npz_holds_permissions", None)
    return holds if holds is not None else bool(user.get_all_permissions())


def _permission(name: str) -> Callable:
    def check(user) -> bool:
        return user.has_perm(name)

    return check


@dataclass(frozen=True)
class MenuEntry:
    key: str
    url_name: str
    label: Promise
    shown_to: Callable

    @property
    def url(self) -> str:
        return reverse(self.url_name)


MENU = (
    MenuEntry("search", "network-search", _("Find your network"), _everyone),
    MenuEntry("portal", "missions:portal", _("My network"), has_network_role),
    MenuEntry("review", "missions:review-queue", _("Review"), _permission("missions.view_flanders_missions")),
    MenuEntry("missions", "missions:flanders", _("Missions"), _permission("missions.view_flanders_missions")),
    MenuEntry(
        "transition", "transition:dashboard", _("Transition"), _permission("transition.view_dashboard")
    ),
    MenuEntry("reports", "reports:index", _("Reports"), _logged_in),
    MenuEntry("admin", "admin:index", _("Back office"), may_open_back_office),
)
ENTRIES = {entry.key: entry for entry in MENU}


def menu_for(request) -> list[dict]:
    """The entries the user may open; the one whose address starts the current path is current."""
    items = [{"entry": entry, "url": entry.url} for entry in MENU if entry.shown_to(request.user)]
    current = max(
        (item for item in items if request.path.startswith(item["url"])),
        key=lambda item: len(item["url"]),
        default=None,
    )
    return [
        {
            "key": item["entry"].key,
            "label": item["entry"].label,
            "url": item["url"],
            "current": item is current,
        }
        for item in items
    ]


def navigation(request) -> dict:
    """Context processor: `menu` is computed only when a template reads it (the admin does not)."""
    return {"menu": lambda: menu_for(request)}
