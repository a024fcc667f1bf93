"""The project's URLs, plus stand-ins for the declaration pages while their module is not installed.

The reminders link to ``declarations:mine`` and the follow-up to ``declarations:detail``, pages another
module builds; once it is installed, the stand-ins are left out and the real pages are used.
"""

from django.conf.urls.i18n import i18n_patterns
from django.http import HttpResponse
from django.urls import NoReverseMatch, include, path, reverse

from config.urls import urlpatterns as project_urls


def _installed(name: str) -> bool:
    try:
        reverse(name, urlconf="config.urls")
    except NoReverseMatch:
        return False
    return True


def _stand_in(request, pk=None):
    return HttpResponse("declaration page")


urlpatterns = list(project_urls)
if not _installed("declarations:mine"):
    stand_ins = (
        [path("", _stand_in, name="mine"), path("<int:pk>/", _stand_in, name="detail")],
        "declarations",
    )
    urlpatterns += i18n_patterns(path("workspace/declarations/", include(stand_ins)), prefix_default_language=False)
