from django.urls import path

from missions.views import history, intensity, plans, progress, review

app_name = "missions"

PLAN = "portaal/plannen/<int:pk>/"
GOAL = PLAN + "doelen/<int:goal_pk>/"


def _new_and_edit(route: str, view, name: str, key: str) -> list:
    """The page that adds a part (``<route>nieuw/``) and the one that edits it (``<route><key>/``)."""
    return [
        path(f"{route}nieuw/", view, name=f"{name}-create"),
        path(f"{route}<int:{key}>/", view, name=f"{name}-edit"),
    ]


urlpatterns = [
    path("opdrachten/", intensity.flanders_missions, name="flanders"),
    path("netwerken/<slug:code>/opdrachten/", intensity.network_missions, name="network-missions"),
    path(
        "netwerken/<slug:code>/opdrachten/<slug:zone>/<slug:theme>/",
        intensity.intensity_edit,
        name="intensity-edit",
    ),
    path(
        "netwerken/<slug:code>/opdrachten/<slug:zone>/<slug:theme>/eerstelijnszones/",
        intensity.intensity_primary,
        name="intensity-primary",
    ),
    # The coordinators' portal
    path("portaal/", plans.portal_home, name="portal"),
    path("portaal/netwerken/<slug:code>/plannen/nieuw/", plans.plan_create, name="plan-create"),
    path(PLAN, plans.plan_detail, name="plan-detail"),
    path(PLAN + "algemeen/", plans.plan_general_edit, name="plan-general"),
    *_new_and_edit(PLAN + "doelen/", plans.goal_edit, "goal", "goal_pk"),
    *_new_and_edit(GOAL + "acties/", plans.action_edit, "action", "action_pk"),
    *_new_and_edit(GOAL + "indicatoren/", plans.indicator_edit, "indicator", "indicator_pk"),
    path(PLAN + "verwijderen/<str:kind>/<int:item_pk>/", plans.item_delete, name="item-delete"),
    path(PLAN + "commentaar/", plans.plan_comment, name="plan-comment"),
    path(PLAN + "tijdlijn/", plans.plan_timeline, name="plan-timeline"),
    path(PLAN + "versies/", plans.plan_versions, name="plan-versions"),
    path(PLAN + "geschiedenis/", history.plan_history, name="plan-history"),
    path(PLAN + "voortgang/<int:year>/", progress.progress_start, name="progress-start"),
    path(PLAN + "<slug:slug>/", plans.plan_transition, name="plan-transition"),
    path("portaal/voortgang/<int:pk>/", progress.progress_detail, name="progress-detail"),
    path("portaal/voortgang/<int:pk>/commentaar/", progress.progress_comment, name="progress-comment"),
    path("portaal/voortgang/<int:pk>/<slug:slug>/", progress.progress_transition, name="progress-transition"),
    # The department's review
    path("beoordeling/", review.review_queue, name="review-queue"),
]
