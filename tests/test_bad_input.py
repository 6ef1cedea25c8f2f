"""No input produces a server error: odd query strings and unknown ids on every kind of page."""

import pytest

pytestmark = pytest.mark.django_db

URLS = [
    "/netwerk-zoeken/?q=%3Cscript%3Ealert(1)%3C/script%3E",
    "/netwerk-zoeken/?q=13025&as_of=2027-02-30",
    "/netwerk-zoeken/gemeenten/?q=" + "x" * 500,
    "/api/v1/networks/?as_of=gisteren",
    "/api/v1/municipalities/?as_of=0000-00-00",
    "/api/v1/municipalities/abc/network/",
    "/api/v1/municipalities/?page=999",
    "/transition/?as_of=99999-01-01",
    "/transition/?as_of=",
    "/portaal/plannen/999999/",
    "/portaal/plannen/999999/versies/?van=abc&naar=-1",
    "/netwerken/onbekend/opdrachten/",
    "/netwerken/test-a/opdrachten/onbekend/informeren/",
    "/beoordeling/?status=BESTAAT_NIET&network=abc&period=-1",
    "/rapporten/vlaanderen.pdf?as_of=nonsense",
    "/rapporten/netwerken/onbekend.pdf",
    "/admin/networks/network/?as_of=zzz",
]


@pytest.mark.parametrize("url", URLS)
def test_odd_input_never_gives_a_server_error(staff_client, network_a, url):
    response = staff_client.get(url)
    assert response.status_code < 500, url
