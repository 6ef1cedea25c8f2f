"""networks.maps: every zone has a shape, the SVG is valid, small, escaped and looks like Flanders."""

import csv
import re
import xml.etree.ElementTree as ET

import pytest

from networks import maps
from networks.services.reference_data import FIXTURES_DIR

SVG_NS = "{http://www.w3.org/2000/svg}"
SIZE_LIMIT = 150_000


def _zone_codes():
    with (FIXTURES_DIR / "regional_care_zones.csv").open(newline="", encoding="utf-8") as handle:
        return [row["code"] for row in csv.DictReader(handle)]


def _points(d):
    """(x, y) pairs of a path made of M/L/Z commands with absolute coordinates."""
    numbers = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", d)]
    return list(zip(numbers[::2], numbers[1::2], strict=True))


def _mean_x(d):
    points = _points(d)
    return sum(x for x, _ in points) / len(points)


def _bbox(d):
    points = _points(d)
    xs, ys = [x for x, _ in points], [y for _, y in points]
    return min(xs), min(ys), max(xs), max(ys)


def _paths(svg):
    root = ET.fromstring(svg)
    return {path.get("data-zone"): path for path in root.iter(f"{SVG_NS}path") if path.get("data-zone")}


def test_every_zone_in_the_fixtures_has_a_shape():
    codes = _zone_codes()
    assert len(codes) == 16
    assert set(maps.zone_shapes()) == set(codes)


def test_shapes_stay_inside_the_viewbox_and_do_not_collapse():
    _, _, width, height = (float(n) for n in maps.VIEWBOX.split())
    for code, d in maps.zone_shapes().items():
        left, top, right, bottom = _bbox(d)
        assert (right - left) * (bottom - top) > 0, code
        assert 0 <= left < right <= width, code
        assert 0 <= top < bottom <= height, code


def test_shapes_are_where_they_belong():
    shapes = maps.zone_shapes()
    assert _mean_x(shapes["limburg"]) > _mean_x(shapes["westhoek"])
    assert _mean_x(shapes["kempen"]) > _mean_x(shapes["regio-gent"])
    # Brussels is an enclave: its box lies within the box of Halle-Vilvoorde, which wraps around it.
    b_left, b_top, b_right, b_bottom = _bbox(shapes["brussel"])
    h_left, h_top, h_right, h_bottom = _bbox(shapes["halle-vilvoorde"])
    assert h_left < b_left and b_right < h_right and h_top < b_top and b_bottom < h_bottom


def test_brussels_is_one_merged_outline_and_enclaves_are_kept():
    shapes = maps.zone_shapes()
    assert shapes["brussel"].count("M") == 1  # 19 municipalities, internal borders dropped
    assert shapes["kempen"].count("M") > 10  # Baarle-Hertog enclaves
    assert shapes["limburg"].count("M") == 2  # Voeren


def test_rendered_map_is_xml_with_one_path_per_zone_and_the_given_fills():
    svg = maps.render_zone_map({"kempen": "#ff8800"}, caption="Zones")
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG_NS}svg"
    assert root.get("viewBox") == maps.VIEWBOX
    assert root.get("role") == "img"
    assert root.find(f"{SVG_NS}title").text == "Zones"
    paths = _paths(svg)
    assert set(paths) == set(_zone_codes())
    assert paths["kempen"].get("fill") == "#ff8800"
    assert paths["limburg"].get("fill") == "#e9ecef"


def test_titles_and_labels_appear_and_are_escaped():
    evil = "<script>alert('x')</script> & co"
    svg = maps.render_zone_map(
        {}, titles={"kempen": evil, "limburg": "Limburg"}, labels={"kempen": evil}, caption=evil
    )
    assert "<script>" not in svg
    root = ET.fromstring(svg)
    assert root.find(f"{SVG_NS}title").text == evil
    paths = _paths(svg)
    assert paths["kempen"].find(f"{SVG_NS}title").text == evil
    assert paths["limburg"].find(f"{SVG_NS}title").text == "Limburg"
    assert paths["westhoek"].find(f"{SVG_NS}title") is None
    texts = [text.text for text in root.iter(f"{SVG_NS}text")]
    assert evil in texts


def test_labels_sit_inside_their_zone_box():
    shapes = maps.zone_shapes()
    svg = maps.render_zone_map({}, labels={code: code for code in shapes}, attribution="")
    texts = list(ET.fromstring(svg).iter(f"{SVG_NS}text"))
    assert len(texts) == 16
    for text in texts:
        left, top, right, bottom = _bbox(shapes[text.text])
        assert left < float(text.get("x")) < right and top < float(text.get("y")) < bottom, text.text


@pytest.mark.parametrize("fill", ['red" onload="alert(1)', "url(https://example.org/#x)", "red;x"])
def test_fills_that_are_not_colours_are_refused(fill):
    with pytest.raises(ValueError):
        maps.render_zone_map({"kempen": fill})


def test_map_with_all_options_stays_small():
    codes = _zone_codes()
    svg = maps.render_zone_map(
        dict(zip(codes, maps.palette(len(codes)), strict=True)),
        titles={code: f"Zone {code}" for code in codes},
        labels={code: code for code in codes},
        caption="All zones",
    )
    assert len(svg.encode()) < SIZE_LIMIT


def test_municipal_borders_are_optional():
    plain = maps.render_zone_map({})
    detailed = maps.render_zone_map({}, municipal_borders=True)
    assert len(detailed) > len(plain)
    assert len(_paths(detailed)) == 16
    assert len(maps.municipality_shapes()) == 304


def test_geometry_is_computed_once_per_process():
    first = maps.zone_shapes()
    first["kempen"] = "changed"  # callers get a copy, the cache is not affected
    assert maps.zone_shapes()["kempen"] != "changed"
    hits = maps._zone_paths.cache_info().hits
    maps.render_zone_map({})
    assert maps._zone_paths.cache_info().hits == hits + 1


@pytest.mark.parametrize("n", [0, 1, 8, 16, 40])
def test_palette_gives_n_distinct_hex_colours(n):
    colours = maps.palette(n)
    assert len(colours) == n
    assert len(set(colours)) == n
    assert all(re.fullmatch(r"#[0-9a-f]{6}", colour) for colour in colours)
