"""Numbers as people in Belgium write and read them, the same in the forms, the imports, the
pages and the PDFs (npz_registry.numbers)."""

from decimal import Decimal

import pytest
from django.utils import translation

from npz_registry.forms import WrittenDecimalField
from npz_registry.numbers import readable_number, without_trailing_zeros


@pytest.mark.parametrize(
    "typed, stored",
    [
        ("1,5", "1.5"),
        ("1.5", "1.5"),
        ("1.234,5", "1234.5"),
        ("1 234,50", "1234.50"),
        ("-2,25", "-2.25"),
        ("", None),
    ],
)
def test_a_form_takes_a_decimal_as_it_is_typed_in_belgium(typed, stored):
    value = WrittenDecimalField(max_digits=14, decimal_places=2, required=False).clean(typed)
    assert value == (Decimal(stored) if stored else None)


def test_a_dotted_thousand_in_a_form_is_refused_with_how_to_write_it():
    from django.core.exceptions import ValidationError

    with translation.override("nl-be"), pytest.raises(ValidationError) as refused:
        WrittenDecimalField(max_digits=14, decimal_places=2).clean("5.000")
    assert "5000" in refused.value.messages[0] and "of 5 voor een decimaal getal" in refused.value.messages[0]


@pytest.mark.parametrize("typed, decimal", [("1.500", "1,5"), ("12.250", "12,25"), ("-3.000", "-3")])
def test_the_advice_for_a_dotted_thousand_is_a_number_the_field_takes(typed, decimal):
    """ "1.500" was answered with "or 1,500 for a decimal number", which a field with two
    decimals refused in turn (found by review)."""
    from django.core.exceptions import ValidationError

    field = WrittenDecimalField(max_digits=14, decimal_places=2)
    with translation.override("nl-be"), pytest.raises(ValidationError) as refused:
        field.clean(typed)
    assert f"of {decimal} voor een decimaal getal" in refused.value.messages[0]
    assert field.clean(decimal) == Decimal(decimal.replace(",", "."))


@pytest.mark.parametrize("typed", ["1e5", "1E5", "1_000", "Infinity", "NaN", "0x10", "1,2,3"])
def test_what_python_reads_as_a_number_but_nobody_types_as_one_is_refused(typed):
    """ "1e5" was stored as 100000 and "1_000" as 1000 without a word (found by review), in forms
    and in imports alike."""
    from django.core.exceptions import ValidationError

    from npz_registry.importexport.widgets import parse_number

    with translation.override("nl-be"), pytest.raises(ValidationError) as refused:
        WrittenDecimalField(max_digits=14, decimal_places=2).clean(typed)
    assert "zoals het in België geschreven wordt" in refused.value.messages[0]
    with pytest.raises(ValueError):
        parse_number(typed, whole=False)


def test_a_comma_before_three_digits_after_a_zero_is_not_read_as_thousands():
    """ "0,005" was answered with "for thousands write 0005" (found by review)."""
    from django.core.exceptions import ValidationError

    with translation.override("nl-be"), pytest.raises(ValidationError) as refused:
        WrittenDecimalField(max_digits=14, decimal_places=2).clean("0,005")
    assert "duizendtallen" not in refused.value.messages[0]


@pytest.mark.parametrize(
    "value, dutch, english",
    [
        (Decimal("12.50"), "12,5", "12.5"),
        (Decimal("88.00"), "88", "88"),
        (Decimal("1250.5"), "1.250,5", "1,250.5"),
        (Decimal("100"), "100", "100"),
        (None, None, None),
    ],
)
def test_a_number_reads_without_trailing_zeros_with_its_thousands_grouped(value, dutch, english):
    with translation.override("nl-be"):
        assert readable_number(value) == dutch
    with translation.override("en"):
        assert readable_number(value) == english


def test_a_stored_decimal_shows_in_a_form_as_it_was_typed():
    assert str(without_trailing_zeros(Decimal("100.00"))) == "100"
    assert str(without_trailing_zeros(Decimal("12.50"))) == "12.5"


@pytest.mark.parametrize(
    "typed, says",
    [
        ("1,300", "voor duizendtallen schrijft u 1300"),  # 1300 where English is written
        ("-2,125", "voor duizendtallen schrijft u -2125"),
        ("1,234", "voor duizendtallen schrijft u 1234"),  # as an English page shows a whole number
        ("veel", "zoals het in België geschreven wordt"),
    ],
)
def test_a_number_written_as_in_english_is_refused_with_how_to_write_it(typed, says):
    from django.core.exceptions import ValidationError

    with translation.override("nl-be"), pytest.raises(ValidationError) as refused:
        WrittenDecimalField(max_digits=14, decimal_places=2).clean(typed)
    assert says in refused.value.messages[0]


def test_three_digits_after_a_comma_are_decimals_where_a_number_has_three():
    assert WrittenDecimalField(max_digits=14, decimal_places=3).clean("1,300") == Decimal("1.3")


def test_a_percentage_reads_as_the_reader_writes_it():
    """One formatting for pages, reports and sentences: "61 %" in Dutch, "61%" in English."""
    from django.utils import translation

    from npz_registry.numbers import readable_percent

    with translation.override("nl-be"):
        assert readable_percent(0.234) == "23,4\u00a0%" and readable_percent(0.61, 0) == "61\u00a0%"
    with translation.override("en"):
        assert readable_percent(0.234) == "23.4%" and readable_percent(None) == "–"


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("1,234.5", "1234.5"),
        ("12,345,678.25", "12345678.25"),
        ("-1,500.25", "-1500.25"),
        ("1.234,5", "1234.5"),
    ],
)
def test_a_number_as_the_english_pages_write_it_is_read_too(typed, read):
    """What an English page shows (1,500.25) can be typed back; Belgium never writes a comma
    before a point, so the two ways cannot be confused."""
    from npz_registry.numbers import as_written

    assert as_written(typed) == read


def test_a_number_below_zero_reads_with_the_minus_sign_the_texts_use():
    """The needs index read "-0,67" where the text around it writes "−0,5" (found by review)."""
    from networks.templatetags.npz_extras import signed

    with translation.override("nl-be"):
        assert signed(-0.666) == "\u22120,67"
        assert signed(0.5) == "0,50" and signed(None) == "–"
    with translation.override("en"):
        assert signed(-1.26, 1) == "\u22121.3"


def test_a_legend_swatch_carries_its_alternative_text_for_the_pdf_only_when_given():
    """A PDF tags every inline SVG as a figure: the map legend's swatches had no alternative text
    (found by review)."""
    from networks.templatetags.npz_extras import swatch

    assert "<title>kleur op de kaart</title>" in swatch("#123456", "swatch", "kleur op de kaart")
    assert "<title>" not in swatch("#123456") and 'aria-hidden="true"' in swatch("#123456")


@pytest.mark.parametrize(
    "typed, stored", [("2500", 2500), ("2.500", 2500), ("2 500", 2500), ("1.234.567", 1234567)]
)
def test_a_count_takes_its_thousands_as_they_are_typed_in_belgium(typed, stored):
    """The progress report's activity counts refused "2.500" where the indicator fields on the
    same page take "1.234,5" (found by review)."""
    from npz_registry.forms import WrittenIntegerField

    assert WrittenIntegerField(min_value=0).clean(typed) == stored


@pytest.mark.parametrize("typed", ["2,5", "2.50", "1e3", "veel"])
def test_a_count_refuses_what_is_not_a_whole_number(typed):
    from django.core.exceptions import ValidationError

    from npz_registry.forms import WrittenIntegerField

    with pytest.raises(ValidationError):
        WrittenIntegerField(min_value=0).clean(typed)


@pytest.mark.parametrize(
    "typed, stored",
    [
        ("9.000.000", "9000000"),
        ("1.234.567", "1234567"),
        ("-12.345.678", "-12345678"),
    ],
)
def test_a_number_with_two_dots_or_more_is_read_as_thousands(typed, stored):
    """ "9.000.000" was refused as ambiguous, with the advice "or 9,000 for a decimal number":
    a decimal number has one point at most, so it can only be nine million (found by review).
    The forms and the imports read it alike."""
    from npz_registry.importexport.widgets import parse_number
    from npz_registry.numbers import as_written

    assert as_written(typed) == stored
    assert WrittenDecimalField(max_digits=14, decimal_places=2).clean(typed) == Decimal(stored)
    assert parse_number(typed, whole=False) == Decimal(stored)


def test_one_dot_before_three_digits_stays_ambiguous_where_the_field_takes_decimals():
    from django.core.exceptions import ValidationError

    with translation.override("nl-be"), pytest.raises(ValidationError) as refused:
        WrittenDecimalField(max_digits=14, decimal_places=2).clean("9.000")
    assert "schrijf 9000 voor duizendtallen" in refused.value.messages[0]


@pytest.mark.parametrize("typed", ["0.500", "-0.250"])
def test_a_dot_after_a_zero_is_not_read_as_thousands(typed):
    """ "0.500" was answered with "write 0500 for thousands": after a zero a dot groups no
    thousands, so the advice named a number it cannot mean. It is a decimal point, as in "4.2";
    a count refuses it."""
    from django.core.exceptions import ValidationError

    from npz_registry.forms import WrittenIntegerField
    from npz_registry.numbers import as_written

    assert Decimal(as_written(typed)) == Decimal(typed)
    assert WrittenDecimalField(max_digits=14, decimal_places=3).clean(typed) == Decimal(typed)
    with pytest.raises(ValidationError):
        WrittenIntegerField().clean(typed)
