"""Who may see a network's non-public data: staff all, a coordinator their own, nobody else
(an outsider gets a 404, so existence does not leak)."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from networks.access import get_network_for_user_or_404
from networks.models import Network

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("persona", "visible"),
    [
        ("staff_user", {"test-a", "test-b"}),
        ("coordinator_a", {"test-a"}),
        ("outsider", set()),
        (None, set()),
    ],
)
def test_each_persona_gets_exactly_the_networks_in_its_scope(request, network_a, network_b, persona, visible):
    user = request.getfixturevalue(persona) if persona else AnonymousUser()
    assert {n.code for n in Network.objects.visible_to(user)} == visible
    for code in ("test-a", "test-b"):
        if code in visible:
            assert get_network_for_user_or_404(user, code).code == code
        else:
            with pytest.raises(Http404):
                get_network_for_user_or_404(user, code)


def test_an_unknown_code_is_a_404_for_staff_too(staff_user):
    with pytest.raises(Http404):
        get_network_for_user_or_404(staff_user, "bestaat-niet")
