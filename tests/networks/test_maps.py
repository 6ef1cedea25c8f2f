"""networks.maps and networks.zone_geometry: every zone has a shape, the SVG is valid, small,
escaped and looks like Flanders; the committed geometry is what the generator draws, rendering
decodes no TopoJSON, and zones that changed since the geometry was generated are left out and
named, never drawn stale."""

import csv
import datetime
import re
import xml.etree.ElementTree as ET
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from networks import maps, zone_geometry
from networks.selectors import coverage_on
from networks.services.reference_data import FIXTURES_DIR
from tests.networks.factories import (
    MunicipalityFactory,
    NetworkFactory,
    RegionalCareZoneFactory,
    RegionalCareZoneMembershipFactory,
    ServiceAreaFactory,
)

SVG_NS = "{http://www.w3.org/2000/svg}"
SIZE_LIMIT = 60_000  # about 49 kB with every option; 90 kB before the arcs were simplified


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


def test_simplifying_drops_what_the_eye_cannot_see_and_keeps_shared_borders_one_line():
    wiggly = [(0.0, 0.0), (1.0, 0.1), (2.0, 0.0), (3.0, -0.1), (4.0, 0.0)]
    assert zone_geometry._kept(wiggly, 0.5) == [0, 4]  # wiggles of 0.1 go
    assert zone_geometry._kept(wiggly, 0.05) == [0, 1, 3, 4]  # (2, 0) lies on the chord of its neighbours
    assert zone_geometry._kept([(0.0, 0.0), (1.0, 2.0), (2.0, 0.0)], 0.5) == [0, 1, 2]  # a peak stays
    tiny_island = [(0.0, 0.0), (0.1, 0.0), (0.1, 0.1), (0.05, 0.12), (0.0, 0.1), (0.0, 0.0)]
    assert len(set(tiny_island[i] for i in zone_geometry._kept(tiny_island, 0.5))) == 3  # a triangle
    # Brussels lies inside Flanders: each point of its outline is on a border with a Flemish zone,
    # which both draw from the same simplified arcs (no gap, no overlap between them).
    shapes = maps.zone_shapes()
    around = {point for code, d in shapes.items() if code != "brussel" for point in _points(d)}
    assert set(_points(shapes["brussel"])) <= around


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
        {},
        titles={"kempen": evil, "limburg": "Limburg"},
        labels={"kempen": evil, "unknown": evil},
        zones=[*maps.zone_shapes(), "unknown"],
        caption=evil,
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
    assert evil in root.find(f"{SVG_NS}desc").text  # the zone not on the map is named, escaped


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
    assert len(zone_geometry.municipality_shapes()) == 304


def test_the_geometry_file_is_read_once_per_process():
    first = maps.zone_shapes()
    first["kempen"] = "changed"  # callers get a copy, the cache is not affected
    assert maps.zone_shapes()["kempen"] != "changed"
    before = maps.read_zone_map.cache_info()
    maps.render_zone_map({})
    maps.render_zone_map({})
    after = maps.read_zone_map.cache_info()
    assert after.misses == before.misses and after.hits > before.hits


def test_the_committed_geometry_is_what_the_generator_draws_from_the_boundary_file():
    """If the boundaries, the projection or the label placement change, networks/zone_map.json
    must be regenerated (build_zone_map): this fails until it is."""
    geometry = maps.zone_map()
    zone_of = {nis: code for nis, code in geometry.zone_of.items() if code}
    assert zone_geometry.zone_map_text(zone_geometry.build_zone_map(zone_of)) == maps.ZONE_MAP_FILE.read_text(
        encoding="utf-8"
    )


def test_rendering_decodes_no_topojson(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("rendering decoded TopoJSON")

    monkeypatch.setattr(zone_geometry, "decode_topology", refuse)
    maps.read_zone_map.cache_clear()  # the first render after this reads the file again
    svg = maps.render_zone_map({"kempen": "#ff8800"}, labels={"kempen": "Kempen"}, municipal_borders=True)
    assert _paths(svg)["kempen"].get("fill") == "#ff8800"
    assert maps.read_zone_map.cache_info().misses == 1


def _note(svg):
    root = ET.fromstring(svg)
    desc = root.find(f"{SVG_NS}desc")
    return desc.text if desc is not None else None


def test_a_zone_the_geometry_does_not_have_is_named_not_drawn():
    svg = maps.render_zone_map(
        {},
        zones=["kempen", "rzz2019-limburg"],
        labels={"kempen": "Kempen", "rzz2019-limburg": "<b>Limburg (2019)</b>"},
    )
    assert set(_paths(svg)) == {"kempen"}
    assert "<b>" not in svg
    assert "<b>Limburg (2019)</b>" in _note(svg)
    shown = " ".join(text.text for text in ET.fromstring(svg).iter(f"{SVG_NS}text"))
    assert "Limburg (2019)" in shown  # on the map itself, not only for screen readers


@pytest.mark.parametrize(
    ("memberships", "off"),
    [
        ({"13001": "limburg"}, {"kempen", "limburg"}),  # Arendonk moved from Kempen to Limburg
        ({"13001": None}, {"kempen"}),  # Arendonk in no zone any more
        ({"13001": "kempen", "71002": "limburg"}, set()),  # as drawn
        ({"90001": "kempen"}, set()),  # a municipality the boundaries do not know cannot contradict them
    ],
)
def test_zones_whose_municipalities_changed_are_left_out(memberships, off):
    zones = ["kempen", "limburg", "westhoek"]
    svg = maps.render_zone_map({}, zones=zones, memberships=memberships)
    assert set(_paths(svg)) == set(zones) - off
    assert set(maps.zones_off_the_map(zones, memberships)) == off
    assert (_note(svg) is None) == (not off)


def test_only_the_zones_asked_for_are_drawn():
    assert set(_paths(maps.render_zone_map({}, zones=["westhoek", "brussel"]))) == {"westhoek", "brussel"}


@pytest.mark.django_db
def test_the_coverage_map_names_zones_the_geometry_draws_from_other_municipalities():
    kempen, limburg = (
        RegionalCareZoneFactory(code=code, name=code.title()) for code in ("kempen", "limburg")
    )
    RegionalCareZoneMembershipFactory(municipality=MunicipalityFactory(nis_code="13001"), zone=kempen)
    RegionalCareZoneMembershipFactory(municipality=MunicipalityFactory(nis_code="71011"), zone=limburg)
    ServiceAreaFactory(
        network=NetworkFactory(name="NPZ Kempen"), zone=kempen, valid_from=datetime.date(2027, 1, 1)
    )
    svg, legend = maps.coverage_map(coverage_on(datetime.date(2027, 1, 1)))
    assert set(_paths(svg)) == {"kempen", "limburg"}
    assert [item["network"].name for item in legend] == ["NPZ Kempen"]

    RegionalCareZoneMembershipFactory(
        municipality=MunicipalityFactory(nis_code="71002"), zone=kempen, valid_from=datetime.date(2027, 6, 1)
    )  # a Limburg municipality joins Kempen in the data, not in the geometry
    svg, _legend = maps.coverage_map(coverage_on(datetime.date(2027, 7, 1)))
    assert set(_paths(svg)) == set()
    assert "Kempen" in _note(svg) and "Limburg" in _note(svg)


@pytest.fixture
def output(tmp_path):
    return tmp_path / "zone_map.json"


@pytest.mark.django_db
def test_build_zone_map_draws_the_zones_of_the_database(output):
    zone = RegionalCareZoneFactory(code="noorderkempen-test")
    for nis in ("13001", "13002"):  # Arendonk and Baarle-Hertog, enclaves included
        RegionalCareZoneMembershipFactory(municipality=MunicipalityFactory(nis_code=nis), zone=zone)
    MunicipalityFactory(nis_code="71002")  # in no zone

    call_command("build_zone_map", "--output", output, stdout=StringIO())
    geometry = maps.read_zone_map(output, 0)
    assert list(geometry.zones) == ["noorderkempen-test"]
    assert geometry.zones["noorderkempen-test"].municipalities == {"13001", "13002"}
    assert geometry.zones["noorderkempen-test"].path.count("M") > 10
    assert geometry.zone_of["71002"] is None

    call_command("build_zone_map", "--check", "--output", output, stdout=StringIO())
    RegionalCareZoneMembershipFactory(municipality=MunicipalityFactory(nis_code="13003"), zone=zone)
    with pytest.raises(CommandError, match="out of date"):
        call_command("build_zone_map", "--check", "--output", output, stdout=StringIO())


@pytest.mark.django_db
@pytest.mark.parametrize("nis", [None, "90001"])
def test_build_zone_map_refuses_zones_it_cannot_draw(output, nis):
    if nis:
        RegionalCareZoneMembershipFactory(municipality=MunicipalityFactory(nis_code=nis))
    with pytest.raises(CommandError, match="load_reference_data" if nis is None else "90001"):
        call_command("build_zone_map", "--output", output, stdout=StringIO())
    assert not output.exists()


@pytest.mark.parametrize("n", [0, 1, 8, 16, 40])
def test_palette_gives_n_distinct_hex_colours(n):
    colours = maps.palette(n)
    assert len(colours) == n
    assert len(set(colours)) == n
    assert all(re.fullmatch(r"#[0-9a-f]{6}", colour) for colour in colours)


@pytest.mark.django_db
def test_a_day_before_the_zones_existed_draws_no_zone_and_blames_no_boundary():
    # The zones' municipalities join them from 2025: on a day before, there is no zone to draw,
    # list or count, and nothing "changed after the boundaries were drawn".
    kempen = RegionalCareZoneFactory(code="kempen", name="Kempen")
    RegionalCareZoneMembershipFactory(
        municipality=MunicipalityFactory(nis_code="13001"), zone=kempen, valid_from=datetime.date(2025, 1, 1)
    )
    before = coverage_on(datetime.date(2020, 1, 1))
    assert before.zones == [] and before.uncovered_zones == []
    svg, _legend = maps.coverage_map(before)
    assert set(_paths(svg)) == set() and _note(svg) is None

    assert [item.zone.code for item in coverage_on(datetime.date(2025, 1, 1)).uncovered_zones] == ["kempen"]
