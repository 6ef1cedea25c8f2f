from importlib import import_module

from django.urls import path

from npz_registry.pdf import install_progress_filter

app_name = "reports"


def _lazy(name):
    """The view ``name`` of reports/views.py, imported on the first request.

    views.py imports django-weasyprint, which imports WeasyPrint (about 0.4 s); loading it only
    when somebody opens a report keeps start-up, ``manage.py`` commands and the URL checks fast.
    """

    def view(request, *args, **kwargs):
        install_progress_filter()  # before django-weasyprint imports WeasyPrint
        return getattr(import_module("npz_registry.reports.views"), name)(request, *args, **kwargs)

    view.__name__ = view.__qualname__ = name
    view.__module__ = "npz_registry.reports.views"
    return view


urlpatterns = [
    path("", _lazy("index"), name="index"),
    path("vlaanderen.pdf", _lazy("flanders_pdf"), name="flanders-pdf"),
    path("vlaanderen/", _lazy("flanders_preview"), name="flanders-preview"),
    path("netwerken/<slug:code>.pdf", _lazy("network_pdf"), name="network-pdf"),
    path("netwerken/<slug:code>/", _lazy("network_preview"), name="network-preview"),
    path("plannen/<int:pk>.pdf", _lazy("plan_pdf"), name="plan-latest-pdf"),
    path("plannen/<int:pk>/versie-<int:number>.pdf", _lazy("plan_pdf"), name="plan-pdf"),
    path("plannen/<int:pk>/versie-<int:number>/", _lazy("plan_preview"), name="plan-preview"),
    path("voortgang/<int:pk>.pdf", _lazy("progress_pdf"), name="progress-pdf"),
]
