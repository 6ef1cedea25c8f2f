"""Inline SVG maps of the regional care zones, drawn offline from the TopoJSON in fixtures/geo/.

Why this exists: pages want a small overview map (which zones a network covers, figures per
zone) without a tile server, a JavaScript map library or any request leaving the server. The
boundaries ship with the project (fixtures/SOURCES.md §5), so we decode them here, project them
once per process and emit a plain ``<svg>`` string that a template can include with ``|safe``.

Data, as found in the files:

* ``referentieregios.topojson`` holds the 15 referentieregio's; each geometry's ``code`` property
  already equals the zone code in ``fixtures/regional_care_zones.csv`` (``regio-antwerpen``,
  ``kempen``, ...), so no name matching is needed.
* Brussels is not a referentieregio, so the ``brussel`` zone is the union of the 19 Brussels
  municipalities (NIS 21001-21019) of ``municipalities.topojson``: their shared borders are
  dropped and the remaining arcs are chained into one outline.
* The files store plain WGS84 coordinates (no ``transform``, so no quantisation or delta
  encoding); the decoder still handles quantised files in case the fixtures are regenerated.
* Kempen (Baarle-Hertog enclaves, some with Dutch counter-enclaves as holes) and Limburg
  (Voeren) are multipolygons; paths use ``fill-rule="evenodd"`` so holes stay holes.

Attribution required by the data licence: "Provincies in Cijfers / Statbel" (see ATTRIBUTION).
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from functools import lru_cache
from html import escape
from pathlib import Path
from typing import NamedTuple

from django.conf import settings
from django.utils.translation import gettext, gettext_lazy

GEO_DIR = Path(settings.BASE_DIR) / "fixtures" / "geo"

#: Size of the SVG coordinate system. Flanders is about 2.5 times wider than tall once
#: longitude is scaled by cos(51°), so a 1000-wide box only needs ~400 units of height.
WIDTH = 1000
HEIGHT = 400
MARGIN = 10
VIEWBOX = f"0 0 {WIDTH} {HEIGHT}"

#: Latitude whose cosine scales longitude: keeps shapes undistorted around the middle of Flanders.
REFERENCE_LATITUDE = 51.0

BRUSSELS_ZONE_CODE = "brussel"
BRUSSELS_NIS_CODES = frozenset(f"210{number:02d}" for number in range(1, 20))

ATTRIBUTION = gettext_lazy("Boundaries: Provincies in Cijfers / Statbel")

#: Paul Tol's "light" qualitative scheme (colour-blind safe, designed for black text on top),
#: without its pale grey, which would look like a zone without data (see default_fill).
_BASE_PALETTE = ("#77AADD", "#EE8866", "#EEDD88", "#FFAABB", "#99DDFF", "#44BB99", "#BBCC33", "#AAAA00")

#: Colours we accept as fills: hex, a named colour, rgb()/hsl() or a CSS variable. Escaping
#: already stops attribute injection; this also keeps url(...) references out of the markup.
_COLOUR_RE = re.compile(
    r"#[0-9a-fA-F]{3,8}|[a-zA-Z]+|(?:rgb|rgba|hsl|hsla)\([0-9.,%\s/a-z]*\)|var\(--[\w-]+\)"
)

Point = tuple[float, float]
Ring = tuple[Point, ...]


# --------------------------------------------------------------------------------------------
# TopoJSON decoding
# --------------------------------------------------------------------------------------------


@lru_cache(maxsize=8)
def _topology(name: str) -> dict:
    """Parsed TopoJSON file ``fixtures/geo/<name>.topojson``, read once per process."""
    with (GEO_DIR / f"{name}.topojson").open(encoding="utf-8") as handle:
        return json.load(handle)


@lru_cache(maxsize=8)
def _arcs(name: str) -> tuple[tuple[Point, ...], ...]:
    """Absolute lon/lat coordinates of every arc of a topology.

    A quantised topology (with ``transform``) stores each arc as integer deltas from the previous
    position; without a transform the positions are absolute, which is what our fixtures use.
    """
    topology = _topology(name)
    transform = topology.get("transform")
    if transform is None:
        return tuple(tuple((float(p[0]), float(p[1])) for p in arc) for arc in topology["arcs"])
    (scale_x, scale_y), (shift_x, shift_y) = transform["scale"], transform["translate"]
    decoded = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for position in arc:
            x += position[0]
            y += position[1]
            points.append((x * scale_x + shift_x, y * scale_y + shift_y))
        decoded.append(tuple(points))
    return tuple(decoded)


def _geometries(name: str) -> list[dict]:
    """Geometries of the single object in a topology (each fixture holds exactly one)."""
    (collection,) = _topology(name)["objects"].values()
    return collection["geometries"]


def _polygons(geometry: dict) -> list[list[list[int]]]:
    """Polygons of a geometry as lists of rings of arc references; non-areal types yield none."""
    if geometry["type"] == "Polygon":
        return [geometry["arcs"]]
    if geometry["type"] == "MultiPolygon":
        return geometry["arcs"]
    return []


def _arc_points(arcs: Sequence[Sequence[Point]], ref: int) -> Sequence[Point]:
    """Points of one arc reference; a negative reference ``~i`` means arc ``i`` reversed."""
    return arcs[ref] if ref >= 0 else arcs[~ref][::-1]


def _ring_points(arcs: Sequence[Sequence[Point]], refs: Iterable[int]) -> list[Point]:
    """Stitch the arcs of one ring together; consecutive arcs share their joining point."""
    points: list[Point] = []
    for ref in refs:
        arc = _arc_points(arcs, ref)
        points.extend(arc[1:] if points else arc)
    return points


def _merged_rings(arcs: Sequence[Sequence[Point]], geometries: Iterable[dict]) -> list[list[int]]:
    """Outline of the union of ``geometries`` as rings of arc references.

    Why this works without any geometry library: in a topology, a border between two members is
    one arc used by both. Arcs used once are therefore the outline of the union; chaining each one
    to the arc that starts where it ends closes them into rings (holes included).
    """
    usage: Counter[int] = Counter()
    refs: list[int] = []
    for geometry in geometries:
        for polygon in _polygons(geometry):
            for ring in polygon:
                for ref in ring:
                    usage[ref if ref >= 0 else ~ref] += 1
                    refs.append(ref)
    outline = [ref for ref in refs if usage[ref if ref >= 0 else ~ref] == 1]

    starting_at: defaultdict[Point, list[int]] = defaultdict(list)
    for ref in outline:
        starting_at[_arc_points(arcs, ref)[0]].append(ref)

    rings: list[list[int]] = []
    unused = set(outline)
    for first in outline:
        if first not in unused:
            continue
        unused.discard(first)
        ring = [first]
        start = _arc_points(arcs, first)[0]
        end = _arc_points(arcs, first)[-1]
        while end != start:
            following = next((ref for ref in starting_at[end] if ref in unused), None)
            if following is None:  # broken topology: give up on this ring rather than loop
                break
            unused.discard(following)
            ring.append(following)
            end = _arc_points(arcs, following)[-1]
        else:
            rings.append(ring)
    return rings


# --------------------------------------------------------------------------------------------
# Projection and simplification
# --------------------------------------------------------------------------------------------


class _Frame(NamedTuple):
    """Linear map from lon/lat to SVG units: x = (lon - west) * x_scale + left, y likewise."""

    x_scale: float
    y_scale: float
    west: float
    north: float
    left: float
    top: float


@lru_cache(maxsize=1)
def _frame() -> _Frame:
    """Projection fitting all municipalities (Flanders + Brussels) into the viewBox.

    Fitting on the municipalities, not on one map's zones, keeps every map from this module in
    the same frame, so the municipal overlay lines up with the zones.
    """
    points = [point for arc in _arcs("municipalities") for point in arc]
    x_factor = math.cos(math.radians(REFERENCE_LATITUDE))
    west = min(lon for lon, _ in points)
    east = max(lon for lon, _ in points)
    south = min(lat for _, lat in points)
    north = max(lat for _, lat in points)
    width, height = (east - west) * x_factor, north - south
    scale = min((WIDTH - 2 * MARGIN) / width, (HEIGHT - 2 * MARGIN) / height)
    # Centre the map in whichever direction has room to spare.
    return _Frame(
        x_scale=scale * x_factor,
        y_scale=scale,
        west=west,
        north=north,
        left=(WIDTH - width * scale) / 2,
        top=(HEIGHT - height * scale) / 2,
    )


def _project(points: Iterable[Point]) -> Ring:
    """Lon/lat to rounded SVG units (equirectangular, y pointing down).

    Rounding to 0.1 unit (~25 m on the ground) and dropping the points that then coincide is the
    whole simplification: it keeps the 16-zone SVG small without visibly changing the shapes.
    """
    frame = _frame()
    ring: list[Point] = []
    for lon, lat in points:
        point = (
            round((lon - frame.west) * frame.x_scale + frame.left, 1),
            round((frame.north - lat) * frame.y_scale + frame.top, 1),
        )
        if not ring or ring[-1] != point:
            ring.append(point)
    if len(ring) > 1 and ring[0] == ring[-1]:
        ring.pop()  # the path's "Z" closes the ring
    return tuple(ring)


def _projected_rings(arcs: Sequence[Sequence[Point]], rings: Iterable[Sequence[int]]) -> tuple[Ring, ...]:
    """Project rings of arc references, leaving out rings that shrink below a triangle."""
    projected = (_project(_ring_points(arcs, refs)) for refs in rings)
    return tuple(ring for ring in projected if len(ring) >= 3)


def _number(value: float) -> str:
    """Shortest text for a coordinate already rounded to one decimal ("12" rather than "12.0")."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _path_data(rings: Iterable[Ring]) -> str:
    """SVG path ``d`` for closed rings: one ``M`` per ring, then implicit line-tos, then ``Z``."""
    parts = []
    for ring in rings:
        coordinates = " ".join(f"{_number(x)} {_number(y)}" for x, y in ring[1:])
        parts.append(f"M{_number(ring[0][0])} {_number(ring[0][1])}L{coordinates}Z")
    return "".join(parts)


# --------------------------------------------------------------------------------------------
# Cached shapes
# --------------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _zone_rings() -> dict[str, tuple[Ring, ...]]:
    """Projected rings per zone code: the 15 referentieregio's in file order, then Brussels.

    Brussels comes last so that its outline is painted on top of its neighbours' strokes.
    """
    zones: dict[str, tuple[Ring, ...]] = {}
    arcs = _arcs("referentieregios")
    for geometry in _geometries("referentieregios"):
        rings = [ring for polygon in _polygons(geometry) for ring in polygon]
        zones[geometry["properties"]["code"]] = _projected_rings(arcs, rings)

    municipality_arcs = _arcs("municipalities")
    brussels = [g for g in _geometries("municipalities") if g["properties"]["nis"] in BRUSSELS_NIS_CODES]
    outline = _merged_rings(municipality_arcs, brussels)
    zones[BRUSSELS_ZONE_CODE] = _projected_rings(municipality_arcs, outline)
    return zones


@lru_cache(maxsize=1)
def _zone_paths() -> dict[str, str]:
    return {code: _path_data(rings) for code, rings in _zone_rings().items()}


@lru_cache(maxsize=1)
def _municipality_paths() -> dict[str, str]:
    arcs = _arcs("municipalities")
    paths = {}
    for geometry in _geometries("municipalities"):
        rings = [ring for polygon in _polygons(geometry) for ring in polygon]
        paths[geometry["properties"]["nis"]] = _path_data(_projected_rings(arcs, rings))
    return paths


@lru_cache(maxsize=1)
def _municipal_border_path() -> str:
    """One open path with every municipal border drawn once (arcs shared by two municipalities).

    Drawing the shared arcs rather than each municipality's outline halves the markup and avoids
    double strokes; the outer border is already drawn by the zones.
    """
    usage: Counter[int] = Counter()
    for geometry in _geometries("municipalities"):
        for polygon in _polygons(geometry):
            for ring in polygon:
                usage.update(ref if ref >= 0 else ~ref for ref in ring)
    arcs = _arcs("municipalities")
    parts = []
    for index in sorted(index for index, count in usage.items() if count > 1):
        line = _project(arcs[index])
        if len(line) >= 2:
            coordinates = " ".join(f"{_number(x)} {_number(y)}" for x, y in line[1:])
            parts.append(f"M{_number(line[0][0])} {_number(line[0][1])}L{coordinates}")
    return "".join(parts)


def _ring_area(ring: Ring) -> float:
    """Absolute shoelace area, to find a zone's main ring (Limburg's body rather than Voeren)."""
    doubled = sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True))
    return abs(doubled) / 2


def _crossings(ring: Ring, y: float) -> list[float]:
    """Sorted x positions where the horizontal line at ``y`` crosses the ring's edges."""
    xs = []
    for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True):
        if (y0 > y) != (y1 > y):
            xs.append(x0 + (y - y0) * (x1 - x0) / (y1 - y0))
    return sorted(xs)


#: Labels are far wider than tall, so horizontal room counts this many times less than vertical.
_LABEL_ASPECT = 3.0


def _clearance(edges: Sequence[tuple[float, float, float, float]], px: float, py: float) -> float:
    """Distance from a point to the nearest edge, with x shrunk by ``_LABEL_ASPECT``.

    Edges are (x0, y0, dx, dy) in the shrunk space, precomputed by the caller.
    """
    px /= _LABEL_ASPECT
    nearest = math.inf
    for x0, y0, dx, dy in edges:
        length = dx * dx + dy * dy
        t = 0.0 if length == 0 else max(0.0, min(1.0, ((px - x0) * dx + (py - y0) * dy) / length))
        ex, ey = px - x0 - t * dx, py - y0 - t * dy
        nearest = min(nearest, ex * ex + ey * ey)
    return math.sqrt(nearest)


def _label_point(ring: Ring, grid: int = 16) -> Point:
    """A point well inside ``ring`` with room for a horizontal label.

    Why not the centroid: concave zones can have it near or beyond their border (Halle-Vilvoorde
    wraps around Brussels, so its centroid lies right next to the Brussels label). This picks the
    grid point farthest from the ring's edges, a coarse "pole of inaccessibility" in which
    horizontal room counts less (see ``_LABEL_ASPECT``). Edges come from a thinned ring: label
    precision needs no more, and the search then stays at a few milliseconds per zone.
    """
    xs, ys = [x for x, _ in ring], [y for _, y in ring]
    step = max(max(xs) - min(xs), max(ys) - min(ys)) / grid
    thinned = ring[:: max(1, len(ring) // 120)]
    edges = [
        (x0 / _LABEL_ASPECT, y0, (x1 - x0) / _LABEL_ASPECT, y1 - y0)
        for (x0, y0), (x1, y1) in zip(thinned, thinned[1:] + thinned[:1], strict=True)
    ]
    best, best_clearance = (sum(xs) / len(xs), sum(ys) / len(ys)), -1.0
    y = min(ys) + step / 2
    while y < max(ys):
        crossings = _crossings(ring, y)
        for left, right in zip(crossings[::2], crossings[1::2], strict=True):
            # Every grid column inside the span, plus its middle for spans narrower than a step.
            candidates = [(left + right) / 2]
            x = left + step / 2
            while x < right:
                candidates.append(x)
                x += step
            for x in candidates:
                clearance = _clearance(edges, x, y)
                if clearance > best_clearance:
                    best, best_clearance = (x, y), clearance
        y += step
    return best


@lru_cache(maxsize=1)
def _label_points() -> dict[str, Point]:
    """Where to put each zone's label: well inside its largest ring."""
    points = {}
    for code, rings in _zone_rings().items():
        x, y = _label_point(max(rings, key=_ring_area))
        points[code] = (round(x, 1), round(y, 1))
    return points


# --------------------------------------------------------------------------------------------
# Public API
# --------------------------------------------------------------------------------------------


def zone_shapes() -> dict[str, str]:
    """Zone code -> SVG path ``d`` (in ``VIEWBOX`` units) for the 15 referentieregio's and Brussels.

    Returns a fresh dict each call so callers cannot alter the per-process cache.
    """
    return dict(_zone_paths())


def municipality_shapes() -> dict[str, str]:
    """NIS code -> SVG path ``d`` for the 304 municipalities, in the same frame as the zones."""
    return dict(_municipality_paths())


def render_zone_map(
    fills: dict[str, str],
    *,
    titles: dict[str, str] | None = None,
    labels: dict[str, str] | None = None,
    default_fill: str = "#e9ecef",
    caption: str = "",
    municipal_borders: bool = False,
    attribution: str = ATTRIBUTION,
) -> str:
    """A complete, self-contained ``<svg>`` with one filled ``<path data-zone="...">`` per zone.

    ``titles`` become ``<title>`` children (browser tooltips and screen-reader names), ``labels``
    short texts at each zone's label point. Every inserted text is HTML-escaped and every fill must
    look like a CSS colour (``ValueError`` otherwise), so the result may be marked safe in a
    template. ``municipal_borders`` adds faint municipality borders (roughly +150 KB); pass
    ``attribution=""`` when the page credits the boundary data elsewhere.
    """
    titles = titles or {}
    labels = labels or {}
    accessible_name = caption or gettext("Map of the regional care zones")

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{VIEWBOX}" role="img" class="zone-map">',
        f"<title>{escape(accessible_name)}</title>",
    ]
    parts.append('<g stroke="#fff" stroke-width="1" stroke-linejoin="round" fill-rule="evenodd">')
    for code, d in _zone_paths().items():
        fill = _checked_colour(fills.get(code, default_fill))
        title = titles.get(code)
        tooltip = f"<title>{escape(title)}</title>" if title else ""
        parts.append(f'<path data-zone="{escape(code)}" fill="{escape(fill)}" d="{d}">{tooltip}</path>')
    parts.append("</g>")

    if municipal_borders:
        parts.append(
            '<path fill="none" stroke="#fff" stroke-width="0.4" stroke-opacity="0.7" '
            f'pointer-events="none" d="{_municipal_border_path()}"/>'
        )

    if labels:
        # A white halo (stroke painted under the fill) keeps labels legible on any zone colour.
        parts.append(
            '<g font-family="system-ui, sans-serif" font-size="12" text-anchor="middle" '
            'dominant-baseline="middle" fill="#212529" stroke="#fff" stroke-width="3" '
            'stroke-linejoin="round" paint-order="stroke" pointer-events="none">'
        )
        anchors = _label_points()
        for code, text in labels.items():
            if code in anchors and text:
                x, y = anchors[code]
                parts.append(f'<text x="{_number(x)}" y="{_number(y)}">{escape(text)}</text>')
        parts.append("</g>")

    if attribution:
        parts.append(
            f'<text x="{WIDTH - MARGIN}" y="{HEIGHT - 3}" font-family="system-ui, sans-serif" '
            f'font-size="9" text-anchor="end" fill="#6c757d">{escape(str(attribution))}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _checked_colour(value: str) -> str:
    """Reject fills that are not plain CSS colours, so callers' mistakes fail loudly."""
    if not _COLOUR_RE.fullmatch(value.strip()):
        raise ValueError(f"Not a CSS colour: {value!r}")
    return value.strip()


def palette(n: int) -> list[str]:
    """``n`` distinct fill colours, in a fixed order, for categorical maps.

    The first eight are Paul Tol's "light" scheme, chosen because it stays distinguishable with
    the common colour-vision deficiencies, prints well and carries black labels. Beyond eight the
    scheme repeats darker, then lighter, and so on; past about 24 colours, categories are no longer
    readable anyway and a legend or a sequential scale is the better tool.
    """
    if n < 0:
        raise ValueError("n must not be negative")
    colours: list[str] = []
    for index in range(n):
        cycle, base = divmod(index, len(_BASE_PALETTE))
        colours.append(_shade(_BASE_PALETTE[base], cycle))
    return colours


def _shade(colour: str, cycle: int) -> str:
    """Variant of a base colour for the ``cycle``-th repetition: 0 as is, odd darker, even lighter.

    Each repetition moves further from the base (mixing with black or white), so no two
    repetitions of the same hue coincide.
    """
    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    if cycle == 0:
        return colour.lower()
    step = (cycle + 1) // 2
    if cycle % 2:  # darker: mix with black
        factor = max(0.0, 1 - 0.22 * step)
        red, green, blue = (round(c * factor) for c in (red, green, blue))
    else:  # lighter: mix with white
        factor = min(1.0, 0.3 * step)
        red, green, blue = (round(c + (255 - c) * factor) for c in (red, green, blue))
    return f"#{red:02x}{green:02x}{blue:02x}"
