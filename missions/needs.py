"""The needs index of the regional care zones.

Proportional universalism asks a network to put its effort first where people are
furthest from good palliative care. This module turns a handful of indicators per
regional care zone (for example the share of people aged 80 and over, deaths per
1,000 inhabitants, or the share of people entitled to an increased reimbursement)
into one number per zone: the *needs index*. The index is relative: it says how a
zone compares with the other zones in the same calculation, not how much need
there is in absolute terms.

How the index is computed
=========================

Step 1: standardise every indicator (z-score).
    Indicators come in different units (percentages, rates, counts), so each is first
    rescaled to a common yardstick. For one indicator, take the zones that have a
    value for it, and compute

    * the mean: the plain average of the zone values,
      ``mean = (x_1 + x_2 + ... + x_n) / n``. Every zone counts once, whatever its
      population: a small zone weighs as much as a large one;
    * the (population) standard deviation: the typical distance of a zone from
      the mean, ``sd = sqrt(((x_1 - mean)^2 + ... + (x_n - mean)^2) / n)``
      (divided by ``n``, the number of zones with data, not by ``n - 1``);
    * for every zone, the z-score ``z = (x - mean) / sd``.

    A z-score of 0 means "exactly average", +1 means "one standard deviation above
    average", -1 "one below". When a higher value means *less* need (for example
    the number of palliative home-care visits already delivered per inhabitant),
    the sign of the z-score is flipped, so that a positive z-score always means
    *more need than average*.

Step 2: combine the indicators (weighted average).
    Every indicator has a weight chosen by the department. For a zone, the index
    is the weighted average of its z-scores::

        index = (w_1 * z_1 + w_2 * z_2 + ...) / (w_1 + w_2 + ...)

    Both sums run over the indicators *that have a value for that zone*: when a
    zone lacks data for an indicator, that indicator is left out for this zone and
    the remaining weights are rescaled, rather than guessing a value. Such
    indicators are listed as ``missing`` for the zone so the page can say so. A
    zone without data for any indicator gets no index (``None``).

    The share of one indicator in the index of a zone (its *contribution*) is
    ``w * z / (sum of the weights used for that zone)``; the contributions of a
    zone add up to its index.

Which indicators are left out entirely
--------------------------------------

An indicator is skipped for all zones, with a reason the page can show, when

* its weight is 0 (or negative): it is switched off;
* no zone has data for it;
* only one zone has data: there is nothing to compare with;
* all zones with data have the same value: the standard deviation is 0, so the
  indicator does not distinguish between zones (and a z-score cannot be computed).

The skipped indicators are returned beside the zones, in
:attr:`IndexResult.skipped`; they appear neither in the ``parts`` nor in the
``missing`` list of any zone.

From index to a suggested intensity level
-----------------------------------------

The index suggests one of three intensity levels for the missions in a zone:

* level 1, *basic*: index below ``LOW_THRESHOLD`` (-0.5), clearly less need
  than average;
* level 3, *intensive*: index above ``HIGH_THRESHOLD`` (+0.5), clearly more need
  than average;
* level 2, *reinforced*: everything in between, the thresholds themselves
  included.

The suggestion is only a starting point for the dialogue with the network; the
level a network actually chooses may differ, and :func:`needs_steps` measures by
how many levels.

Worked example
--------------

Three zones A, B and C and two indicators, both "higher means more need":

* indicator 1 (weight 2) has values 2, 4 and 6: mean 4, sd = sqrt((4 + 0 + 4) / 3)
  = 1.633, so z = -1.22, 0 and +1.22;
* indicator 2 (weight 1) has values 10, 30 and 20: mean 20,
  sd = sqrt((100 + 100 + 0) / 3) = 8.165, so z = -1.22, +1.22 and 0.

Index of A = (2 * -1.22 + 1 * -1.22) / 3 = -1.22 (level 1, basic); of B =
(2 * 0 + 1 * 1.22) / 3 = 0.41 (level 2, reinforced); of C = (2 * 1.22 + 1 * 0) / 3
= 0.82 (level 3, intensive).

This module is pure Python: it reads no database and knows no Django model; the
caller gathers the indicator values and the list of zones.
"""

from __future__ import annotations

import math
import statistics
from dataclasses import dataclass
from typing import NamedTuple

from django.utils.translation import gettext, gettext_lazy

__all__ = [
    "HIGH_THRESHOLD",
    "LEVEL_LABELS",
    "LOW_THRESHOLD",
    "IndexPart",
    "IndexResult",
    "IndicatorInput",
    "SkippedIndicator",
    "ZoneNeeds",
    "needs_index",
    "needs_steps",
    "suggested_level",
]

#: An index strictly below this value suggests level 1 (basic). Both thresholds are our own
#: assumption (no source gives them): the pages say "(drempels: eigen aanname)".
LOW_THRESHOLD = -0.5
#: An index strictly above this value suggests level 3 (intensive).
HIGH_THRESHOLD = 0.5

#: Labels of the three intensity levels.
LEVEL_LABELS = {
    1: gettext_lazy("basic"),
    2: gettext_lazy("reinforced"),
    3: gettext_lazy("intensive"),
}


@dataclass(frozen=True)
class IndicatorInput:
    """One indicator with its value per zone.

    ``values`` maps a zone code to the indicator's value in that zone; a zone that is
    absent, or whose value is ``None`` (or NaN), has no data for the indicator.
    ``higher_means_more_need`` is False for indicators where a higher value means
    *less* need; their z-scores are sign-flipped.
    """

    code: str
    name: str
    weight: float
    higher_means_more_need: bool
    values: dict[str, float | None]


@dataclass(frozen=True)
class IndexPart:
    """The part one indicator plays in the index of one zone.

    ``value`` is the raw value, ``z`` the (sign-corrected) z-score, ``weight`` the
    indicator's weight and ``contribution`` = ``weight * z / (sum of the weights used
    for the zone)``; the contributions of a zone add up to its index.
    """

    code: str
    name: str
    value: float
    z: float
    weight: float
    contribution: float


@dataclass(frozen=True)
class ZoneNeeds:
    """The needs index of one zone.

    ``index`` is None when the zone has data for none of the indicators used.
    ``parts`` lists the indicators that make up the index (in input order);
    ``missing`` the codes of the indicators used for other zones but without data for
    this one; ``suggested_level`` is :func:`suggested_level` of the index.
    """

    zone: str
    index: float | None
    parts: list[IndexPart]
    missing: list[str]
    suggested_level: int | None


class SkippedIndicator(NamedTuple):
    """An indicator left out of the whole calculation, with a translated reason.

    A named tuple, so it unpacks as ``code, reason``.
    """

    code: str
    reason: str


@dataclass(frozen=True)
class IndexResult:
    """The outcome of :func:`needs_index`.

    ``zones`` maps every requested zone code (in the order given) to its
    :class:`ZoneNeeds`; ``skipped`` lists the indicators left out entirely, in input
    order, each with the reason why.
    """

    zones: dict[str, ZoneNeeds]
    skipped: list[SkippedIndicator]


def _has_value(value: float | None) -> bool:
    return value is not None and not (isinstance(value, float) and math.isnan(value))


def _skip_reason(indicator: IndicatorInput, data: dict[str, float]) -> str | None:
    """Return why the indicator cannot be used, or None when it can."""
    if indicator.weight <= 0:
        return gettext("The weight is 0, so the indicator does not count.")
    if not data:
        return gettext("No zone has data for this indicator.")
    if len(data) == 1:
        return gettext("Only one zone has data for this indicator, so there is nothing to compare with.")
    if len(set(data.values())) == 1:
        return gettext(
            "All zones have the same value for this indicator, so it does not distinguish between them."
        )
    return None


def _z_scores(indicator: IndicatorInput, data: dict[str, float]) -> dict[str, float]:
    """Z-score per zone (plain mean, population standard deviation), sign-corrected."""
    mean = statistics.fmean(data.values())
    sd = statistics.pstdev(data.values(), mu=mean)
    sign = 1.0 if indicator.higher_means_more_need else -1.0
    return {zone: sign * (value - mean) / sd for zone, value in data.items()}


def needs_index(indicators: list[IndicatorInput], zones: list[str]) -> IndexResult:
    """Compute the needs index of every zone in ``zones``.

    Only the values of the zones in ``zones`` are used (values for other zone codes
    are ignored), so the mean and standard deviation describe exactly the zones
    being compared. See the module documentation for the formulas.

    Returns an :class:`IndexResult`: ``result.zones[zone_code]`` is the
    :class:`ZoneNeeds` of a zone, ``result.skipped`` the indicators left out with
    their reasons.
    """
    zone_codes = list(dict.fromkeys(zones))
    used: list[tuple[IndicatorInput, dict[str, float], dict[str, float]]] = []
    skipped: list[SkippedIndicator] = []
    for indicator in indicators:
        data = {
            zone: float(indicator.values[zone])
            for zone in zone_codes
            if _has_value(indicator.values.get(zone))
        }
        reason = _skip_reason(indicator, data)
        if reason is not None:
            skipped.append(SkippedIndicator(indicator.code, reason))
            continue
        used.append((indicator, data, _z_scores(indicator, data)))

    result: dict[str, ZoneNeeds] = {}
    for zone in zone_codes:
        present = [(ind, data[zone], z[zone]) for ind, data, z in used if zone in data]
        missing = [ind.code for ind, data, _z in used if zone not in data]
        weight_used = sum(ind.weight for ind, _value, _z in present)
        parts = [
            IndexPart(
                code=ind.code,
                name=ind.name,
                value=value,
                z=z_score,
                weight=ind.weight,
                contribution=ind.weight * z_score / weight_used,
            )
            for ind, value, z_score in present
        ]
        index = (
            sum(ind.weight * z_score for ind, _value, z_score in present) / weight_used if present else None
        )
        result[zone] = ZoneNeeds(
            zone=zone,
            index=index,
            parts=parts,
            missing=missing,
            suggested_level=suggested_level(index),
        )
    return IndexResult(zones=result, skipped=skipped)


def suggested_level(index: float | None) -> int | None:
    """Suggest an intensity level from a needs index.

    1 (basic) when ``index < LOW_THRESHOLD`` (-0.5), 3 (intensive) when
    ``index > HIGH_THRESHOLD`` (+0.5), otherwise 2 (reinforced), the thresholds
    themselves included. None when there is no index.
    """
    if index is None:
        return None
    if index < LOW_THRESHOLD:
        return 1
    if index > HIGH_THRESHOLD:
        return 3
    return 2


def needs_steps(level: int, suggested: int | None) -> int:
    """How many levels the chosen ``level`` lies from the ``suggested`` one.

    The absolute difference: 0 when they match, 2 when one is basic and the other
    intensive; 0 when there is no suggestion.
    """
    if suggested is None:
        return 0
    return abs(level - suggested)
