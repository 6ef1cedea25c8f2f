"""Numbers as people write and read them in Belgium: the same in the forms, the imports, the
pages and the PDFs."""

import re
from decimal import Decimal

from django.template.defaultfilters import floatformat
from django.utils.formats import number_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

#: Thousands separated by dots, as Excel in Belgium writes them: "5.000", "1.234.567". Not
#: after a zero: "0.500" groups no thousands (it is a half, written the English way).
DOTTED_THOUSANDS = re.compile(r"[-+]?(?!0+\.)\d{1,3}(\.\d{3})+")
#: The same with two dots or more: "9.000.000". A decimal number has one point at most, so
#: these can only group thousands, where "5.000" may also be five written the English way.
DOTTED_MILLIONS = re.compile(r"[-+]?(?!0+\.)\d{1,3}(\.\d{3}){2,}")
#: The same with a decimal comma: "1.234,5".
DOTTED_THOUSANDS_DECIMAL = re.compile(r"[-+]?\d{1,3}(\.\d{3})+,\d+")
#: Thousands separated by commas with a decimal point, as English pages show numbers:
#: "1,234.5". Belgium never writes a comma before a point, so it reads one way only.
COMMA_THOUSANDS_DECIMAL = re.compile(r"[-+]?\d{1,3}(,\d{3})+\.\d+")
#: A comma before three digits and no other separator: "1,300" is 1,3 in Belgium and a thousand
#: three hundred where English is written.
COMMA_BEFORE_THREE = re.compile(r"[-+]?\d{1,3},\d{3}")
#: What as_written may hand on: digits with at most one decimal point. Python's Decimal also reads
#: "1e5", "1_000", "Infinity" and "NaN", which nobody types as a figure in a form or a file.
PLAIN = re.compile(r"[-+]?(\d+(\.\d*)?|\.\d+)")


def as_written(text: str) -> str | None:
    """A number as typed, in the text Python's Decimal reads: "4,2" and "4.2" are 4.2, "1.234,5"
    and "1 234,5" are 1234.5, and so is "1,234.5" as the English pages write it; "9.000.000"
    (two dots or more) is nine million; None when empty. "5.000" (one dot before three
    digits, no comma) raises a ValueError that says how to write it: in Belgium it is five
    thousand, elsewhere five, and a wrong guess would store a number a thousand times off."""
    text = text.strip().replace(" ", "").replace("\u00a0", "")
    if not text:
        return None
    if DOTTED_MILLIONS.fullmatch(text):
        return text.replace(".", "")
    if DOTTED_THOUSANDS.fullmatch(text):
        raise ValueError(
            _(
                "%(value)s is ambiguous: write %(thousands)s for thousands (without a dot) or %(decimal)s "
                "for a decimal number (with a comma)."
            )
            % {"value": text, "thousands": text.replace(".", ""), "decimal": _decimal_reading(text)}
        )
    if DOTTED_THOUSANDS_DECIMAL.fullmatch(text):
        text = text.replace(".", "")
    if COMMA_THOUSANDS_DECIMAL.fullmatch(text):
        return text.replace(",", "")
    if "," in text and "." not in text:
        text = text.replace(",", ".")
    return text


def _decimal_reading(text: str) -> str:
    """ "1.500" read as a decimal, as it is written with a comma: "1,5" (not "1,500", which a
    field with two decimals refuses in turn)."""
    return text.replace(".", ",").rstrip("0").rstrip(",")


def plain_number(text: str | None) -> Decimal | None:
    """The Decimal of what as_written returned, or None when it is not a plain figure (see PLAIN)."""
    return Decimal(text) if text is not None and PLAIN.fullmatch(text) else None


def without_trailing_zeros(value: Decimal | None) -> Decimal | None:
    """12.50 -> 12.5 and 88.00 -> 88 (never 1E+2): what a form shows of a stored decimal."""
    if value is None:
        return None
    value = Decimal(value)
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()


def readable_number(value) -> str | None:
    """A number in the active language with its thousands grouped and no trailing zeros
    ("1.250,5", "88"); None when there is none."""
    if value is None or value == "":
        return None
    return number_format(without_trailing_zeros(Decimal(str(value))), use_l10n=True, force_grouping=True)


def readable_percent(share, decimals: int = 1) -> str:
    """A share (0.234) as a percentage as the reader writes it: "23,4 %" in Dutch (a
    non-breaking space before the sign), "23.4%" in English; "–" when unknown. Pages, reports
    and sentences alike."""
    if share is None:
        return "–"
    space = "" if (get_language() or "").startswith("en") else "\u00a0"
    return f"{floatformat(share * 100, decimals)}{space}%"
