"""Small template filters used across the apps."""

from django import template
from django.template.defaultfilters import floatformat

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
def percent(value, decimals=1):
    """A share (0.234) as a localised percentage ("23,4 %"); "–" when unknown."""
    if value is None:
        return "–"
    return f"{floatformat(value * 100, decimals)}\u00a0%"
