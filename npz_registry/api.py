"""Shared pieces of the open data API (Django REST framework)."""

import threading

from django.contrib.auth.decorators import login_not_required
from django.utils import translation
from drf_spectacular.views import SpectacularAPIView
from rest_framework import viewsets
from rest_framework.response import Response


class PublicReadOnlyViewSet(viewsets.ReadOnlyModelViewSet):
    """Open data: no login, GET/HEAD/OPTIONS only."""

    authentication_classes: list = []

    @classmethod
    def as_view(cls, *args, **kwargs):
        return login_not_required(super().as_view(*args, **kwargs))


class CachedSchemaView(SpectacularAPIView):
    """The OpenAPI schema, generated once per process and language, under a lock.

    drf-spectacular loads its extension classes lazily and not thread-safely: four parallel first
    requests in a fresh process failed with a 500. The schema only changes with the code, so one
    generation per process is also all it ever needs."""

    _cache: dict[tuple, dict] = {}
    _lock = threading.Lock()

    def _get_schema_response(self, request):
        version = self.api_version or request.version or self._get_version_parameter(request)
        key = (translation.get_language(), version)
        with self._lock:
            if key not in self._cache:
                generator = self.generator_class(
                    urlconf=self.urlconf, api_version=version, patterns=self.patterns
                )
                self._cache[key] = generator.get_schema(request=request, public=self.serve_public)
        return Response(
            data=self._cache[key],
            headers={"Content-Disposition": f'inline; filename="{self._get_filename(request, version)}"'},
        )
