"""URL routes: the web pages, the admin and the JSON API."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponsePermanentRedirect
from django.templatetags.static import static
from django.urls import include, path

from microparks.apps.web.api import api


def favicon(request: HttpRequest) -> HttpResponsePermanentRedirect:
    """The icon's hashed static address (looked up per request: collected files change)."""
    return HttpResponsePermanentRedirect(static("common/favicon.svg"))


urlpatterns = [
    # browsers ask for /favicon.ico before reading the page's <link rel="icon">
    path("favicon.ico", favicon, name="favicon"),
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("account/", include("microparks.apps.accounts.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    path("pipeline/", include("microparks.apps.attraction.urls")),
    path("enterprises/data/", include("microparks.apps.attraction.directory_urls")),
    path("evaluation/", include("microparks.apps.evaluation.urls")),
    path("matching/", include("microparks.apps.matching.urls")),
    path("suitability/", include("microparks.apps.suitability.urls")),
    path("jobs/", include("microparks.apps.jobs.urls")),
    path("servicedesk/", include("microparks.apps.servicedesk.urls")),
    path("impact/", include("microparks.apps.impact.urls")),
    path("targeting/", include("microparks.apps.targeting.urls")),
    path("labour/", include("microparks.apps.labour.urls")),
    path("rules/", include("microparks.apps.rules.urls")),
    path("industries/", include("microparks.apps.industries.urls")),
    path("", include("microparks.apps.web.urls")),
]
