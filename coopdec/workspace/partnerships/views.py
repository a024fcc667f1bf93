"""Workspace pages for partnerships: the list, a partnership's page, recording and editing, actions, documents."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch, Q
from django.http import Http404, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from coopdec.accounts.perms import authority_ids_of, is_coordinator
from coopdec.lib import uploads
from coopdec.lib.conflicts import is_stale, show_conflict
from coopdec.lib.listing import Column, attribute, headers, paginate, sort
from coopdec.lib.tabular import FORMATS, export_response
from coopdec.lib.text import fold
from coopdec.partnerships import document_services, perms, services, workflow
from coopdec.partnerships.enums import PartnershipKind, PartnershipStatus, PartyRole
from coopdec.partnerships.models import Partnership, PartnershipDocument, Party
from coopdec.partnerships.selectors import workspace_partnerships
from coopdec.projects.perms import visible_projects
from coopdec.territories.models import Authority, Country
from coopdec.territories.perms import can_propose_authority, can_validate_authority
from coopdec.themes.models import Theme
from coopdec.workspace.authorities.search import search_authorities

from . import forms

if TYPE_CHECKING:
    from django import forms as django_forms
    from django.utils.functional import Promise
    from django_stubs_ext import StrOrPromise

    from coopdec.accounts.models import User

ENDING_WITHIN = timedelta(days=183)  # "ending within six months"


def _party_names(partnership: Partnership) -> str:
    return ", ".join(str(party.entity) for party in partnership.parties.all())


COLUMNS = [
    Column("title", gettext_lazy("Title"), attribute("title"), "title"),
    Column("kind", gettext_lazy("Kind"), attribute("kind"), "kind"),
    Column("parties", gettext_lazy("Parties"), _party_names),
    Column("status", gettext_lazy("Status"), attribute("status"), "status"),
    Column("signed_on", gettext_lazy("Signed on"), attribute("signed_on"), "signed_on"),
    Column("sent_to_prefect_on", gettext_lazy("Sent to the préfet on"), attribute("sent_to_prefect_on")),
    Column("ends_on", gettext_lazy("Ends on"), attribute("ends_on"), "ends_on"),
    Column("themes", gettext_lazy("Themes"), lambda p: [theme.label for theme in p.themes.all()]),
    Column("visibility", gettext_lazy("Visibility"), attribute("visibility")),
]
TABLE_COLUMNS = [c for c in COLUMNS if c.key not in {"sent_to_prefect_on", "themes", "visibility"}]

PARTIES = Prefetch(
    "parties", queryset=Party.objects.select_related("authority__country", "organization__country", "country")
)


def _search(queryset, query: str):
    query = query.strip()[:100]
    words = fold(query).split()
    if not words:
        return queryset
    matching = Q()
    for prefix in ("authority", "organization"):
        parties = Party.objects.all()
        for word in words:
            parties = parties.filter(**{f"{prefix}__search_text__contains": word})
        matching |= Q(pk__in=parties.values("partnership_id"))
    return queryset.filter(matching | Q(title__icontains=query))


def _filter(request, queryset):
    params = request.GET
    filters = {"status": params.get("status", ""), "kind": params.get("kind", "")}
    filters.update(country=params.get("country", "").upper(), theme=params.get("theme", ""))
    filters["ending"] = params.get("ending", "")
    if filters["status"] in PartnershipStatus.values:
        queryset = queryset.filter(status=filters["status"])
    if filters["kind"] in PartnershipKind.values:
        queryset = queryset.filter(kind=filters["kind"])
    if filters["country"]:
        in_country = Party.objects.filter(
            Q(authority__country_id=filters["country"])
            | Q(organization__country_id=filters["country"])
            | Q(country_id=filters["country"])
        )
        queryset = queryset.filter(pk__in=in_country.values("partnership_id"))
    if filters["theme"]:
        queryset = queryset.filter(pk__in=Theme.objects.filter(code=filters["theme"]).values("partnerships"))
    if filters["ending"] == "6m":
        today = date.today()
        queryset = queryset.filter(ends_on__gte=today, ends_on__lte=today + ENDING_WITHIN)
    return _search(queryset, params.get("q", "")), filters


@login_required
def partnership_list(request):
    queryset, filters = _filter(request, workspace_partnerships(request.user))
    queryset, current = sort(queryset, request, COLUMNS, default="-signed_on")
    queryset = queryset.prefetch_related(PARTIES, "themes")
    fmt = request.GET.get("export")
    if fmt in FORMATS:
        return export_response(objects=queryset, columns=COLUMNS, filename="partnerships", fmt=fmt)
    page = paginate(request, queryset)
    context = {
        "page": page,
        "headers": headers(request, TABLE_COLUMNS, current),
        "filters": filters,
        "query": request.GET.get("q", ""),
        "statuses": PartnershipStatus.choices,
        "kinds": PartnershipKind.choices,
        # Two IN subqueries, not a DISTINCT over the join of every authority with every party (3× faster at
        # national scale: bench/bench_workspace.py).
        "countries": Country.objects.filter(
            Q(code__in=Party.objects.values("authority__country_id")) | Q(code__in=Party.objects.values("country_id"))
        ),
        "themes": Theme.objects.all(),
        "can_create": perms.can_create_partnership(request.user),
        "can_validate_authorities": can_validate_authority(request.user),
        "has_authority": bool(authority_ids_of(request.user)) or is_coordinator(request.user),
    }
    return render(request, "workspace/partnerships/list.html", context)


def _viewable(request, pk: int) -> Partnership:
    partnership = get_object_or_404(Partnership, pk=pk)
    if not perms.can_view_partnership(request.user, partnership):
        raise PermissionDenied
    return partnership


def _editable(request, pk: int) -> Partnership:
    partnership = get_object_or_404(Partnership, pk=pk)
    if not perms.can_edit_partnership(request.user, partnership):
        raise PermissionDenied
    return partnership


@login_required
def partnership_detail(request, pk: int):
    partnership = _viewable(request, pk)
    can_edit = perms.can_edit_partnership(request.user, partnership)
    renewal = partnership.renewals.first()
    projects = visible_projects(request.user, partnership.projects.all()).select_related("lead_authority")
    context = {
        "partnership": partnership,
        "parties": partnership.parties.select_related("authority__country", "organization__country", "country"),
        "themes": partnership.themes.all(),
        "documents": partnership.documents.select_related("uploaded_by"),
        "previous": partnership.renewal_of,
        "renewal": renewal,
        "projects": projects,
        "status_meaning": forms.STATUS_MEANINGS.get(partnership.status, ""),
        "can_edit": can_edit,
        "actions": workflow.allowed_actions(partnership, among=ACTIONS) if can_edit else [],
        "can_renew": perms.can_renew(request.user, partnership),
        "awaits_prefect": workflow.awaits_prefect(partnership),
        "document_form": forms.DocumentForm() if can_edit else None,
        "can_view_history": perms.can_view_history(request.user, partnership),
    }
    return render(request, "workspace/partnerships/detail.html", context)


def _form_context(request, form, partnership=None) -> dict:
    query = request.POST.get("party_query", "") if request.method == "POST" else ""
    found = search_authorities(request.user, query, with_organizations=True) if query else None
    chosen = {party.value for party in form.parties}
    return {
        "form": form,
        "partnership": partnership,
        "party_query": query,
        "party_results": None if found is None else [r for r in found if r["value"] not in chosen],
        "roles": PartyRole.choices,
        "roles_json": json.dumps([[value, str(label)] for value, label in PartyRole.choices]),
        "can_propose": can_propose_authority(request.user),
    }


def _own_authorities(user) -> list[forms.SelectedParty]:
    authorities = Authority.objects.filter(pk__in=authority_ids_of(user)).select_related("country")
    return [forms.SelectedParty(f"authority:{a.pk}", a, PartyRole.SIGNATORY) for a in authorities]


def _saving(request) -> bool:
    """The form is saved by its main button; the party search button only searches (the page without JavaScript)."""
    return request.method == "POST" and "party_search" not in request.POST


@login_required
def partnership_create(request):
    if not perms.can_create_partnership(request.user):
        raise PermissionDenied
    data = request.POST if request.method == "POST" else None
    form = forms.PartnershipForm(data, user=request.user, initial_parties=_own_authorities(request.user))
    if _saving(request) and form.is_valid():
        try:
            partnership = services.create_partnership(
                author=request.user, parties=form.party_specs(), **form.service_kwargs()
            )
        except ValidationError as error:
            forms.add_service_error(form, error)
        except PermissionDenied:
            form.add_error(None, _("Your own authority must be one of the parties."))
        else:
            messages.success(request, _("The partnership “%(title)s” is recorded.") % {"title": partnership.title})
            return redirect("partnerships:detail", pk=partnership.pk)
    return render(request, "workspace/partnerships/form.html", _form_context(request, form))


@login_required
def partnership_edit(request, pk: int):
    partnership = _editable(request, pk)
    parties = partnership.parties.select_related("authority__country", "organization__country", "country")
    initial = [
        forms.SelectedParty(f"{spec.key()[0]}:{spec.key()[1]}", party.entity, party.role)
        for party, spec in ((p, services.PartySpec.of(p)) for p in parties)
    ]
    data = request.POST if request.method == "POST" else None
    form = forms.PartnershipForm(data, user=request.user, partnership=partnership, initial_parties=initial)
    if _saving(request) and form.is_valid():
        opened_at = form.cleaned_data["version"]
        try:
            services.update_partnership(
                partnership=partnership,
                author=request.user,
                parties=form.party_specs(),
                expected_version=opened_at,
                **form.service_kwargs(),
            )
        except ValidationError as error:
            if is_stale(error):
                show_conflict(form, error, Partnership.objects.get(pk=partnership.pk), opened_at)
            else:
                forms.add_service_error(form, error)
        else:
            messages.success(request, _("The partnership is saved."))
            return redirect("partnerships:detail", pk=partnership.pk)
    return render(request, "workspace/partnerships/form.html", _form_context(request, form, partnership))


@dataclass(frozen=True)
class Action:
    """A workflow action's page: its confirmation form, the service it runs, what it says once done."""

    title: str | Promise  # the workflow's label
    form: Callable[[QueryDict | None], django_forms.Form]
    run: Callable[[Partnership, User, dict[str, Any]], object]  # the form's cleaned_data
    done: StrOrPromise
    irreversible: bool


ACTIONS = {
    "sign": Action(
        title=workflow.TRANSITIONS["sign"].label,
        form=lambda data: forms.DateActionForm(data, label=gettext_lazy("Signed on")),
        run=lambda p, user, d: services.sign_partnership(partnership=p, author=user, signed_on=d["on"]),
        done=gettext_lazy("The signature is recorded."),
        irreversible=False,
    ),
    "send_to_prefect": Action(
        title=workflow.TRANSITIONS["send_to_prefect"].label,
        form=lambda data: forms.DateActionForm(data, label=gettext_lazy("Sent to the préfet on")),
        run=lambda p, user, d: services.record_sent_to_prefect(partnership=p, author=user, on=d["on"]),
        done=gettext_lazy("The date it was sent to the préfet is recorded: the convention is in force."),
        irreversible=False,
    ),
    "suspend": Action(
        title=workflow.TRANSITIONS["suspend"].label,
        form=lambda data: forms.ReasonForm(data),
        run=lambda p, user, d: services.suspend_partnership(partnership=p, author=user, reason=d["reason"]),
        done=gettext_lazy("The partnership is suspended."),
        irreversible=True,
    ),
    "resume": Action(
        title=workflow.TRANSITIONS["resume"].label,
        form=lambda data: forms.ReasonForm(data),
        run=lambda p, user, d: services.resume_partnership(partnership=p, author=user, reason=d["reason"]),
        done=gettext_lazy("The partnership is resumed."),
        irreversible=False,
    ),
    "end": Action(
        title=workflow.TRANSITIONS["end"].label,
        form=lambda data: forms.EndForm(data, label=gettext_lazy("Ends on")),
        run=lambda p, user, d: services.end_partnership(partnership=p, author=user, on=d["on"], reason=d["reason"]),
        done=gettext_lazy("The partnership is ended."),
        irreversible=True,
    ),
}


@login_required
def partnership_action(request, pk: int, action: str):
    """GET shows the action's confirmation form; POST does it through its service."""
    if action not in ACTIONS:
        raise Http404
    partnership = _editable(request, pk)
    spec = ACTIONS[action]
    form = spec.form(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            spec.run(partnership, request.user, form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, spec.done)
            return redirect("partnerships:detail", pk=partnership.pk)
    context = {"partnership": partnership, "form": form, "action": action, "spec": spec}
    return render(request, "workspace/partnerships/action.html", context)


@login_required
def partnership_renew(request, pk: int):
    previous = _editable(request, pk)
    initial = {"title": previous.title, "signed_on": date.today()}
    if previous.ends_on:
        initial["starts_on"] = previous.ends_on + timedelta(days=1)
    form = forms.RenewForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            renewal = services.renew_partnership(previous=previous, author=request.user, **form.cleaned_data)
        except ValidationError as error:
            forms.add_service_error(form, error)
        else:
            messages.success(request, _("The renewal is recorded; the previous convention is ended."))
            return redirect("partnerships:detail", pk=renewal.pk)
    return render(request, "workspace/partnerships/renew.html", {"previous": previous, "form": form})


@require_POST
@login_required
def document_upload(request, pk: int):
    partnership = _editable(request, pk)
    form = forms.DocumentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            document_services.attach_document(
                partnership=partnership,
                author=request.user,
                file=form.cleaned_data["file"],
                title=form.cleaned_data["title"],
            )
        except ValidationError as error:
            form.add_error("file", error)
        else:
            messages.success(request, _("The document is attached."))
            return redirect("partnerships:detail", pk=partnership.pk)
    for refusal in form.errors.as_data().get("file", []):
        messages.error(request, " ".join(refusal.messages))
    return redirect("partnerships:detail", pk=partnership.pk)


def _document(pk: int, document_pk: int) -> PartnershipDocument:
    return get_object_or_404(PartnershipDocument.objects.select_related("partnership"), pk=document_pk, partnership=pk)


def document_download(request, pk: int, document_pk: int):
    """The file under its cleaned original name, only for who may see the partnership; never shown inline."""
    document = _document(pk, document_pk)
    if not perms.can_view_partnership(request.user, document.partnership):
        raise PermissionDenied
    return uploads.document_response(document)


@login_required
def document_delete(request, pk: int, document_pk: int):
    document = _document(pk, document_pk)
    if not perms.can_edit_partnership(request.user, document.partnership):
        raise PermissionDenied
    if request.method == "POST":
        document_services.delete_document(document=document, author=request.user)
        messages.success(request, _("The document “%(name)s” is deleted.") % {"name": document})
        return redirect("partnerships:detail", pk=pk)
    return render(request, "workspace/partnerships/document_delete.html", {"document": document})
