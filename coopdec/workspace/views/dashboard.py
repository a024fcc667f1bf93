"""The dashboard of an authority's workspace, with the authority picker."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from coopdec.territories.models import Authority
from coopdec.territories.selectors import search_authorities
from coopdec.workspace.accounts.views import SEARCH_LIMIT

from .. import dashboard as reads
from .scope import workspace_scope


def _picker(request, scope) -> dict:
    """Without JavaScript a coordinator's search is a GET of the dashboard (``?q=``); the script does it live."""
    query = request.GET.get("q", "").strip()[:100] if scope.is_coordinator else ""
    matches = []
    if len(query) >= 2:
        validated = Authority.objects.validated().select_related("country")
        matches = list(search_authorities(query, authorities=validated, limit=SEARCH_LIMIT))
    return {"query": query, "matches": matches}


@login_required
def dashboard(request):
    scope = workspace_scope(request)
    context = {"scope": scope, **_picker(request, scope)}
    if scope.authority is not None:
        context.update(reads.dashboard(scope.authority, today=timezone.localdate()))
        context["authority"] = scope.authority
    return render(request, "workspace/dashboard.html", context)
