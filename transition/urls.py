from django.urls import path

from transition import views

app_name = "transition"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("financiering/", views.funding_overview, name="funding"),
]
