"""Open data API: public, read-only, natural keys, a valid OpenAPI 3 schema."""

import pytest
import yaml
from openapi_spec_validator import validate

from tests.networks.factories import (
    LegacyOrganisationFactory,
    MunicipalityFactory,
    PrimaryCareZoneMembershipFactory,
    RegionalCareZoneFactory,
    RegionalCareZoneMembershipFactory,
)

pytestmark = pytest.mark.django_db


def test_lists_every_reference_row_without_login(anonymous_client, reference_data):
    municipalities = anonymous_client.get("/api/v1/municipalities/").json()
    assert municipalities["count"] == 304
    assert len(municipalities["results"]) == 304
    assert municipalities["results"][0] == {
        "nis_code": "11001",
        "name": "Aartselaar",
        "name_fr": "",
        "region": "VLAAMS_GEWEST",
        "province": "Antwerpen",
        "arrondissement": "Antwerpen",
        "primary_care_zones": ["rupelaar"],
        "regional_care_zone": "regio-antwerpen",
    }

    primary = anonymous_client.get("/api/v1/primary-care-zones/").json()
    assert primary["count"] == 60
    assert "antwerpen-en-rand" not in {zone["code"] for zone in primary["results"]}
    assert anonymous_client.get("/api/v1/primary-care-zones/?include_clusters=true").json()["count"] == 61

    regional = anonymous_client.get("/api/v1/regional-care-zones/").json()
    assert regional["count"] == 16
    assert {zone["is_verified"] for zone in regional["results"]} == {False}

    organisations = anonymous_client.get("/api/v1/legacy-organisations/").json()
    assert organisations["count"] == 18
    kinds = [organisation["kind"] for organisation in organisations["results"]]
    assert kinds.count("PN_PSV") == 11 and kinds.count("MBE") == 7


def test_municipalities_filter_by_zone(anonymous_client, reference_data):
    kempen = anonymous_client.get("/api/v1/municipalities/?regional_care_zone=kempen").json()
    assert kempen["count"] == 27
    assert {m["regional_care_zone"] for m in kempen["results"]} == {"kempen"}
    antwerp_subzone = anonymous_client.get(
        "/api/v1/municipalities/?primary_care_zone=antwerpen-centrum"
    ).json()
    assert [m["nis_code"] for m in antwerp_subzone["results"]] == ["11002"]


def test_details_use_natural_keys(anonymous_client):
    municipality = MunicipalityFactory(nis_code="13025", name="Mol")
    RegionalCareZoneMembershipFactory(municipality=municipality, zone=RegionalCareZoneFactory(code="kempen"))
    organisation = LegacyOrganisationFactory(code="pn-pnat", name="PNAT")
    organisation.partner = LegacyOrganisationFactory(code="mbe-ispahan", mbe=True)
    organisation.save()

    assert anonymous_client.get("/api/v1/municipalities/13025/").json()["regional_care_zone"] == "kempen"
    assert anonymous_client.get("/api/v1/regional-care-zones/kempen/").json()["code"] == "kempen"
    assert anonymous_client.get("/api/v1/legacy-organisations/pn-pnat/").json()["partner"] == "mbe-ispahan"
    assert anonymous_client.get("/api/v1/municipalities/99999/").status_code == 404


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_api_is_read_only_even_for_staff(staff_client, method):
    MunicipalityFactory(nis_code="13025")
    url = "/api/v1/municipalities/" if method == "post" else "/api/v1/municipalities/13025/"
    response = getattr(staff_client, method)(url, data={}, content_type="application/json")
    assert response.status_code == 405


def test_schema_is_valid_openapi_3(anonymous_client):
    response = anonymous_client.get("/api/v1/schema/")
    assert response.status_code == 200
    schema = yaml.safe_load(response.content)
    assert schema["openapi"].startswith("3.")
    validate(schema)
    for path in (
        "/api/v1/regional-care-zones/",
        "/api/v1/primary-care-zones/",
        "/api/v1/municipalities/",
        "/api/v1/legacy-organisations/",
    ):
        assert path in schema["paths"]


def test_api_docs_are_served_from_local_assets(anonymous_client):
    response = anonymous_client.get("/api/v1/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "/static/drf_spectacular_sidecar/" in html
    assert "cdn" not in html.lower()


def test_municipality_list_query_count_does_not_grow(anonymous_client, django_assert_num_queries):
    def add_municipalities(n):
        for _ in range(n):
            m = MunicipalityFactory()
            RegionalCareZoneMembershipFactory(municipality=m)
            PrimaryCareZoneMembershipFactory(municipality=m)

    add_municipalities(1)
    with django_assert_num_queries(4) as one:
        anonymous_client.get("/api/v1/municipalities/")
    add_municipalities(9)
    with django_assert_num_queries(len(one.captured_queries)):
        response = anonymous_client.get("/api/v1/municipalities/")
    assert response.json()["count"] == 10


def test_legacy_organisation_list_query_count_does_not_grow(anonymous_client, django_assert_num_queries):
    LegacyOrganisationFactory()
    with django_assert_num_queries(3) as one:
        anonymous_client.get("/api/v1/legacy-organisations/")
    LegacyOrganisationFactory.create_batch(9)
    with django_assert_num_queries(len(one.captured_queries)):
        anonymous_client.get("/api/v1/legacy-organisations/")
