"""Public pages of the networks app: "which network serves my municipality?".

The search matches names in Python, not in SQL: there are only about 300 municipalities, the
page needs all their names anyway (for the autocomplete list), and this makes the match
accent-insensitive on every database without an extension.
"""

import datetime
import difflib
import re
import unicodedata
from dataclasses import dataclass, field

from django.contrib.auth.decorators import login_not_required
from django.db.models import Prefetch, prefetch_related_objects
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from networks.models import (
    RECOGNITION_DAY,
    LegacyOrganisation,
    Municipality,
    Network,
    NetworkStatusChange,
    RecognitionStatus,
    RegionalCareZone,
    RegionalCareZoneMembership,
    ServiceArea,
)
from npz_registry.asof import parse_as_of

#: How many municipalities a search lists when the query matches several.
MAX_MATCHES = 20
#: How many close names an unknown query proposes.
MAX_CLOSE_MATCHES = 5
#: How many entries the suggestions endpoint returns.
MAX_SUGGESTIONS = 10
#: Longest query we look at (the longest municipality name is about 30 characters).
MAX_QUERY_LENGTH = 100

NIS_CODE = re.compile(r"^\d{5}$")
#: "Mol (13025)": the form a suggestion may be pasted back in.
NAME_WITH_NIS_CODE = re.compile(r"^.*\((\d{5})\)\s*$")


def normalise_name(value: str) -> str:
    """Fold case, accents and punctuation: "Sint-Genesius-Rode", "sint genesius rode" and
    "SINT-GENÉSIUS-RODE" give the same key."""
    decomposed = unicodedata.normalize("NFKD", value or "")
    without_accents = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(re.sub(r"[^0-9a-z]+", " ", without_accents.casefold()).split())


def _names(municipality: Municipality) -> list[str]:
    names = [normalise_name(municipality.name)]
    if municipality.name_fr:
        names.append(normalise_name(municipality.name_fr))
    return names


@dataclass
class Match:
    """What a query found among the municipalities."""

    municipality: Municipality | None = None
    candidates: list[Municipality] = field(default_factory=list)
    candidates_total: int = 0
    close_matches: list[Municipality] = field(default_factory=list)
    former_nis_code: str = ""


def match_municipality(query: str, municipalities: list[Municipality]) -> Match:
    """Find the municipality a visitor means: a (current or former) NIS code, or a name. An
    exact name wins; otherwise a name that starts with the query, then one that contains it.
    Several hits at the same level are returned as candidates, none as close matches."""
    query = query.strip()
    with_code = NAME_WITH_NIS_CODE.match(query)
    if with_code:
        query = with_code.group(1)
    if NIS_CODE.match(query):
        for municipality in municipalities:
            if municipality.nis_code == query:
                return Match(municipality=municipality)
        # A code of a municipality that merged on 1 January 2025 leads to the new one.
        for municipality in municipalities:
            if query in municipality.merged_from_nis_codes.split(";"):
                return Match(municipality=municipality, former_nis_code=query)
        return Match()

    key = normalise_name(query)
    if not key:
        return Match()
    for matches in (
        lambda names: key in names,
        lambda names: any(name.startswith(key) for name in names),
        lambda names: any(key in name for name in names),
    ):
        found = [m for m in municipalities if matches(_names(m))]
        if len(found) == 1:
            return Match(municipality=found[0])
        if found:
            return Match(candidates=found[:MAX_MATCHES], candidates_total=len(found))

    by_name = {}
    for municipality in municipalities:
        for name in _names(municipality):
            by_name.setdefault(name, municipality)
    close = difflib.get_close_matches(key, list(by_name), n=MAX_CLOSE_MATCHES * 2, cutoff=0.6)
    unique = list(dict.fromkeys(by_name[name] for name in close))
    return Match(close_matches=unique[:MAX_CLOSE_MATCHES])


@dataclass
class Answer:
    """Who serves a municipality on a day."""

    municipality: Municipality
    day: datetime.date
    zone: RegionalCareZone | None = None
    network: Network | None = None
    status: str | None = None
    predecessors: list[LegacyOrganisation] = field(default_factory=list)
    active_organisations: list[LegacyOrganisation] = field(default_factory=list)
    #: When nobody serves the zone on the day: the network that will, and from when.
    upcoming_network: Network | None = None
    upcoming_from: datetime.date | None = None

    @property
    def status_label(self) -> str:
        return RecognitionStatus(self.status).label if self.status else ""

    @property
    def before_recognition(self) -> bool:
        return self.day < RECOGNITION_DAY


def serving_network(municipality: Municipality, day: datetime.date) -> Answer:
    """The regional care zone of `municipality` on `day`, the network serving that zone then
    with the legacy organisations it replaces, or, when no network serves it, the legacy
    organisations still active in the zone. At most four queries, whatever the data."""
    answer = Answer(municipality=municipality, day=day)
    membership = (
        RegionalCareZoneMembership.objects.valid_on(day)
        .filter(municipality=municipality)
        .select_related("zone")
        .order_by("-valid_from")
        .first()
    )
    if membership is None:
        return answer
    answer.zone = membership.zone
    area = (
        ServiceArea.objects.valid_on(day)
        .filter(zone=answer.zone)
        .select_related("network", "network__seat")
        .order_by("valid_from", "pk")
        .first()
    )
    if area is None:
        answer.active_organisations = list(
            LegacyOrganisation.objects.active_on(day)
            .filter(derived_regional_care_zones=answer.zone)
            .order_by("kind", "name")
        )
        upcoming = (
            ServiceArea.objects.filter(zone=answer.zone, valid_from__gt=day)
            .select_related("network", "network__seat")
            .prefetch_related(
                Prefetch(
                    "network__predecessors", queryset=LegacyOrganisation.objects.order_by("kind", "name")
                )
            )
            .order_by("valid_from", "pk")
            .first()
        )
        if upcoming is not None:
            answer.upcoming_network, answer.upcoming_from = upcoming.network, upcoming.valid_from
            answer.predecessors = list(upcoming.network.predecessors.all())
        return answer
    network = area.network
    prefetch_related_objects(
        [network],
        Prefetch(
            "status_changes",
            queryset=NetworkStatusChange.objects.order_by("effective_date", "pk"),
            to_attr="prefetched_status_changes",
        ),
        Prefetch("predecessors", queryset=LegacyOrganisation.objects.order_by("kind", "name")),
    )
    answer.network = network
    answer.status = network.status_on(day)
    answer.predecessors = list(network.predecessors.all())
    return answer


def _all_municipalities() -> list[Municipality]:
    return list(Municipality.objects.only("pk", "nis_code", "name", "name_fr", "merged_from_nis_codes"))


@login_not_required
@require_safe
def network_search(request):
    """Public: type a municipality, see the network (NPZ) that serves it on a day."""
    query = (request.GET.get("q") or "").strip()[:MAX_QUERY_LENGTH]
    as_of_value = (request.GET.get("as_of") or "").strip()
    day, as_of_error = parse_as_of(as_of_value)
    municipalities = _all_municipalities()
    match = match_municipality(query, municipalities) if query else None
    answer = serving_network(match.municipality, day) if match and match.municipality else None
    return render(
        request,
        "networks/network_search.html",
        {
            "query": query,
            "day": day,
            # Carried along in the links only when the visitor chose a day.
            "as_of": day.isoformat() if as_of_value and not as_of_error else "",
            "as_of_error": as_of_error,
            "municipalities": municipalities,
            "match": match,
            "answer": answer,
            "recognition_day": RECOGNITION_DAY,
        },
    )


@login_not_required
@require_safe
def municipality_suggestions(request):
    """Public JSON for autocompletion: `[{"nis_code", "name"}]`, at most ten, names that start
    with the query first. Accent- and case-insensitive; digits match NIS codes."""
    query = (request.GET.get("q") or "").strip()[:MAX_QUERY_LENGTH]
    if not query:
        return JsonResponse([], safe=False)
    municipalities = _all_municipalities()
    if query.isdigit():
        found = [m for m in municipalities if m.nis_code.startswith(query)]
    else:
        key = normalise_name(query)
        starts = [m for m in municipalities if key and any(n.startswith(key) for n in _names(m))]
        seen = {m.pk for m in starts}
        contains = [
            m for m in municipalities if key and m.pk not in seen and any(key in n for n in _names(m))
        ]
        found = starts + contains
    return JsonResponse(
        [{"nis_code": m.nis_code, "name": m.name} for m in found[:MAX_SUGGESTIONS]], safe=False
    )
