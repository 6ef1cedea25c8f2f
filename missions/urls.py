from django.urls import path

from missions import views

app_name = "missions"

urlpatterns = [
    path("opdrachten/", views.flanders_missions, name="flanders"),
    path("netwerken/<slug:code>/opdrachten/", views.network_missions, name="network-missions"),
    path(
        "netwerken/<slug:code>/opdrachten/<slug:zone>/<slug:theme>/",
        views.intensity_edit,
        name="intensity-edit",
    ),
]
