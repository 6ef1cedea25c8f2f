"""The needs index per regional care zone (pure Python, no database)."""

import math

import pytest
from django.utils import translation

from missions.needs import (
    HIGH_THRESHOLD,
    LEVEL_LABELS,
    LOW_THRESHOLD,
    IndicatorInput,
    needs_index,
    needs_steps,
    suggested_level,
)

ZONES = ["A", "B", "C"]
S = math.sqrt(1.5)  # 1.224744871...


def indicator(code, values, weight=1.0, more_need=True):
    return IndicatorInput(
        code=code, name=f"Indicator {code}", weight=weight, higher_means_more_need=more_need, values=values
    )


def test_hand_computed_example():
    # Indicator I1, weight 2, values A=2, B=4, C=6:
    #   mean = 12 / 3 = 4; deviations -2, 0, +2; variance = (4 + 0 + 4) / 3 = 8/3; sd = sqrt(8/3) = 1.63299
    #   z = -2 / 1.63299 = -1.22474 (= -sqrt(3/2)), 0, +1.22474
    # Indicator I2, weight 1, values A=10, B=30, C=20:
    #   mean = 60 / 3 = 20; deviations -10, +10, 0; variance = (100 + 100 + 0) / 3 = 200/3; sd = 8.16497
    #   z = -1.22474, +1.22474, 0
    # Index = (2 * z1 + 1 * z2) / (2 + 1):
    #   A = (2 * -1.22474 + -1.22474) / 3 = -1.22474
    #   B = (0 + 1.22474) / 3 = 0.40825
    #   C = (2 * 1.22474 + 0) / 3 = 0.81650
    result = needs_index(
        [indicator("I1", {"A": 2, "B": 4, "C": 6}, weight=2), indicator("I2", {"A": 10, "B": 30, "C": 20})],
        ZONES,
    )
    assert list(result.zones) == ZONES
    assert result.skipped == []
    assert result.zones["A"].index == pytest.approx(-S, abs=1e-9)
    assert result.zones["A"].index == pytest.approx(-1.224744871, abs=1e-9)
    assert result.zones["B"].index == pytest.approx(S / 3, abs=1e-9)
    assert result.zones["C"].index == pytest.approx(2 * S / 3, abs=1e-9)
    assert [result.zones[z].suggested_level for z in ZONES] == [1, 2, 3]

    parts = result.zones["A"].parts
    assert [p.code for p in parts] == ["I1", "I2"]
    assert parts[0].name == "Indicator I1"
    assert parts[0].value == 2
    assert parts[0].weight == 2
    assert parts[0].z == pytest.approx(-S, abs=1e-9)
    assert parts[0].contribution == pytest.approx(2 * -S / 3, abs=1e-9)
    assert parts[1].contribution == pytest.approx(-S / 3, abs=1e-9)
    for zone in result.zones.values():
        assert zone.missing == []
        assert sum(p.contribution for p in zone.parts) == pytest.approx(zone.index, abs=1e-12)


def test_higher_means_less_need_flips_the_sign():
    values = {"A": 2, "B": 4, "C": 6}
    more = needs_index([indicator("X", values)], ZONES).zones
    less = needs_index([indicator("X", values, more_need=False)], ZONES).zones
    for zone in ZONES:
        assert less[zone].index == pytest.approx(-more[zone].index, abs=1e-12)
    assert less["A"].index == pytest.approx(S, abs=1e-9)
    assert less["A"].parts[0].z == pytest.approx(S, abs=1e-9)
    assert less["A"].suggested_level == 3
    assert less["C"].suggested_level == 1


def test_missing_values_are_left_out_per_zone():
    # I1 (weight 2) as above: z(C) = +sqrt(3/2).
    # I2 (weight 1) has data for A and B only (C is None, D is absent):
    #   mean 20, sd = sqrt((100 + 100) / 2) = 10, so z(A) = -1, z(B) = +1.
    # C: only I1 counts: index = 2 * sqrt(3/2) / 2 = sqrt(3/2).
    # A: (2 * -sqrt(3/2) + 1 * -1) / 3.
    # D has no data at all: no index.
    result = needs_index(
        [
            indicator("I1", {"A": 2, "B": 4, "C": 6}, weight=2),
            indicator("I2", {"A": 10, "B": 30, "C": None}),
        ],
        ["A", "B", "C", "D"],
    )
    zones = result.zones
    assert zones["C"].index == pytest.approx(S, abs=1e-9)
    assert zones["C"].missing == ["I2"]
    assert [p.code for p in zones["C"].parts] == ["I1"]
    assert zones["C"].parts[0].contribution == pytest.approx(S, abs=1e-9)
    assert zones["A"].index == pytest.approx((2 * -S - 1) / 3, abs=1e-9)
    assert zones["A"].missing == []
    assert zones["D"].index is None
    assert zones["D"].parts == []
    assert zones["D"].missing == ["I1", "I2"]
    assert zones["D"].suggested_level is None


def test_values_of_zones_outside_the_list_are_ignored():
    # E's extreme value must not move the mean or the sd of A, B, C.
    with_e = needs_index([indicator("I1", {"A": 2, "B": 4, "C": 6, "E": 1000})], ZONES).zones
    assert with_e["A"].index == pytest.approx(-S, abs=1e-9)
    assert "E" not in with_e


def test_skipped_indicators_with_reasons():
    good = indicator("OK", {"A": 1, "B": 2, "C": 3})
    with translation.override("en"):
        result = needs_index(
            [
                good,
                indicator("FLAT", {"A": 0.1, "B": 0.1, "C": 0.1}),
                indicator("ONE", {"A": 5, "B": None}),
                indicator("OFF", {"A": 1, "B": 2, "C": 3}, weight=0),
                indicator("NONE", {}),
            ],
            ZONES,
        )
    assert [code for code, _reason in result.skipped] == ["FLAT", "ONE", "OFF", "NONE"]
    reasons = dict(result.skipped)
    assert reasons["FLAT"] == (
        "All zones have the same value for this indicator, so it does not distinguish between them."
    )
    assert reasons["ONE"] == (
        "Only one zone has data for this indicator, so there is nothing to compare with."
    )
    assert reasons["OFF"] == "The weight is 0, so the indicator does not count."
    assert reasons["NONE"] == "No zone has data for this indicator."
    assert result.skipped[0].code == "FLAT"
    # Skipped indicators play no part anywhere; the index equals the z-score of OK alone.
    for zone in result.zones.values():
        assert [p.code for p in zone.parts] == ["OK"]
        assert zone.missing == []
    assert result.zones["A"].index == pytest.approx(-S, abs=1e-9)


def test_suggested_level_boundaries():
    assert (LOW_THRESHOLD, HIGH_THRESHOLD) == (-0.5, 0.5)
    assert suggested_level(None) is None
    assert suggested_level(-0.5000001) == 1
    assert suggested_level(-0.5) == 2
    assert suggested_level(0.0) == 2
    assert suggested_level(0.5) == 2
    assert suggested_level(0.5000001) == 3
    assert suggested_level(-3) == 1
    assert suggested_level(3) == 3


def test_level_labels():
    with translation.override("en"):
        assert {level: str(label) for level, label in LEVEL_LABELS.items()} == {
            1: "basic",
            2: "reinforced",
            3: "intensive",
        }


def test_needs_steps():
    assert needs_steps(2, 2) == 0
    assert needs_steps(1, 3) == 2
    assert needs_steps(3, 2) == 1
    assert needs_steps(3, None) == 0
