"""The public search "which network serves my municipality?": matching what a visitor types
to a municipality, and the answer for a day.

Names are matched in Python, not in SQL: there are only about 300 municipalities, the page
needs all their names anyway (for the autocomplete list), and this makes the match
accent-insensitive on every database without an extension.
"""

import datetime
import difflib
import re
import unicodedata
from dataclasses import dataclass, field

from django.db.models import Prefetch, Q, prefetch_related_objects

from networks.models import (
    LegacyOrganisation,
    Municipality,
    Network,
    RecognitionStatus,
    ReformDate,
    ReformDateKey,
    RegionalCareZone,
)
from networks.selectors import (
    former_names,
    municipality_by_nis_code,
    network_details,
    next_serving_area,
    reform_date,
    serving_network,
)
from npz_registry import dataversion

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


def names_of(municipality: Municipality) -> list[str]:
    """The normalised names a municipality is found by (Dutch, and French where it has one)."""
    names = [normalise_name(municipality.name)]
    if municipality.name_fr:
        names.append(normalise_name(municipality.name_fr))
    return names


def all_municipalities() -> list[Municipality]:
    """Every municipality with the names and codes a search matches, former ones included (the
    note names them, see `networks.selectors.former_names`): read once per data version (the
    search and its suggestions look through them on every keystroke)."""

    def read():
        return list(
            Municipality.objects.only("pk", "nis_code", "name", "name_fr", "merged_from_nis_codes", "notes")
        )

    return dataversion.cached("networks:search-municipalities", read)


@dataclass
class Match:
    """What a query found among the municipalities."""

    municipality: Municipality | None = None
    candidates: list[Municipality] = field(default_factory=list)
    candidates_total: int = 0
    close_matches: list[Municipality] = field(default_factory=list)
    #: The former municipality the query named (by code or by name), merged into `municipality`
    #: on 1 January 2025; its name is "" when the reference data does not give it.
    former_nis_code: str = ""
    former_name: str = ""


def match_nis_code(code: str, municipalities: list[Municipality]) -> Match:
    """The municipality with this NIS code, or the one a former municipality with this code
    merged into on 1 January 2025 (`networks.selectors.municipality_by_nis_code`, which the API
    asks too)."""
    municipality, former_code = municipality_by_nis_code(code, municipalities)
    if municipality is None:
        return Match()
    former_name = former_names(municipality).get(former_code, "") if former_code else ""
    return Match(municipality=municipality, former_nis_code=former_code, former_name=former_name)


def match_former_name(key: str, municipalities: list[Municipality]) -> Match | None:
    """The municipality a former municipality named `key` (normalised) merged into on 1 January
    2025, or None. A former name that is also the current one (Hasselt) is found as current."""
    found = [
        (municipality, code, name)
        for municipality in municipalities
        for code, name in former_names(municipality).items()
        if normalise_name(name) == key
    ]
    if len(found) == 1:
        municipality, code, name = found[0]
        return Match(municipality=municipality, former_nis_code=code, former_name=name)
    if found:
        candidates = list(dict.fromkeys(municipality for municipality, _code, _name in found))
        return Match(candidates=candidates[:MAX_MATCHES], candidates_total=len(candidates))
    return None


def match_names(municipalities: list[Municipality], matches) -> Match | None:
    """The municipalities whose names `matches`: one, several as candidates, or None."""
    found = [m for m in municipalities if matches(names_of(m))]
    if len(found) == 1:
        return Match(municipality=found[0])
    if found:
        return Match(candidates=found[:MAX_MATCHES], candidates_total=len(found))
    return None


def close_matches(key: str, municipalities: list[Municipality]) -> list[Municipality]:
    by_name = {}
    for municipality in municipalities:
        for name in names_of(municipality):
            by_name.setdefault(name, municipality)
    close = difflib.get_close_matches(key, list(by_name), n=MAX_CLOSE_MATCHES * 2, cutoff=0.6)
    return list(dict.fromkeys(by_name[name] for name in close))[:MAX_CLOSE_MATCHES]


def match_municipality(query: str, municipalities: list[Municipality]) -> Match:
    """Find the municipality a visitor means: a (current or former) NIS code, or a name. An
    exact name wins, then the exact name of a former municipality (merged on 1 January 2025);
    otherwise a name that starts with the query, then one that contains it. Several hits at the
    same level are returned as candidates, none as close matches."""
    query = query.strip()
    with_code = NAME_WITH_NIS_CODE.match(query)
    if with_code:
        query = with_code.group(1)
    if NIS_CODE.match(query):
        return match_nis_code(query, municipalities)
    key = normalise_name(query)
    if not key:
        return Match()
    for level in (
        lambda: match_names(municipalities, lambda names: key in names),
        lambda: match_former_name(key, municipalities),
        lambda: match_names(municipalities, lambda names: any(name.startswith(key) for name in names)),
        lambda: match_names(municipalities, lambda names: any(key in name for name in names)),
    ):
        found = level()
        if found is not None:
            return found
    return Match(close_matches=close_matches(key, municipalities))


def suggest_municipalities(query: str, municipalities: list[Municipality]) -> list[Municipality]:
    """Autocompletion: at most ten, names that start with the query first. Accent- and
    case-insensitive; digits match NIS codes."""
    if query.isdigit():
        return [m for m in municipalities if m.nis_code.startswith(query)][:MAX_SUGGESTIONS]
    key = normalise_name(query)
    if not key:
        return []
    starts = [m for m in municipalities if any(n.startswith(key) for n in names_of(m))]
    seen = {m.pk for m in starts}
    contains = [m for m in municipalities if m.pk not in seen and any(key in n for n in names_of(m))]
    return (starts + contains)[:MAX_SUGGESTIONS]


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
    #: The recognition day as staff set it (None while not set).
    recognition: ReformDate | None = None

    @property
    def status_label(self) -> str:
        return RecognitionStatus(self.status).label if self.status else ""

    @property
    def before_recognition(self) -> bool:
        return bool(self.recognition and self.recognition.day and self.day < self.recognition.day)


def add_upcoming_network(answer: Answer) -> None:
    """For a zone nobody serves on the day: the legacy organisations still active in it, and
    the network that will serve it next with the organisations it replaces."""
    # An organisation without zones of its own (the home-care teams, MBE, in the reference data)
    # works where its partner PN/PSV does.
    answer.active_organisations = list(
        LegacyOrganisation.objects.active_on(answer.day)
        .filter(
            Q(derived_regional_care_zones=answer.zone)
            | Q(derived_regional_care_zones__isnull=True, partner__derived_regional_care_zones=answer.zone)
        )
        .distinct()
        .order_by("kind", "name")
    )
    upcoming = next_serving_area(answer.zone, answer.day)
    if upcoming is not None:
        network = upcoming.network
        prefetch_related_objects(
            [network], Prefetch("predecessors", queryset=LegacyOrganisation.objects.order_by("kind", "name"))
        )
        answer.upcoming_network, answer.upcoming_from = network, upcoming.valid_from
        answer.status = network.status_on(answer.day)  # e.g. a candidate, before its recognition
        answer.predecessors = list(network.predecessors.all())


def search_answer(municipality: Municipality, day: datetime.date) -> Answer:
    """The regional care zone of `municipality` on `day`, the network serving that zone then
    (`networks.selectors.serving_network`) with the legacy organisations it replaces, or, when
    no network serves it, the legacy organisations still active in the zone and the network
    that will. A fixed number of queries, whatever the data."""
    serving = serving_network(municipality, day, network_details())
    answer = Answer(
        municipality=municipality,
        day=day,
        zone=serving.zone,
        network=serving.network,
        recognition=reform_date(ReformDateKey.RECOGNITION_DAY),
    )
    if serving.network is not None:
        answer.status = serving.network.status_on(day)
        answer.predecessors = list(serving.network.predecessors.all())
    elif serving.zone is not None:
        add_upcoming_network(answer)
    return answer
