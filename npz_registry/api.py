"""Shared pieces of the open data API (Django REST framework)."""

import hashlib
import threading

from django.contrib.auth.decorators import login_not_required
from django.http import Http404
from django.utils import timezone, translation
from django.utils.translation import gettext, gettext_lazy
from drf_spectacular.views import SpectacularAPIView
from rest_framework import exceptions, views, viewsets
from rest_framework.response import Response
from rest_framework.settings import api_settings

from npz_registry import dataversion


class PublicReadOnlyViewSet(viewsets.ReadOnlyModelViewSet):
    """A list and its rows as open data: no login, GET/HEAD/OPTIONS only."""

    api_description = gettext_lazy("Open data: no login, GET/HEAD/OPTIONS only.")
    authentication_classes: list = []

    @classmethod
    def as_view(cls, *args, **kwargs):
        return login_not_required(super().as_view(*args, **kwargs))

    def list(self, request, *args, **kwargs):
        # (Comments, not a docstring: the API documentation would publish a docstring.)
        # A whole list is the same for every reader (nobody logs in here), so each of its pages
        # is made once per data version, language and day (the lists show today's zones) and
        # then read from the cache: every municipality with its zones costs a few milliseconds
        # instead of thirty. Only a page number and the format may be asked (the key is made of
        # their values, so `?page=01` and `?page=1` are one entry); filtered lists, other days
        # (`as_of`) and anything else are made on each request, so that query strings cannot
        # fill the cache. A page the list refuses raises before anything is kept.
        parent = super()
        page = cached_page(request.query_params)
        if page is None:
            return parent.list(request, *args, **kwargs)
        address = f"{timezone.localdate()}|{request.build_absolute_uri(request.path)}"
        key = f"api:{self.basename}:{hashlib.sha256(f'{address}|{page}'.encode()).hexdigest()}"
        return Response(dataversion.cached(key, lambda: parent.list(request, *args, **kwargs).data))


def exception_handler(exc, context):
    """DRF's (REST_FRAMEWORK's EXCEPTION_HANDLER), with a "not found" of a row that names what
    was asked in the reader's language: Django's get_object_or_404 says it in English, with the
    model's class name."""
    view = context.get("view")
    lookup = getattr(view, "lookup_field", None)
    if isinstance(exc, Http404) and _unknown_format(view, context.get("request")):
        # DRF's content negotiation answers an unknown ?format= with a 404 too: say what it is.
        formats = sorted({renderer.format for renderer in view.renderer_classes})
        exc = exceptions.NotFound(
            gettext("There is no answer in this format: ask for %(formats)s.")
            % {"formats": ", ".join(formats)}
        )
    elif isinstance(exc, Http404) and lookup and (view.lookup_url_kwarg or lookup) in view.kwargs:
        value = view.kwargs[view.lookup_url_kwarg or lookup]
        thing = view.get_queryset().model._meta.verbose_name
        exc = exceptions.NotFound(
            gettext("There is no %(thing)s with %(key)s %(value)s.")
            % {"thing": thing, "key": lookup, "value": value}
        )
    return views.exception_handler(exc, context)


def _unknown_format(view, request) -> bool:
    """Whether the request asks for a format none of the view's renderers gives."""
    asked = view.kwargs.get("format") if view is not None else None
    if request is not None and hasattr(request, "query_params"):
        asked = request.query_params.get(api_settings.URL_FORMAT_OVERRIDE) or asked
    return bool(asked) and asked not in {renderer.format for renderer in view.renderer_classes}


def cached_page(query) -> str | None:
    """`page|format` of a list request that may be answered from the cache: at most one page
    number (digits, read as a number) and one format of the API's own; None for any other
    query string."""
    if not set(query) <= {"page", "format"} or any(len(query.getlist(name)) > 1 for name in query):
        return None
    page, fmt = query.get("page", "1"), query.get("format", "")
    if not page.isdigit() or len(page) > 6 or fmt not in {"", "json", "api"}:
        return None
    return f"{int(page)}|{fmt}"


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
