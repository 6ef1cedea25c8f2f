"""Evenness of a network's activity over its region (pure Python, no database)."""

from dataclasses import replace

import pytest
from django.utils import translation

from missions.evenness import (
    EVEN_THRESHOLD,
    SEAT_RATIO_THRESHOLD,
    STRONG_THRESHOLD,
    Basis,
    MunicipalityActivity,
    evenness,
    gini,
    need_weight,
)


def muni(code, population, activity, seat=False, name=None):
    return MunicipalityActivity(
        nis_code=code, name=name or f"Gemeente {code}", population=population, activity=activity, is_seat=seat
    )


def example_rows():
    return [
        muni("11001", 1000, 30, seat=True, name="Aalst"),
        muni("11002", 1000, 10, name="Berlare"),
        muni("11003", 2000, 0, name="Denderleeuw"),
    ]


def test_hand_computed_example():
    # Totals: population 4000, activity 40; network average = 40 / 4000 * 1000 = 10 per 1,000.
    # Rates: Aalst 30, Berlare 10, Denderleeuw 0. Sorted by rate (ascending):
    #   step  municipality  pop   act  P     A
    #   0     (start)                  0     0
    #   1     Denderleeuw   2000  0    0.50  0.00
    #   2     Berlare       1000  10   0.75  0.25
    #   3     Aalst         1000  30   1.00  1.00
    # Sum (P_i - P_{i-1}) * (A_i + A_{i-1}) = 0.50 * 0 + 0.25 * 0.25 + 0.25 * 1.25 = 0.0625 + 0.3125 = 0.375
    # Gini = 1 - 0.375 = 0.625.
    # Seat Aalst: activity share 30/40 = 0.75, population share 1000/4000 = 0.25, ratio 3.
    with translation.override("en"):
        result = evenness(example_rows())
    assert result.gini == pytest.approx(0.625, abs=1e-9)
    assert gini(example_rows()) == pytest.approx(0.625, abs=1e-9)
    assert result.total_population == 4000
    assert result.total_activity == 40
    assert result.overall_rate == pytest.approx(10.0)
    assert [r.rate for r in result.rates] == pytest.approx([30.0, 10.0, 0.0])
    assert result.seat_names == ["Aalst"]
    assert result.seat_activity_share == pytest.approx(0.75)
    assert result.seat_population_share == pytest.approx(0.25)
    assert result.seat_ratio == pytest.approx(3.0)
    # Berlare sits exactly on the average: not below it.
    assert [r.name for r in result.below_average] == ["Denderleeuw"]
    assert result.below_average[0].shortfall == pytest.approx(10.0)
    assert result.ignored == []
    assert result.verdict == (
        "Activity is strongly concentrated. "
        "The seat municipality Aalst has 75% of the activity for 25% of the population."
    )


def test_below_average_ordering_shortfall_and_limit():
    # Total population 10,000, activity 100: average 10 per 1,000.
    rows = [
        muni("1", 1000, 40, seat=True),  # 40 (above)
        muni("2", 1000, 9),  # 9: shortfall 1
        muni("3", 2000, 10),  # 5: shortfall 5
        muni("4", 2000, 4),  # 2: shortfall 8
        muni("5", 1000, 2),  # 2: shortfall 8, smaller population than "4"
        muni("6", 1000, 0),  # 0: shortfall 10
        muni("7", 2000, 35),  # 17.5 (above)
    ]
    result = evenness(rows)
    assert result.overall_rate == pytest.approx(10.0)
    assert [r.nis_code for r in result.below_average] == ["6", "4", "5", "3", "2"]
    assert [r.shortfall for r in result.below_average] == pytest.approx([10, 8, 8, 5, 1])
    assert [r.rate for r in result.below_average] == pytest.approx([0, 2, 2, 5, 9])
    assert [r.nis_code for r in evenness(rows, below_average_limit=2).below_average] == ["6", "4"]
    assert len(evenness(rows, below_average_limit=None).below_average) == 5
    # Above-average municipalities have a negative shortfall.
    assert result.rates[0].shortfall == pytest.approx(-30.0)


def test_proportional_activity_is_even():
    rows = [muni("1", 1000, 5, seat=True), muni("2", 3000, 15), muni("3", 2000, 10)]
    with translation.override("en"):
        result = evenness(rows)
    assert result.gini == 0.0
    assert result.seat_ratio == pytest.approx(1.0)
    assert result.below_average == []
    assert result.verdict == "Activity follows the population evenly."


def test_all_activity_in_the_seat():
    # Sorted: the two zero-rate municipalities (P up to 0.75, A stays 0), then the seat (P 1, A 1).
    # Sum = 0.75 * 0 + 0.25 * (1 + 0) = 0.25; Gini = 0.75. Seat: 100% of activity, 25% of population.
    rows = [muni("1", 1000, 0), muni("2", 1000, 120, seat=True, name="Zetel"), muni("3", 2000, 0)]
    with translation.override("en"):
        result = evenness(rows)
    assert result.gini == pytest.approx(0.75, abs=1e-9)
    assert result.seat_ratio == pytest.approx(4.0)
    assert result.verdict == (
        "Activity is strongly concentrated. "
        "The seat municipality Zetel has 100% of the activity for 25% of the population."
    )


def test_somewhat_concentrated_without_seat_sentence():
    # Rates 8 (seat) and 12 per 1,000, equal populations. Sorted: seat first (P 0.5, A 0.4), then (1, 1).
    # Sum = 0.5 * 0.4 + 0.5 * 1.4 = 0.9; Gini = 0.1: even. Seat ratio 0.8: no seat sentence.
    with translation.override("en"):
        even = evenness([muni("1", 1000, 8, seat=True), muni("2", 1000, 12)])
        # Rates 6 and 14: sum = 0.5 * 0.3 + 0.5 * 1.3 = 0.8; Gini = 0.2: somewhat concentrated.
        somewhat = evenness([muni("1", 1000, 6, seat=True), muni("2", 1000, 14)])
    assert even.gini == pytest.approx(0.1, abs=1e-9)
    assert even.verdict == "Activity follows the population evenly."
    assert somewhat.gini == pytest.approx(0.2, abs=1e-9)
    assert somewhat.verdict == "Activity is somewhat concentrated."
    assert (EVEN_THRESHOLD, STRONG_THRESHOLD, SEAT_RATIO_THRESHOLD) == (0.15, 0.30, 1.5)


def test_several_seats():
    rows = [
        muni("1", 1000, 40, seat=True, name="Aalst"),
        muni("2", 1000, 40, seat=True, name="Berlare"),
        muni("3", 2000, 0),
    ]
    with translation.override("en"):
        result = evenness(rows)
    assert result.seat_names == ["Aalst", "Berlare"]
    assert result.seat_activity_share == pytest.approx(1.0)
    assert result.seat_population_share == pytest.approx(0.5)
    assert result.seat_ratio == pytest.approx(2.0)
    assert result.verdict.endswith(
        "The seat municipalities Aalst, Berlare have 100% of the activity for 50% of the population."
    )


def test_no_seat():
    result = evenness([muni("1", 1000, 10), muni("2", 1000, 10)])
    assert result.seat_names == []
    assert result.seat_activity_share is None
    assert result.seat_population_share is None
    assert result.seat_ratio is None


def test_zero_totals_give_none():
    assert evenness([]) is None
    assert evenness([muni("1", 1000, 0), muni("2", 500, 0)]) is None
    assert evenness([muni("1", 0, 10)]) is None
    assert gini([muni("1", 1000, 0)]) == 0.0


def test_population_zero_rows_are_ignored():
    zero = muni("9", 0, 7, name="Nergens")
    with_zero = evenness([*example_rows(), zero])
    without = evenness(example_rows())
    assert with_zero.ignored == [zero]
    assert "9" not in [r.nis_code for r in with_zero.rates]
    assert with_zero.total_activity == 40
    assert with_zero.gini == without.gini
    assert with_zero.overall_rate == without.overall_rate


def test_negative_values_are_rejected():
    with pytest.raises(ValueError):
        evenness([muni("1", 1000, -1)])


def test_evenness_against_deaths_and_against_population():
    # The worked example with deaths 10, 30 and 10. Against population (per 1,000): as above,
    # Gini 0.625, seat ratio 3. Against deaths (per 100): rates 300, 33.3 and 0; sorted by rate,
    # P steps 0.2 / 0.6 / 0.2, cumulative A 0 / 0.25 / 1:
    # sum = 0.2 * 0 + 0.6 * 0.25 + 0.2 * 1.25 = 0.4, so Gini 0.6; seat 0.75 / 0.2 = 3.75.
    rows = [
        MunicipalityActivity("11001", "Aalst", 1000, 30, True, deaths=10),
        MunicipalityActivity("11002", "Berlare", 1000, 10, False, deaths=30),
        MunicipalityActivity("11003", "Denderleeuw", 2000, 0, False, deaths=10),
    ]
    with translation.override("en"):
        by_population = evenness(rows, basis=Basis.POPULATION)
        by_deaths = evenness(rows, basis=Basis.DEATHS)
    assert by_population.gini == pytest.approx(0.625, abs=1e-12)
    assert by_population.seat_ratio == pytest.approx(3.0)
    assert by_deaths.gini == pytest.approx(0.6, abs=1e-12)
    assert by_deaths.seat_ratio == pytest.approx(3.75)
    assert by_deaths.per == 100 and by_deaths.overall_rate == pytest.approx(80.0)
    assert [r.rate for r in by_deaths.rates] == pytest.approx([300.0, 100 / 3, 0.0])
    assert by_deaths.verdict == (
        "Measured against the deaths, activity is strongly concentrated. "
        "The seat municipality Aalst has 75% of the activity for 20% of the deaths."
    )


def test_municipalities_without_deaths_are_ignored_against_need():
    rows = [
        MunicipalityActivity("1", "A", 1000, 10, False, deaths=20),
        MunicipalityActivity("2", "B", 1000, 10, False, deaths=None),
    ]
    result = evenness(rows, basis=Basis.DEATHS)
    assert [r.nis_code for r in result.rates] == ["1"]
    assert [r.nis_code for r in result.ignored] == ["2"]
    assert Basis.parse("population") == Basis.POPULATION
    assert Basis.parse("anything") == Basis.parse(None) == Basis.DEATHS


def test_the_need_weight_doubles_per_standard_deviation_of_the_needs_index():
    assert need_weight(1000, 0) == 1000
    assert need_weight(1000, 1) == 2000
    assert need_weight(1000, -1) == 500
    assert need_weight(1000, 0.5) == 1414  # 1000 * sqrt(2), rounded
    assert need_weight(1000, None) == 0  # no index: left out
    assert Basis.parse("needs") == Basis.NEEDS


def needs_rows(aalst, berlare, denderleeuw):
    """The worked example (population 1,000 / 1,000 / 2,000, activity 30 / 10 / 0, Aalst the
    seat) with the needs index of each municipality's zone, in North (Aalst, Berlare) and South."""
    return [
        MunicipalityActivity("11001", "Aalst", 1000, 30, True, need_index=aalst, group="North"),
        MunicipalityActivity("11002", "Berlare", 1000, 10, False, need_index=berlare, group="North"),
        MunicipalityActivity("11003", "Denderleeuw", 2000, 0, False, need_index=denderleeuw, group="South"),
    ]


def test_evenness_against_the_needs_index_shifts_the_fair_share():
    # Denderleeuw, without any activity, has the most need (+1: 2,000 * 2 = 4,000 weighted
    # inhabitants), Aalst the least (-1: 500), Berlare average (0: 1,000); total 5,500.
    # Rates per 1,000 weighted: Aalst 60, Berlare 10, Denderleeuw 0. Sorted by rate, P steps
    # 8/11, 2/11, 1/11; cumulative A 0, 0.25, 1:
    # sum = 8/11 * 0 + 2/11 * 0.25 + 1/11 * 1.25 = 1.75 / 11, Gini = 1 - 7/44 = 37/44 = 0.8409
    # (0.625 against population): the same activity looks less even. Seat: 0.75 / (1/11) = 8.25.
    with translation.override("en"):
        by_need = evenness(needs_rows(-1, 0, 1), basis=Basis.NEEDS)
        by_population = evenness(needs_rows(-1, 0, 1), basis=Basis.POPULATION)
    assert by_population.gini == pytest.approx(0.625, abs=1e-12)
    assert by_need.gini == pytest.approx(37 / 44, abs=1e-12)
    assert by_need.total_population == 5500 and by_need.per == 1000
    assert [r.population for r in by_need.rates] == [500, 1000, 4000]
    assert [r.rate for r in by_need.rates] == pytest.approx([60.0, 10.0, 0.0])
    assert by_need.seat_population_share == pytest.approx(1 / 11)
    assert by_need.seat_ratio == pytest.approx(8.25)
    assert by_need.verdict == (
        "Measured against the needs index, activity is strongly concentrated. "
        "The seat municipality Aalst has 75% of the activity for 9% of the need-weighted population."
    )
    assert by_need.against_needs
    with translation.override("en"):
        assert by_need.reference_label == "Need-weighted inhabitants"


def test_a_seat_with_more_need_deserves_more_of_the_activity():
    # Aalst +1 (2,000 weighted), Berlare 0 (1,000), Denderleeuw -1 (1,000); total 4,000.
    # Rates 15, 10, 0. Sorted: P steps 0.25 / 0.25 / 0.5, cumulative A 0 / 0.25 / 1:
    # sum = 0 + 0.25 * 0.25 + 0.5 * 1.25 = 0.6875, Gini 0.3125; seat 0.75 / 0.5 = 1.5.
    result = evenness(needs_rows(1, 0, -1), basis=Basis.NEEDS)
    assert result.gini == pytest.approx(0.3125, abs=1e-12)
    assert result.seat_ratio == pytest.approx(1.5)


def test_municipalities_without_a_needs_index_are_left_out():
    result = evenness(needs_rows(0, None, 0), basis=Basis.NEEDS)
    assert [r.name for r in result.ignored] == ["Berlare"]
    assert result.total_population == 3000 and result.total_activity == 30


def test_shares_per_primary_care_zone():
    # Population basis: North (Aalst + Berlare) has 2,000 of 4,000 inhabitants and all 40
    # units of activity: ratio 1 / 0.5 = 2; South has the other half and nothing: ratio 0.
    by_population = evenness(needs_rows(-1, 0, 1), basis=Basis.POPULATION)
    north, south = by_population.groups
    assert (north.name, north.municipalities, north.reference, north.activity) == ("North", 2, 2000, 40)
    assert north.reference_share == pytest.approx(0.5) and north.activity_share == pytest.approx(1.0)
    assert north.ratio == pytest.approx(2.0)
    assert (south.name, south.reference_share, south.activity_share, south.ratio) == ("South", 0.5, 0.0, 0.0)
    # Against the needs index South weighs 4,000 of 5,500: North's fair share shrinks to 3/11,
    # so its ratio grows to 11/3.
    north, south = evenness(needs_rows(-1, 0, 1), basis=Basis.NEEDS).groups
    assert north.reference == 1500 and north.ratio == pytest.approx(11 / 3)
    assert south.reference_share == pytest.approx(8 / 11)
    # Without primary care zones there are no groups.
    assert evenness(example_rows()).groups == []


def test_municipalities_without_a_primary_care_zone_come_last():
    rows = [replace(row, group="") if row.name == "Aalst" else row for row in needs_rows(0, 0, 0)]
    assert [group.name for group in evenness(rows).groups] == ["North", "South", ""]
