"""The generation step of the zone map: TopoJSON in, ``networks/zone_map.json`` out.

Why a separate step: the boundaries change only when the zones do, so decoding the TopoJSON,
merging municipalities into zones, projecting and placing labels happen here, once, and the
result is committed. Pages only colour the precomputed paths (networks.maps), and never import
this module. Regenerate with ``python manage.py build_zone_map`` after the zones change; until
then the maps leave out the zones whose municipalities differ and name them.

Data, as found in ``fixtures/geo/municipalities.topojson`` (fixtures/SOURCES.md §5):

* 304 municipalities (property ``nis``), with shared borders stored once as arcs. A zone is
  drawn as the union of its municipalities as the database has them, so any zone list the
  department imports can be drawn, Brussels (19 municipalities, no referentieregio) included:
  the borders shared inside a zone are dropped and the remaining arcs chained into outlines.
* Plain WGS84 coordinates (no ``transform``); the decoder still handles quantised files in case
  the fixtures are regenerated.
* Kempen (Baarle-Hertog enclaves, some with Dutch counter-enclaves as holes) and Limburg
  (Voeren) are multipolygons; the map's paths use ``fill-rule="evenodd"`` so holes stay holes.
"""

from __future__ import annotations

import json
import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import NamedTuple

from django.conf import settings

from networks.maps import HEIGHT, MARGIN, VIEWBOX, WIDTH, ZONE_MAP_FILE

GEO_DIR = Path(settings.BASE_DIR) / "fixtures" / "geo"
MUNICIPALITIES_FILE = GEO_DIR / "municipalities.topojson"

#: Latitude whose cosine scales longitude: keeps shapes undistorted around the middle of Flanders.
REFERENCE_LATITUDE = 51.0

#: How far (SVG units: the map is 1000 wide, about 0.17 mm each when printed) a boundary may move
#: when points are dropped: far below what the eye sees on paper or on a screen.
SIMPLIFY_TOLERANCE = 0.5

#: Labels are far wider than tall, so horizontal room counts this many times less than vertical.
LABEL_ASPECT = 3.0

Point = tuple[float, float]
Ring = tuple[Point, ...]
Arcs = Sequence[Sequence[Point]]


class Topology(NamedTuple):
    """A decoded TopoJSON file: absolute lon/lat arcs and the geometries of its single object."""

    arcs: tuple[tuple[Point, ...], ...]
    geometries: list[dict]


class UnknownMunicipalities(ValueError):
    """Municipalities in a zone for which the boundary file has no shape."""


# --------------------------------------------------------------------------------------------
# TopoJSON decoding
# --------------------------------------------------------------------------------------------


def decode_topology(path: Path = MUNICIPALITIES_FILE) -> Topology:
    """Read a TopoJSON file holding one object and decode its arcs to absolute lon/lat.

    A quantised topology (with ``transform``) stores each arc as integer deltas from the previous
    position; without a transform the positions are absolute, which is what our fixtures use.
    """
    with path.open(encoding="utf-8") as handle:
        topology = json.load(handle)
    (collection,) = topology["objects"].values()
    transform = topology.get("transform")
    if transform is None:
        arcs = tuple(tuple((float(p[0]), float(p[1])) for p in arc) for arc in topology["arcs"])
        return Topology(arcs, collection["geometries"])
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
    return Topology(tuple(decoded), collection["geometries"])


def _rings(geometry: dict) -> list[list[int]]:
    """Every ring (outer and holes) of a geometry as arc references; non-areal types yield none."""
    if geometry["type"] == "Polygon":
        return list(geometry["arcs"])
    if geometry["type"] == "MultiPolygon":
        return [ring for polygon in geometry["arcs"] for ring in polygon]
    return []


def _arc_index(ref: int) -> int:
    """The arc a reference points to; a negative reference ``~i`` means arc ``i`` reversed."""
    return ref if ref >= 0 else ~ref


def _arc_points(arcs: Arcs, ref: int) -> Sequence[Point]:
    return arcs[ref] if ref >= 0 else arcs[~ref][::-1]


def _ring_points(arcs: Arcs, refs: Iterable[int]) -> list[Point]:
    """Stitch the arcs of one ring together; consecutive arcs share their joining point."""
    points: list[Point] = []
    for ref in refs:
        arc = _arc_points(arcs, ref)
        points.extend(arc[1:] if points else arc)
    return points


def _arc_usage(geometries: Iterable[dict]) -> Counter[int]:
    """How many rings of ``geometries`` use each arc: 2 for a border between two of them."""
    return Counter(_arc_index(ref) for geometry in geometries for ring in _rings(geometry) for ref in ring)


def _merged_rings(arcs: Arcs, geometries: Sequence[dict]) -> list[list[int]]:
    """Outline of the union of ``geometries`` as rings of arc references.

    Why this works without any geometry library: in a topology, a border between two members is
    one arc used by both. Arcs used once are therefore the outline of the union; chaining each one
    to the arc that starts where it ends closes them into rings (holes included).
    """
    usage = _arc_usage(geometries)
    outline = [
        ref
        for geometry in geometries
        for ring in _rings(geometry)
        for ref in ring
        if usage[_arc_index(ref)] == 1
    ]
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
        start, end = _arc_points(arcs, first)[0], _arc_points(arcs, first)[-1]
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


class Frame(NamedTuple):
    """Linear map from lon/lat to SVG units: x = (lon - west) * x_scale + left, y likewise."""

    x_scale: float
    y_scale: float
    west: float
    north: float
    left: float
    top: float

    @classmethod
    def fitting(cls, arcs: Arcs) -> Frame:
        """The projection that fits every point of ``arcs`` (all municipalities) into the viewBox.

        Fitting on the municipalities, not on the zones, keeps the frame the same whatever the
        zone list, so the municipal overlay lines up with the zones.
        """
        points = [point for arc in arcs for point in arc]
        x_factor = math.cos(math.radians(REFERENCE_LATITUDE))
        west = min(lon for lon, _ in points)
        east = max(lon for lon, _ in points)
        south = min(lat for _, lat in points)
        north = max(lat for _, lat in points)
        width, height = (east - west) * x_factor, north - south
        scale = min((WIDTH - 2 * MARGIN) / width, (HEIGHT - 2 * MARGIN) / height)
        # Centre the map in whichever direction has room to spare.
        return cls(
            x_scale=scale * x_factor,
            y_scale=scale,
            west=west,
            north=north,
            left=(WIDTH - width * scale) / 2,
            top=(HEIGHT - height * scale) / 2,
        )

    def project(self, points: Iterable[Point], *, closed: bool = True) -> Ring:
        """Lon/lat to rounded SVG units (equirectangular, y pointing down).

        Rounding to 0.1 unit (~25 m on the ground) and dropping the points that then coincide
        follows the simplification of the arcs (``simplified``).
        """
        ring: list[Point] = []
        for lon, lat in points:
            x, y = self.point(lon, lat)
            point = (round(x, 1), round(y, 1))
            if not ring or ring[-1] != point:
                ring.append(point)
        if closed and len(ring) > 1 and ring[0] == ring[-1]:
            ring.pop()  # the path's "Z" closes the ring
        return tuple(ring)

    def point(self, lon: float, lat: float) -> Point:
        """One position in SVG units, unrounded."""
        return (lon - self.west) * self.x_scale + self.left, (self.north - lat) * self.y_scale + self.top

    def simplified(self, arcs: Arcs, tolerance: float = SIMPLIFY_TOLERANCE) -> tuple[tuple[Point, ...], ...]:
        """``arcs`` without the points that lie within ``tolerance`` SVG units of the line through
        their neighbours (Douglas-Peucker, measured after projection). Each arc keeps its two
        ends, so the borders two zones share stay one line and the outlines still chain."""
        return tuple(tuple(arc[i] for i in _kept([self.point(*p) for p in arc], tolerance)) for arc in arcs)

    def rings(self, arcs: Arcs, rings: Iterable[Sequence[int]]) -> tuple[Ring, ...]:
        """Project rings of arc references, leaving out rings that shrink below a triangle."""
        projected = (self.project(_ring_points(arcs, refs)) for refs in rings)
        return tuple(ring for ring in projected if len(ring) >= 3)


def _kept(points: Sequence[Point], tolerance: float) -> list[int]:
    """Indices of the points Douglas-Peucker keeps: both ends, and every point farther than
    ``tolerance`` from the chord of the stretch it lies in (iteratively, no recursion limit).
    A closed arc (an island, an enclave) keeps at least a triangle, however small it is."""
    last = len(points) - 1
    if last < 2:
        return list(range(last + 1))
    keep = {0, last}
    stretches = [(0, last)]
    closed = points[0] == points[-1]
    while stretches:
        first, end = stretches.pop()
        least = 0.0 if closed and len(keep) < 4 else tolerance  # a closed arc's triangle first
        (x0, y0), (x1, y1) = points[first], points[end]
        dx, dy = x1 - x0, y1 - y0
        length = math.hypot(dx, dy)
        farthest, distance = None, least
        for index in range(first + 1, end):
            x, y = points[index]
            # Distance to the chord; to its first point when the stretch is closed (a ring arc).
            away = abs(dy * (x - x0) - dx * (y - y0)) / length if length else math.hypot(x - x0, y - y0)
            if away > distance:
                farthest, distance = index, away
        if farthest is not None:
            keep.add(farthest)
            stretches += [(first, farthest), (farthest, end)]
    return sorted(keep)


def _number(value: float) -> str:
    """Shortest text for a coordinate already rounded to one decimal ("12" rather than "12.0")."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _line_data(line: Ring) -> str:
    coordinates = " ".join(f"{_number(x)} {_number(y)}" for x, y in line[1:])
    return f"M{_number(line[0][0])} {_number(line[0][1])}L{coordinates}"


def _path_data(rings: Iterable[Ring]) -> str:
    """SVG path ``d`` for closed rings: one ``M`` per ring, then implicit line-tos, then ``Z``."""
    return "".join(f"{_line_data(ring)}Z" for ring in rings)


# --------------------------------------------------------------------------------------------
# Label placement
# --------------------------------------------------------------------------------------------


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


def _clearance(
    edges: Sequence[tuple[float, float, float, float]], px: float, py: float, floor: float
) -> float:
    """Distance from a point to the nearest edge, with x shrunk by ``LABEL_ASPECT``, or any value
    not above ``floor`` as soon as an edge is that close (the point then cannot win).

    Edges are (x0, y0, dx, dy) in the shrunk space, precomputed by the caller.
    """
    px /= LABEL_ASPECT
    nearest, floor_squared = math.inf, floor * floor if floor > 0 else -1.0
    for x0, y0, dx, dy in edges:
        length = dx * dx + dy * dy
        t = 0.0 if length == 0 else max(0.0, min(1.0, ((px - x0) * dx + (py - y0) * dy) / length))
        ex, ey = px - x0 - t * dx, py - y0 - t * dy
        nearest = min(nearest, ex * ex + ey * ey)
        if nearest <= floor_squared:
            break
    return math.sqrt(nearest)


def _grid_points(ring: Ring, step: float) -> Iterable[Point]:
    """Grid points inside ``ring``: every column of each inside span, plus the span's middle for
    spans narrower than a step."""
    ys = [y for _, y in ring]
    y = min(ys) + step / 2
    while y < max(ys):
        crossings = _crossings(ring, y)
        for left, right in zip(crossings[::2], crossings[1::2], strict=True):
            yield (left + right) / 2, y
            x = left + step / 2
            while x < right:
                yield x, y
                x += step
        y += step


def label_point(ring: Ring, grid: int = 16) -> Point:
    """A point well inside ``ring`` with room for a horizontal label, rounded to 0.1 unit.

    Why not the centroid: concave zones can have it near or beyond their border (Halle-Vilvoorde
    wraps around Brussels, so its centroid lies right next to the Brussels label). This picks the
    grid point farthest from the ring's edges, a coarse "pole of inaccessibility" in which
    horizontal room counts less (see ``LABEL_ASPECT``). Every edge counts (a thinned ring moved
    labels onto borders); candidates stop being measured once an edge is closer than the best.
    """
    xs, ys = [x for x, _ in ring], [y for _, y in ring]
    step = max(max(xs) - min(xs), max(ys) - min(ys)) / grid
    edges = _shrunk_edges(ring)
    rough = _shrunk_edges(ring[:: max(1, len(ring) // 100)])
    # Measuring the likeliest winners first (by a rough clearance on a thinned ring) lets the
    # exact measurement of the others stop at their first edge closer than the best so far.
    candidates = sorted(_grid_points(ring, step), key=lambda point: -_clearance(rough, *point, 0.0))
    best, best_clearance = (sum(xs) / len(xs), sum(ys) / len(ys)), -1.0
    for x, y in candidates:
        clearance = _clearance(edges, x, y, best_clearance)
        if clearance > best_clearance:
            best, best_clearance = (x, y), clearance
    return round(best[0], 1), round(best[1], 1)


def _shrunk_edges(ring: Ring) -> list[tuple[float, float, float, float]]:
    """The ring's edges as (x0, y0, dx, dy) with x shrunk by ``LABEL_ASPECT``."""
    return [
        (x0 / LABEL_ASPECT, y0, (x1 - x0) / LABEL_ASPECT, y1 - y0)
        for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True)
    ]


# --------------------------------------------------------------------------------------------
# The generated file
# --------------------------------------------------------------------------------------------


def _municipal_border_path(topology: Topology, frame: Frame) -> str:
    """One open path with every municipal border drawn once (arcs shared by two municipalities).

    Drawing the shared arcs rather than each municipality's outline halves the markup and avoids
    double strokes; the outer border is already drawn by the zones.
    """
    usage = _arc_usage(topology.geometries)
    lines = (frame.project(topology.arcs[index], closed=False) for index in sorted(usage) if usage[index] > 1)
    return "".join(_line_data(line) for line in lines if len(line) >= 2)


def _zone_entry(
    topology: Topology, frame: Frame, code: str, members: list[dict]
) -> tuple[float, dict] | None:
    """(area, entry) of one zone drawn as the union of its municipalities; None if nothing is left."""
    rings = frame.rings(topology.arcs, _merged_rings(topology.arcs, members))
    if not rings:
        return None
    entry = {
        "code": code,
        "municipalities": sorted(member["properties"]["nis"] for member in members),
        "label": list(label_point(max(rings, key=_ring_area))),
        "path": _path_data(rings),
    }
    return sum(_ring_area(ring) for ring in rings), entry


def build_zone_map(zone_of: Mapping[str, str | None], *, source: Path = MUNICIPALITIES_FILE) -> dict:
    """The content of ``networks/zone_map.json`` for zones given as municipality NIS code -> zone
    code (None: in no zone).

    Zones are listed largest first, so that small zones (Brussels) are painted over the strokes
    of the zones around them. Raises ``UnknownMunicipalities`` when a zone holds a municipality
    the boundary file does not have: drawing that zone without it would be wrong.
    """
    topology = decode_topology(source)
    by_nis = {geometry["properties"]["nis"]: geometry for geometry in topology.geometries}
    unknown = sorted(nis for nis, code in zone_of.items() if code and nis not in by_nis)
    if unknown:
        raise UnknownMunicipalities(f"no boundary in {source.name} for municipalities {', '.join(unknown)}")
    members: defaultdict[str, list[dict]] = defaultdict(list)
    for nis, geometry in sorted(by_nis.items()):
        if zone_of.get(nis):
            members[zone_of[nis]].append(geometry)

    frame = Frame.fitting(topology.arcs)
    topology = Topology(frame.simplified(topology.arcs), topology.geometries)
    entries = [_zone_entry(topology, frame, code, geometries) for code, geometries in members.items()]
    zones = [
        entry for _, entry in sorted(filter(None, entries), key=lambda item: (-item[0], item[1]["code"]))
    ]
    return {
        "about": "Generated by `python manage.py build_zone_map` from the file in `source`: do not edit.",
        "source": source.relative_to(settings.BASE_DIR).as_posix(),
        "viewbox": VIEWBOX,
        "zones": zones,
        "unzoned_municipalities": sorted(nis for nis in by_nis if not zone_of.get(nis)),
        "municipal_borders": _municipal_border_path(topology, frame),
    }


def zone_map_text(data: dict) -> str:
    """The file's exact text: stable key order and one zone field per line, so diffs stay readable."""
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def write_zone_map(zone_of: Mapping[str, str | None], *, path: Path = ZONE_MAP_FILE) -> bool:
    """Regenerate the zone map file for ``zone_of`` (see build_zone_map); True if it changed.

    Running processes pick the new file up at their next render (networks.maps.zone_map).
    """
    text = zone_map_text(build_zone_map(zone_of))
    if path.exists() and path.read_text(encoding="utf-8") == text:
        return False
    partial = path.with_name(f".{path.name}.partial")
    partial.write_text(text, encoding="utf-8")
    partial.replace(path)  # atomic: a render never reads half a file
    return True


def municipality_shapes(source: Path = MUNICIPALITIES_FILE) -> dict[str, str]:
    """NIS code -> SVG path ``d`` for every municipality, in the same frame as the zone map."""
    topology = decode_topology(source)
    frame = Frame.fitting(topology.arcs)
    return {
        geometry["properties"]["nis"]: _path_data(frame.rings(topology.arcs, _rings(geometry)))
        for geometry in topology.geometries
    }
