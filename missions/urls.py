from django.urls import path

from missions.views import intensity, plans, progress, review

app_name = "missions"

urlpatterns = [
    path("opdrachten/", intensity.flanders_missions, name="flanders"),
    path("netwerken/<slug:code>/opdrachten/", intensity.network_missions, name="network-missions"),
    path(
        "netwerken/<slug:code>/opdrachten/<slug:zone>/<slug:theme>/",
        intensity.intensity_edit,
        name="intensity-edit",
    ),
    # The coordinators' portal
    path("portaal/", plans.portal_home, name="portal"),
    path("portaal/netwerken/<slug:code>/plannen/nieuw/", plans.plan_create, name="plan-create"),
    path("portaal/plannen/<int:pk>/", plans.plan_detail, name="plan-detail"),
    path("portaal/plannen/<int:pk>/algemeen/", plans.plan_general_edit, name="plan-general"),
    path("portaal/plannen/<int:pk>/doelen/nieuw/", plans.goal_edit, name="goal-create"),
    path("portaal/plannen/<int:pk>/doelen/<int:goal_pk>/", plans.goal_edit, name="goal-edit"),
    path(
        "portaal/plannen/<int:pk>/doelen/<int:goal_pk>/acties/nieuw/", plans.action_edit, name="action-create"
    ),
    path(
        "portaal/plannen/<int:pk>/doelen/<int:goal_pk>/acties/<int:action_pk>/",
        plans.action_edit,
        name="action-edit",
    ),
    path(
        "portaal/plannen/<int:pk>/doelen/<int:goal_pk>/indicatoren/nieuw/",
        plans.indicator_edit,
        name="indicator-create",
    ),
    path(
        "portaal/plannen/<int:pk>/doelen/<int:goal_pk>/indicatoren/<int:indicator_pk>/",
        plans.indicator_edit,
        name="indicator-edit",
    ),
    path(
        "portaal/plannen/<int:pk>/verwijderen/<str:kind>/<int:item_pk>/",
        plans.item_delete,
        name="item-delete",
    ),
    path("portaal/plannen/<int:pk>/commentaar/", plans.plan_comment, name="plan-comment"),
    path("portaal/plannen/<int:pk>/tijdlijn/", plans.plan_timeline, name="plan-timeline"),
    path("portaal/plannen/<int:pk>/versies/", plans.plan_versions, name="plan-versions"),
    path("portaal/plannen/<int:pk>/voortgang/<int:year>/", progress.progress_start, name="progress-start"),
    path("portaal/plannen/<int:pk>/<slug:slug>/", plans.plan_transition, name="plan-transition"),
    path("portaal/voortgang/<int:pk>/", progress.progress_detail, name="progress-detail"),
    path("portaal/voortgang/<int:pk>/commentaar/", progress.progress_comment, name="progress-comment"),
    path("portaal/voortgang/<int:pk>/<slug:slug>/", progress.progress_transition, name="progress-transition"),
    # The department's review
    path("beoordeling/", review.review_queue, name="review-queue"),
]
