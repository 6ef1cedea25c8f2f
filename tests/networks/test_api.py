"""Open data API: public, read-only, natural keys, a valid OpenAPI 3 schema."""

import pytest
import yaml
from bs4 import BeautifulSoup
from openapi_spec_validator import validate

from tests.networks.factories import (
    LegacyOrganisationFactory,
    MunicipalityFactory,
    PrimaryCareZoneMembershipFactory,
    RegionalCareZoneFactory,
)

pytestmark = pytest.mark.django_db


def test_lists_every_reference_row_without_login_and_filters_by_zone(anonymous_client, reference_data):
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

    # The zone filters, on the real data (the reference data loads once for both checks).
    kempen = anonymous_client.get("/api/v1/municipalities/?regional_care_zone=kempen").json()
    assert kempen["count"] == 27
    assert {m["regional_care_zone"] for m in kempen["results"]} == {"kempen"}
    antwerp_subzone = anonymous_client.get(
        "/api/v1/municipalities/?primary_care_zone=antwerpen-centrum"
    ).json()
    assert [m["nis_code"] for m in antwerp_subzone["results"]] == ["11002"]


def test_details_use_natural_keys(anonymous_client):
    MunicipalityFactory(nis_code="13025", name="Mol", zone=RegionalCareZoneFactory(code="kempen"))
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
    # Readers of the open data read what the endpoints give, not how the code caches them.
    published = response.content.decode()
    assert "milliseconds" not in published and "Parses" not in published and "cache" not in published


def test_api_docs_list_every_endpoint_of_the_schema_as_plain_html(anonymous_client):
    schema = yaml.safe_load(anonymous_client.get("/api/v1/schema/").content)
    response = anonymous_client.get("/api/v1/docs/")
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    listed = {code.get_text() for code in soup.select(".api-endpoint h2 code")}
    assert listed == set(schema["paths"])
    municipalities = soup.select_one("#municipalities_list")
    assert "regional_care_zone" in municipalities.get_text()  # a filter parameter
    assert "nis_code" in municipalities.get_text()  # a field of the answer
    # No Swagger UI: only our own scripts, served locally.
    assert [tag["src"] for tag in soup.select("script")] == [
        "/static/vendor/bootstrap/bootstrap.bundle.min.js"
    ]


def test_the_api_documentation_reads_dutch_in_dutch():
    """Every description of the documentation page (the API's, each endpoint's, parameter's and
    field's) differs between Dutch and English: none is left in English on the Dutch page. (An
    English field without a description of its own is left out by drf-spectacular.)"""
    from npz_registry.api_docs import api_endpoints

    def texts(language):
        api = api_endpoints(language)
        found = {"api": str(api["info"]["description"]), "title": str(api["info"]["title"])}
        for endpoint in api["endpoints"]:
            found[endpoint["id"]] = endpoint["description"]
            for kind in ("parameters", "fields"):
                for item in endpoint[kind]:
                    if item["description"]:
                        found[f"{endpoint['id']} {kind} {item['name']}"] = item["description"]
        return found

    dutch, english = texts("nl-be"), texts("en")
    same = [(name, text) for name, text in dutch.items() if english.get(name) == text and text != "E-mail"]
    assert same == []


def test_a_row_that_is_not_there_is_named_in_the_readers_language(anonymous_client):
    dutch = anonymous_client.get("/api/v1/networks/onbekend/", HTTP_ACCEPT_LANGUAGE="nl-be")
    assert dutch.status_code == 404
    assert dutch.json() == {"detail": "Er is geen netwerk (NPZ) met code onbekend."}
    english = anonymous_client.get("/api/v1/municipalities/99999/network/", HTTP_ACCEPT_LANGUAGE="en")
    assert english.json() == {"detail": "There is no municipality with nis_code 99999."}


def test_municipality_list_query_count_does_not_grow(anonymous_client, django_assert_num_queries):
    def add_municipalities(n):
        for _ in range(n):
            PrimaryCareZoneMembershipFactory(municipality=MunicipalityFactory(zone=RegionalCareZoneFactory()))

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


def test_a_whole_list_is_made_once_per_data_version_and_follows_a_change(
    anonymous_client, django_assert_max_num_queries, commit_pending
):
    """Nobody logs in to the API: a list without filters is read from the cache for the next
    reader (only the data version is asked), until the data changes."""
    zone = RegionalCareZoneFactory(code="kempen", name="Kempen")
    commit_pending()
    first = anonymous_client.get("/api/v1/regional-care-zones/").json()
    assert [row["name"] for row in first["results"]] == ["Kempen"]
    with django_assert_max_num_queries(1):  # the data version
        assert anonymous_client.get("/api/v1/regional-care-zones/").json() == first

    zone.name = "Kempen (gewijzigd)"
    zone.save()
    commit_pending()
    again = anonymous_client.get("/api/v1/regional-care-zones/").json()
    assert [row["name"] for row in again["results"]] == ["Kempen (gewijzigd)"]
    # Each page of the list, and each language, is kept on its own.
    assert anonymous_client.get("/api/v1/regional-care-zones/?page=1").json() == again
    assert anonymous_client.get("/api/v1/regional-care-zones/?page=2").status_code == 404


def test_a_filtered_list_or_another_day_is_made_on_each_request(anonymous_client, commit_pending):
    """Query strings are the reader's to choose: those lists are not kept, so that they cannot
    fill the cache, and a refused filter answers 400 as before."""
    from django.core.cache import cache

    MunicipalityFactory(nis_code="13025", name="Mol")
    commit_pending()
    for query in (
        "?region=VLAAMS_GEWEST",
        "?as_of=2027-01-01",
        "?page_size=1",
        "?unknown=1",
        "?page=1&page=1",
    ):
        assert anonymous_client.get(f"/api/v1/municipalities/{query}").status_code == 200
    assert not [key for key in cache._cache if ":api:" in key]
    assert anonymous_client.get("/api/v1/municipalities/?as_of=gisteren").status_code == 400
    # One entry per page, however its number is written.
    for query in ("", "?page=1", "?page=01", "?page=0001"):
        assert anonymous_client.get(f"/api/v1/municipalities/{query}").status_code == 200
    assert len([key for key in cache._cache if ":api:" in key]) == 1


@pytest.mark.parametrize("model", ["regionalcarezone", "primarycarezone"])
def test_the_admin_says_where_zone_notes_are_typed_that_the_api_publishes_them(staff_client, model):
    """The open data API publishes a zone's notes (found by review: staff could not know)."""
    from tests.networks.factories import PrimaryCareZoneFactory, RegionalCareZoneFactory

    zone = (RegionalCareZoneFactory if model == "regionalcarezone" else PrimaryCareZoneFactory)(code="z1")
    response = staff_client.get(f"/admin/networks/{model}/{zone.pk}/change/")
    assert response.status_code == 200
    assert "de open-data-API publiceert" in response.content.decode()


def test_the_schema_says_which_links_may_be_empty_as_the_answers_have_them(anonymous_client):
    """A primary care zone without parent, an organisation without partner or seat and a network
    without seat answer null, where the schema promised a string (found by review)."""
    import json

    schema = json.loads(anonymous_client.get("/api/v1/schema/", {"format": "json"}).content)["components"][
        "schemas"
    ]
    for name, field in [
        ("PrimaryCareZone", "parent"),
        ("LegacyOrganisation", "partner"),
        ("LegacyOrganisation", "seat_nis_code"),
        ("Network", "seat_nis_code"),
    ]:
        assert schema[name]["properties"][field].get("nullable") is True, (name, field)


@pytest.mark.parametrize("path", ["/api/v1/networks/test-a/", "/api/v1/networks/"])
def test_an_unknown_format_is_said_to_be_one_not_a_missing_row(anonymous_client, path):
    """ "?format=xml" on an existing network answered "There is no network with code test-a"
    (found by review)."""
    from tests.networks.factories import NetworkFactory

    NetworkFactory(code="test-a")
    response = anonymous_client.get(path, {"format": "xml"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 404
    detail = response.json()["detail"]
    assert detail.startswith("There is no answer in this format") and "json" in detail
    assert anonymous_client.get("/api/v1/networks/nope/", HTTP_ACCEPT_LANGUAGE="en").json()["detail"] == (
        "There is no network (NPZ) with code nope."
    )


@pytest.mark.parametrize("value", ["maybe", "nee", "yes", "2"])
def test_a_yes_no_filter_refuses_what_is_neither_rather_than_answer_every_row(anonymous_client, value):
    """ "?is_demo=nee" answered every network, the demo ones included, as if no filter was asked
    (found by review)."""
    from tests.networks.factories import NetworkFactory

    NetworkFactory(code="test-a", is_demo=True)
    NetworkFactory(code="test-b", is_demo=False)
    refused = anonymous_client.get("/api/v1/networks/", {"is_demo": value}, HTTP_ACCEPT_LANGUAGE="en")
    assert refused.status_code == 400 and "true or false" in str(refused.json())
    for asked, codes in (
        ("false", ["test-b"]),
        ("0", ["test-b"]),
        ("True", ["test-a"]),
        ("", ["test-a", "test-b"]),
    ):
        answer = anonymous_client.get("/api/v1/networks/", {"is_demo": asked}).json()
        assert sorted(row["code"] for row in answer["results"]) == codes, asked


def test_the_schema_still_documents_the_yes_no_filters_as_booleans(anonymous_client):
    import json

    schema = json.loads(anonymous_client.get("/api/v1/schema/", {"format": "json"}).content)
    parameters = schema["paths"]["/api/v1/networks/"]["get"]["parameters"]
    assert next(p for p in parameters if p["name"] == "is_demo")["schema"]["type"] == "boolean"


@pytest.mark.parametrize(
    "query, field",
    [({"page": "abc"}, "page"), ({"page": "0"}, "page"), ({"page_size": "abc"}, "page_size"),
     ({"page_size": "-5"}, "page_size"), ({"page_size": "0"}, "page_size")],
)  # fmt: skip
def test_a_page_or_page_size_that_is_no_number_is_a_bad_request(anonymous_client, query, field):
    """ "page=abc" answered 404 and "page_size=abc" was ignored (found by review)."""
    response = anonymous_client.get("/api/v1/networks/", query, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400 and field in response.json()


def test_a_page_past_the_last_is_still_not_found(anonymous_client):
    assert anonymous_client.get("/api/v1/networks/", {"page": "9"}).status_code == 404
    assert anonymous_client.get("/api/v1/networks/", {"page": "1", "page_size": "2"}).status_code == 200


@pytest.mark.parametrize("value", ["maybe", "nee", "yes", "2"])
def test_include_clusters_refuses_what_is_neither_yes_nor_no(anonymous_client, value):
    """ "?include_clusters=maybe" answered the list without clusters as if nothing was asked, and
    "?include_clusters=1" left the clusters out (found by review): it is a yes/no filter like
    the others."""
    from networks.models import PrimaryCareZone
    from tests.networks.factories import PrimaryCareZoneFactory

    PrimaryCareZoneFactory(code="zora")
    PrimaryCareZoneFactory(code="antwerpen-en-rand", kind=PrimaryCareZone.Kind.ELZ_CLUSTER)
    refused = anonymous_client.get(
        "/api/v1/primary-care-zones/", {"include_clusters": value}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert refused.status_code == 400 and "true or false" in str(refused.json()["include_clusters"])
    for asked, codes in (
        ({"include_clusters": "true"}, ["antwerpen-en-rand", "zora"]),
        ({"include_clusters": "1"}, ["antwerpen-en-rand", "zora"]),
        ({"include_clusters": "True"}, ["antwerpen-en-rand", "zora"]),
        ({"include_clusters": "false"}, ["zora"]),
        ({"include_clusters": "0"}, ["zora"]),
        ({"include_clusters": ""}, ["zora"]),
        ({}, ["zora"]),
        ({"kind": "ELZ_CLUSTER", "include_clusters": "true"}, ["antwerpen-en-rand"]),
    ):
        answer = anonymous_client.get("/api/v1/primary-care-zones/", asked).json()
        assert sorted(row["code"] for row in answer["results"]) == codes, asked
    # A cluster keeps its own address, whatever the list leaves out.
    assert anonymous_client.get("/api/v1/primary-care-zones/antwerpen-en-rand/").status_code == 200


def test_the_schema_declares_include_clusters_as_a_yes_no_parameter(anonymous_client):
    import json

    schema = json.loads(anonymous_client.get("/api/v1/schema/", {"format": "json"}).content)
    parameters = schema["paths"]["/api/v1/primary-care-zones/"]["get"]["parameters"]
    include_clusters = next(p for p in parameters if p["name"] == "include_clusters")
    assert include_clusters["in"] == "query" and include_clusters["schema"]["type"] == "boolean"
    assert "cluster" in include_clusters["description"]


def test_the_api_docs_show_urls_and_email_addresses_as_strings_not_objects(anonymous_client):
    """A field that may be blank is "a URL or an empty string" in the schema (oneOf): the page
    showed it as "object" (found by review)."""
    from npz_registry.api_docs import api_endpoints

    endpoints = {endpoint["id"]: endpoint for endpoint in api_endpoints("en")["endpoints"]}
    for endpoint_id, name, expected in (
        ("networks_list", "website", "string (uri)"),
        ("networks_list", "email", "string (email)"),
        ("legacy_organisations_list", "website", "string (uri)"),
        ("legacy_organisations_list", "email", "string (email)"),
        ("regional_care_zones_list", "lblod_uri", "string (uri)"),
    ):
        fields = {field["name"]: field["type"] for field in endpoints[endpoint_id]["fields"]}
        assert fields[name] == expected, (endpoint_id, name)
    shown = [
        (endpoint["id"], item["name"], item["type"])
        for endpoint in endpoints.values()
        for item in endpoint["parameters"] + endpoint["fields"]
    ]
    assert [row for row in shown if "object" in row[2]] == []
    soup = BeautifulSoup(
        anonymous_client.get("/api/v1/docs/", HTTP_ACCEPT_LANGUAGE="en").content, "html.parser"
    )
    rows = {row.th.get_text(strip=True): row for row in soup.select("#networks_list tbody tr")}
    assert rows["website"].select_one("td code").get_text() == "string (uri)"
