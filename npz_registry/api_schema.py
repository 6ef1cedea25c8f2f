"""The schema class of the open data API (REST_FRAMEWORK's DEFAULT_SCHEMA_CLASS): a module of
its own, since drf-spectacular imports it while the API's modules are still being loaded."""

from drf_spectacular import openapi


class AutoSchema(openapi.AutoSchema):
    """drf-spectacular's, with each view's description from its `api_description` (translated:
    the documentation page is made per language) instead of its docstring, which is English and
    for the code's readers."""

    def get_description(self):
        described = getattr(self.view, "api_description", None)
        return str(described) if described is not None else super().get_description()
