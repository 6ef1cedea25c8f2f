"""The public search page: which network serves a municipality (no login)."""

import datetime

import pytest
from bs4 import BeautifulSoup

from networks.search import match_municipality, normalise_name
from tests.networks.conftest import PAST
from tests.networks.factories import (
    LegacyOrganisationFactory,
    MunicipalityFactory,
    NetworkFactory,
    RegionalCareZoneFactory,
    ServiceAreaFactory,
    recognition_day_row,
)

pytestmark = pytest.mark.django_db

URL = "/netwerk-zoeken/"
SUGGESTIONS_URL = "/netwerk-zoeken/gemeenten/"


def search(client, **params):
    """The page in English, so the assertions do not depend on the Dutch translation."""
    response = client.get(URL, params, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def kempen_network(kempen_network, kempen):
    """Here the Kempen network serves its zone since 2025."""
    ServiceAreaFactory(network=kempen_network, zone=kempen, valid_from=PAST)
    return kempen_network


def test_empty_query_shows_the_form_with_every_municipality_to_choose_from(anonymous_client, mol):
    html = search(anonymous_client)
    assert 'name="q"' in html
    assert '<label for="id_q"' in html
    assert '<option value="Mol" label="13025">' in html
    assert "network-name" not in html


def test_page_is_dutch_by_default_and_announces_its_result(anonymous_client):
    html = anonymous_client.get(URL).content.decode()
    assert '<html lang="nl-be">' in html
    assert 'aria-live="polite"' in html


def test_search_by_name_shows_the_network_and_its_contact_details(anonymous_client, kempen_network):
    html = search(anonymous_client, q="Mol")
    assert "Netwerk Palliatieve Zorg Kempen" in html
    assert "Kempen" in html
    assert "Markt 1, 2400 Mol" in html
    assert 'href="tel:014000000"' in html
    assert 'href="mailto:info@npz-kempen.example"' in html
    assert 'href="https://npz-kempen.example/"' in html
    assert "fictional / demo" not in html


def test_search_by_nis_code(anonymous_client, kempen_network):
    assert "Netwerk Palliatieve Zorg Kempen" in search(anonymous_client, q="13025")


def test_search_ignores_case_accents_and_hyphens(anonymous_client, kempen):
    MunicipalityFactory(
        nis_code="23101", name="Sint-Genesius-Rode", name_fr="Rhode-Saint-Genèse", zone=kempen
    )
    ServiceAreaFactory(network=NetworkFactory(name="Netwerk Rand"), zone=kempen, valid_from=PAST)

    for query in ("sint genesius rode", "SINT-GENÉSIUS-RODE", "rhode-saint-genese"):
        assert "Netwerk Rand" in search(anonymous_client, q=query), query


def test_a_unique_prefix_or_part_of_a_name_is_offered_not_answered(anonymous_client, kempen_network):
    """A part of a name may mean a part of a municipality the registry does not know: even a
    single municipality containing it is offered to choose, not answered (found by review)."""
    for query in ("mo", "ol"):
        html = search(anonymous_client, q=query)
        assert "Netwerk Palliatieve Zorg Kempen" not in html, query
        assert heading(html) == "Did you mean…?"
        assert candidate_links(html) == {"Mol": f"{URL}?q=Mol"}
    assert "Netwerk Palliatieve Zorg Kempen" in search(anonymous_client, q="Mol")


def test_exact_name_wins_over_longer_names(anonymous_client, kempen_network):
    MunicipalityFactory(nis_code="13999", name="Molenbeek-Wersbeek")
    assert "Netwerk Palliatieve Zorg Kempen" in search(anonymous_client, q="mol")


def test_several_matches_are_listed_as_links_that_search_their_exact_name(anonymous_client):
    MunicipalityFactory(nis_code="71053", name="Sint-Truiden")
    MunicipalityFactory(nis_code="46021", name="Sint-Niklaas")
    html = search(anonymous_client, q="sint", as_of="2027-02-01")
    assert heading(html) == "Did you mean…?"
    assert "No municipality is called exactly “sint”" in html
    assert f'href="{URL}?q=Sint-Truiden&amp;as_of=2027-02-01"' in html
    assert f'href="{URL}?q=Sint-Niklaas&amp;as_of=2027-02-01"' in html


def test_unknown_name_gets_help_and_close_matches_not_an_error(anonymous_client, mol):
    MunicipalityFactory(nis_code="13008", name="Geel")
    html = search(anonymous_client, q="Mool")
    assert "We do not know a municipality called “Mool”" in html
    assert "Did you mean:" in html
    assert f'href="{URL}?q=Mol"' in html


def test_unknown_name_without_anything_close_still_answers_helpfully(anonymous_client, mol):
    html = search(anonymous_client, q="Xyz")
    assert "We do not know a municipality called “Xyz”" in html
    assert "NIS code" in html
    assert "Did you mean:" not in html


def test_unknown_nis_code_says_so(anonymous_client, mol):
    assert "No municipality has NIS code 99999" in search(anonymous_client, q="99999")


def test_a_postcode_is_recognised_as_one_and_the_answer_says_what_to_type(anonymous_client, mol):
    """Citizens know their postcode: "2400" answered "no municipality called 2400" (found by
    review)."""
    html = search(anonymous_client, q="2400")
    assert "2400 looks like a postcode" in html and "not by postcode" in html


def test_former_nis_code_leads_to_the_merged_municipality(anonymous_client, kempen):
    MunicipalityFactory(
        nis_code="23106", name="Pajottegem", merged_from_nis_codes="23023;23024;23032", zone=kempen
    )
    html = search(anonymous_client, q="23024")
    assert "Pajottegem" in html
    assert "NIS code 23024 belonged to a former municipality that is now part of Pajottegem." in html


def test_zone_without_network_names_the_zone_and_the_active_legacy_organisations(
    anonymous_client, kempen, mol
):
    active = LegacyOrganisationFactory(code="pn-pnat", name="Palliatief Netwerk Arrondissement Turnhout")
    active.derived_regional_care_zones.add(kempen)
    merged = LegacyOrganisationFactory(
        code="mbe-merged",
        name="Al opgegaan team",
        mbe=True,
        successor=NetworkFactory(),
        merger_date=datetime.date(2026, 1, 1),
    )
    merged.derived_regional_care_zones.add(kempen)
    LegacyOrganisationFactory(code="pn-elders", name="Netwerk elders").derived_regional_care_zones.add(
        RegionalCareZoneFactory(code="elders")
    )

    # A home-care team without zones of its own works where its partner PN/PSV does.
    LegacyOrganisationFactory(code="mbe-ispahan", name="Ispahan", mbe=True, partner=active)

    recognition_day_row("2027-01-01")
    html = search(anonymous_client, q="Mol", as_of="2026-06-01")
    assert "Ispahan" in html
    assert "No network serves the regional care zone Kempen yet" in html
    assert "expected to start, recognised, from 1 January 2027" in html
    assert "Palliative organisations still active in this region" in html
    assert "Palliatief Netwerk Arrondissement Turnhout" in html
    assert "palliative network / cooperation (PN/PSV)" in html
    assert "Al opgegaan team" not in html
    assert "Netwerk elders" not in html


def test_as_of_changes_the_answer(anonymous_client, kempen, mol):
    recognition_day_row("2027-01-01")
    ServiceAreaFactory(
        network=NetworkFactory(name="Netwerk vanaf 2027"), zone=kempen, valid_from=datetime.date(2027, 1, 1)
    )

    before = search(anonymous_client, q="Mol", as_of="2026-12-31")
    assert "No network serves the regional care zone Kempen yet" in before
    assert "Situation on 31 December 2026" in before
    # Before it starts, the network that will serve the zone is named, with the date.
    assert "From 1 January 2027 this network serves Mol" in before
    assert "Netwerk vanaf 2027" in before

    after = search(anonymous_client, q="Mol", as_of="2027-01-01")
    assert "Netwerk vanaf 2027" in after
    assert "Situation on 1 January 2027" in after


def test_invalid_as_of_shows_a_message_and_today(anonymous_client, kempen_network):
    html = search(anonymous_client, q="Mol", as_of="2026-13-45")
    assert "2026-13-45 is not a date" in html
    assert "Netwerk Palliatieve Zorg Kempen" in html
    # The day field says it is the one at fault, and where the reason is.
    field = BeautifulSoup(html, "html.parser").select_one("#id_as_of")
    assert field["aria-invalid"] == "true" and field["aria-describedby"] == "as-of-error"


def test_municipality_without_zone_says_so(anonymous_client):
    MunicipalityFactory(nis_code="13040", name="Zonderzone")
    assert "No regional care zone is known for Zonderzone" in search(anonymous_client, q="Zonderzone")


def test_demo_network_is_labelled_fictional(anonymous_client, kempen, mol):
    ServiceAreaFactory(
        network=NetworkFactory(code="demo-a", name="Demonetwerk A (fictief)", is_demo=True),
        zone=kempen,
        valid_from=PAST,
    )
    html = search(anonymous_client, q="Mol")
    assert "Demonetwerk A (fictief)" in html
    assert "fictional / demo" in html
    assert "not a real organisation" in html


def test_predecessors_are_listed_with_kind_and_merger_date(anonymous_client, kempen_network):
    LegacyOrganisationFactory(
        code="pn-pnat", name="PNAT", successor=kempen_network, merger_date=datetime.date(2027, 1, 1)
    )
    LegacyOrganisationFactory(
        code="mbe-ispahan",
        name="Ispahan",
        mbe=True,
        successor=kempen_network,
        merger_date=datetime.date(2027, 1, 1),
    )

    before = search(anonymous_client, q="Mol", as_of="2026-06-01")
    assert "Organisations it replaces" in before
    assert "PNAT" in before and "Ispahan" in before
    assert "multidisciplinary support team (MBE)" in before
    assert "merges on 1 January 2027" in before

    assert "merged on 1 January 2027" in search(anonymous_client, q="Mol", as_of="2027-02-01")


def test_page_query_count_does_not_grow_with_the_data(
    anonymous_client, kempen_network, django_assert_num_queries
):
    LegacyOrganisationFactory(successor=kempen_network, merger_date=datetime.date(2027, 1, 1))
    # the municipalities, the membership, the network serving (with its seat), its status history,
    # its predecessors, the recognition day and the legacy organisations still active in the zone
    with django_assert_num_queries(7) as one:
        search(anonymous_client, q="Mol")

    for _ in range(2):
        LegacyOrganisationFactory(successor=kempen_network, merger_date=datetime.date(2027, 1, 1))
    MunicipalityFactory.create_batch(5)
    with django_assert_num_queries(len(one.captured_queries)):
        html = search(anonymous_client, q="Mol")
    assert html.count("merges on") == 3


def test_page_query_count_without_a_network_is_fixed(
    anonymous_client, kempen, mol, django_assert_num_queries
):
    for _ in range(3):
        LegacyOrganisationFactory().derived_regional_care_zones.add(kempen)
    # membership, service area, the recognition day, active organisations, and the next network (none here)
    with django_assert_num_queries(6):
        search(anonymous_client, q="Mol", as_of="2026-06-01")


def test_the_answer_and_the_municipality_list_are_kept_until_the_data_changes(
    anonymous_client, kempen_network, commit_pending, django_assert_max_num_queries
):
    """Read once per data version: a second search for Mol reads only the data version (the
    answer's fragment and the list of municipalities are kept), and a change shows at once."""
    commit_pending()
    first = search(anonymous_client, q="Mol")
    assert "Netwerk Palliatieve Zorg Kempen" in first
    with django_assert_max_num_queries(1):
        assert "Netwerk Palliatieve Zorg Kempen" in search(anonymous_client, q="Mol")

    kempen_network.name = "NPZ Kempen hernoemd"
    kempen_network.save()
    MunicipalityFactory(nis_code="13008", name="Geel")
    commit_pending()
    again = search(anonymous_client, q="Mol")
    assert "NPZ Kempen hernoemd" in again and "Netwerk Palliatieve Zorg Kempen" not in again
    assert '<option value="Geel" label="13008">' in again


def test_page_is_read_only(anonymous_client):
    assert anonymous_client.post(URL, {"q": "Mol"}).status_code == 405


def test_logged_in_users_see_the_same_page(coordinator_a_client, kempen_network):
    response = coordinator_a_client.get(URL, {"q": "Mol"}, HTTP_ACCEPT_LANGUAGE="en")
    assert "Netwerk Palliatieve Zorg Kempen" in response.content.decode()


def test_suggestions_return_prefix_matches_first_as_json(anonymous_client, mol):
    MunicipalityFactory(nis_code="21012", name="Sint-Jans-Molenbeek", name_fr="Molenbeek-Saint-Jean")
    MunicipalityFactory(nis_code="13008", name="Geel")
    response = anonymous_client.get(SUGGESTIONS_URL, {"q": "MÓL"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == [
        {"nis_code": "13025", "name": "Mol"},
        {"nis_code": "21012", "name": "Sint-Jans-Molenbeek"},
    ]


def test_suggestions_match_nis_codes_and_stop_at_ten(anonymous_client):
    for n in range(12):
        MunicipalityFactory(nis_code=f"130{n:02d}", name=f"Gemeente {n:02d}")
    assert [s["nis_code"] for s in anonymous_client.get(SUGGESTIONS_URL, {"q": "1300"}).json()] == [
        f"130{n:02d}" for n in range(10)
    ]
    assert len(anonymous_client.get(SUGGESTIONS_URL, {"q": "gemeente"}).json()) == 10


def test_suggestions_for_an_empty_query_are_empty(anonymous_client, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert anonymous_client.get(SUGGESTIONS_URL).json() == []


def test_normalise_name_folds_case_accents_and_punctuation():
    assert normalise_name("  Sint-Genésius–RODE ") == "sint genesius rode"
    assert normalise_name("'s-Gravenvoeren") == "s gravenvoeren"


def test_match_accepts_a_name_with_its_nis_code():
    municipalities = [MunicipalityFactory.build(nis_code="13025", name="Mol")]
    assert match_municipality("Mol (13025)", municipalities).municipality.nis_code == "13025"


def test_the_network_that_will_serve_the_zone_shows_its_status_on_the_day(anonymous_client, kempen, mol):
    from networks.models import NetworkStatusChange

    network = NetworkFactory(name="Netwerk Kempen in oprichting")
    ServiceAreaFactory(network=network, zone=kempen, valid_from=datetime.date(2027, 1, 1))
    for status, day in (("CANDIDATE", datetime.date(2026, 1, 1)), ("RECOGNISED", datetime.date(2027, 1, 1))):
        NetworkStatusChange.objects.create(network=network, to_status=status, effective_date=day)
    html = search(anonymous_client, q="Mol", as_of="2026-06-01")
    upcoming = BeautifulSoup(html, "html.parser").select_one("#upcoming-network").get_text(" ", strip=True)
    assert "Recognition candidate" in upcoming and "no decision yet" not in upcoming
    assert "Recognition recognised" not in upcoming  # the decision for 2027 is not in force yet


def test_the_kept_answer_names_the_former_code_that_was_typed_and_only_then(anonymous_client, kempen):
    """The answer was kept per municipality: after a search for 23024, a search for Pajottegem
    or for 23032 still said "NIS code 23024 belonged to…" (found by review)."""
    from tests.conftest import run_pending_commits

    MunicipalityFactory(
        nis_code="23106", name="Pajottegem", merged_from_nis_codes="23023;23024;23032", zone=kempen
    )
    run_pending_commits()  # what is kept per data version is kept again
    assert "NIS code 23024 belonged" in search(anonymous_client, q="23024")
    assert "belonged to a former municipality" not in search(anonymous_client, q="Pajottegem")
    assert "NIS code 23032 belonged" in search(anonymous_client, q="23032")


def test_as_of_in_another_form_than_yyyy_mm_dd_shows_the_form_and_today(anonymous_client, kempen_network):
    """ "as_of=20270101" was read as 1 January 2027 (found by review): the day field and the
    links write YYYY-MM-DD, and so does the API."""
    html = search(anonymous_client, q="Mol", as_of="20270101")
    assert "20270101 is not written as YYYY-MM-DD (write 2027-01-01); showing" in html
    assert BeautifulSoup(html, "html.parser").select_one("#id_as_of")["value"] == ""


#: As the reference data writes it (fixtures/municipalities.csv, column notes).
ANTWERPEN_NOTE = (
    "Merged on 2025-01-01 from Antwerpen (11002), Borsbeek (11007); population_2020 is the sum of "
    "the former municipalities. ELZ before 2025-01-01: Antwerpen=Antwerpen en rand; Borsbeek=ZORA."
)


def heading(html: str) -> str:
    return BeautifulSoup(html, "html.parser").select_one("#result h2").get_text(" ", strip=True)


def candidate_links(html: str) -> dict[str, str]:
    """The names offered to choose from, each with the address it links to."""
    links = BeautifulSoup(html, "html.parser").select("#candidates a")
    return {link.select_one("span").get_text(" ", strip=True): link["href"] for link in links}


@pytest.fixture
def antwerpen(kempen):
    return MunicipalityFactory(
        nis_code="11002",
        name="Antwerpen",
        merged_from_nis_codes="11002;11007",
        notes=ANTWERPEN_NOTE,
        zone=kempen,
    )


@pytest.mark.parametrize("query", ["Borsbeek", "borsbeek", " BORSBEEK ", "11007", "Borsbeek (11007)"])
def test_a_former_municipality_leads_to_the_one_it_merged_into(anonymous_client, antwerpen, query):
    """Borsbeek, merged into Antwerpen on 1 January 2025, was not found by its name (found by
    review); by its code it was, and now both say what it became."""
    html = search(anonymous_client, q=query)
    assert heading(html) == "Antwerpen 11002"
    assert "Borsbeek (NIS code 11007) is a former municipality that is now part of Antwerpen." in html


def test_a_former_name_still_current_finds_the_current_municipality(anonymous_client, antwerpen):
    from tests.conftest import run_pending_commits

    run_pending_commits()  # the answers are kept: the one for Borsbeek is not the one for Antwerpen
    assert "Borsbeek (NIS code 11007)" in search(anonymous_client, q="Borsbeek")
    html = search(anonymous_client, q="Antwerpen")
    assert heading(html) == "Antwerpen 11002"
    assert "former municipality" not in html


def test_an_exact_former_name_wins_over_current_names_that_start_with_it(anonymous_client):
    MunicipalityFactory(
        nis_code="71071",
        name="Tessenderlo-Ham",
        merged_from_nis_codes="71057;71069",
        notes="Merged on 2025-01-01 from Tessenderlo (71057), Ham (71069); population_2020 is the sum.",
    )
    MunicipalityFactory(nis_code="42008", name="Hamme")
    MunicipalityFactory(nis_code="72037", name="Hamont-Achel")
    html = search(anonymous_client, q="Ham")
    assert heading(html) == "Tessenderlo-Ham 71071"
    assert "Ham (NIS code 71069) is a former municipality that is now part of Tessenderlo-Ham." in html
    # Only the whole former name: a part of it is offered among the names containing it.
    assert candidate_links(search(anonymous_client, q="Hamm")) == {"Hamme": f"{URL}?q=Hamme"}


def test_a_former_name_counts_only_with_its_code_among_the_merged_codes(db):
    """The names come from the note: a name whose code is not among merged_from_nis_codes (an
    edited note, a typo) finds nothing rather than the wrong municipality."""
    antwerpen = MunicipalityFactory(
        nis_code="11002", name="Antwerpen", merged_from_nis_codes="11002", notes=ANTWERPEN_NOTE
    )
    match = match_municipality("Borsbeek", [antwerpen])
    assert match.municipality is None and match.former_name == ""


class TestFormerNamesOfTheReferenceData:
    """The real reference data names the former municipalities in its notes, with the codes of
    `merged_from_nis_codes`: the search finds each of the 13 mergers by a former name."""

    @pytest.mark.parametrize(
        ("query", "municipality"),
        [
            ("Borsbeek", "Antwerpen"),
            ("Kortessem", "Hasselt"),
            ("Gooik", "Pajottegem"),
            ("Zwijndrecht", "Beveren-Kruibeke-Zwijndrecht"),
            ("De Pinte", "Nazareth-De Pinte"),
        ],
    )
    def test_a_former_name_finds_the_current_municipality(self, reference_data_once, query, municipality):
        from networks.search import all_municipalities

        match = match_municipality(query, all_municipalities())
        assert (match.municipality.name, match.former_name) == (municipality, query)

    def test_every_merged_code_has_its_former_name(self, reference_data_once):
        from networks.models import Municipality
        from networks.selectors import former_names, former_nis_codes

        merged = Municipality.objects.exclude(merged_from_nis_codes="")
        assert merged.count() == 13
        for municipality in merged:
            assert set(former_names(municipality)) == set(former_nis_codes(municipality)), municipality


# --------------------------------------------------------------------------------------------
# Only an exact name or a code answers; a part of a name offers the names that contain it
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "offered"),
    [
        # Heist answered Heist-op-den-Berg; Knokke-Heist was never offered (found by review).
        ("Heist", ["Heist-op-den-Berg", "Knokke-Heist"]),
        # Berchem, a district of Antwerp, answered Sint-Agatha-Berchem in Brussels.
        ("Berchem", ["Sint-Agatha-Berchem"]),
        # Heverlee, a part of Leuven, answered Oud-Heverlee.
        ("Heverlee", ["Oud-Heverlee"]),
    ],
)
def test_a_part_of_a_name_answers_no_municipality_and_offers_those_containing_it(
    anonymous_client, kempen, query, offered
):
    network = NetworkFactory(name="Netwerk dat niet mag antwoorden")
    ServiceAreaFactory(network=network, zone=kempen, valid_from=PAST)
    for nis_code, name in (
        ("12014", "Heist-op-den-Berg"),
        ("31043", "Knokke-Heist"),
        ("21003", "Sint-Agatha-Berchem"),
        ("24086", "Oud-Heverlee"),
        ("24062", "Leuven"),
    ):
        MunicipalityFactory(nis_code=nis_code, name=name, zone=kempen)

    html = search(anonymous_client, q=query, as_of="2027-01-01")
    assert "Netwerk dat niet mag antwoorden" not in html
    assert heading(html) == "Did you mean…?"
    assert candidate_links(html) == {name: f"{URL}?q={name}&as_of=2027-01-01" for name in offered}
    assert f"Is “{query}” a part of a municipality" in html
    # A link searches the exact name, which answers.
    assert "Netwerk dat niet mag antwoorden" in search(anonymous_client, q=offered[-1], as_of="2027-01-01")


def test_a_part_of_a_former_name_offers_it_with_the_municipality_it_is_part_of_now(
    anonymous_client, antwerpen
):
    html = search(anonymous_client, q="Borsb")
    assert candidate_links(html) == {"Borsbeek (now Antwerpen)": f"{URL}?q=Borsbeek"}


def test_the_name_of_a_suggestion_with_its_note_finds_the_municipality(anonymous_client, antwerpen):
    """A suggestion writes a former name as "Borsbeek (nu Antwerpen)": pasted back, it answers."""
    for query in ("Borsbeek (nu Antwerpen)", "Borsbeek (now Antwerpen)"):
        html = search(anonymous_client, q=query)
        assert heading(html) == "Antwerpen 11002", query
        assert "Borsbeek (NIS code 11007) is a former municipality" in html


def test_municipalities_sharing_an_exact_name_are_listed_by_code(anonymous_client):
    """Two municipalities merged from a former one of the same name (not in the reference data):
    the list links by code, since the name would find both again."""
    for nis_code, former in (("11111", "11112"), ("22221", "22222")):
        MunicipalityFactory(
            nis_code=nis_code,
            name=f"Nieuw {nis_code}",
            merged_from_nis_codes=former,
            notes=f"Merged on 2025-01-01 from Dubbel ({former}); population_2020 is the sum.",
        )
    html = search(anonymous_client, q="Dubbel")
    assert heading(html) == "Several municipalities match “Dubbel”"
    assert candidate_links(html) == {
        "Dubbel (now Nieuw 11111)": f"{URL}?q=11112",
        "Dubbel (now Nieuw 22221)": f"{URL}?q=22222",
    }
    assert "Dubbel (NIS code 22222) is a former municipality that is now part of Nieuw 22221." in search(
        anonymous_client, q="22222"
    )


def test_the_list_to_choose_from_reads_no_more_than_the_municipalities(
    anonymous_client, kempen_network, django_assert_num_queries
):
    MunicipalityFactory(nis_code="13999", name="Molenbeek-Wersbeek")
    with django_assert_num_queries(1):  # the municipalities (kept per data version outside tests)
        search(anonymous_client, q="mole")
    MunicipalityFactory.create_batch(5)
    with django_assert_num_queries(1):
        assert candidate_links(search(anonymous_client, q="mole")) == {
            "Molenbeek-Wersbeek": f"{URL}?q=Molenbeek-Wersbeek"
        }


class TestPartsOfNamesInTheReferenceData:
    """On the real municipalities: a part of a name is never an answer, an exact (current,
    French or former) name or code always is."""

    @pytest.mark.parametrize(
        ("query", "offered"),
        [
            ("Heist", ["Heist-op-den-Berg", "Knokke-Heist"]),
            ("Berchem", ["Sint-Agatha-Berchem"]),
            ("Heverlee", ["Oud-Heverlee"]),
        ],
    )
    def test_a_part_of_a_name_is_offered_not_answered(self, reference_data_once, query, offered):
        from networks.search import all_municipalities

        match = match_municipality(query, all_municipalities())
        assert match.municipality is None
        assert [name.name for name in match.candidates] == offered

    @pytest.mark.parametrize(
        ("query", "nis_code"),
        [
            ("Knokke-Heist", "31043"),
            ("knokke heist", "31043"),
            ("Bruxelles", "21004"),
            ("Borsbeek", "11002"),
            ("11007", "11002"),
            ("Kortessem", "71072"),
            ("Kortessem (nu Hasselt)", "71072"),
        ],
    )
    def test_an_exact_name_or_code_answers(self, reference_data_once, query, nis_code):
        from networks.search import all_municipalities

        assert match_municipality(query, all_municipalities()).municipality.nis_code == nis_code


# --------------------------------------------------------------------------------------------
# A network serving as a candidate: its status on the day, and who still works in the zone
# --------------------------------------------------------------------------------------------


@pytest.fixture
def candidate_network(kempen, mol):
    """A network serving the Kempen from 2027, a candidate then and recognised from 2028, while
    the zone's PN/PSV and its home-care team (MBE, without zones of its own) still work."""
    from networks.models import NetworkStatusChange

    network = NetworkFactory(name="Netwerk Kempen in oprichting")
    ServiceAreaFactory(network=network, zone=kempen, valid_from=datetime.date(2027, 1, 1))
    for status, day in (("CANDIDATE", datetime.date(2026, 1, 1)), ("RECOGNISED", datetime.date(2028, 1, 1))):
        NetworkStatusChange.objects.create(network=network, to_status=status, effective_date=day)
    still = LegacyOrganisationFactory(code="pn-blijft", name="PN dat nog werkt", phone="014 11 11 11")
    still.derived_regional_care_zones.add(kempen)
    LegacyOrganisationFactory(code="mbe-blijft", name="Thuiszorgteam dat nog werkt", mbe=True, partner=still)
    gone = LegacyOrganisationFactory(
        code="pn-weg", name="PN al opgegaan", successor=network, merger_date=datetime.date(2027, 1, 1)
    )
    gone.derived_regional_care_zones.add(kempen)
    return network


def active_organisations(html: str) -> str:
    section = BeautifulSoup(html, "html.parser").select_one("#active-organisations")
    return section.get_text(" ", strip=True) if section else ""


def test_a_candidate_network_is_named_as_one_with_the_organisations_still_active(
    anonymous_client, candidate_network
):
    """A zone served by a candidate network hid the legacy organisations still active there,
    which the API lists as active (found by review): they are who a citizen can call."""
    html = search(anonymous_client, q="Mol", as_of="2027-01-01")
    assert "Netwerk Kempen in oprichting" in html
    status = BeautifulSoup(html, "html.parser").select_one("#network-status").get_text(" ", strip=True)
    assert (
        status == "On 1 January 2027 this network serves the region as a candidate: it is not recognised yet."
    )
    active = active_organisations(html)
    assert "PN dat nog werkt" in active and "Thuiszorgteam dat nog werkt" in active
    assert 'href="tel:014111111"' in html
    assert "PN al opgegaan" not in active  # merged on the day: listed among those it replaces

    # The API says the same organisations are active that day.
    api = anonymous_client.get("/api/v1/legacy-organisations/", {"as_of": "2027-01-01"}).json()["results"]
    assert {o["code"] for o in api} == {"pn-blijft", "mbe-blijft"}


def test_a_recognised_network_is_named_as_one(anonymous_client, candidate_network):
    html = search(anonymous_client, q="Mol", as_of="2028-01-01")
    status = BeautifulSoup(html, "html.parser").select_one("#network-status").get_text(" ", strip=True)
    assert status == "On 1 January 2028 this network serves the region and is recognised."


def test_without_organisations_still_active_the_answer_has_no_such_list(anonymous_client, kempen_network):
    html = search(anonymous_client, q="Mol")  # the network serves the Kempen since 2025 (the fixture)
    assert active_organisations(html) == ""
    assert "no recognition decision is registered yet" in html


# --------------------------------------------------------------------------------------------
# Suggestions offer the former municipalities' names
# --------------------------------------------------------------------------------------------


def test_suggestions_offer_a_former_name_pointing_to_the_current_municipality(anonymous_client, antwerpen):
    """The search found Borsbeek, the suggestions never offered it (found by review)."""
    response = anonymous_client.get(SUGGESTIONS_URL, {"q": "borsb"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.json() == [
        {"nis_code": "11002", "name": "Borsbeek (now Antwerpen)", "former_nis_code": "11007"}
    ]
    # Antwerpen's own former name is its current name: offered once, as current.
    assert anonymous_client.get(SUGGESTIONS_URL, {"q": "antw"}).json() == [
        {"nis_code": "11002", "name": "Antwerpen"}
    ]
    # By the former code too.
    assert [
        s.get("former_nis_code") for s in anonymous_client.get(SUGGESTIONS_URL, {"q": "1100"}).json()
    ] == [
        None,
        "11007",
    ]


def test_the_page_offers_former_names_to_pick_from(anonymous_client, antwerpen):
    html = search(anonymous_client)
    assert '<option value="Borsbeek" label="11007 · Borsbeek (now Antwerpen)">' in html
    assert html.count('<option value="Antwerpen"') == 1


class TestSuggestionsOfTheReferenceData:
    @pytest.mark.parametrize(
        ("query", "suggested"),
        [
            (
                "Kortessem",
                {"nis_code": "71072", "name": "Kortessem (now Hasselt)", "former_nis_code": "73040"},
            ),
            (
                "Borsbeek",
                {"nis_code": "11002", "name": "Borsbeek (now Antwerpen)", "former_nis_code": "11007"},
            ),
        ],
    )
    def test_a_former_name_is_suggested(self, reference_data_once, anonymous_client, query, suggested):
        response = anonymous_client.get(SUGGESTIONS_URL, {"q": query}, HTTP_ACCEPT_LANGUAGE="en")
        assert response.json()[0] == suggested
