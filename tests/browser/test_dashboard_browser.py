"""Staff open the transition dashboard in a real browser: the coverage map is drawn with the
zones coloured by network."""

import datetime

from tests.networks.factories import (
    MunicipalityFactory,
    NetworkFactory,
    RegionalCareZoneFactory,
    ServiceAreaFactory,
    StaffFactory,
    recognition_day_row,
)


def test_coverage_map_colours_zones_by_network(page, screenshot_dir, logged_in):
    recognition_day_row("2027-01-01")  # the dashboard shows the recognition day
    for code, name in (("kempen", "Kempen"), ("limburg", "Limburg"), ("westhoek", "Westhoek")):
        # A zone exists on the day when a municipality belongs to it (Westhoek: one, no network).
        MunicipalityFactory(zone=RegionalCareZoneFactory(code=code, name=name))
    ServiceAreaFactory(
        network=NetworkFactory(name="Netwerk Kempen"),
        zone=RegionalCareZoneFactory(code="kempen"),
        valid_from=datetime.date(2027, 1, 1),
    )
    ServiceAreaFactory(
        network=NetworkFactory(name="Netwerk Limburg"),
        zone=RegionalCareZoneFactory(code="limburg"),
        valid_from=datetime.date(2027, 1, 1),
    )

    logged_in(StaffFactory, "staff.map", "/transition/", ".coverage-map svg")

    fill = {
        code: page.get_attribute(f'.coverage-map path[data-zone="{code}"]', "fill")
        for code in ("kempen", "limburg", "westhoek")
    }
    assert fill["kempen"] != fill["limburg"]
    assert fill["westhoek"] == "#e9ecef"  # no network: the neutral grey
    box = page.locator(".coverage-map svg").bounding_box()
    assert box["width"] > 400 and box["height"] > 150
    page.locator(".coverage-map").screenshot(path=screenshot_dir / "coverage-map.png")
