"""The public search "which network serves my municipality?": matching what a visitor types
to a municipality, and the answer for a day.

Names are matched in Python, not in SQL: there are only about 300 municipalities, the page
needs all their names anyway (for the autocomplete list), and this makes the match
accent-insensitive on every database without an extension.

Only an exact name (current, French or former) or a NIS code is answered: a part of a name
("Heist", "Berchem") may mean several municipalities, or a district the registry does not
know, so it is answered with the names to choose from.
"""

import datetime
import difflib
import re
import unicodedata
from dataclasses import dataclass, field

from django.db.models import Prefetch, prefetch_related_objects
from django.utils.translation import gettext

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
#: "Kortessem (now Hasselt)": a name with a note, as a suggestion writes a former name.
NAME_WITH_NOTE = re.compile(r"^(.*?)\s*\([^()]*\)\s*$")


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


@dataclass(frozen=True, eq=False)
class Name:
    """A name a visitor may type for a municipality: its own (Dutch, and French where it has
    one), or that of a former municipality merged into it on 1 January 2025."""

    municipality: Municipality
    #: The normalised names it is found by.
    keys: tuple[str, ...]
    former_nis_code: str = ""
    former_name: str = ""

    @property
    def name(self) -> str:
        """The name as written: searching it finds this municipality exactly."""
        return self.former_name or self.municipality.name

    @property
    def nis_code(self) -> str:
        """The NIS code the name goes with: the former municipality's for a former name."""
        return self.former_nis_code or self.municipality.nis_code

    @property
    def label(self) -> str:
        """How a list shows it: "Kortessem (now Hasselt)" for a former name."""
        if not self.former_nis_code:
            return self.municipality.name
        return gettext("%(former)s (now %(municipality)s)") % {
            "former": self.former_name,
            "municipality": self.municipality.name,
        }


def searchable_names(municipalities: list[Municipality]) -> list[Name]:
    """The names of `municipalities`, current ones first, then the former municipalities' (from
    `networks.selectors.former_names`); a former name that is also the current one (Hasselt)
    only once, as current."""
    current = [Name(municipality, tuple(names_of(municipality))) for municipality in municipalities]
    former = [
        Name(municipality, (normalise_name(name),), code, name)
        for municipality in municipalities
        for code, name in former_names(municipality).items()
        if normalise_name(name) not in names_of(municipality)
    ]
    return current + former


def former_municipality_names(municipalities: list[Municipality]) -> list[Name]:
    """The former municipalities' names, for the page's list of names to pick from."""
    return [name for name in searchable_names(municipalities) if name.former_nis_code]


@dataclass
class Match:
    """What a query found among the municipalities: the one it names exactly (by name or NIS
    code), else the names to choose from (`candidates`, containing the query), else the names
    close to it."""

    municipality: Municipality | None = None
    candidates: list[Name] = field(default_factory=list)
    candidates_total: int = 0
    #: The candidates all carry the name typed (several municipalities share it): the list
    #: links to them by NIS code, not by that name.
    ambiguous: bool = False
    close_matches: list[Name] = field(default_factory=list)
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


def match_exact_name(key: str, names: list[Name]) -> Match | None:
    """The municipality named `key` (normalised) exactly: a current name wins over a former
    one; several with the same name are candidates. None when no name is `key`."""
    for former in (False, True):
        found = [name for name in names if bool(name.former_nis_code) == former and key in name.keys]
        if len(found) == 1:
            name = found[0]
            return Match(
                municipality=name.municipality,
                former_nis_code=name.former_nis_code,
                former_name=name.former_name,
            )
        if found:
            return Match(candidates=found[:MAX_MATCHES], candidates_total=len(found), ambiguous=True)
    return None


def names_containing(key: str, names: list[Name]) -> list[Name]:
    """The names that contain `key` (normalised): the exact ones first, then those starting
    with it, then the others; current names before former ones at each step."""

    def rank(name: Name) -> int:
        if key in name.keys:
            return 0
        return 1 if any(k.startswith(key) for k in name.keys) else 2

    return sorted((name for name in names if any(key in k for k in name.keys)), key=rank)


def close_matches(key: str, names: list[Name]) -> list[Name]:
    """The names closest to `key` (normalised), for a query that matches none: a typo."""
    by_key = {}
    for name in names:
        for name_key in name.keys:
            by_key.setdefault(name_key, name)
    close = difflib.get_close_matches(key, list(by_key), n=MAX_CLOSE_MATCHES * 2, cutoff=0.6)
    return list({id(by_key[k]): by_key[k] for k in close}.values())[:MAX_CLOSE_MATCHES]


def query_keys(query: str) -> list[str]:
    """The normalised forms of `query` an exact name may have: the whole, then without a
    trailing "(...)", as a suggestion is written ("Kortessem (now Hasselt)")."""
    keys = [normalise_name(query)]
    with_note = NAME_WITH_NOTE.match(query)
    if with_note:
        keys.append(normalise_name(with_note.group(1)))
    return [key for key in keys if key]


def match_municipality(query: str, municipalities: list[Municipality]) -> Match:
    """Find the municipality a visitor means. Answered only for a (current or former) NIS code
    or an exact name (current, French or former; case and accents folded): a part of a name
    ("Heist", "Berchem") may mean several municipalities, or a part of one the registry does
    not know, so it gets the names that contain it to choose from, never one of them as the
    answer. Nothing containing it: the names close to it."""
    query = query.strip()
    with_code = NAME_WITH_NIS_CODE.match(query)
    if with_code:
        query = with_code.group(1)
    if NIS_CODE.match(query):
        return match_nis_code(query, municipalities)
    keys = query_keys(query)
    if not keys:
        return Match()
    names = searchable_names(municipalities)
    for key in keys:
        found = match_exact_name(key, names)
        if found is not None:
            return found
    candidates = names_containing(keys[-1], names)
    if candidates:
        return Match(candidates=candidates[:MAX_MATCHES], candidates_total=len(candidates))
    return Match(close_matches=close_matches(keys[-1], names))


def suggest_municipalities(query: str, municipalities: list[Municipality]) -> list[Name]:
    """Autocompletion: at most ten names, former municipalities' included (each pointing to
    the municipality it is part of now); an exact name first, then names that start with the
    query. Accent- and case-insensitive; digits match NIS codes, former ones too."""
    names = searchable_names(municipalities)
    if query.isdigit():
        return [name for name in names if name.nis_code.startswith(query)][:MAX_SUGGESTIONS]
    key = normalise_name(query)
    return names_containing(key, names)[:MAX_SUGGESTIONS] if key else []


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
    def is_recognised(self) -> bool:
        return self.status == RecognitionStatus.RECOGNISED

    @property
    def is_candidate(self) -> bool:
        return self.status == RecognitionStatus.CANDIDATE

    @property
    def before_recognition(self) -> bool:
        return bool(self.recognition and self.recognition.day and self.day < self.recognition.day)


def active_organisations_in(zone: RegionalCareZone, day: datetime.date) -> list[LegacyOrganisation]:
    """The legacy organisations active in `zone` on `day` (`LegacyOrganisation.objects.active_on`,
    the rule the API's `?as_of=` follows): who a citizen can call there, whether a network
    serves the zone or not. One query."""
    return list(LegacyOrganisation.objects.active_on(day).working_in(zone).order_by("kind", "name"))


def add_upcoming_network(answer: Answer) -> None:
    """For a zone nobody serves on the day: the network that will serve it next, with its
    status on the day and the organisations it replaces."""
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
    (`networks.selectors.serving_network`) with its status on the day and the legacy
    organisations it replaces, or, when no network serves it, the network that will; and in
    both cases the legacy organisations still active in the zone that day (a network may serve
    as a candidate while they still work). A fixed number of queries, whatever the data."""
    serving = serving_network(municipality, day, network_details())
    answer = Answer(
        municipality=municipality,
        day=day,
        zone=serving.zone,
        network=serving.network,
        recognition=reform_date(ReformDateKey.RECOGNITION_DAY),
    )
    if serving.zone is None:
        return answer
    answer.active_organisations = active_organisations_in(serving.zone, day)
    if serving.network is not None:
        answer.status = serving.network.status_on(day)
        answer.predecessors = list(serving.network.predecessors.all())
    else:
        add_upcoming_network(answer)
    return answer
