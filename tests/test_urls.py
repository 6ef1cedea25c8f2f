"""Every URL we serve is either deliberately public or refuses outsiders.

A meta-test walks the URL configuration: every named URL is listed in `CASES` on its own, with
a sample path on a small world (Testnetwerk A with its coordinator, a draft plan with a goal,
action and indicator, an approved plan with a progress report) and what outsiders get:

- PUBLIC: an anonymous visitor opens it (200);
- NETWORK: a page of Testnetwerk A: anonymous visitors are sent to the login page, logged-in
  users without a role and the coordinator of Testnetwerk B get 404 (existence does not leak);
- STAFF: a page for department staff: anonymous visitors log in, others get 403;
- SCOPED: a department page that network coordinators also open, showing only their own
  network's part (tests/transition/test_funding_scope.py checks what each sees): anonymous
  visitors log in, users without a role get 403;
- NETWORK_POST / STAFF_POST: the same for a POST, which changes nothing;
- LOGIN: any logged-in user may open it; anonymous visitors log in;
- SPECIAL: answered by its own test, named in the case.

Every page of a network or of the department that takes a POST (its view allows the method),
and every POST endpoint, is posted to with plausible form data by the coordinator of another
network and by a user without a role: they get 404 (403 for department pages) and no table of
the registry changes. A new POST endpoint is covered as soon as it has its case.

Back-office URLs (the `admin` namespace) are listed from the URL configuration: every one of
them sends anonymous visitors, coordinators and users without a role to a login page.

A new named URL fails `test_every_named_url_has_an_outsider_case` until it has its case here.
"""

import datetime
from dataclasses import dataclass

import pytest
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse

from tests.missions.factories import (
    MultiYearPlanFactory,
    PlanningPeriodFactory,
    YearlyProgressFactory,
    make_themes,
)
from tests.networks.factories import (
    CoordinatorFactory,
    LegacyOrganisationFactory,
    MunicipalityFactory,
    NetworkFactory,
    PrimaryCareZoneFactory,
    RegionalCareZoneFactory,
    ServiceAreaFactory,
    StaffFactory,
    UserFactory,
)
from tests.snapshots import changed_tables, registry_snapshot

PUBLIC, NETWORK, STAFF, NETWORK_POST, STAFF_POST, LOGIN, SPECIAL, SCOPED = (
    "public",
    "network",
    "staff",
    "network-post",
    "staff-post",
    "login",
    "special",
    "scoped",
)


@dataclass(frozen=True)
class Case:
    kind: str
    #: The sample path, with {placeholders} filled from the world (see `world` below).
    path: str = ""
    #: For SPECIAL: the test that checks the outsiders.
    tested_by: str = ""


PLAN = "/portaal/plannen/{draft}"
GOAL = PLAN + "/doelen/{goal}"
CASES = {
    # Public pages and the open data API
    "home": Case(PUBLIC, "/"),
    "healthz": Case(PUBLIC, "/healthz"),
    "accessibility": Case(PUBLIC, "/toegankelijkheid/"),
    "favicon": Case(SPECIAL, tested_by="tests/test_layout.py"),
    "set_language": Case(SPECIAL, tested_by="test_language_can_be_switched_to_english_without_login"),
    "api-schema": Case(PUBLIC, "/api/v1/schema/"),
    "api-docs": Case(PUBLIC, "/api/v1/docs/"),
    "regional-care-zone-list": Case(PUBLIC, "/api/v1/regional-care-zones/"),
    "regional-care-zone-detail": Case(PUBLIC, "/api/v1/regional-care-zones/{zone}/"),
    "primary-care-zone-list": Case(PUBLIC, "/api/v1/primary-care-zones/"),
    "primary-care-zone-detail": Case(PUBLIC, "/api/v1/primary-care-zones/{primary_zone}/"),
    "municipality-list": Case(PUBLIC, "/api/v1/municipalities/"),
    "municipality-detail": Case(PUBLIC, "/api/v1/municipalities/{nis}/"),
    "legacy-organisation-list": Case(PUBLIC, "/api/v1/legacy-organisations/"),
    "legacy-organisation-detail": Case(PUBLIC, "/api/v1/legacy-organisations/{legacy}/"),
    "network-list": Case(PUBLIC, "/api/v1/networks/"),
    "network-detail": Case(PUBLIC, "/api/v1/networks/{network}/"),
    "municipality-network": Case(PUBLIC, "/api/v1/municipalities/{nis}/network/"),
    "network-search": Case(PUBLIC, "/netwerk-zoeken/"),
    "municipality-suggestions": Case(PUBLIC, "/netwerk-zoeken/gemeenten/?q=mol"),
    # Logging in and out
    "login": Case(PUBLIC, "/aanmelden/"),
    "logout": Case(SPECIAL, tested_by="tests/test_login.py"),
    "password_reset": Case(PUBLIC, "/wachtwoord-vergeten/"),
    "password_reset_done": Case(PUBLIC, "/wachtwoord-vergeten/verstuurd/"),
    "password_reset_confirm": Case(SPECIAL, tested_by="tests/test_login.py (needs a mailed token)"),
    "password_reset_complete": Case(PUBLIC, "/wachtwoord-herstellen/klaar/"),
    "oidc_authentication_init": Case(SPECIAL, tested_by="tests/test_oidc.py (404 unless OIDC_ENABLED)"),
    "oidc_authentication_callback": Case(SPECIAL, tested_by="tests/test_oidc.py"),
    # Missions: the matrices
    "missions:flanders": Case(STAFF, "/opdrachten/"),
    "missions:network-missions": Case(NETWORK, "/netwerken/{network}/opdrachten/"),
    "missions:intensity-edit": Case(NETWORK, "/netwerken/{network}/opdrachten/{zone}/{theme}/"),
    "missions:intensity-primary": Case(
        NETWORK, "/netwerken/{network}/opdrachten/{zone}/{theme}/eerstelijnszones/"
    ),
    # Missions: the coordinators' portal, plans and progress
    "missions:portal": Case(LOGIN, "/portaal/"),
    "missions:plan-create": Case(NETWORK, "/portaal/netwerken/{network}/plannen/nieuw/"),
    "missions:plan-detail": Case(NETWORK, PLAN + "/"),
    "missions:plan-general": Case(NETWORK, PLAN + "/algemeen/"),
    "missions:goal-create": Case(NETWORK, PLAN + "/doelen/nieuw/"),
    "missions:goal-edit": Case(NETWORK, GOAL + "/"),
    "missions:action-create": Case(NETWORK, GOAL + "/acties/nieuw/"),
    "missions:action-edit": Case(NETWORK, GOAL + "/acties/{action}/"),
    "missions:indicator-create": Case(NETWORK, GOAL + "/indicatoren/nieuw/"),
    "missions:indicator-edit": Case(NETWORK, GOAL + "/indicatoren/{indicator}/"),
    "missions:item-delete": Case(NETWORK, PLAN + "/verwijderen/doel/{goal}/"),
    "missions:plan-comment": Case(NETWORK_POST, PLAN + "/commentaar/"),
    "missions:plan-timeline": Case(NETWORK, PLAN + "/tijdlijn/"),
    "missions:plan-versions": Case(NETWORK, "/portaal/plannen/{approved}/versies/"),
    "missions:plan-history": Case(NETWORK, "/portaal/plannen/{approved}/geschiedenis/"),
    "missions:progress-start": Case(NETWORK_POST, "/portaal/plannen/{approved}/voortgang/{year}/"),
    "missions:plan-transition": Case(NETWORK, PLAN + "/indienen/"),
    "missions:progress-detail": Case(NETWORK, "/portaal/voortgang/{progress}/"),
    "missions:progress-comment": Case(NETWORK_POST, "/portaal/voortgang/{progress}/commentaar/"),
    "missions:progress-transition": Case(NETWORK, "/portaal/voortgang/{progress}/indienen/"),
    "missions:review-queue": Case(STAFF, "/beoordeling/"),
    # Transition (department staff)
    "transition:dashboard": Case(STAFF, "/transition/"),
    "transition:funding": Case(SCOPED, "/transition/financiering/"),
    "transition:late-milestones": Case(STAFF, "/transition/mijlpalen/"),
    "transition:legacy-without-successor": Case(STAFF, "/transition/bestaande-organisaties/"),
    # Reports
    "reports:index": Case(LOGIN, "/rapporten/"),
    "reports:flanders-pdf": Case(STAFF, "/rapporten/vlaanderen.pdf"),
    "reports:flanders-preview": Case(STAFF, "/rapporten/vlaanderen/"),
    "reports:network-pdf": Case(NETWORK, "/rapporten/netwerken/{network}.pdf"),
    "reports:network-preview": Case(NETWORK, "/rapporten/netwerken/{network}/"),
    "reports:plan-latest-pdf": Case(NETWORK, "/rapporten/plannen/{approved}.pdf"),
    "reports:plan-pdf": Case(NETWORK, "/rapporten/plannen/{approved}/versie-1.pdf"),
    "reports:plan-preview": Case(NETWORK, "/rapporten/plannen/{approved}/versie-1/"),
    "reports:progress-pdf": Case(NETWORK, "/rapporten/voortgang/{progress}.pdf"),
}


def named_urls(resolver=None, namespace=None):
    """Every named URL as `namespace:name` (or `name`), once."""
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            yield from named_urls(pattern, pattern.namespace or namespace)
        elif isinstance(pattern, URLPattern) and pattern.name and not pattern.name.endswith("-format-suffix"):
            yield f"{namespace}:{pattern.name}" if namespace else pattern.name


#: The back office's own login and logout pages are open to everyone (the lockout is tested in
#: tests/test_login.py).
ADMIN_PUBLIC = {"admin:login", "admin:logout"}


def admin_urls() -> list[tuple[str, URLPattern]]:
    found = []

    def walk(resolver, namespace):
        for pattern in resolver.url_patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern, pattern.namespace or namespace)
            elif isinstance(pattern, URLPattern) and namespace == "admin" and pattern.name:
                found.append((f"admin:{pattern.name}", pattern))

    walk(get_resolver(), None)
    return sorted(set(found), key=lambda item: item[0])


def test_every_named_url_has_an_outsider_case():
    missing = sorted({n for n in named_urls() if not n.startswith("admin:")} - set(CASES))
    stale = sorted(set(CASES) - set(named_urls()))
    assert missing == [], (
        "give these URLs a case in tests/test_urls.py (and a sample in npz_registry/bench/pages.py)"
    )
    assert stale == [], "these cases name URLs that no longer exist"


def test_special_cases_name_their_test():
    assert all(case.tested_by for case in CASES.values() if case.kind == SPECIAL)


# The world the sample paths point at ---------------------------------------------------------


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Built once for the module and rolled back after it."""
    with django_db_blocker.unblock(), transaction.atomic():
        themes = make_themes()
        network = NetworkFactory(code="test-a", name="Testnetwerk A")
        zone = RegionalCareZoneFactory(code="kempen", name="Kempen")
        ServiceAreaFactory(network=network, zone=zone, valid_from=datetime.date(2022, 1, 1))
        municipality = MunicipalityFactory(nis_code="13025", name="Mol", zone=zone)
        users = {
            "coordinator_a": CoordinatorFactory(username="coord.a", network=network),
            "coordinator_b": CoordinatorFactory(username="coord.b", network=NetworkFactory(code="test-b")),
            "staff": StaffFactory(username="staff.test"),
            "outsider": UserFactory(username="outsider"),
        }
        draft = MultiYearPlanFactory(
            network=network, complete=True, period=PlanningPeriodFactory(start_year=2027)
        )
        progress = YearlyProgressFactory(
            plan=MultiYearPlanFactory(
                network=network, approved=True, period=PlanningPeriodFactory(start_year=2022)
            )
        )
        goal = draft.goals.first()
        values = {
            "network": network.code,
            "zone": zone.code,
            "theme": themes[0].code,
            "primary_zone": PrimaryCareZoneFactory(code="baldemore").code,
            "nis": municipality.nis_code,
            "legacy": LegacyOrganisationFactory(code="pn-test").code,
            "draft": draft.pk,
            "goal": goal.pk,
            "action": goal.actions.first().pk,
            "indicator": goal.indicators.first().pk,
            "approved": progress.plan.pk,
            "progress": progress.pk,
            "year": progress.plan.period.start_year + 1,
        }
        yield {"values": values, "clients": logged_in(users)}
        transaction.set_rollback(True)


def logged_in(users) -> dict[str, Client]:
    found = {"anonymous": Client()}
    for role, user in users.items():
        found[role] = Client()
        found[role].force_login(user)
    return found


def clients(world) -> dict[str, Client]:
    return world["clients"]


def sends_to_login(response, *logins) -> bool:
    return response.status_code == 302 and response["Location"].startswith(logins or ("/aanmelden/",))


#: What each outsider gets, per kind: a status, or "login" for a redirect to the login page.
EXPECTED = {
    PUBLIC: {"anonymous": 200},
    NETWORK: {"anonymous": "login", "outsider": 404, "coordinator_b": 404},
    NETWORK_POST: {"anonymous": "login", "outsider": 404, "coordinator_b": 404},
    STAFF: {"anonymous": "login", "outsider": 403, "coordinator_b": 403},
    STAFF_POST: {"anonymous": "login", "outsider": 403, "coordinator_b": 403},
    LOGIN: {"anonymous": "login"},
    SCOPED: {"anonymous": "login", "outsider": 403},
}


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(n for n, case in CASES.items() if case.kind != SPECIAL))
def test_outsiders_are_refused(world, name):
    case = CASES[name]
    path = case.path.format(**world["values"])
    assert resolve(path.split("?")[0]).view_name == name  # the sample is this URL's
    by_role = clients(world)
    for role, expected in EXPECTED[case.kind].items():
        send = by_role[role].post if case.kind.endswith("-post") else by_role[role].get
        response = send(path)
        if expected == "login":
            assert sends_to_login(response), (role, response.status_code)
        else:
            assert response.status_code == expected, (role, response.status_code)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name", sorted(n for n, case in CASES.items() if case.kind in (NETWORK, STAFF, LOGIN, SCOPED))
)
def test_the_page_opens_for_who_may_see_it(world, name):
    """The same path is not refused to everyone: its own coordinator (network pages) or staff
    open it; a scoped page also any coordinator."""
    case = CASES[name]
    roles = {NETWORK: ["coordinator_a"], LOGIN: ["coordinator_a"], SCOPED: ["staff", "coordinator_b"]}
    for role in roles.get(case.kind, ["staff"]):
        response = clients(world)[role].get(case.path.format(**world["values"]))
        assert response.status_code == 200, (role, response.status_code)


#: What any form of the portal could carry: the refusal must come before any of it is read.
PLAUSIBLE_POST = {
    "summary": "Prioriteiten",
    "stakeholders": "Partners",
    "period": "1",
    "theme": "1",
    "title": "Doel",
    "description": "Beschrijving",
    "delivery_mode": "BOTH",
    "what": "Actie",
    "responsible": "Team",
    "name": "Indicator",
    "direction": "INCREASE",
    "level": "2",
    "delivery_emphasis": "BOTH",
    "justification": "Reden",
    "text": "Commentaar",
    "comment": "Commentaar",
    "narrative": "Verhaal",
    "version": "1",
}


def accepts_post(client, path) -> bool:
    """Whether the view of `path` takes a POST: a view limited to some methods answers OPTIONS
    with the ones it allows; a view that names none takes any (so it is posted to as well)."""
    allowed = client.options(path).get("Allow")
    return allowed is None or "POST" in allowed


@pytest.mark.django_db
def test_no_post_from_another_network_or_without_a_role_changes_anything(world):
    by_role = clients(world)
    posted, refused = [], []
    before = registry_snapshot()
    for name, case in sorted(CASES.items()):
        if case.kind not in (NETWORK, NETWORK_POST, STAFF, STAFF_POST, SCOPED):
            continue
        path = case.path.format(**world["values"])
        owner = by_role["staff" if case.kind in (STAFF, STAFF_POST, SCOPED) else "coordinator_a"]
        if case.kind in (NETWORK, STAFF, SCOPED) and not accepts_post(owner, path):
            continue
        posted.append(name)
        for role in ("coordinator_b", "outsider"):
            status = by_role[role].post(path, PLAUSIBLE_POST).status_code
            if status != EXPECTED[case.kind].get(role, 405):
                refused.append((name, role, status))
    assert refused == []
    assert changed_tables(before) == []
    edits = {
        "missions:plan-general",
        "missions:goal-edit",
        "missions:progress-detail",
        "missions:item-delete",
    }
    assert edits <= set(posted), "the pages that save and delete are among those posted to"


@pytest.mark.django_db
def test_every_back_office_url_sends_outsiders_to_the_admin_login(world):
    by_role = clients(world)
    refused = []
    for name, pattern in admin_urls():
        if name in ADMIN_PUBLIC:
            continue
        regex = pattern.pattern.regex
        kwargs = {key: "networks" if key == "app_label" else "1" for key in regex.groupindex}
        args = [] if kwargs else ["1"] * regex.groups
        path = reverse(name, args=args, kwargs=kwargs)
        for role in ("anonymous", "outsider", "coordinator_a"):
            response = by_role[role].get(path)
            if not sends_to_login(response, "/aanmelden/", "/admin/login/"):
                refused.append((name, role, response.status_code))
    assert refused == [], refused


@pytest.mark.django_db
def test_healthz_answers_ok(anonymous_client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = anonymous_client.get("/healthz")
    assert response.content == b"ok"
    assert response["Content-Type"].startswith("text/plain")


@pytest.mark.django_db
def test_language_can_be_switched_to_english_without_login(anonymous_client):
    response = anonymous_client.post("/i18n/setlang/", {"language": "en", "next": "/"}, follow=True)
    assert response.status_code == 200
    assert "Find your network" in response.content.decode()


@pytest.mark.django_db
def test_home_is_dutch_by_default(anonymous_client):
    assert "Vind uw netwerk" in anonymous_client.get("/").content.decode()
