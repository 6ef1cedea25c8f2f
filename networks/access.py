"""One getter per scoped object: out of scope is a 404, so existence does not leak."""

from django.shortcuts import get_object_or_404

from networks.models import Network
from npz_registry import dataversion


def get_network_for_user_or_404(user, code: str) -> Network:
    """The network, read with the data version (which the network's pages key their kept
    fragments and reports on: npz_registry.dataversion.remember), 404 when out of scope."""
    networks = dataversion.with_version(Network.objects.visible_to(user).select_related("seat"))
    network = get_object_or_404(networks, code=code)
    dataversion.remember(network)
    return network
