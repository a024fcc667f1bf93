"""An authority's applications to calls for projects: the calls open to it, applying, the application's page with
its budget form and the live list of the call's rules."""

from __future__ import annotations

import dataclasses
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.http import require_POST

from coopdec.accounts.perms import authority_ids_of
from coopdec.calls import perms, selectors, services, workflow
from coopdec.calls.eligibility import Budget, Rules, check
from coopdec.calls.enums import DocumentKind
from coopdec.calls.models import Application, Call
from coopdec.lib.listing import Column, attribute, headers, paginate, sort
from coopdec.territories.models import Authority

from . import forms
from .access import application_or_403, author, rule_rows

COLUMNS = [
    Column("call", gettext_lazy("Call"), attribute("call.name"), "call__name_fr"),
    Column("title", gettext_lazy("Project"), attribute("title"), "title"),
    Column("authority", gettext_lazy("Authority"), attribute("authority.name"), "authority__name"),
    Column("state", pgettext_lazy("application", "State"), attribute("status"), "status"),
    Column("asked", gettext_lazy("Amount asked"), attribute("asked"), "asked"),
    Column("last_change", gettext_lazy("Last change"), attribute("updated_at"), "updated_at"),
]


@login_required
def application_list(request: HttpRequest) -> HttpResponse:
    """For each of the member's French authorities: the calls open to it, and its applications (sorted, paged)."""
    authorities = list(Authority.objects.filter(pk__in=authority_ids_of(request.user), is_french=True).order_by("name"))
    applications = selectors.applications_of(a.pk for a in authorities)
    started = {(call, authority): pk for pk, call, authority in applications.values_list("pk", "call", "authority")}
    calls = selectors.open_calls()
    rows = [
        {"authority": authority, "call": call, "application": started.get((call.pk, authority.pk))}
        for authority in authorities
        for call in calls
    ]
    ordered, current = sort(applications, request, COLUMNS, "-last_change")
    context = {
        "open_rows": rows,
        "page": paginate(request, ordered),
        "headers": headers(request, COLUMNS, current),
        "has_authority": bool(authorities),
    }
    return render(request, "workspace/applications/list.html", context)


def _authority_to_apply_for(request: HttpRequest) -> Authority:
    authority = get_object_or_404(Authority, pk=request.POST.get("authority") or request.GET.get("authority") or 0)
    if not perms.can_apply_for(request.user, authority):
        raise PermissionDenied
    return authority


@login_required
def application_start(request: HttpRequest, call_pk: int) -> HttpResponse:
    """Apply to an open call: from one of the authority's projects (taken over by the service) or a new one."""
    call = get_object_or_404(Call, pk=call_pk)
    authority = _authority_to_apply_for(request)
    if call not in selectors.open_calls():
        raise Http404
    form = forms.StartForm(request.POST if request.method == "POST" else None, authority=authority)
    if request.method == "POST" and form.is_valid():
        try:
            outcome = services.start_application(
                author=author(request),
                call=call,
                authority=authority,
                project=form.cleaned_data["project"],
                title=form.cleaned_data["title"],
            )
        except ValidationError as error:
            for field, errors in error.error_dict.items() if hasattr(error, "error_dict") else [(None, error)]:
                form.add_error(field if field in form.fields else None, errors)
        else:
            for warning in outcome.warnings:
                messages.warning(request, warning)
            messages.success(request, _("The application has been started: complete its budget, then submit it."))
            return redirect("applications:detail", outcome.application.pk)
    return render(request, "workspace/applications/start.html", {"call": call, "authority": authority, "form": form})


def _initial_forms(application: Application) -> dict[str, Any]:
    resources = [
        {"year": r.year, "source": r.source, "funder": r.funder, "amount": r.amount, "in_kind": r.in_kind}
        for r in application.resources.all()
    ]
    expenses = [{"year": e.year, "kind": e.kind, "amount": e.amount} for e in application.expenses.all()]
    return {
        "form": forms.ApplicationForm(initial={"title": application.title, "sdgs": application.sdgs}),
        "resources": forms.ResourceFormSet(initial=resources, prefix="resources"),
        "expenses": forms.ExpenseFormSet(initial=expenses, prefix="expenses"),
    }


def _bound_forms(request: HttpRequest) -> dict[str, Any]:
    return {
        "form": forms.ApplicationForm(request.POST),
        "resources": forms.ResourceFormSet(request.POST, prefix="resources"),
        "expenses": forms.ExpenseFormSet(request.POST, prefix="expenses"),
    }


def _typed(budget: Budget, bound: dict[str, Any]) -> Budget:
    """The stored budget with the lines as typed (those that read as lines), not saved."""
    return dataclasses.replace(
        budget,
        resources=tuple(forms.resources_of(bound["resources"])),
        expenses=tuple(forms.expenses_of(bound["expenses"])),
    )


def _rules_and_budget(application: Application) -> tuple[Rules, Budget]:
    budget = selectors.budget_of(application)
    return selectors.rules_of(application.call, countries=budget.countries), budget


def _changes_asked(application: Application) -> str:
    """The coordinator's comment while the application waits for the changes asked."""
    if application.status != workflow.CHANGES_REQUESTED:
        return ""
    version = application.versions.order_by("-number").first()
    return version.comment if version else ""


def _save(request: HttpRequest, application: Application, bound: dict[str, Any]) -> bool:
    if not all(part.is_valid() for part in bound.values()):
        return False
    data = bound["form"].cleaned_data
    try:
        services.save_draft(
            author=author(request),
            application=application,
            title=data["title"],
            sdgs=data["sdgs"],
            resources=forms.resources_of(bound["resources"]),
            expenses=forms.expenses_of(bound["expenses"]),
        )
    except ValidationError as error:
        for field, errors in error.error_dict.items() if hasattr(error, "error_dict") else [(None, error)]:
            bound["form"].add_error(field if field in bound["form"].fields else None, errors)
        return False
    return True


@login_required
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The application, its rules and — while its authority may change it — the form saving its draft."""
    application = application_or_403(request, pk)
    can_edit = perms.can_edit_application(request.user, application)
    rules, budget = _rules_and_budget(application)
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        bound = _bound_forms(request)
        if _save(request, application, bound):
            messages.success(request, _("The draft has been saved."))
            return redirect("applications:detail", application.pk)
        parts, budget = bound, _typed(budget, bound)
    else:
        parts = _initial_forms(application) if can_edit else {}
    eligibility = check(rules, budget)
    context = {
        "application": application,
        "call": application.call,
        **parts,
        "can_edit": can_edit,
        "can_submit": perms.can_submit_application(request.user, application),
        "rules": rule_rows(eligibility.checks, editable=can_edit),
        "eligible": eligibility.eligible,
        "changes_asked": _changes_asked(application),
        "resource_lines": application.resources.all(),
        "expense_lines": application.expenses.all(),
        "documents": application.documents.all(),
        "documents_asked": [DocumentKind(kind).label for kind in application.call.documents],
        "document_form": forms.DocumentForm() if can_edit else None,
        "versions": application.versions.select_related("submitted_by"),
        "countries": application.countries.all(),
    }
    return render(request, "workspace/applications/detail.html", context)


@login_required
@require_POST
def application_eligibility(request: HttpRequest, pk: int) -> HttpResponse:
    """The rules panel for the form as typed, saving nothing: the page's htmx posts the form here on each change."""
    application = application_or_403(request, pk, perms.can_edit_application)
    rules, budget = _rules_and_budget(application)
    eligibility = check(rules, _typed(budget, _bound_forms(request)))
    context = {"rules": rule_rows(eligibility.checks, editable=True), "eligible": eligibility.eligible}
    return render(request, "workspace/applications/includes/rules.html", context)
