"""Workspace pages for authorities: the search behind every party picker, proposals and their validation."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from coopdec.lib.text import fold
from coopdec.organizations.models import Organization
from coopdec.territories import perms, selectors, services
from coopdec.territories.enums import AuthorityStatus
from coopdec.territories.models import Authority

from . import forms

SEARCH_LIMIT = 20


def authority_json(authority: Authority) -> dict:
    proposed = authority.status == AuthorityStatus.PROPOSED
    detail = f"{authority.get_kind_display()} · {authority.country}"
    return {
        "value": f"authority:{authority.pk}",
        "id": authority.pk,
        "label": authority.name,
        "name": authority.name,
        "code": authority.code,
        "country": authority.country_id,
        "kind": authority.get_kind_display(),
        "proposed": proposed,
        "detail": f"{detail} · {_('proposed')}" if proposed else detail,
    }


def organization_json(organization: Organization) -> dict:
    country = organization.country or ""
    return {
        "value": f"organization:{organization.pk}",
        "id": organization.pk,
        "label": str(organization),
        "name": organization.name,
        "code": organization.acronym,
        "country": organization.country_id or "",
        "kind": organization.get_kind_display(),
        "proposed": False,
        "detail": f"{organization.get_kind_display()} · {country}",
    }


def search_authorities(user, query: str, *, with_organizations: bool = False, validated_only: bool = False) -> list:
    """Up to 20 authorities (and organisations when asked) whose folded name holds every word of ``query``."""
    query = query.strip()[:100]
    if len(fold(query)) < 2:
        return []
    authorities = Authority.objects.validated() if validated_only else perms.usable_authorities(user)
    found = list(
        selectors.search_authorities(query, authorities=authorities.select_related("country"), limit=SEARCH_LIMIT)
    )
    if not with_organizations:
        return [authority_json(a) for a in found]
    organizations = list(Organization.objects.search(query).select_related("country")[:SEARCH_LIMIT])
    # Share the places, so that a word common among authorities does not hide every organisation.
    n_authorities = min(len(found), max(SEARCH_LIMIT // 2, SEARCH_LIMIT - len(organizations)))
    return [authority_json(a) for a in found[:n_authorities]] + [
        organization_json(o) for o in organizations[: SEARCH_LIMIT - n_authorities]
    ]


@require_GET
@login_required
def authority_search(request):
    """JSON for the party pickers: ``?q=`` (2 letters at least), ``?with=organizations``, ``?status=validated``."""
    results = search_authorities(
        request.user,
        request.GET.get("q", ""),
        with_organizations=request.GET.get("with") == "organizations",
        validated_only=request.GET.get("status") == "validated",
    )
    return JsonResponse({"results": results})


def _next_url(request) -> str | None:
    url = request.POST.get("next") or request.GET.get("next")
    if url and url_has_allowed_host_and_scheme(url, {request.get_host()}, require_https=request.is_secure()):
        return url
    return None


@login_required
def propose_authority(request):
    if not perms.can_propose_authority(request.user):
        raise PermissionDenied
    form = forms.ProposeAuthorityForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            authority = services.propose_authority(author=request.user, **{"on_behalf_of": None, **form.cleaned_data})
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("%(name)s is proposed: you can pick it now; a coordinator will validate it.") % {"name": authority},
            )
            return redirect(_next_url(request) or "territories:propose_authority")
    return render(request, "workspace/authorities/propose.html", {"form": form, "next": _next_url(request) or ""})


@login_required
def proposed_authorities(request):
    if not perms.can_validate_authority(request.user):
        raise PermissionDenied
    proposals = list(
        Authority.objects.proposed().select_related("country", "proposed_by", "proposed_for").order_by("proposed_at")
    )
    for authority in proposals:
        authority.usage = services.usage_count(authority)
    return render(request, "workspace/authorities/proposed.html", {"proposals": proposals})


@require_POST
@login_required
def validate_authority(request, pk: int):
    authority = get_object_or_404(Authority.objects.proposed(), pk=pk)
    if not perms.can_validate_authority(request.user, authority):
        raise PermissionDenied
    services.validate_authority(authority=authority, author=request.user)
    messages.success(request, _("%(name)s is validated: everyone can now pick it.") % {"name": authority})
    return redirect("territories:proposed_authorities")


@login_required
def reject_authority(request, pk: int):
    """GET shows what rejecting does (and asks for the authority to merge into when it is used); POST does it."""
    authority = get_object_or_404(Authority.objects.proposed().select_related("country"), pk=pk)
    if not perms.can_validate_authority(request.user, authority):
        raise PermissionDenied
    form = forms.RejectAuthorityForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            target = services.reject_authority(
                authority=authority, author=request.user, merge_into=form.cleaned_data["merge_into"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if target is None:
                messages.success(request, _("%(name)s was rejected and deleted.") % {"name": authority})
            else:
                messages.success(
                    request,
                    _("%(name)s was merged into %(target)s: its uses now point there.")
                    % {"name": authority, "target": target},
                )
            return redirect("territories:proposed_authorities")
    merge_choices = search_authorities(request.user, request.GET.get("q", ""), validated_only=True)
    context = {
        "authority": authority,
        "form": form,
        "usage": services.usage_count(authority),
        "merge_choices": merge_choices,
    }
    return render(request, "workspace/authorities/reject.html", context)
