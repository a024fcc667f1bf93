"""Delegates posted abroad: list (search, filter, sort, export), create, edit, delete."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coopdec.lib.listing import Column, attribute, headers, paginate, sort
from coopdec.lib.tabular import FORMATS, export_response
from coopdec.partnerships import affiliation_services as services
from coopdec.partnerships.models import Delegate
from coopdec.partnerships.perms import can_edit_delegate
from coopdec.territories.models import Country

from ..forms import DelegateForm
from ..scope import no_authority, workspace_scope

COLUMNS = [
    Column("person", gettext_lazy("Person"), attribute("person"), "person"),
    Column("country", gettext_lazy("Country"), attribute("country.name"), "country__name_fr"),
    Column("post", gettext_lazy("Post"), attribute("post"), "post"),
    Column("host", gettext_lazy("Hosted by"), attribute("host_organization.name"), "host_organization__name"),
    Column("starts_on", gettext_lazy("From"), attribute("starts_on"), "starts_on"),
    Column("ends_on", gettext_lazy("Until"), attribute("ends_on"), "ends_on"),
]


def _editable(request, pk: int) -> Delegate:
    delegate = get_object_or_404(Delegate.objects.select_related("authority", "country"), pk=pk)
    if not can_edit_delegate(request.user, delegate):
        raise PermissionDenied
    return delegate


def _list_url(delegate: Delegate) -> str:
    return f"{reverse('workspace:delegates')}?authority={delegate.authority_id}"


@login_required
def delegate_list(request):
    scope = workspace_scope(request)
    if scope.authority is None:
        return no_authority(request, scope, _("Delegates abroad"))
    delegates = Delegate.objects.filter(authority=scope.authority).select_related("country", "host_organization")
    query = request.GET.get("q", "").strip()[:100]
    if query:
        delegates = delegates.filter(
            Q(person__icontains=query) | Q(post__icontains=query) | Q(host_organization__name__icontains=query)
        )
    country = request.GET.get("country", "").upper()
    if country:
        delegates = delegates.filter(country_id=country)
    if request.GET.get("current"):
        today = timezone.localdate()
        delegates = delegates.filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today))
    delegates, current = sort(delegates, request, COLUMNS, default="person")
    fmt = request.GET.get("export")
    if fmt in FORMATS:
        return export_response(objects=delegates, columns=COLUMNS, filename="delegates", fmt=fmt)
    countries = Country.objects.filter(delegates__authority=scope.authority).distinct()
    context = {
        "scope": scope,
        "authority": scope.authority,
        "page": paginate(request, delegates),
        "headers": headers(request, COLUMNS, current),
        "query": query,
        "country": country,
        "countries": countries,
        "only_current": bool(request.GET.get("current")),
        "may_create": can_edit_delegate(request.user, Delegate(authority=scope.authority)),
    }
    return render(request, "workspace/delegate_list.html", context)


@login_required
def delegate_create(request):
    scope = workspace_scope(request)
    if scope.authority is None:
        return no_authority(request, scope, _("Record a delegate abroad"))
    if not can_edit_delegate(request.user, Delegate(authority=scope.authority)):
        raise PermissionDenied
    form = DelegateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            delegate = services.create_delegate(author=request.user, authority=scope.authority, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("%(person)s recorded.") % {"person": delegate.person})
            return redirect(_list_url(delegate))
    context = {"form": form, "authority": scope.authority, "title": _("Record a delegate abroad")}
    return render(request, "workspace/delegate_form.html", context)


@login_required
def delegate_edit(request, pk: int):
    delegate = _editable(request, pk)
    form = DelegateForm(request.POST or None, initial=DelegateForm.initial_from(delegate))
    if request.method == "POST" and form.is_valid():
        try:
            services.update_delegate(delegate=delegate, author=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("%(person)s updated.") % {"person": form.cleaned_data["person"]})
            return redirect(_list_url(delegate))
    context = {
        "form": form,
        "authority": delegate.authority,
        "delegate": delegate,
        "title": _("Edit a delegate abroad"),
    }
    return render(request, "workspace/delegate_form.html", context)


@login_required
def delegate_delete(request, pk: int):
    delegate = _editable(request, pk)
    if request.method == "POST":
        services.delete_delegate(delegate=delegate, author=request.user)
        messages.success(request, _("%(person)s deleted.") % {"person": delegate.person})
        return redirect(_list_url(delegate))
    context = {
        "object": delegate,
        "question": _("Delete %(person)s, %(post)s, from the delegates of %(authority)s?")
        % {"person": delegate.person, "post": delegate.post, "authority": delegate.authority},
        "cancel_url": _list_url(delegate),
    }
    return render(request, "workspace/confirm_delete.html", context)
