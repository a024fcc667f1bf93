"""Memberships of international organisations: list (search, filter, sort, export), create, edit, delete."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coopdec.lib.listing import Column, attribute, headers, paginate, sort
from coopdec.lib.tabular import FORMATS, export_response
from coopdec.partnerships import affiliation_services as services
from coopdec.partnerships.enums import AffiliationStatus
from coopdec.partnerships.models import Affiliation, AffiliationContribution
from coopdec.partnerships.perms import can_edit_affiliation

from ..forms import AffiliationForm, ContributionForm
from ..scope import no_authority, workspace_scope


def _contribution(affiliation):
    contribution = affiliation.this_year[0] if affiliation.this_year else None
    return f"{contribution.amount} {contribution.currency}" if contribution else None


COLUMNS = [
    Column(
        "organization", gettext_lazy("International organisation"), attribute("organization.name"), "organization__name"
    ),
    Column("status", gettext_lazy("Status"), attribute("status"), "status"),
    Column("since", gettext_lazy("Since"), attribute("since"), "since"),
    Column("until", gettext_lazy("Until"), attribute("until"), "until"),
    Column("representative", gettext_lazy("Representative"), attribute("representative"), "representative"),
    Column("focal_point", gettext_lazy("Focal point"), attribute("focal_point"), "focal_point"),
    Column("contribution", gettext_lazy("This year's contribution"), _contribution),
]


def _editable(request, pk: int) -> Affiliation:
    affiliation = get_object_or_404(Affiliation.objects.select_related("authority", "organization"), pk=pk)
    if not can_edit_affiliation(request.user, affiliation):
        raise PermissionDenied
    return affiliation


@login_required
def affiliation_list(request):
    scope = workspace_scope(request)
    if scope.authority is None:
        return no_authority(request, scope, _("Memberships of international organisations"))
    year = timezone.localdate().year
    affiliations = (
        Affiliation.objects.filter(authority=scope.authority)
        .select_related("organization")
        .prefetch_related(
            Prefetch("contributions", queryset=AffiliationContribution.objects.filter(year=year), to_attr="this_year")
        )
    )
    query = request.GET.get("q", "").strip()[:100]
    if query:
        affiliations = affiliations.filter(
            Q(organization__name__icontains=query)
            | Q(representative__icontains=query)
            | Q(focal_point__icontains=query)
        )
    status = request.GET.get("status", "")
    if status in AffiliationStatus.values:
        affiliations = affiliations.filter(status=status)
    affiliations, current = sort(affiliations, request, COLUMNS, default="organization")
    fmt = request.GET.get("export")
    if fmt in FORMATS:
        return export_response(objects=affiliations, columns=COLUMNS, filename="affiliations", fmt=fmt)
    may_create = can_edit_affiliation(request.user, Affiliation(authority=scope.authority))
    context = {
        "scope": scope,
        "authority": scope.authority,
        "page": paginate(request, affiliations),
        "headers": headers(request, COLUMNS, current),
        "query": query,
        "status": status,
        "statuses": AffiliationStatus.choices,
        "may_create": may_create,
    }
    return render(request, "workspace/affiliation_list.html", context)


@login_required
def affiliation_create(request):
    scope = workspace_scope(request)
    if scope.authority is None:
        return no_authority(request, scope, _("Record a membership"))
    if not can_edit_affiliation(request.user, Affiliation(authority=scope.authority)):
        raise PermissionDenied
    form = AffiliationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            affiliation = services.create_affiliation(
                author=request.user, authority=scope.authority, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("Membership of %(organization)s recorded.") % {"organization": affiliation.organization}
            )
            return redirect("workspace:affiliation", affiliation.pk)
    context = {"form": form, "authority": scope.authority, "title": _("Record a membership")}
    return render(request, "workspace/affiliation_form.html", context)


@login_required
def affiliation_detail(request, pk: int):
    affiliation = _editable(request, pk)
    form = ContributionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            contribution = services.record_contribution(
                affiliation=affiliation, author=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Contribution for %(year)s recorded.") % {"year": contribution.year})
            return redirect("workspace:affiliation", affiliation.pk)
    context = {"affiliation": affiliation, "contributions": affiliation.contributions.all(), "form": form}
    return render(request, "workspace/affiliation_detail.html", context)


@login_required
def affiliation_edit(request, pk: int):
    affiliation = _editable(request, pk)
    form = AffiliationForm(request.POST or None, initial=AffiliationForm.initial_from(affiliation))
    if request.method == "POST" and form.is_valid():
        try:
            services.update_affiliation(affiliation=affiliation, author=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Membership updated."))
            return redirect("workspace:affiliation", affiliation.pk)
    context = {
        "form": form,
        "authority": affiliation.authority,
        "affiliation": affiliation,
        "title": _("Edit a membership"),
    }
    return render(request, "workspace/affiliation_form.html", context)


@login_required
def affiliation_delete(request, pk: int):
    affiliation = _editable(request, pk)
    if request.method == "POST":
        services.delete_affiliation(affiliation=affiliation, author=request.user)
        messages.success(
            request, _("Membership of %(organization)s deleted.") % {"organization": affiliation.organization}
        )
        return redirect(f"{reverse('workspace:affiliations')}?authority={affiliation.authority_id}")
    context = {
        "object": affiliation,
        "question": _("Delete the membership of %(authority)s in %(organization)s, with its yearly contributions?")
        % {"authority": affiliation.authority, "organization": affiliation.organization},
        "cancel_url": _detail_url(affiliation),
    }
    return render(request, "workspace/confirm_delete.html", context)


@login_required
def contribution_delete(request, pk: int):
    contribution = get_object_or_404(AffiliationContribution.objects.select_related("affiliation__organization"), pk=pk)
    if not can_edit_affiliation(request.user, contribution.affiliation):
        raise PermissionDenied
    if request.method == "POST":
        services.remove_contribution(contribution=contribution, author=request.user)
        messages.success(request, _("Contribution for %(year)s deleted.") % {"year": contribution.year})
        return redirect("workspace:affiliation", contribution.affiliation_id)
    context = {
        "object": contribution,
        "question": _("Delete the %(year)s contribution of %(amount)s %(currency)s to %(organization)s?")
        % {
            "year": contribution.year,
            "amount": contribution.amount,
            "currency": contribution.currency,
            "organization": contribution.affiliation.organization,
        },
        "cancel_url": _detail_url(contribution.affiliation),
    }
    return render(request, "workspace/confirm_delete.html", context)


def _detail_url(affiliation) -> str:
    return reverse("workspace:affiliation", args=[affiliation.pk])
