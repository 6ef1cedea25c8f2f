from django.urls import path

from transition import views

app_name = "transition"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("financiering/", views.funding_overview, name="funding"),
    path("mijlpalen/", views.late_milestone_list, name="late-milestones"),
    path("bestaande-organisaties/", views.legacy_without_successor_list, name="legacy-without-successor"),
]
