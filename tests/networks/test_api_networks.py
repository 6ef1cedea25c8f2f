"""Open data API for networks and `?as_of=`: public, read-only, a fixed number of queries."""

import datetime

import pytest
import yaml
from django.utils import timezone

from networks.models import RecognitionStatus
from networks.services.networks import network_set_status
from tests.networks.conftest import PAST, RECOGNITION
from tests.networks.factories import (
    LegacyOrganisationFactory,
    MunicipalityFactory,
    NetworkFactory,
    RegionalCareZoneFactory,
    RegionalCareZoneMembershipFactory,
    ServiceAreaFactory,
    recognition_day_row,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def kempen_network(kempen_network, kempen):
    """Here the Kempen network serves its zone from the recognition day, replaces two legacy
    organisations and is recognised from then."""
    ServiceAreaFactory(network=kempen_network, zone=kempen, valid_from=RECOGNITION)
    LegacyOrganisationFactory(code="pn-pnat", successor=kempen_network, merger_date=RECOGNITION)
    LegacyOrganisationFactory(code="mbe-ispahan", mbe=True, successor=kempen_network, merger_date=RECOGNITION)
    network_set_status(
        network=kempen_network, to_status=RecognitionStatus.RECOGNISED, effective_date=RECOGNITION
    )
    return kempen_network


def test_network_list_shows_every_field_without_login(anonymous_client, kempen_network):
    response = anonymous_client.get("/api/v1/networks/")
    assert response.status_code == 200
    assert response.json()["results"] == [
        {
            "code": "npz-kempen",
            "name": "Netwerk Palliatieve Zorg Kempen",
            "short_name": "NPZ Kempen",
            "enterprise_number": "0123456749",
            "status": "RECOGNISED",
            "status_on_day": None,  # today lies before the recognition takes effect
            "seat_nis_code": "13025",
            "address": "Markt 1, 2400 Mol",
            "website": "https://npz-kempen.example/",
            "email": "info@npz-kempen.example",
            "phone": "014 00 00 00",
            "is_demo": False,
            "service_areas": [{"zone": "kempen", "valid_from": "2027-01-01", "valid_until": None}],
            "predecessors": ["mbe-ispahan", "pn-pnat"],
        }
    ]


def test_network_detail_uses_the_code(anonymous_client, kempen_network):
    assert (
        anonymous_client.get("/api/v1/networks/npz-kempen/").json()["name"]
        == "Netwerk Palliatieve Zorg Kempen"
    )
    assert anonymous_client.get("/api/v1/networks/unknown/").status_code == 404


def test_as_of_lists_the_networks_serving_on_that_day(anonymous_client, kempen_network):
    early = NetworkFactory(code="npz-vroeg", name="Vroeg netwerk")
    ServiceAreaFactory(network=early, zone=RegionalCareZoneFactory(code="elders"), valid_from=PAST)
    NetworkFactory(code="npz-zonder", name="Netwerk zonder gebied")

    def codes(as_of):
        return [
            n["code"] for n in anonymous_client.get("/api/v1/networks/", {"as_of": as_of}).json()["results"]
        ]

    assert codes("2026-06-01") == ["npz-vroeg"]
    assert codes("2027-01-01") == ["npz-kempen", "npz-vroeg"]
    all_codes = [n["code"] for n in anonymous_client.get("/api/v1/networks/").json()["results"]]
    assert all_codes == ["npz-kempen", "npz-zonder", "npz-vroeg"]


def test_as_of_sets_the_status_and_service_areas_of_that_day(anonymous_client, kempen, kempen_network):
    ServiceAreaFactory(
        network=kempen_network, zone=kempen, valid_from=PAST, valid_until=datetime.date(2026, 12, 31)
    )

    before = anonymous_client.get("/api/v1/networks/npz-kempen/", {"as_of": "2026-06-01"}).json()
    assert before["status_on_day"] is None
    assert before["service_areas"] == [
        {"zone": "kempen", "valid_from": "2025-01-01", "valid_until": "2026-12-31"}
    ]

    after = anonymous_client.get("/api/v1/networks/npz-kempen/", {"as_of": "2027-06-01"}).json()
    assert after["status_on_day"] == "RECOGNISED"
    assert after["service_areas"] == [{"zone": "kempen", "valid_from": "2027-01-01", "valid_until": None}]

    assert len(anonymous_client.get("/api/v1/networks/npz-kempen/").json()["service_areas"]) == 2


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/networks/",
        "/api/v1/networks/npz-kempen/",
        "/api/v1/municipalities/",
        "/api/v1/municipalities/13025/",
        "/api/v1/municipalities/13025/network/",
        "/api/v1/legacy-organisations/",
    ],
)
@pytest.mark.parametrize(
    ("as_of", "message"),
    [
        ("2026-13-01", "2026-13-01 is not a date (use YYYY-MM-DD)."),
        ("morgen", "morgen is not a date (use YYYY-MM-DD)."),
        ("1800-01-01", "1800-01-01 lies outside 1990–2100."),
        # Python reads these as dates too; the parameter says YYYY-MM-DD (found by review).
        ("20270101", "20270101 is not written as YYYY-MM-DD (write 2027-01-01)."),
        ("2027-W01-1", "2027-W01-1 is not written as YYYY-MM-DD (write 2027-01-04)."),
    ],
)
def test_invalid_as_of_is_a_400_with_a_message(anonymous_client, mol, path, as_of, message):
    response = anonymous_client.get(path, {"as_of": as_of}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert response.json() == {"as_of": [message]}


def test_network_list_query_count_does_not_grow(anonymous_client, django_assert_num_queries):
    def add_networks(n):
        for _ in range(n):
            network = NetworkFactory()
            ServiceAreaFactory(network=network, valid_from=PAST)
            LegacyOrganisationFactory(successor=network, merger_date=RECOGNITION)
            network_set_status(network=network, to_status=RecognitionStatus.RECOGNISED, effective_date=PAST)

    add_networks(1)
    with django_assert_num_queries(5) as one:
        anonymous_client.get("/api/v1/networks/")
    add_networks(9)
    for params in ({}, {"as_of": "2026-06-01"}):
        with django_assert_num_queries(len(one.captured_queries)):
            response = anonymous_client.get("/api/v1/networks/", params)
        assert response.json()["count"] == 10
        assert {n["status_on_day"] for n in response.json()["results"]} == {"RECOGNISED"}


def test_municipality_network_answers_with_the_serving_network(anonymous_client, kempen_network):
    response = anonymous_client.get("/api/v1/municipalities/13025/network/", {"as_of": "2027-03-01"})
    assert response.status_code == 200
    body = response.json()
    assert body["municipality"] == {"nis_code": "13025", "name": "Mol"}
    assert body["as_of"] == "2027-03-01"
    assert body["regional_care_zone"] == "kempen"
    assert body["network"]["code"] == "npz-kempen"
    assert body["network"]["status_on_day"] == "RECOGNISED"
    assert body["detail"] is None


def test_municipality_network_is_null_with_a_reason_before_any_network(anonymous_client, kempen_network):
    recognition_day_row("2027-01-01")
    body = anonymous_client.get(
        "/api/v1/municipalities/13025/network/", {"as_of": "2026-06-01"}, HTTP_ACCEPT_LANGUAGE="en"
    ).json()
    assert body["regional_care_zone"] == "kempen"
    assert body["network"] is None
    assert body["detail"] == (
        "No network serves the regional care zone kempen on 2026-06-01; "
        "the networks are expected to be recognised from 2027-01-01 (expected)."
    )
    assert (body["recognition_day"], body["recognition_certainty"]) == ("2027-01-01", "HOPED")


def test_municipality_network_without_zone_says_so(anonymous_client):
    MunicipalityFactory(nis_code="13040", name="Zonderzone")
    body = anonymous_client.get("/api/v1/municipalities/13040/network/", HTTP_ACCEPT_LANGUAGE="en").json()
    assert body["regional_care_zone"] is None
    assert body["network"] is None
    assert body["detail"].startswith("No regional care zone is known for Zonderzone on ")


def test_municipality_network_defaults_to_today(anonymous_client, kempen, mol):
    ServiceAreaFactory(network=NetworkFactory(code="npz-nu"), zone=kempen, valid_from=PAST)
    body = anonymous_client.get("/api/v1/municipalities/13025/network/").json()
    assert body["network"]["code"] == "npz-nu"
    assert body["as_of"] == timezone.localdate().isoformat()


def test_municipality_network_404_for_unknown_nis_code(anonymous_client):
    assert anonymous_client.get("/api/v1/municipalities/99999/network/").status_code == 404


def test_municipality_network_query_count_is_fixed(
    anonymous_client, kempen_network, django_assert_num_queries
):
    with django_assert_num_queries(7):
        anonymous_client.get("/api/v1/municipalities/13025/network/", {"as_of": "2027-03-01"})


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
@pytest.mark.parametrize(
    "path", ["/api/v1/networks/", "/api/v1/networks/npz-kempen/", "/api/v1/municipalities/13025/network/"]
)
def test_network_endpoints_are_read_only_even_for_staff(staff_client, mol, method, path):
    response = getattr(staff_client, method)(path, data={}, content_type="application/json")
    assert response.status_code == 405


def test_municipalities_as_of_shows_the_zones_of_that_day(anonymous_client, kempen):
    municipality = MunicipalityFactory(nis_code="13040", name="Verhuisd")
    RegionalCareZoneMembershipFactory(
        municipality=municipality, zone=kempen, valid_from=PAST, valid_until=datetime.date(2025, 12, 31)
    )
    RegionalCareZoneMembershipFactory(
        municipality=municipality,
        zone=RegionalCareZoneFactory(code="elders"),
        valid_from=datetime.date(2026, 1, 1),
    )

    def zone(params):
        return anonymous_client.get("/api/v1/municipalities/13040/", params).json()["regional_care_zone"]

    assert zone({"as_of": "2025-06-01"}) == "kempen"
    assert zone({"as_of": "2026-06-01"}) == "elders"
    assert zone({}) == "elders"
    in_kempen = anonymous_client.get(
        "/api/v1/municipalities/", {"regional_care_zone": "kempen", "as_of": "2025-06-01"}
    )
    assert [m["nis_code"] for m in in_kempen.json()["results"]] == ["13040"]
    assert (
        anonymous_client.get("/api/v1/municipalities/", {"regional_care_zone": "kempen"}).json()["count"] == 0
    )


def test_legacy_organisations_as_of_lists_those_active_that_day(anonymous_client):
    LegacyOrganisationFactory(code="pn-blijft")
    LegacyOrganisationFactory(code="pn-fusie", successor=NetworkFactory(), merger_date=RECOGNITION)
    LegacyOrganisationFactory(code="pn-later", active_from=datetime.date(2026, 1, 1))

    def codes(params):
        results = anonymous_client.get("/api/v1/legacy-organisations/", params).json()["results"]
        return sorted(o["code"] for o in results)

    assert codes({}) == ["pn-blijft", "pn-fusie", "pn-later"]
    assert codes({"as_of": "2025-06-01"}) == ["pn-blijft", "pn-fusie"]
    assert codes({"as_of": "2027-01-01"}) == ["pn-blijft", "pn-later"]


def test_schema_documents_the_network_endpoints_and_as_of(anonymous_client):
    schema = yaml.safe_load(anonymous_client.get("/api/v1/schema/").content)
    for path in (
        "/api/v1/networks/",
        "/api/v1/networks/{code}/",
        "/api/v1/municipalities/{nis_code}/network/",
    ):
        assert path in schema["paths"]
        parameters = {p["name"] for p in schema["paths"][path]["get"].get("parameters", [])}
        assert "as_of" in parameters, path


@pytest.fixture
def pajottegem(kempen):
    """A municipality merged on 1 January 2025 from three former ones (23024 was Gooik)."""
    return MunicipalityFactory(
        nis_code="23106", name="Pajottegem", merged_from_nis_codes="23023;23024;23032", zone=kempen
    )


def test_municipality_network_answers_a_former_nis_code_for_the_merged_municipality(
    anonymous_client, pajottegem, kempen_network
):
    """The public search found 23024 (Gooik, now Pajottegem), the API answered 404 (found by
    review): both ask `municipality_by_nis_code`, and the answer says which municipality it is."""
    former = anonymous_client.get("/api/v1/municipalities/23024/network/", {"as_of": "2027-03-01"})
    assert former.status_code == 200
    body = former.json()
    assert body["municipality"] == {"nis_code": "23106", "name": "Pajottegem"}
    assert body["former_nis_code"] == "23024"
    assert body["regional_care_zone"] == "kempen"
    assert body["network"]["code"] == "npz-kempen"
    current = anonymous_client.get("/api/v1/municipalities/23106/network/", {"as_of": "2027-03-01"}).json()
    assert current["former_nis_code"] is None
    assert {**current, "former_nis_code": "23024"} == body
    # A code is a whole code: not a part of the list of former ones.
    for code in ("23025", "3024", "23024;23032"):
        assert anonymous_client.get(f"/api/v1/municipalities/{code}/network/").status_code == 404


def test_a_code_that_is_current_and_former_answers_for_the_current_municipality(anonymous_client, kempen):
    """Antwerpen kept its code 11002 when Borsbeek merged into it."""
    MunicipalityFactory(nis_code="11002", name="Antwerpen", merged_from_nis_codes="11002;11007", zone=kempen)
    body = anonymous_client.get("/api/v1/municipalities/11002/network/").json()
    assert body["municipality"]["nis_code"] == "11002" and body["former_nis_code"] is None
    assert anonymous_client.get("/api/v1/municipalities/11007/network/").json()["former_nis_code"] == "11007"


def test_municipality_network_query_count_is_the_same_for_a_former_code(
    anonymous_client, pajottegem, kempen_network, django_assert_num_queries
):
    with django_assert_num_queries(7):
        anonymous_client.get("/api/v1/municipalities/23024/network/", {"as_of": "2027-03-01"})


def test_the_schema_documents_the_former_nis_code_of_the_answer(anonymous_client):
    import json

    english = anonymous_client.get("/api/v1/schema/", {"format": "json"}, HTTP_ACCEPT_LANGUAGE="en")
    schema = json.loads(english.content)
    answer = schema["components"]["schemas"]["MunicipalityNetwork"]
    assert "former_nis_code" in answer["required"]
    assert answer["properties"]["former_nis_code"]["nullable"] is True
    assert "former" in answer["properties"]["former_nis_code"]["description"]
    described = schema["paths"]["/api/v1/municipalities/{nis_code}/network/"]["get"]["description"]
    assert "former" in described


@pytest.fixture
def recognised_later(db):
    """A network that is a candidate today, recognised from a day far ahead (the decision is
    already taken, so its latest status is RECOGNISED), and one recognised since 2025."""
    later = NetworkFactory(code="npz-later")
    ServiceAreaFactory(network=later, valid_from=PAST)
    network_set_status(network=later, to_status=RecognitionStatus.CANDIDATE, effective_date=PAST)
    network_set_status(
        network=later, to_status=RecognitionStatus.RECOGNISED, effective_date=datetime.date(2099, 1, 1)
    )
    already = NetworkFactory(code="npz-erkend")
    ServiceAreaFactory(network=already, valid_from=PAST)
    network_set_status(network=already, to_status=RecognitionStatus.RECOGNISED, effective_date=PAST)
    return later


def test_the_status_filter_follows_the_status_on_the_day(anonymous_client, recognised_later):
    """?status=RECOGNISED listed networks whose recognition takes effect later, and whose
    status_on_day said CANDIDATE (found by review): the filter follows status_on_day."""

    def listed(params):
        results = anonymous_client.get("/api/v1/networks/", params).json()["results"]
        return {n["code"]: (n["status"], n["status_on_day"]) for n in results}

    assert listed({"status": "RECOGNISED"}) == {"npz-erkend": ("RECOGNISED", "RECOGNISED")}
    assert listed({"status": "CANDIDATE"}) == {"npz-later": ("RECOGNISED", "CANDIDATE")}
    assert listed({"status": "RECOGNISED", "as_of": "2099-06-01"}) == {
        "npz-erkend": ("RECOGNISED", "RECOGNISED"),
        "npz-later": ("RECOGNISED", "RECOGNISED"),
    }
    assert listed({"status": "CANDIDATE", "as_of": "2099-06-01"}) == {}
    assert listed({"status": "CANDIDATE", "as_of": "2026-06-01"}) == {
        "npz-later": ("RECOGNISED", "CANDIDATE")
    }
    assert anonymous_client.get("/api/v1/networks/", {"status": "FOO"}).status_code == 400


def test_the_status_filter_keeps_the_query_count(
    anonymous_client, recognised_later, django_assert_num_queries
):
    with django_assert_num_queries(5) as one:
        anonymous_client.get("/api/v1/networks/", {"status": "CANDIDATE"})
    for _ in range(3):
        network_set_status(
            network=NetworkFactory(), to_status=RecognitionStatus.CANDIDATE, effective_date=PAST
        )
    with django_assert_num_queries(len(one.captured_queries)):
        assert anonymous_client.get("/api/v1/networks/", {"status": "CANDIDATE"}).json()["count"] == 4


def test_the_schema_says_which_status_the_field_and_the_filter_mean(anonymous_client):
    import json

    english = anonymous_client.get("/api/v1/schema/", {"format": "json"}, HTTP_ACCEPT_LANGUAGE="en")
    schema = json.loads(english.content)
    field = schema["components"]["schemas"]["Network"]["properties"]["status"]["description"]
    assert "latest recognition decision" in field and "after the as_of day" in field
    parameters = {p["name"]: p for p in schema["paths"]["/api/v1/networks/"]["get"]["parameters"]}
    assert "in force on the as_of day" in parameters["status"]["description"]


def test_a_legacy_organisation_names_its_successor_and_merger_date(anonymous_client, kempen_network):
    LegacyOrganisationFactory(code="pn-blijft")
    results = {o["code"]: o for o in anonymous_client.get("/api/v1/legacy-organisations/").json()["results"]}
    assert (results["pn-pnat"]["successor"], results["pn-pnat"]["merger_date"]) == (
        "npz-kempen",
        "2027-01-01",
    )
    assert (results["pn-blijft"]["successor"], results["pn-blijft"]["merger_date"]) == (None, None)
    one = anonymous_client.get("/api/v1/legacy-organisations/mbe-ispahan/").json()
    assert one["successor"] == "npz-kempen"


def test_the_predecessors_on_a_day_are_those_merged_by_then(anonymous_client, kempen_network):
    LegacyOrganisationFactory(
        code="pn-later", successor=kempen_network, merger_date=RECOGNITION + datetime.timedelta(days=90)
    )

    def predecessors(params):
        return anonymous_client.get("/api/v1/networks/npz-kempen/", params).json()["predecessors"]

    assert predecessors({}) == ["mbe-ispahan", "pn-later", "pn-pnat"]  # every one recorded
    assert predecessors({"as_of": "2027-02-01"}) == ["mbe-ispahan", "pn-pnat"]
    assert predecessors({"as_of": "2027-06-01"}) == ["mbe-ispahan", "pn-later", "pn-pnat"]
    listed = anonymous_client.get("/api/v1/networks/", {"as_of": "2027-02-01"}).json()["results"]
    assert listed[0]["predecessors"] == ["mbe-ispahan", "pn-pnat"]
