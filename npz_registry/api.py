"""Shared pieces of the open data API (Django REST framework)."""

from django.contrib.auth.decorators import login_not_required
from rest_framework import viewsets


class PublicReadOnlyViewSet(viewsets.ReadOnlyModelViewSet):
    """Open data: no login, GET/HEAD/OPTIONS only."""

    authentication_classes: list = []

    @classmethod
    def as_view(cls, *args, **kwargs):
        return login_not_required(super().as_view(*args, **kwargs))
