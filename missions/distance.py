"""Distance to care, from our own geometry (decision 0001 §2.4).

The note aims at "de meest kwetsbare burger met een grote afstand tot kwaliteitsvolle
palliatieve zorg". The registry has no travel times; it has the municipal boundaries
(fixtures/geo/municipalities.topojson, Provincies in Cijfers / Statbel) and the seat of every
network. The built-in indicator ``FAR_FROM_SEAT`` is, per zone, the share of the zone's
population living in municipalities whose centre lies more than a threshold (in km) from the
seat municipality of the network that serves the zone.

Limits, shown beside the indicator:

* the whole population of a municipality is placed at its centre (the area-weighted centroid
  of its polygons, computed in a local equirectangular projection);
* distances are straight lines on the sphere (haversine), not travel times;
* the threshold is our own assumption (20 km) until staff set one on the indicator with its
  source.

The pure functions here know no Django model: ``share_far`` takes (inhabitants, distance) rows;
``municipality_centroids`` reads the boundary file once per process. The selector
``missions.selectors.far_from_seat`` gathers the rows per zone.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path

from networks.zone_geometry import MUNICIPALITIES_FILE, decode_topology

#: Threshold used while staff have not set one on the indicator: our own assumption.
DEFAULT_THRESHOLD_KM = 20.0
#: Mean radius of the earth in km (IUGG).
EARTH_RADIUS_KM = 6371.0088

LatLon = tuple[float, float]


def haversine_km(a: LatLon, b: LatLon) -> float:
    """Great-circle distance in km between two (latitude, longitude) points in degrees."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(h))


def ring_centroid(points: Sequence[tuple[float, float]]) -> tuple[float, float, float]:
    """Signed area and area-weighted centre (x, y) of a closed ring (shoelace formula)."""
    area = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(points, points[1:], strict=False):
        cross = x0 * y1 - x1 * y0
        area += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    area /= 2
    if area == 0:
        return 0.0, 0.0, 0.0
    return area, cx / (6 * area), cy / (6 * area)


def polygon_centroid(rings_lon_lat: Iterable[Sequence[tuple[float, float]]]) -> LatLon | None:
    """Area-weighted centroid (lat, lon) of a set of rings (outer rings and holes with opposite
    orientation), in a local equirectangular projection around their mean latitude."""
    rings = [ring for ring in rings_lon_lat if len(ring) >= 4]
    if not rings:
        return None
    lat0 = math.radians(sum(lat for ring in rings for _lon, lat in ring) / sum(len(r) for r in rings))
    scale = math.cos(lat0)
    total = sx = sy = 0.0
    for ring in rings:
        area, x, y = ring_centroid([(lon * scale, lat) for lon, lat in ring])
        total += area
        sx += area * x
        sy += area * y
    if total == 0:
        return None
    return sy / total, sx / total / scale


def _arc(arcs, ref: int):
    return arcs[ref] if ref >= 0 else arcs[~ref][::-1]


def stitched_rings(arcs, geometry: dict) -> list[list[tuple[float, float]]]:
    """The rings of a TopoJSON Polygon or MultiPolygon as lon/lat point lists."""
    if geometry["type"] == "Polygon":
        refs = geometry["arcs"]
    elif geometry["type"] == "MultiPolygon":
        refs = [ring for polygon in geometry["arcs"] for ring in polygon]
    else:
        return []
    rings = []
    for ring_refs in refs:
        points: list[tuple[float, float]] = []
        for ref in ring_refs:
            arc = _arc(arcs, ref)
            points.extend(arc[1:] if points else arc)
        rings.append(points)
    return rings


def municipality_centroids(path: Path = MUNICIPALITIES_FILE) -> dict[str, LatLon]:
    """NIS code -> centroid (lat, lon) of every municipality of the boundary file; read once per
    process and again after the file changed."""
    return read_centroids(path, path.stat().st_mtime_ns)


@lru_cache(maxsize=2)
def read_centroids(path: Path, version: int) -> dict[str, LatLon]:
    topology = decode_topology(path)
    centroids = {}
    for geometry in topology.geometries:
        centre = polygon_centroid(stitched_rings(topology.arcs, geometry))
        if centre is not None:
            centroids[geometry["properties"]["nis"]] = centre
    return centroids


def share_far(rows: Iterable[tuple[int, float]], threshold_km: float) -> float | None:
    """The share (0–1) of the population living more than ``threshold_km`` away, from rows of
    (inhabitants, distance in km). None when the population is 0."""
    rows = list(rows)
    total = sum(count for count, _km in rows)
    if total <= 0:
        return None
    return sum(count for count, km in rows if km > threshold_km) / total
