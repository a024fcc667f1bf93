"""Top-level URLs: the API and the language switch without a language prefix; pages (back-office too) under one."""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from config.health import health
from coopdec.api.urls import api

admin.site.site_header = _("coopdec — back-office")
admin.site.site_title = "coopdec"

urlpatterns = [
    path("api/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("health/", health, name="health"),
]
urlpatterns += i18n_patterns(
    path("admin/", admin.site.urls),
    path("accounts/", include("coopdec.accounts.urls")),
    path("workspace/projects/", include("coopdec.projects.urls")),
    path("workspace/partnerships/", include("coopdec.partnerships.urls")),
    path("workspace/authorities/", include("coopdec.territories.urls")),
    path("workspace/one-percent/", include("coopdec.funding.urls")),
    path("workspace/", include("coopdec.workspace.urls")),
    path("matchmaking/", include("coopdec.matchmaking.urls")),
    path("interop/", include("coopdec.interop.urls")),
    path("atlas/", include("coopdec.atlas.urls_atlas")),
    path("", include("coopdec.atlas.urls")),
    prefix_default_language=False,
)
