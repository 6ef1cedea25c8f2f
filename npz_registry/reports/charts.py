"""SVG charts for the reports, drawn offline with pygal (Kozea, the makers of WeasyPrint).

Vector charts stay sharp in print and their texts stay text (searchable, extractable). Every
chart is sized in its viewBox only, so the stylesheet decides its printed width. pygal is
imported inside the functions, like WeasyPrint, to keep start-up fast.

What we change in pygal's output (``_clean``): its inline ``<script>`` (tooltip configuration,
useless in print and a script we do not want in an HTML preview), the tooltips' values and its
comments go; a ``<title>`` is added, which WeasyPrint writes as the figure's alternative text
in the tagged PDF.
"""

from __future__ import annotations

import math
import re
from decimal import Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from missions.models import IndicatorStatus
from networks.maps import palette

FONT = "DejaVu Sans, sans-serif"
SVG_NS = "{http://www.w3.org/2000/svg}"


def _style(colours: list[str]):
    from pygal.style import Style

    return Style(
        font_family=FONT,
        background="white",
        plot_background="white",
        foreground="#212529",
        foreground_strong="#212529",
        foreground_subtle="#6c757d",
        opacity="1",
        opacity_hover="1",
        colors=tuple(colours) or ("#77aadd",),
        label_font_size=13,
        major_label_font_size=13,
        legend_font_size=13,
        value_font_size=13,
        title_font_size=15,
        no_data_font_size=20,
    )


#: What pygal writes for its script alone: the script, and the values each tooltip shows (a
#: ``<desc>`` per value, a third of a bar chart's elements, each laid out by WeasyPrint).
UNUSED_TAGS = {"script", "desc"}


def _clean(title: str):
    """An xml filter for pygal: no script, no tooltip nor its values (they need the script), no
    comments, a title first (alternative text)."""

    def apply(root):
        from pygal.etree import etree

        for parent in list(root.iter()):
            for child in list(parent):
                tag = child.tag if isinstance(child.tag, str) else ""
                tooltip = "tooltip" in (child.get("class") or "").split() if tag else False
                if child.tag is etree.Comment or tag.rsplit("}", 1)[-1] in UNUSED_TAGS or tooltip:
                    parent.remove(child)
        title_node = etree.Element(f"{SVG_NS}title" if root.tag.startswith("{") else "title")
        title_node.text = title
        root.insert(0, title_node)
        root.set("role", "img")
        root.set("aria-label", title)
        return root

    return apply


def _config(colours: list[str], **options):
    base = {
        "style": _style(colours),
        "js": [],
        "disable_xml_declaration": True,
        "show_legend": True,
        "legend_at_bottom": True,
        "truncate_legend": -1,
        "truncate_label": -1,
        "print_values": False,
        "no_data_text": _("No data"),
        "width": 800,
        "height": 380,
        "margin": 12,
    }
    base.update(options)
    return base


def _render(chart, title: str) -> str:
    chart.add_xml_filter(_clean(title))
    return chart.render(is_unicode=True)


def euro(value) -> str:
    """An amount as the reader expects it in nl-BE: '€ 1.250.000'."""
    if value is None:
        return "–"
    return f"€\u00a0{number_format(round(Decimal(value)), use_l10n=True, force_grouping=True)}"


def nice_ticks(maximum: float, count: int = 5) -> list[float]:
    """About ``count`` round axis values from 0 to at least ``maximum`` (steps of 1, 2, 2.5 or 5
    times a power of ten), so the axis reads '€ 0, € 2.500.000, € 5.000.000...'."""
    if maximum <= 0:
        return [0, 1]
    raw = maximum / count
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(f * magnitude for f in (1, 2, 2.5, 5, 10) if raw <= f * magnitude)
    return [step * i for i in range(math.ceil(maximum / step) + 1)]


def funding_chart(totals) -> str | None:
    """Funding per year, stacked by kind (transition.selectors.FundingTotals). None without data."""
    if not totals.years:
        return None
    import pygal

    kinds = [
        (kind, label)
        for kind, label in totals.kinds
        if any(totals.by_year_kind.get((year, kind)) for year in totals.years)
    ]
    title = _("Funding per year and kind (euro)")
    chart = pygal.StackedBar(
        **_config(
            palette(len(kinds)),
            legend_at_bottom_columns=2,
            height=300 + 30 * math.ceil(len(kinds) / 2),
            value_formatter=euro,
        )
    )
    chart.x_labels = [str(year) for year in totals.years]
    chart.y_labels = nice_ticks(float(max(totals.by_year.values())))
    for kind, label in kinds:
        chart.add(str(label), [float(totals.by_year_kind.get((year, kind)) or 0) for year in totals.years])
    return _render(chart, title)


def mergers_chart(groups: list[dict]) -> str:
    """Number of mergers in each status (transition.selectors.mergers_by_status)."""
    import pygal

    title = _("Mergers by status")
    chart = pygal.HorizontalBar(
        **_config(
            palette(1),
            show_legend=False,
            print_values=True,
            height=60 + 48 * len(groups),
            value_formatter=lambda value: f"{value:.0f}",
            min_scale=1,
            max_scale=6,
        )
    )
    # pygal draws the first label at the bottom: reverse so the pipeline reads top-down.
    ordered = list(reversed(groups))
    chart.x_labels = [str(group["label"]).capitalize() for group in ordered]
    chart.add(_("Mergers"), [len(group["mergers"]) for group in ordered])
    return _render(chart, title)


_HALO_GROUP = re.compile(r'(<g\s[^>]*paint-order="stroke"[^>]*>)(.*?)(</g>)', re.S)


def print_ready_map(svg: str) -> str:
    """The zone map of networks.maps, with labels that WeasyPrint draws legibly.

    The map gives its labels a white halo with ``paint-order="stroke"`` (stroke under the
    fill). WeasyPrint ignores paint-order and paints the wide white stroke over the letters, so
    we draw the label group a second time without stroke: halo first, dark text on top. When the
    map has no such group the SVG is returned unchanged.
    """
    match = _HALO_GROUP.search(svg)
    if match is None:
        return svg
    opening, body, closing = match.groups()
    text_only = re.sub(
        r'\sstroke="[^"]*"', ' stroke="none"', opening.replace(' paint-order="stroke"', ""), count=1
    )
    return svg[: match.end()] + text_only + body + closing + svg[match.end() :]


#: Colours of the indicator statuses (missions.models.IndicatorStatus): green, blue, orange, grey.
#: The labels are on the axis too, so the colours never carry the meaning alone.
INDICATOR_STATUS_COLOURS = {
    IndicatorStatus.ACHIEVED: "#2e7d32",
    IndicatorStatus.ON_TRACK: "#3a78b5",
    IndicatorStatus.BEHIND: "#d9822b",
    IndicatorStatus.UNKNOWN: "#adb5bd",
}


def _styles_as_attributes(root):
    """An xml filter for pygal: ``style="fill: #x; stroke: #x"`` (how pygal colours a single value)
    becomes ``fill`` and ``stroke`` attributes, which WeasyPrint reads without logging a warning
    for each unknown CSS property."""
    for node in root.iter():
        style = node.get("style") if isinstance(node.tag, str) else None
        if not style:
            continue
        rest = []
        for declaration in style.split(";"):
            name, _sep, value = (part.strip() for part in declaration.partition(":"))
            if name in {"fill", "stroke"} and value:
                node.set(name, value)
            elif name:
                rest.append(f"{name}: {value}")
        if rest:
            node.set("style", "; ".join(rest))
        else:
            del node.attrib["style"]
    return root


def indicator_status_chart(counts: list[dict], title: str) -> str:
    """How many of a network's indicators are achieved, on track, behind or without a value in
    one reported year: ``counts`` is ``[{"status", "label", "count"}]`` in reading order. Drawn
    narrower than the other charts, so that its labels stay legible at its printed width."""
    import pygal

    highest = max([item["count"] for item in counts] + [1])
    step = max(1, math.ceil(highest / 6))
    chart = pygal.HorizontalBar(
        **_config(
            palette(1),
            show_legend=False,
            print_values=True,
            width=520,
            height=40 + 36 * len(counts),
            value_formatter=lambda value: f"{value:.0f}",
        )
    )
    chart.y_labels = list(range(0, highest + step, step))
    ordered = list(reversed(counts))  # pygal draws the first label at the bottom
    chart.x_labels = [str(item["label"]).capitalize() for item in ordered]
    chart.add(
        _("Indicators"),
        [
            {"value": item["count"], "color": INDICATOR_STATUS_COLOURS.get(item["status"], "#77aadd")}
            for item in ordered
        ],
    )
    chart.add_xml_filter(_styles_as_attributes)
    return _render(chart, title)
