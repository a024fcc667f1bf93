"""Workspace pages for projects: list, sheet, create and edit, participants, places, money, results."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Prefetch, Q
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coopdec.funding import services as funding_services
from coopdec.funding.selectors import FundingSummary, funding_summary
from coopdec.lib import uploads
from coopdec.lib.conflicts import is_stale, show_conflict
from coopdec.lib.listing import Column, attribute, headers, paginate, sort
from coopdec.lib.money import display_amount
from coopdec.lib.tabular import FORMATS, export_response
from coopdec.lib.text import fold
from coopdec.partnerships.models import Partnership
from coopdec.partnerships.perms import can_view_partnership
from coopdec.projects import document_services, services
from coopdec.projects.models import Funding, Participant, Place, Project, ProjectDocument, Result
from coopdec.projects.perms import (
    can_create_project,
    can_edit_project,
    can_view_history,
    can_view_project,
)
from coopdec.projects.selectors import workspace_projects
from coopdec.territories.models import Authority

from . import forms


def _with_list_data(queryset):
    """What a row needs, fetched in a fixed number of queries whatever the number of rows."""
    return queryset.select_related("lead_authority").prefetch_related(
        "themes",
        "fundings",
        Prefetch("places", queryset=Place.objects.select_related("authority__country", "country")),
        Prefetch("participants", queryset=Participant.objects.select_related("authority__country")),
    )


def _summary(project: Project) -> FundingSummary:
    """``funding_summary(project)``, worked out once per row: the list's export reads it for two columns."""
    cached: dict[str, Any] = project.__dict__  # the instance's own values, where Django caches its relations too
    if "_funding_summary" not in cached:
        cached["_funding_summary"] = funding_summary(project)
    summary: FundingSummary = cached["_funding_summary"]
    return summary


def _countries(project: Project) -> list[str]:
    countries = {place.country for place in project.places.all() if place.country_id}
    countries |= {place.authority.country for place in project.places.all() if place.authority is not None}
    countries |= {p.authority.country for p in project.participants.all() if p.authority is not None}
    return sorted(str(country) for country in countries)


COLUMNS = [
    Column("title", gettext_lazy("Title"), attribute("title"), "title"),
    Column("lead", gettext_lazy("Lead authority"), attribute("lead_authority.name"), "lead_authority__name"),
    Column("kind", gettext_lazy("Kind"), attribute("kind"), "kind"),
    Column("status", gettext_lazy("Status"), attribute("status"), "status"),
    Column("themes", gettext_lazy("Themes"), lambda p: [theme.label for theme in p.themes.all()]),
    Column("countries", gettext_lazy("Countries"), _countries),
    Column("budget", gettext_lazy("Budget"), attribute("budget"), "budget"),
    Column("currency", gettext_lazy("Currency"), attribute("currency"), "currency"),
    Column("funded", gettext_lazy("Total funded (€)"), lambda p: _summary(p).total_eur),
    Column("gap", gettext_lazy("Gap to the budget (€)"), lambda p: _summary(p).gap_eur),
    Column("planned_start", gettext_lazy("Planned start"), attribute("planned_start"), "planned_start"),
    Column("planned_end", gettext_lazy("Planned end"), attribute("planned_end"), "planned_end"),
    Column("actual_start", gettext_lazy("Actual start"), attribute("actual_start"), "actual_start"),
    Column("actual_end", gettext_lazy("Actual end"), attribute("actual_end"), "actual_end"),
    Column("visibility", gettext_lazy("Visibility"), attribute("visibility"), "visibility"),
]
TABLE_KEYS = ("title", "lead", "kind", "status", "budget", "funded", "gap", "planned_start")


def _filtered(queryset, data: dict):
    if data.get("q"):
        query = data["q"].strip()
        queryset = queryset.filter(
            Q(title__icontains=query)
            | Q(description__icontains=query)
            | Q(lead_authority__search_text__contains=fold(query))
        )
    for name in ("status", "kind"):
        if data.get(name):
            queryset = queryset.filter(**{name: data[name]})
    if data.get("theme"):
        queryset = queryset.filter(pk__in=Project.objects.filter(themes=data["theme"]).values("pk"))
    if data.get("country"):
        queryset = queryset.filter(pk__in=Project.objects.in_country(data["country"].code).values("pk"))
    if data.get("instrument"):
        queryset = queryset.filter(pk__in=Funding.objects.filter(instrument=data["instrument"]).values("project_id"))
    if data.get("partnership"):
        queryset = queryset.filter(partnership=data["partnership"])
    if data.get("year"):
        # Running that year: started (or due to start) by its end, not ended before its start.
        year = data["year"]
        queryset = queryset.annotate(
            starts=Coalesce("actual_start", "planned_start"), ends=Coalesce("actual_end", "planned_end")
        ).filter(Q(starts__year__lte=year) | Q(starts__isnull=True), Q(ends__year__gte=year) | Q(ends__isnull=True))
    return queryset


@login_required
def project_list(request):
    """The workspace's projects: search, filters, sortable columns, pages, CSV/XLSX of the filtered list."""
    form = forms.ProjectFilterForm(request.GET or None, user=request.user)
    data = form.cleaned_data if form.is_valid() else {}
    projects = _with_list_data(_filtered(workspace_projects(request.user), data))
    projects, current = sort(projects, request, COLUMNS, default="title")
    if request.GET.get("export") in FORMATS:
        return export_response(objects=projects, columns=COLUMNS, filename="projects", fmt=request.GET["export"])
    page = paginate(request, projects)
    table = [column for column in COLUMNS if column.key in TABLE_KEYS]
    context = {
        "form": form,
        "page": page,
        "headers": headers(request, table, current),
        "rows": [(project, _summary(project)) for project in page.object_list],
        "can_create": can_create_project(request.user),
    }
    return render(request, "workspace/projects/project_list.html", context)


def _project_or_404(request, pk: int, *, edit: bool = False) -> Project:
    """The project if the user may see it (else 404: a private project's existence is not disclosed)."""
    project = get_object_or_404(Project.objects.select_related("lead_authority", "partnership"), pk=pk)
    if not can_view_project(request.user, project):
        raise Http404
    if edit and not can_edit_project(request.user, project):
        raise PermissionDenied
    return project


def _add_errors(form, error: ValidationError) -> None:
    """A service's refusal shown on the form, under the field it names when the form has it."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _warn(request, warnings) -> None:
    for warning in warnings:
        messages.warning(request, warning)


def _searching(request) -> bool:
    """The picker's Search button (JavaScript off) posts the form back to list matches, not to save."""
    return request.method == "POST" and "_search" in request.POST


def _summary_context(project: Project) -> dict:
    summary = funding_summary(project)
    gap = summary.gap_eur
    if gap is None:
        gap_message = _("No budget in euros to compare with.")
    elif gap > 0:
        gap_message = _("%(amount)s not yet funded") % {"amount": display_amount(gap)}
    elif gap < 0:
        gap_message = _("over-funded by %(amount)s") % {"amount": display_amount(-gap)}
    else:
        gap_message = _("Fully funded")
    return {
        "summary": summary,
        "total": display_amount(summary.total_eur),
        "cash": display_amount(summary.cash_eur),
        "in_kind": display_amount(summary.in_kind_eur),
        "budget_eur": None if summary.budget_eur is None else display_amount(summary.budget_eur),
        "gap_message": gap_message,
        "gap": gap,
    }


def _history_url(user, project: Project) -> str | None:
    """The workspace's history page of the project, for who may see it (once that page is installed)."""
    if not can_view_history(user, project):
        return None
    try:
        return reverse("workspace:history", args=["project", project.pk])
    except NoReverseMatch:
        return None


@login_required
def project_detail(request, pk: int):
    project = _project_or_404(request, pk)
    project = (
        Project.objects.select_related("lead_authority", "partnership")
        .prefetch_related(
            "themes",
            "results",
            Prefetch("participants", queryset=Participant.objects.select_related("authority__country", "organization")),
            Prefetch("places", queryset=Place.objects.select_related("authority", "country")),
            Prefetch("fundings", queryset=Funding.objects.select_related("funder_authority", "funder_organization")),
            "disbursements__funding",
            "documents",
        )
        .get(pk=project.pk)
    )
    context = {
        "project": project,
        "can_edit": can_edit_project(request.user, project),
        "history_url": _history_url(request.user, project),
        "funding": _summary_context(project),
        "translations": sorted(project.translations.items()),
    }
    return render(request, "workspace/projects/project_detail.html", context)


def _partnership_from_query(request) -> Partnership | None:
    pk = request.GET.get("partnership", "")
    partnership = Partnership.objects.filter(pk=pk).first() if pk.isdigit() else None
    if partnership is not None and can_view_partnership(request.user, partnership):
        return partnership
    return None


def _render_form(request, form, *, heading: str, project: Project | None = None):
    pickers = form.pickers() if isinstance(form, forms.PickerMixin) else []
    context = {"form": form, "project": project, "pickers": pickers, "heading": heading}
    return render(request, "workspace/projects/form.html", context)


@login_required
def project_create(request):
    """Create a project, standalone or from a partnership (``?partnership=<id>``)."""
    if not can_create_project(request.user):
        raise PermissionDenied
    form = forms.ProjectForm(
        None if request.method == "GET" else request.POST,
        user=request.user,
        initial={"partnership": _partnership_from_query(request)},
    )
    if request.method == "POST" and not _searching(request) and form.is_valid():
        try:
            with transaction.atomic():
                outcome = services.create_project(
                    author=request.user, themes=form.cleaned_data["themes"], **form.project_fields()
                )
                translations = form.translations()
                if translations:
                    outcome = services.update_project(
                        project=outcome.project, author=request.user, translations=translations
                    )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            _warn(request, outcome.warnings)
            messages.success(request, _("The project has been created."))
            return redirect("projects:detail", pk=outcome.project.pk)
    return _render_form(request, form, heading=_("New project"))


@login_required
def project_edit(request, pk: int):
    project = _project_or_404(request, pk, edit=True)
    form = forms.ProjectForm(
        None if request.method == "GET" else request.POST,
        user=request.user,
        initial=forms.ProjectForm.initial_for(project),
    )
    if request.method == "POST" and not _searching(request) and form.is_valid():
        opened_at = form.cleaned_data["version"]
        try:
            outcome = services.update_project(
                project=project,
                author=request.user,
                themes=form.cleaned_data["themes"],
                translations=form.translations(project.translations),
                expected_version=opened_at,
                **form.project_fields(),
            )
        except ValidationError as error:
            if is_stale(error):
                show_conflict(form, error, Project.objects.get(pk=project.pk), opened_at)
            else:
                _add_errors(form, error)
        else:
            _warn(request, outcome.warnings)
            messages.success(request, _("The project has been saved."))
            return redirect("projects:detail", pk=project.pk)
    return _render_form(request, form, heading=_("Edit the project"), project=project)


def _confirm(request, *, project: Project, question: str, target: str):
    return render(
        request, "workspace/projects/confirm.html", {"project": project, "question": question, "target": target}
    )


@login_required
def participant_add(request, pk: int):
    project = _project_or_404(request, pk, edit=True)
    form = forms.ParticipantForm(None if request.method == "GET" else request.POST)
    if request.method == "POST" and not _searching(request) and form.is_valid():
        entity = form.cleaned_data["entity"]
        kind = "authority" if isinstance(entity, Authority) else "organization"
        try:
            services.add_participant(
                project=project, author=request.user, role=form.cleaned_data["role"], **{kind: entity}
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("%(entity)s has been added.") % {"entity": entity})
            return redirect("projects:detail", pk=project.pk)
    return _render_form(request, form, heading=_("Add a participant"), project=project)


@login_required
def participant_remove(request, pk: int, participant_pk: int):
    project = _project_or_404(request, pk, edit=True)
    participant = get_object_or_404(project.participants.select_related("authority", "organization"), pk=participant_pk)
    if request.method != "POST":
        question = _("Remove %(participant)s from this project?") % {"participant": participant}
        return _confirm(request, project=project, question=question, target=request.path)
    try:
        services.remove_participant(participant=participant, author=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("%(participant)s has been removed.") % {"participant": participant})
    return redirect("projects:detail", pk=project.pk)


@login_required
def place_add(request, pk: int):
    project = _project_or_404(request, pk, edit=True)
    form = forms.PlaceForm(None if request.method == "GET" else request.POST)
    if request.method == "POST" and not _searching(request) and form.is_valid():
        try:
            services.add_place(project=project, author=request.user, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The place has been added."))
            return redirect("projects:detail", pk=project.pk)
    return _render_form(request, form, heading=_("Add a place"), project=project)


@login_required
def place_remove(request, pk: int, place_pk: int):
    project = _project_or_404(request, pk, edit=True)
    place = get_object_or_404(project.places.select_related("authority", "country"), pk=place_pk)
    if request.method != "POST":
        question = _("Remove the place %(place)s?") % {"place": place}
        return _confirm(request, project=project, question=question, target=request.path)
    services.remove_place(place=place, author=request.user)
    messages.success(request, _("The place has been removed."))
    return redirect("projects:detail", pk=project.pk)


@login_required
def funding_add(request, pk: int):
    project = _project_or_404(request, pk, edit=True)
    form = forms.FundingForm(request.POST or None, project=project)
    if request.method == "POST" and form.is_valid():
        try:
            outcome = funding_services.add_funding(project=project, author=request.user, **form.funding_fields())
        except ValidationError as error:
            _add_errors(form, error)
        else:
            _warn(request, outcome.warnings)
            messages.success(request, _("The funding line has been added."))
            return redirect("projects:detail", pk=project.pk)
    return _render_form(request, form, heading=_("Add a funding line"), project=project)


@login_required
def funding_edit(request, pk: int, funding_pk: int):
    project = _project_or_404(request, pk, edit=True)
    funding = get_object_or_404(
        project.fundings.select_related("funder_authority", "funder_organization"), pk=funding_pk
    )
    form = forms.FundingForm(request.POST or None, project=project, initial=forms.FundingForm.initial_for(funding))
    if request.method == "POST" and form.is_valid():
        try:
            outcome = funding_services.update_funding(funding=funding, author=request.user, **form.funding_fields())
        except ValidationError as error:
            _add_errors(form, error)
        else:
            _warn(request, outcome.warnings)
            messages.success(request, _("The funding line has been saved."))
            return redirect("projects:detail", pk=project.pk)
    return _render_form(request, form, heading=_("Edit the funding line"), project=project)


@login_required
def funding_remove(request, pk: int, funding_pk: int):
    project = _project_or_404(request, pk, edit=True)
    funding = get_object_or_404(project.fundings.all(), pk=funding_pk)
    if request.method != "POST":
        question = _("Delete the funding line %(funding)s?") % {"funding": funding}
        return _confirm(request, project=project, question=question, target=request.path)
    funding_services.remove_funding(funding=funding, author=request.user)
    messages.success(request, _("The funding line has been deleted."))
    return redirect("projects:detail", pk=project.pk)


@login_required
def disbursement_add(request, pk: int):
    project = _project_or_404(request, pk, edit=True)
    form = forms.DisbursementForm(request.POST or None, project=project)
    if request.method == "POST" and form.is_valid():
        try:
            outcome = funding_services.add_disbursement(project=project, author=request.user, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            _warn(request, outcome.warnings)
            messages.success(request, _("The disbursement has been recorded."))
            return redirect("projects:detail", pk=project.pk)
    return _render_form(request, form, heading=_("Record a disbursement"), project=project)


@login_required
def result_edit(request, pk: int, result_pk: int | None = None):
    """Add a result (indicator, baseline, target, achieved), or edit one."""
    project = _project_or_404(request, pk, edit=True)
    result = Result(project=project) if result_pk is None else get_object_or_404(project.results.all(), pk=result_pk)
    form = forms.ResultForm(request.POST or None, instance=result)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_result(result=form.save(commit=False), author=request.user)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The result has been saved."))
            return redirect("projects:detail", pk=project.pk)
    heading = _("Add a result") if result_pk is None else _("Edit the result")
    return _render_form(request, form, heading=heading, project=project)


@login_required
def result_delete(request, pk: int, result_pk: int):
    project = _project_or_404(request, pk, edit=True)
    result = get_object_or_404(project.results.all(), pk=result_pk)
    if request.method != "POST":
        question = _("Delete the result “%(result)s”?") % {"result": result}
        return _confirm(request, project=project, question=question, target=request.path)
    services.delete_result(result=result, author=request.user)
    messages.success(request, _("The result has been deleted."))
    return redirect("projects:detail", pk=project.pk)


@login_required
def document_upload(request, pk: int):
    project = _project_or_404(request, pk, edit=True)
    form = forms.DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            document_services.attach_document(
                project=project, author=request.user, file=form.cleaned_data["file"], title=form.cleaned_data["title"]
            )
        except ValidationError as error:
            form.add_error("file", error)
        else:
            messages.success(request, _("The document is attached."))
            return redirect("projects:detail", pk=project.pk)
    return _render_form(request, form, heading=_("Attach a document"), project=project)


def _document(request, pk: int, document_pk: int) -> ProjectDocument:
    project = _project_or_404(request, pk)
    return get_object_or_404(project.documents.all(), pk=document_pk)


@login_required
def document_download(request, pk: int, document_pk: int):
    """The file under its cleaned original name, only for who may see the project; never shown inline."""
    document = _document(request, pk, document_pk)
    return uploads.document_response(document)


@login_required
def document_delete(request, pk: int, document_pk: int):
    document = _document(request, pk, document_pk)
    if not can_edit_project(request.user, document.project):
        raise PermissionDenied
    if request.method != "POST":
        question = _("Delete the document “%(name)s”?") % {"name": document}
        return _confirm(request, project=document.project, question=question, target=request.path)
    document_services.delete_document(document=document, author=request.user)
    messages.success(request, _("The document “%(name)s” is deleted.") % {"name": document})
    return redirect("projects:detail", pk=pk)
