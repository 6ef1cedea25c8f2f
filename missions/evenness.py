"""Does a network serve its whole region evenly, or mostly the area around its seat?

The note on the roles and missions of the NPZ requires every network to serve its
region evenly, not only the municipalities around its registered office (the
*seat*), and its activity data must show it. This module takes, per municipality of
the region, a count of activity (for example the number of patients guided, or of
home visits) and a *reference* it should follow, and summarises how evenly the
activity is spread over that reference.

The reference (the basis)
=========================

Proportional universalism asks for effort where the need is, not merely where people
live, so the default reference is **need**: the number of deaths in the municipality
(``Basis.DEATHS``, rates per 100 deaths). Two other views are offered:

* ``Basis.NEEDS``, need as staff weigh it in the **needs index** (missions/needs.py: the
  indicators and weights set in the back office). The index is relative (a z-score around
  0, with no municipal value of its own), so it is turned into a *need weight* per
  municipality: ``need weight = population * 2 ** index``, rounded to whole (weighted)
  inhabitants, with ``index`` the needs index of the municipality's primary care zone (the
  finer scale; the caller falls back to its regional care zone's index when the primary care
  zone has none). An average zone (index 0) counts its inhabitants once; one standard
  deviation more need (+1) counts them twice, one less (-1) half. The doubling per standard
  deviation is our own assumption (``NEED_DOUBLING``), no source sets it. Rates are per
  1,000 need-weighted inhabitants; municipalities without an index are left out.
* ``Basis.POPULATION``, the population (rates per 1,000 inhabitants).

The formulas below are the same for every basis; read "deaths" or "need weight" for
"population" under the other bases. Municipalities without a deaths figure (or with 0
deaths) are left out under the deaths basis, as municipalities with 0 inhabitants are under
the population basis. The thresholds of the verdict are our own assumption (no source sets
them).

The figures
===========

Rate per 1,000 inhabitants.
    For every municipality, ``rate = activity / population * 1000``. Municipalities
    with a population of 0 have no meaningful rate: they are left out of every
    figure below (their activity included) and listed in :attr:`Evenness.ignored`.

Network average.
    ``overall rate = total activity / total population * 1000``. This is the rate
    every municipality would have if the activity were spread exactly in
    proportion to the population.

Seat shares.
    The seat's share of the activity (its activity divided by the total activity)
    and its share of the population (its population divided by the total
    population). When a network has several seat municipalities, their figures are
    added up. ``seat ratio = activity share / population share``: 1 means the seat
    gets exactly its fair share; 2 means it gets twice as much activity as its
    population would justify.

Concentration index (Gini coefficient).
    One number between 0 and 1 summarising how unevenly the activity is spread
    over the population of the region:

    1. sort the municipalities by rate, lowest first;
    2. walk through them, adding up their share of the population (``P``) and their
       share of the activity (``A``) as you go, starting from ``P_0 = A_0 = 0``.
       Drawn as a graph of ``A`` against ``P``, this is the *Lorenz curve*;
    3. ``G = 1 - sum over i of (P_i - P_{i-1}) * (A_i + A_{i-1})``.

    The sum is twice the area under the Lorenz curve. When activity is exactly
    proportional to population, every municipality has the same rate, the Lorenz
    curve is the diagonal and ``G = 0``. The more activity is concentrated in a
    small part of the population, the more the curve sags below the diagonal and
    the closer ``G`` gets to 1 (when all activity is in one municipality, ``G`` is
    1 minus that municipality's share of the population). Each municipality weighs
    by its population, so a small municipality with no activity counts less than a
    large one. The computation uses exact fractions, so that perfectly
    proportional activity gives exactly 0.

    Worked example: three municipalities with 1,000, 1,000 and 2,000 inhabitants
    and 30, 10 and 0 units of activity (total 4,000 inhabitants, 40 units). Their
    rates are 30, 10 and 0 per 1,000. Sorted by rate:

    ========================  ==========  ========  ====  ====
    municipality (rate)       population  activity  P     A
    ========================  ==========  ========  ====  ====
    (start)                                         0     0
    third (0)                 2,000       0         0.50  0
    second (10)               1,000       10        0.75  0.25
    first (30)                1,000       30        1.00  1.00
    ========================  ==========  ========  ====  ====

    Sum = 0.50 * (0 + 0) + 0.25 * (0.25 + 0) + 0.25 * (1.00 + 0.25)
    = 0 + 0.0625 + 0.3125 = 0.375, so ``G = 1 - 0.375 = 0.625``: strongly
    concentrated. If the first municipality is the seat, it has 75 % of the
    activity for 25 % of the population: a seat ratio of 3.

Municipalities below average.
    The municipalities whose rate is below the network average, lowest rate first
    (ties: largest population first), each with its shortfall
    ``network average - rate``; by default the first five.

Shares per primary care zone.
    When the caller names the primary care zone of each municipality (``group``), the
    reference and the activity are also added up per primary care zone: its share of the
    reference, its share of the activity and ``ratio = activity share / reference share``
    (1: its fair share; below 1: less activity than its reference justifies). A primary care
    zone that straddles two regional care zones counts only its municipalities in the region.
    Worked example (population basis): the table above with the first and second
    municipality in zone North and the third in zone South gives North 50 % of the population and 100 % of the
    activity (ratio 2), South 50 % and 0 % (ratio 0).

Verdict.
    A plain-language summary. By the Gini coefficient: below ``EVEN_THRESHOLD``
    (0.15) activity follows the population evenly; from 0.15 up to (not including)
    ``STRONG_THRESHOLD`` (0.30) it is somewhat concentrated; from 0.30 on it is
    strongly concentrated. When the seat ratio is ``SEAT_RATIO_THRESHOLD`` (1.5)
    or more, a second sentence names the seat and its shares.

This module is pure Python: it reads no database and knows no Django model.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from fractions import Fraction

from django.utils.translation import gettext, gettext_lazy

from npz_registry.numbers import readable_percent

__all__ = [
    "EVEN_THRESHOLD",
    "Basis",
    "SEAT_RATIO_THRESHOLD",
    "STRONG_THRESHOLD",
    "Evenness",
    "GroupShare",
    "MunicipalityActivity",
    "NEED_DOUBLING",
    "MunicipalityRate",
    "evenness",
    "gini",
    "need_weight",
]

#: A Gini coefficient below this value: activity follows the population evenly.
EVEN_THRESHOLD = 0.15
#: A Gini coefficient from this value on: activity is strongly concentrated.
STRONG_THRESHOLD = 0.30
#: A seat ratio from this value on adds the sentence about the seat to the verdict.
SEAT_RATIO_THRESHOLD = 1.5

#: Rates are expressed per this many inhabitants.
PER_INHABITANTS = 1000
#: Rates against need are expressed per this many deaths.
PER_DEATHS = 100
#: Under the needs-index basis, one standard deviation more need multiplies a municipality's
#: inhabitants by this factor (our own assumption: twice the weight per standard deviation).
NEED_DOUBLING = 2


class Basis:
    """What the activity is compared with: deaths (need, the default), the needs index
    (need as staff weigh it) or population."""

    DEATHS = "deaths"
    NEEDS = "needs"
    POPULATION = "population"
    ALL = (DEATHS, NEEDS, POPULATION)

    @staticmethod
    def parse(value: str | None) -> str:
        """The basis named by a query parameter; anything else gives the default (deaths)."""
        return value if value in Basis.ALL else Basis.DEATHS

    @staticmethod
    def per(basis: str) -> int:
        return PER_DEATHS if basis == Basis.DEATHS else PER_INHABITANTS


@dataclass(frozen=True)
class MunicipalityActivity:
    """Population, deaths (None when unknown), the needs index of its zone (None when unknown)
    and activity of one municipality of the region; ``group`` names its primary care zone
    (empty: none known).

    Every figure of this module calls its reference ``population``; under the deaths and the
    needs basis :func:`evenness` puts the deaths or the need weight there first (see
    :func:`as_reference`)."""

    nis_code: str
    name: str
    population: int
    activity: int
    is_seat: bool
    deaths: int | None = None
    need_index: float | None = None
    group: str = ""


def need_weight(population: int, index: float | None) -> int:
    """``population * NEED_DOUBLING ** index``, rounded; 0 (left out) without an index."""
    if index is None:
        return 0
    return round(population * NEED_DOUBLING**index)


def as_reference(rows: list[MunicipalityActivity], basis: str) -> list[MunicipalityActivity]:
    """The rows with the reference of ``basis`` in ``population``: unchanged for the population
    basis; the deaths (0 when unknown, so the row is ignored) for the deaths basis; the need
    weight (0 without an index) for the needs basis."""
    if basis == Basis.POPULATION:
        return list(rows)
    if basis == Basis.NEEDS:
        return [replace(row, population=need_weight(row.population, row.need_index)) for row in rows]
    return [replace(row, population=row.deaths or 0) for row in rows]


@dataclass(frozen=True)
class MunicipalityRate:
    """The rate of one municipality compared with the network average.

    ``population`` is the reference (inhabitants, or deaths under the deaths basis);
    ``rate`` is the activity per 1,000 inhabitants (or per 100 deaths); ``shortfall`` is
    ``network average - rate``: positive when the municipality is below average,
    negative when it is above.
    """

    nis_code: str
    name: str
    population: int
    activity: int
    is_seat: bool
    rate: float
    shortfall: float


@dataclass(frozen=True)
class GroupShare:
    """The municipalities of one primary care zone inside the region, added up.

    ``name`` is the primary care zone (empty: municipalities without one); ``reference`` and
    ``activity`` are sums; the shares are fractions of the region's totals; ``ratio`` is
    ``activity_share / reference_share`` (1: its fair share)."""

    name: str
    municipalities: int
    reference: int
    activity: int
    reference_share: float
    activity_share: float
    ratio: float


@dataclass(frozen=True)
class Evenness:
    """How evenly a network's activity is spread over its region.

    * ``rates``: every municipality taken into account, in input order;
    * ``ignored``: the input rows left out because their population is 0;
    * ``total_population``, ``total_activity``: over ``rates``;
    * ``overall_rate``: the network average per 1,000 inhabitants;
    * ``seat_names``: the names of the seat municipality or municipalities
      (empty when none is among ``rates``);
    * ``seat_activity_share``, ``seat_population_share`` (fractions from 0 to 1)
      and ``seat_ratio``: None when there is no seat;
    * ``gini``: the concentration index, from 0 (even) towards 1 (concentrated);
    * ``below_average``: the municipalities below the network average, lowest
      rate first, at most the requested number;
    * ``verdict``: the plain-language summary, translated into the active language;
    * ``basis`` (:class:`Basis`) and ``per``: what ``population`` means (inhabitants,
      deaths or need-weighted inhabitants) and the unit of the rates (per 1,000 inhabitants,
      per 100 deaths or per 1,000 need-weighted inhabitants);
    * ``groups``: the shares per primary care zone (:class:`GroupShare`), by name; empty when
      no municipality names its primary care zone.
    """

    rates: list[MunicipalityRate]
    ignored: list[MunicipalityActivity]
    total_population: int
    total_activity: int
    overall_rate: float
    seat_names: list[str]
    seat_activity_share: float | None
    seat_population_share: float | None
    seat_ratio: float | None
    gini: float
    below_average: list[MunicipalityRate]
    verdict: str
    basis: str = Basis.POPULATION
    per: int = PER_INHABITANTS
    groups: list[GroupShare] = field(default_factory=list)

    @property
    def against_deaths(self) -> bool:
        return self.basis == Basis.DEATHS

    @property
    def against_needs(self) -> bool:
        return self.basis == Basis.NEEDS

    @property
    def reference_label(self) -> str:
        """The name of the reference column: deaths, need-weighted inhabitants or inhabitants."""
        if self.against_needs:
            return gettext("Need-weighted inhabitants")
        return gettext("Deaths") if self.against_deaths else gettext("Inhabitants")

    @property
    def rate_label(self) -> str:
        """The unit of the rates."""
        if self.against_needs:
            return gettext("per 1,000 need-weighted")
        return gettext("per 100 deaths") if self.against_deaths else gettext("per 1,000")


def gini(rows: list[MunicipalityActivity]) -> float:
    """Population-weighted Gini coefficient of the activity rates of ``rows``.

    ``G = 1 - sum over i of (P_i - P_{i-1}) * (A_i + A_{i-1})`` with ``P`` and ``A`` the
    cumulative shares of population and activity, municipalities sorted by rate
    ascending (see the module documentation). Rows with a population of 0 are
    skipped. Returns 0.0 when total population or total activity is 0.
    """
    counted = [row for row in rows if row.population > 0]
    total_population = sum(row.population for row in counted)
    total_activity = sum(row.activity for row in counted)
    if total_population == 0 or total_activity == 0:
        return 0.0
    ordered = sorted(counted, key=lambda row: Fraction(row.activity, row.population))
    area_twice = Fraction(0)
    previous_activity_share = Fraction(0)
    cumulative_activity = 0
    for row in ordered:
        cumulative_activity += row.activity
        activity_share = Fraction(cumulative_activity, total_activity)
        population_step = Fraction(row.population, total_population)
        area_twice += population_step * (activity_share + previous_activity_share)
        previous_activity_share = activity_share
    return float(1 - area_twice)


#: The sentence on the spread, per basis: even, somewhat and strongly concentrated (whole
#: sentences, so that each translates as a whole).
_SPREAD_SENTENCES = {
    Basis.NEEDS: (
        gettext_lazy("Measured against the needs index, activity follows the need evenly."),
        gettext_lazy("Measured against the needs index, activity is somewhat concentrated."),
        gettext_lazy("Measured against the needs index, activity is strongly concentrated."),
    ),
    Basis.DEATHS: (
        gettext_lazy("Measured against the deaths, activity follows the need evenly."),
        gettext_lazy("Measured against the deaths, activity is somewhat concentrated."),
        gettext_lazy("Measured against the deaths, activity is strongly concentrated."),
    ),
    Basis.POPULATION: (
        gettext_lazy("Activity follows the population evenly."),
        gettext_lazy("Activity is somewhat concentrated."),
        gettext_lazy("Activity is strongly concentrated."),
    ),
}


def _measured(basis: str) -> str:
    """The basis the sentences name: any basis but needs and deaths reads as population."""
    return basis if basis in (Basis.NEEDS, Basis.DEATHS) else Basis.POPULATION


def _spread_sentence(gini_value: float, basis: str) -> str:
    even, somewhat, strongly = _SPREAD_SENTENCES[_measured(basis)]
    if gini_value < EVEN_THRESHOLD:
        return str(even)
    if gini_value < STRONG_THRESHOLD:
        return str(somewhat)
    return str(strongly)


#: The sentence on the seat's share, per basis and whether the seat is one municipality (whole
#: sentences, so that each translates as a whole).
_SEAT_SENTENCES = {
    (Basis.NEEDS, True): gettext_lazy(
        "The seat municipality %(name)s has %(activity)s of the activity "
        "for %(population)s of the need-weighted population."
    ),
    (Basis.NEEDS, False): gettext_lazy(
        "The seat municipalities %(names)s have %(activity)s of the activity "
        "for %(population)s of the need-weighted population."
    ),
    (Basis.DEATHS, True): gettext_lazy(
        "The seat municipality %(name)s has %(activity)s of the activity for %(population)s of the deaths."
    ),
    (Basis.DEATHS, False): gettext_lazy(
        "The seat municipalities %(names)s have %(activity)s of the activity "
        "for %(population)s of the deaths."
    ),
    (Basis.POPULATION, True): gettext_lazy(
        "The seat municipality %(name)s has %(activity)s of the activity "
        "for %(population)s of the population."
    ),
    (Basis.POPULATION, False): gettext_lazy(
        "The seat municipalities %(names)s have %(activity)s of the activity "
        "for %(population)s of the population."
    ),
}


def _seat_sentence(seat_names: list[str], values: dict, basis: str) -> str:
    text = str(_SEAT_SENTENCES[(_measured(basis), len(seat_names) == 1)])
    return text % {**values, "name": seat_names[0], "names": ", ".join(seat_names)}


def _verdict(
    gini_value: float,
    seat_names: list[str],
    activity_share: float | None,
    population_share: float | None,
    ratio: float | None,
    basis: str = Basis.POPULATION,
) -> str:
    sentences = [_spread_sentence(gini_value, basis)]
    if ratio is not None and ratio >= SEAT_RATIO_THRESHOLD:
        values = {
            "activity": readable_percent(activity_share, 0),
            "population": readable_percent(population_share, 0),
        }
        sentences.append(_seat_sentence(seat_names, values, basis))
    return " ".join(sentences)


def _rates(counted: list[MunicipalityActivity], overall: Fraction, per: int) -> list[MunicipalityRate]:
    """Each municipality's activity per ``per`` of its reference and how far it falls below
    ``overall``."""
    rates = []
    for row in counted:
        rate = Fraction(row.activity * per, row.population)
        rates.append(
            MunicipalityRate(
                nis_code=row.nis_code,
                name=row.name,
                population=row.population,
                activity=row.activity,
                is_seat=row.is_seat,
                rate=float(rate),
                shortfall=float(overall - rate),
            )
        )
    return rates


def _seat_shares(counted, total_activity, total_population) -> tuple:
    """The seat municipalities' share of the activity, of the population, and their ratio
    (three Nones without a seat)."""
    seats = [row for row in counted if row.is_seat]
    if not seats:
        return None, None, None
    activity_share = Fraction(sum(row.activity for row in seats), total_activity)
    population_share = Fraction(sum(row.population for row in seats), total_population)
    return float(activity_share), float(population_share), float(activity_share / population_share)


def group_shares(counted: list[MunicipalityActivity], total_activity, total_reference) -> list[GroupShare]:
    """The reference and the activity of ``counted`` added up per ``group`` (primary care
    zone), by name, municipalities without a group last; empty when no row has a group."""
    if not any(row.group for row in counted):
        return []
    sums: dict[str, list[int]] = {}
    for row in counted:
        municipalities, reference, activity = sums.setdefault(row.group, [0, 0, 0])
        sums[row.group] = [municipalities + 1, reference + row.population, activity + row.activity]
    shares = []
    for name in sorted(sums, key=lambda name: (name == "", name)):
        municipalities, reference, activity = sums[name]
        reference_share = Fraction(reference, total_reference)
        activity_share = Fraction(activity, total_activity)
        shares.append(
            GroupShare(
                name=name,
                municipalities=municipalities,
                reference=reference,
                activity=activity,
                reference_share=float(reference_share),
                activity_share=float(activity_share),
                ratio=float(activity_share / reference_share),
            )
        )
    return shares


def evenness(
    rows: list[MunicipalityActivity],
    below_average_limit: int | None = 5,
    basis: str = Basis.POPULATION,
) -> Evenness | None:
    """Summarise how evenly the activity in ``rows`` follows the reference of ``basis``
    (population by default here; the pages ask for deaths first), in the whole region and
    per primary care zone (``groups``).

    Returns None when, after leaving out municipalities with a reference of 0,
    the total reference or the total activity is 0 (there is nothing to compare).
    ``below_average_limit`` caps the length of ``below_average`` (None: no cap).
    Raises ValueError on a negative population, deaths or activity. See the module
    documentation for the formulas.
    """
    for row in rows:
        if row.population < 0 or row.activity < 0 or (row.deaths or 0) < 0:
            raise ValueError(f"Negative population, deaths or activity for municipality {row.nis_code}.")
    rows = as_reference(rows, basis)
    per = Basis.per(basis)
    counted = [row for row in rows if row.population > 0]
    ignored = [row for row in rows if row.population == 0]
    total_population = sum(row.population for row in counted)
    total_activity = sum(row.activity for row in counted)
    if total_population == 0 or total_activity == 0:
        return None

    overall = Fraction(total_activity * per, total_population)
    rates = _rates(counted, overall, per)
    below = sorted(
        (item for item in rates if item.shortfall > 0),
        key=lambda item: (-item.shortfall, -item.population, item.name),
    )
    if below_average_limit is not None:
        below = below[:below_average_limit]
    seat_names = [row.name for row in counted if row.is_seat]
    seat_activity_share, seat_population_share, seat_ratio = _seat_shares(
        counted, total_activity, total_population
    )

    gini_value = gini(counted)
    return Evenness(
        rates=rates,
        ignored=ignored,
        total_population=total_population,
        total_activity=total_activity,
        overall_rate=float(overall),
        seat_names=seat_names,
        seat_activity_share=seat_activity_share,
        seat_population_share=seat_population_share,
        seat_ratio=seat_ratio,
        gini=gini_value,
        below_average=below,
        verdict=_verdict(
            gini_value, seat_names, seat_activity_share, seat_population_share, seat_ratio, basis
        ),
        basis=basis,
        per=per,
        groups=group_shares(counted, total_activity, total_population),
    )
