"""Layout tags: breadcrumbs that start with the menu's words, and the sortable column headers of
staff tables.

    {% load npz_layout %}
    {% breadcrumbs "portal" %}
      {% crumb plan.get_absolute_url %}{{ plan.network.name }} · {{ plan.period.label }}{% endcrumb %}
      {% crumb %}{{ title }}{% endcrumb %}
    {% endbreadcrumbs %}

The first crumb is the menu entry named by its key (npz_registry.navigation.MENU); a crumb without
an address is the current page.
"""

import re
from dataclasses import dataclass

from django import template
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import format_html

from npz_registry import dataversion, once
from npz_registry.navigation import ENTRIES

register = template.Library()


class BreadcrumbsNode(template.Node):
    def __init__(self, section, nodelist):
        self.section, self.nodelist = section, nodelist

    def render(self, context):
        key = self.section.resolve(context)
        if key not in ENTRIES:
            raise template.TemplateSyntaxError(f"breadcrumbs: no menu entry {key!r}")
        return render_to_string(
            "includes/breadcrumbs.html", {"section": ENTRIES[key], "crumbs": self.nodelist.render(context)}
        )


class CrumbNode(template.Node):
    def __init__(self, url, nodelist):
        self.url, self.nodelist = url, nodelist

    def render(self, context):
        url = self.url.resolve(context) if self.url else None
        return render_to_string("includes/crumb.html", {"url": url, "label": self.nodelist.render(context)})


def _block(parser, token, end):
    bits = token.split_contents()
    if len(bits) > 2:
        raise template.TemplateSyntaxError(f"{bits[0]} takes at most one argument")
    nodelist = parser.parse((end,))
    parser.delete_first_token()
    return (parser.compile_filter(bits[1]) if len(bits) == 2 else None), nodelist


@register.tag
def breadcrumbs(parser, token):
    section, nodelist = _block(parser, token, "endbreadcrumbs")
    if section is None:
        raise template.TemplateSyntaxError("breadcrumbs needs the key of a menu entry")
    return BreadcrumbsNode(section, nodelist)


@register.tag
def crumb(parser, token):
    return CrumbNode(*_block(parser, token, "endcrumb"))


@register.inclusion_tag("includes/sort_header.html", takes_context=True)
def sort_header(context, column, label, numeric=False):
    """A column header that sorts the table on `column` (the name the FilterSet's `o` knows):
    ascending first, descending when it is already sorted ascending. Keeps the other parameters
    and goes back to the first page."""
    query = context["request"].GET.copy()
    current = query.get("o", "")
    state = "ascending" if current == column else "descending" if current == f"-{column}" else None
    query["o"] = f"-{column}" if state == "ascending" else column
    query.pop("page", None)
    return {"label": label, "state": state, "href": f"?{query.urlencode()}", "numeric": numeric}


@register.simple_tag(takes_context=True)
def page_href(context, number, param="page"):
    """The address of page `number` of a table whose page is in `param` (a page with two
    tables has a parameter for each), keeping every other parameter."""
    query = context["request"].GET.copy()
    query[param] = number
    return f"?{query.urlencode()}"


@register.simple_tag(takes_context=True)
def once_token(context):
    """The hidden one-time token of a creation form (npz_registry.once)."""
    request = context["request"]
    return format_html('<input type="hidden" name="{}" value="{}">', once.FIELD, once.token_for(request))


#: Form fields that carry no text of the user's: tokens, versions, buttons, once-keys, hidden
#: keys and states, the language switch, the back office's actions.
NOT_TYPED = {
    "csrfmiddlewaretoken",
    "version",
    "then",
    "once",
    "next",
    "seen",
    "primary_care_zone",
    "language",
    "action",
    "select_across",
    "index",
    "confirm",
}
#: A value nobody typed as text: a number or key (the pk of a choice), a choice's code ("BOTH",
#: "FIRST_LINE"), a ticked checkbox.
NOT_TEXT = re.compile(r"[A-Z0-9_]+|on")


@dataclass(frozen=True)
class TypedText:
    text: str
    rows: int


def _filled(request):
    """(key, values) of the fields of a post that a person filled or chose: not the tokens,
    versions and buttons (NOT_TYPED), the back office's "_" keys, passwords or formset counts."""
    return [
        (key, values)
        for key, values in request.POST.lists()
        if key not in NOT_TYPED
        and not key.startswith("_")
        and "password" not in key
        and not key.endswith(("TOTAL_FORMS", "INITIAL_FORMS", "MIN_NUM_FORMS", "MAX_NUM_FORMS"))
    ]


def sent_a_form(request) -> bool:
    """Whether a post carries anything a person filled in or chose (a number, a choice, a text),
    which a login would drop: then a session that ended gets the page that says nothing was
    saved (npz_registry.security). A post with none (logging out, a button) does not."""
    return request.method == "POST" and any(
        value.strip() for _key, values in _filled(request) for value in values
    )


@register.simple_tag
def form_page(request) -> str:
    """The page of the form whose post was refused: the page it was sent from when the browser
    says (same_origin_referer), else the address it was sent to (forms here post to their own
    page). The error pages give it to static/js/typed-input.js, which shows what the form held,
    with its labels, when it kept that page's copy."""
    from npz_registry.security import same_origin_referer

    return same_origin_referer(request) or request.get_full_path()


@register.simple_tag
def typed_input(request) -> list[TypedText]:
    """What the user typed in the form whose post was refused or found nothing (the error pages,
    the CSRF refusal, the page after a session ended): its free texts, so that nothing typed is
    lost when the object changed or went away meanwhile (another window submitted the plan, or
    deleted the action). The error page cannot know the view's form, so it shows no labels: it
    leaves out what nobody typed (hidden fields and tokens, the back office's "_" keys, formset
    counts, choice codes and keys) and never a password."""
    if request is None or request.method != "POST":
        return []
    return [
        TypedText(text, rows=min(12, 2 + text.count("\n") + len(text) // 80))
        for _key, values in _filled(request)
        for text in (value.strip() for value in values)
        if text and not NOT_TEXT.fullmatch(text)
    ]


@register.simple_tag(takes_context=True)
def form_fields_key(context, form) -> str:
    """The key under which an edit page keeps its form's fields as first shown (templates/
    missions/partials/form.html): readers_page_key (with the day: a choice or a starting value
    may depend on what is in force today). Empty, so that they are rendered afresh, for a form
    that carries what was typed (bound, or sent back). The page's tokens stay outside the
    fields (the forms' helpers leave them out)."""
    request = context["request"]
    if form.is_bound or request.method not in ("GET", "HEAD"):
        return ""
    return readers_page_key(request)


@register.simple_tag(takes_context=True)
def admin_results_key(context, cl) -> str:
    """The key under which a back-office list keeps its rendered rows and filters (templates/
    admin/change_list.html): readers_page_key (with the reader: whose rights and columns they
    are). Empty, so that they are rendered afresh, for a model the data version does not count
    (import jobs, sign-in attempts) and for a list edited in place once it was sent (its fields
    then carry the reader's input and errors); unsent, its fields hold the stored values."""
    if not dataversion.counts(cl.model) or (cl.formset is not None and cl.formset.is_bound):
        return ""
    return readers_page_key(context["request"])


def readers_page_key(request) -> str:
    """A part of this page as this reader sees it now: the data version, the day, the reader
    and the whole address (the model, filters, search, order and page of a list included)."""
    day = timezone.localdate().isoformat()
    return f"{dataversion.fragment_version()}:{day}:{request.user.pk}:{request.get_full_path()}"
