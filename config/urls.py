"""Top-level URLs: the API and the language switch without a language prefix; pages (back-office too) under one."""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from config.health import health
from coopdec.api.urls import api
from coopdec.atlas.views import fabric, iati
from coopdec.workspace.imports import urls as imports
from coopdec.workspace.matchmaking import urls as matchmaking

admin.site.site_header = _("coopdec — back-office")
admin.site.site_title = "coopdec"

# Two namespaces span both web layers: their public pages are in atlas, their officers' pages in workspace.
interop_urls = ([*iati.urlpatterns, *imports.urlpatterns], "interop")
matchmaking_urls = ([*matchmaking.urlpatterns, *fabric.urlpatterns], "matchmaking")

urlpatterns = [
    path("api/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("health/", health, name="health"),
]
urlpatterns += i18n_patterns(
    path("admin/", admin.site.urls),
    path("accounts/", include("coopdec.workspace.accounts.urls")),
    path("workspace/projects/", include("coopdec.workspace.projects.urls")),
    path("workspace/partnerships/", include("coopdec.workspace.partnerships.urls")),
    path("workspace/authorities/", include("coopdec.workspace.authorities.urls")),
    path("workspace/one-percent/", include("coopdec.workspace.funding.urls")),
    path("workspace/campaigns/", include("coopdec.workspace.campaigns.urls")),
    path("workspace/national/", include("coopdec.workspace.national.urls")),
    path("workspace/declarations/", include("coopdec.workspace.declarations.urls")),
    path("workspace/applications/", include("coopdec.workspace.applications.urls")),
    path("workspace/calls/", include("coopdec.workspace.calls.urls")),
    path("workspace/", include("coopdec.workspace.urls")),
    path("matchmaking/", include(matchmaking_urls)),
    path("interop/", include(interop_urls)),
    path("atlas/", include("coopdec.atlas.urls_atlas")),
    path("", include("coopdec.atlas.urls")),
    prefix_default_language=False,
)
