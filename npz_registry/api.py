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


#: The OpenAPI schema per (language, version), generated once per process: it changes only with
#: the code. Under one lock, because drf-spectacular loads its extension classes lazily and not
#: thread-safely: four parallel first requests in a fresh process failed with a 500.
_schemas: dict[tuple, dict] = {}
_schema_lock = threading.Lock()


def openapi_schema(*, version=None, generator_class=None, request=None, public=True, **generator_kwargs):
    """The schema in the active language; the schema view and the documentation page share it."""
    from drf_spectacular.generators import SchemaGenerator

    key = (translation.get_language(), version)
    with _schema_lock:
        if key not in _schemas:
            generator = (generator_class or SchemaGenerator)(api_version=version, **generator_kwargs)
            _schemas[key] = generator.get_schema(request=request, public=public)
        return _schemas[key]


class CachedSchemaView(SpectacularAPIView):
    """The OpenAPI schema at /api/v1/schema/, made once (see openapi_schema)."""

    def _get_schema_response(self, request):
        version = self.api_version or request.version or self._get_version_parameter(request)
        schema = openapi_schema(
            version=version,
            generator_class=self.generator_class,
            request=request,
            public=self.serve_public,
            urlconf=self.urlconf,
            patterns=self.patterns,
        )
        return Response(
            data=schema,
            headers={"Content-Disposition": f'inline; filename="{self._get_filename(request, version)}"'},
        )
