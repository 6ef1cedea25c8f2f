"""Small template filters used across the apps."""

import re

from django import template

from npz_registry.numbers import readable_percent

register = template.Library()


@register.filter
def dictkey(mapping, key):
    """`{{ mapping|dictkey:key }}`: a dict lookup with a variable key (None when absent)."""
    if mapping is None:
        return None
    try:
        return mapping.get(key)
    except AttributeError:
        return None


@register.filter
def number(value):
    """`{{ value|number }}`: a number as people read it ("1.250,5", "88"); None when empty, so
    that `|default:"–"` follows (npz_registry.numbers.readable_number)."""
    from npz_registry.numbers import readable_number

    return readable_number(value)


@register.filter
def percent(value, decimals=1):
    """A share (0.234) as a localised percentage ("23,4 %"); "–" when unknown."""
    return readable_percent(value, decimals)


@register.filter
def signed(value, decimals=2):
    """`{{ index|signed }}`: a number that may be below zero with a typographic minus sign, as the
    texts write it ("−0,67", not "-0,67"); "–" when unknown."""
    from django.template.defaultfilters import floatformat

    if value is None:
        return "–"
    return str(floatformat(value, decimals)).replace("-", "\u2212")


@register.filter
def person(user):
    """A user's full name, else the username; "system" when there is no user (demo data or
    automatic steps). Safe on None, unlike `user.get_full_name|default:user.username`."""
    from django.utils.translation import gettext

    if user is None:
        return gettext("system")
    return user.get_full_name() or user.get_username()


@register.simple_tag
def swatch(colour, css_class="swatch", title=""):
    """A legend's colour square as inline SVG: its fill is an attribute, which the
    Content-Security-Policy allows, where a ``style`` attribute would be blocked. Hidden from
    screen readers on a page; a PDF tags it as a figure, whose alternative text is ``title``."""
    from django.utils.html import format_html

    return format_html(
        '<svg class="{}" viewBox="0 0 10 10" aria-hidden="true" focusable="false">{}'
        '<rect width="10" height="10" fill="{}"/></svg>',
        css_class,
        format_html("<title>{}</title>", title) if title else "",
        colour,
    )


@register.filter
def imprecise(value):
    """`{{ row.date|imprecise }}`: a stored imprecise date ("2027-mid") as the source said it
    ("midden 2027"); an empty value stays empty, a date object shows as a day."""
    from npz_registry.imprecise import ImpreciseDate

    if not value:
        return ""
    if hasattr(value, "isoformat"):
        return ImpreciseDate.of_day(value).display()
    try:
        return ImpreciseDate.parse(str(value)).display()
    except ValueError:
        return value


@register.inclusion_tag("includes/certainty.html")
def certainty(obj):
    """A small badge saying how firm a sourced date or figure is ("gepland", "verwacht");
    nothing for fixed facts. The source shows on hover and in print."""
    from npz_registry.models import Certainty

    value = getattr(obj, "certainty", "")
    return {
        "show": bool(value) and value != Certainty.FIXED,
        "label": Certainty(value).label if value in Certainty.values else "",
        "source": readable_source(getattr(obj, "source", "")),
    }


#: A reference to the text extraction of a source document among the registry's working files,
#: in parentheses: "(seeds/slides-webinar-roles-and-missions.txt)", "(regel 132 van seeds/…)".
WORKING_FILE = re.compile(r"\s*\([^()]*\bseeds/[^()]*\)")


@register.filter
def readable_source(text) -> str:
    """`{{ date.source|readable_source }}`: a source as a reader can look it up, the documents by
    their titles (as the data names them), without the file of the registry's own copy:
    "Webinarslides ‘Rollen en opdrachten’ (seeds/slides-webinar-roles-and-missions.txt), dia
    ‘Volgende stappen’" reads "Webinarslides ‘Rollen en opdrachten’, dia ‘Volgende stappen’".
    The data keeps the file, for staff; every page and report shows the title."""
    return WORKING_FILE.sub("", text or "")
