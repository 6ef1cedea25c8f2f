"""Every page and API list we serve, with a sample path on the data in the database.

One catalogue for the query-count test (tests/test_query_counts.py) and `make bench`: it walks
the named URLs, so a new page is measured as soon as it exists, and a named URL that needs
arguments and has no sample here is an error (`MissingSample`), not a silent gap. The samples
follow the generated data (npz_registry/bench/generate.py): the network of coordinator.a, its
approved pilot plan with versions and progress, its draft current plan."""

import logging
from dataclasses import dataclass

from django.apps import apps
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.cache import caches
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver, reverse

#: The personas a page is opened as (generated accounts); each page is measured for every
#: persona that may open it.
ROLES = {"anonymous": None, "coordinator": "coordinator.a", "staff": "staff", "admin": "admin"}

#: Named URLs that are not pages to measure, and why.
NOT_PAGES = {
    "set_language": "POST only",
    "logout": "POST only",
    "missions:plan-comment": "POST only",
    "missions:progress-start": "POST only",
    "missions:progress-comment": "POST only",
    "missions:progress-transition": "the confirmation page of missions:plan-transition, for a report",
    "reports:flanders-pdf": "a PDF: `make bench` times it; its preview renders the same context",
    "reports:network-pdf": "a PDF: `make bench` times it; its preview renders the same context",
    "reports:plan-pdf": "a PDF: `make bench` times it; its preview renders the same context",
    "reports:plan-latest-pdf": "a PDF of the latest version: as reports:plan-pdf",
    "reports:progress-pdf": (
        "a PDF of the report missions:progress-detail shows; tests/reports/test_progress_pdf.py "
        "asserts its fixed number of queries"
    ),
    "favicon": "a redirect to the static file",
    "oidc_authentication_init": "a redirect to the government's login (ACM/IDM), off by default",
    "oidc_authentication_callback": "the answer of the government's login (ACM/IDM), off by default",
    "admin:logout": "POST only",
    "admin:view_on_site": "a redirect to the object's own page",
    "admin:autocomplete": "answers an autocomplete widget, measured through the admin forms that use it",
}
#: Admin views per model, by the suffix of their URL name, and whether they need an object.
ADMIN_ACTIONS = {
    "changelist": False,
    "add": False,
    "import": False,
    "export": False,
    "change": True,
    "history": True,
    "simple_history": True,
    "delete": True,
    "password_change": True,
}


class MissingSample(LookupError):
    """A named URL needs arguments and this module does not know a sample for it."""


@dataclass(frozen=True)
class Page:
    name: str
    path: str

    @property
    def kind(self) -> str:
        if self.name.startswith("admin:"):
            return "admin"
        return "api" if self.path.startswith("/api/") else "page"


def named_urls(resolver=None, namespace=None):
    """Every named URL (`namespace:name`), once, in the order of the URL configuration."""
    seen = set()
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            names = named_urls(pattern, pattern.namespace or namespace)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names = [f"{namespace}:{pattern.name}" if namespace else pattern.name]
        else:
            names = []
        for name in names:
            if name not in seen and not name.endswith("-format-suffix"):
                seen.add(name)
                yield name


class Samples:
    """The objects the sample paths point at, read from the database once."""

    def __init__(self):
        from missions.models import MultiYearPlan, SubmissionStatus, YearlyProgress
        from networks.models import Municipality, Network, PrimaryCareZone

        coordinator = get_user_model().objects.get(username=ROLES["coordinator"])
        self.network = Network.objects.filter(roles__user=coordinator).order_by("pk").first()
        plans = MultiYearPlan.objects.filter(network=self.network).order_by("period__start_year")
        self.approved = plans.filter(status=SubmissionStatus.APPROVED).first()
        self.draft = plans.filter(status=SubmissionStatus.DRAFT).first()
        self.goal = self.draft.goals.order_by("pk").first()
        self.action = self.goal.actions.order_by("pk").first()
        self.indicator = self.goal.indicators.order_by("pk").first()
        self.progress = YearlyProgress.objects.filter(plan=self.approved).order_by("-year").first()
        self.zone = self.network.service_areas.order_by("valid_from").first().zone
        self.theme = self.goal.theme
        self.municipality = Municipality.objects.order_by("nis_code").first()
        self.primary_care_zone = PrimaryCareZone.objects.order_by("code").first()

    def kwargs(self, name: str) -> dict:
        network, plan, goal = self.network.code, self.draft.pk, self.goal.pk
        known = {
            "missions:network-missions": {"code": network},
            "missions:intensity-edit": {"code": network, "zone": self.zone.code, "theme": self.theme.code},
            "missions:intensity-primary": {"code": network, "zone": self.zone.code, "theme": self.theme.code},
            "missions:plan-create": {"code": network},
            "missions:plan-detail": {"pk": self.approved.pk},
            "missions:plan-general": {"pk": plan},
            "missions:goal-create": {"pk": plan},
            "missions:goal-edit": {"pk": plan, "goal_pk": goal},
            "missions:item-delete": {"pk": plan, "kind": "doel", "item_pk": goal},  # the question
            "missions:action-create": {"pk": plan, "goal_pk": goal},
            "missions:action-edit": {"pk": plan, "goal_pk": goal, "action_pk": self.action.pk},
            "missions:indicator-create": {"pk": plan, "goal_pk": goal},
            "missions:indicator-edit": {"pk": plan, "goal_pk": goal, "indicator_pk": self.indicator.pk},
            "missions:plan-timeline": {"pk": self.approved.pk},
            "missions:plan-versions": {"pk": self.approved.pk},
            "missions:plan-history": {"pk": self.approved.pk},
            "missions:progress-detail": {"pk": self.progress.pk},
            "missions:plan-transition": {"pk": plan, "slug": "indienen"},
            "reports:network-preview": {"code": network},
            "reports:plan-preview": {"pk": self.approved.pk, "number": 1},
            "municipality-network": {"nis_code": self.municipality.nis_code},
            "regional-care-zone-detail": {"code": self.zone.code},
            "primary-care-zone-detail": {"code": self.primary_care_zone.code},
            "municipality-detail": {"nis_code": self.municipality.nis_code},
            "legacy-organisation-detail": {"code": self._legacy_code()},
            "network-detail": {"code": network},
            "admin:app_list": {"app_label": "networks"},
            # An expired or forged link: the page that says so (the real one needs a mailed token).
            "password_reset_confirm": {"uidb64": "MQ", "token": "set-password"},
        }
        return known.get(name, {})

    def query(self, name: str) -> str:
        """Query strings that make a page do its real work (a search, a filter)."""
        return {
            "network-search": f"?q={self.municipality.name}",
            "municipality-suggestions": f"?q={self.municipality.name[:3]}",
            "missions:review-queue": "?status=SUBMITTED",
        }.get(name, "")

    def _legacy_code(self):
        from networks.models import LegacyOrganisation

        return LegacyOrganisation.objects.order_by("code").values_list("code", flat=True).first()

    def import_job_id(self):
        from npz_registry.importexport.models import ImportJob

        return ImportJob.objects.order_by("pk").values_list("pk", flat=True).first()

    def admin_object(self, model):
        return model._default_manager.order_by("pk").first()


def _admin_kwargs(name: str, samples: Samples) -> dict | None:
    """Arguments (a dict, or a list for positional ones) of an admin URL named
    `<app>_<model>_<action>`."""
    short = name.removeprefix("admin:")
    if short.endswith("_import_job"):  # one job, kept on the table it imported into
        return {"job_id": samples.import_job_id()}
    for action, needs_object in ADMIN_ACTIONS.items():
        prefix = short.removesuffix(f"_{action}")
        if prefix == short or "_" not in prefix:
            continue
        app_label, model_name = prefix.split("_", 1)
        try:
            model = apps.get_model(app_label, model_name)
        except LookupError:
            continue
        if not admin.site.is_registered(model):
            continue
        if not needs_object:
            return {}
        obj = samples.admin_object(model)
        if obj is None:
            raise MissingSample(f"{name}: no {model._meta.verbose_name} in the database")
        if action == "simple_history":  # one historical version of the object
            return [obj.pk, obj.history.order_by("history_id").values_list("history_id", flat=True).first()]
        return {"object_id": obj.pk} if action != "password_change" else {"id": obj.pk}
    return samples.kwargs(name)


#: Back-office views by the suffix of their name that are blank forms: no rows of data on them,
#: each select loads its options in one query; counting them would only slow the suite down.
ADMIN_FORMS = {"_add": "a blank form", "_import": "a blank upload form", "_export": "a blank export form"}


def not_a_page(name: str) -> str | None:
    """Why `name` is not a page to measure (POST only, a PDF, a blank back-office form), or None."""
    if name.endswith("_process_import") or name.endswith("_import_job_confirm"):
        return "POST only (the import's confirmation step)"
    if name.startswith("admin:"):
        for suffix, reason in ADMIN_FORMS.items():
            if name.endswith(suffix) and not name.endswith("_password_change"):
                return reason
    return NOT_PAGES.get(name)


def sample_path(name: str, samples: Samples) -> str | None:
    """The path to GET for `name`, None when it is not a page (not_a_page), or MissingSample."""
    if not_a_page(name):
        return None
    arguments = _admin_kwargs(name, samples) if name.startswith("admin:") else samples.kwargs(name)
    if arguments is None:
        return None
    args, kwargs = (arguments, None) if isinstance(arguments, list) else (None, arguments)
    try:
        return reverse(name, args=args, kwargs=kwargs) + samples.query(name)
    except Exception as error:  # NoReverseMatch: arguments needed that we do not know
        raise MissingSample(f"{name}: give a sample path in npz_registry/bench/pages.py") from error


def pages(samples: Samples | None = None) -> list[Page]:
    """Every page and API list with its sample path (raises MissingSample for a gap)."""
    samples = samples or Samples()
    found = []
    for name in named_urls():
        path = sample_path(name, samples)
        if path is not None:
            found.append(Page(name, path))
    return found


def clients() -> dict[str, Client]:
    """A test client per persona, logged in without a password round trip."""
    found = {}
    for role, username in ROLES.items():
        client = Client()
        if username:
            client.force_login(get_user_model().objects.get(username=username))
        found[role] = client
    return found


def roles_for(page: Page) -> list[str]:
    """The back office is opened as the superuser, who may open all of it; the other pages as
    every persona but the superuser (department staff see what it sees there)."""
    return ["admin"] if page.kind == "admin" else [role for role in ROLES if role != "admin"]


def count_queries(found_pages: list[Page], *, only_roles=None) -> dict[str, dict[str, list[int]]]:
    """{page name: {persona: [status, queries]}} for one GET of each page as each persona
    (or the personas in `only_roles[name]`). Caches that fill on the first request are
    emptied first (figures cached per data version too), so every request pays the same."""
    by_role = clients()
    results = {}
    logging.getLogger("django.request").setLevel(logging.CRITICAL)  # refusals are expected here
    for page in found_pages:
        roles = only_roles.get(page.name, []) if only_roles is not None else roles_for(page)
        for role in roles:
            ContentType.objects.clear_cache()
            for cache in caches.all():  # figures cached per data version (npz_registry.dataversion)
                cache.clear()
            with CaptureQueriesContext(connection) as queries:
                response = by_role[role].get(page.path)
            results.setdefault(page.name, {})[role] = [response.status_code, len(queries)]
    return results
