"""One getter per scoped object: out of scope is a 404, so existence does not leak."""

from django.shortcuts import get_object_or_404

from networks.models import Network


def get_network_for_user_or_404(user, code: str) -> Network:
    return get_object_or_404(Network.objects.visible_to(user).select_related("seat"), code=code)
