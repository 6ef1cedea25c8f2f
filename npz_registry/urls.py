from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.generic import RedirectView
from django.views.i18n import set_language
from rest_framework.routers import DefaultRouter

from networks import api as networks_api
from networks import views as networks_views
from npz_registry import oidc, views
from npz_registry.api import CachedSchemaView

router = DefaultRouter(trailing_slash=True)
router.register("regional-care-zones", networks_api.RegionalCareZoneViewSet, basename="regional-care-zone")
router.register("primary-care-zones", networks_api.PrimaryCareZoneViewSet, basename="primary-care-zone")
router.register("municipalities", networks_api.MunicipalityViewSet, basename="municipality")
router.register(
    "legacy-organisations", networks_api.LegacyOrganisationViewSet, basename="legacy-organisation"
)
router.register("networks", networks_api.NetworkViewSet, basename="network")
router.include_root_view = False

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("toegankelijkheid/", views.accessibility, name="accessibility"),
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("aanmelden/", views.LoginView.as_view(), name="login"),
    path("afmelden/", auth_views.LogoutView.as_view(), name="logout"),
    path("aanmelden/acm-idm/", oidc.login, name="oidc_authentication_init"),
    path("aanmelden/acm-idm/terug/", oidc.callback, name="oidc_authentication_callback"),
    path("wachtwoord-vergeten/", auth_views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "wachtwoord-vergeten/verstuurd/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "wachtwoord-herstellen/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "wachtwoord-herstellen/klaar/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("admin/", admin.site.urls),
    path("netwerk-zoeken/", networks_views.network_search, name="network-search"),
    path(
        "netwerk-zoeken/gemeenten/", networks_views.municipality_suggestions, name="municipality-suggestions"
    ),
    path("transition/", include("transition.urls")),
    path("", include("missions.urls")),
    path("rapporten/", include("npz_registry.reports.urls")),
    path(
        "api/v1/municipalities/<str:nis_code>/network/",
        networks_api.MunicipalityNetworkView.as_view(),
        name="municipality-network",
    ),
    # The API's root addresses lead to its documentation.
    path("api/", login_not_required(RedirectView.as_view(pattern_name="api-docs"))),
    path("api/v1/", login_not_required(RedirectView.as_view(pattern_name="api-docs"))),
    path("api/v1/", include(router.urls)),
    path("api/v1/schema/", login_not_required(CachedSchemaView.as_view()), name="api-schema"),
    path("api/v1/docs/", views.api_docs, name="api-docs"),
]
