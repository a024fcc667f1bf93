"""The review of a call: its reviewers and their invitation, the applications ranked by average score with the
envelope left, asking an applicant for changes, and a reviewer's scores against the grid."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from coopdec.accounts.perms import authority_ids_of
from coopdec.calls import coordination, perms, services, workflow
from coopdec.calls.models import Call, Score
from coopdec.lib.listing import paginate
from coopdec.lib.money import display_amount

from . import forms
from .access import application_of, author, managed_call
from .sentences import figure


@login_required
def call_reviewers(request: HttpRequest, pk: int) -> HttpResponse:
    call = managed_call(request, pk)
    form = forms.ReviewerForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        user = form.cleaned_data["email"]
        services.invite_reviewer(author=author(request), call=call, user=user)
        messages.success(
            request, _("%(email)s may now read and score this call's applications.") % {"email": user.email}
        )
        return redirect("calls:reviewers", pk=call.pk)
    reviewers = call.reviewers.select_related("user", "invited_by").order_by("user__email")
    return render(request, "workspace/calls/reviewers.html", {"call": call, "form": form, "reviewers": reviewers})


def _application_url(application_pk: int) -> str:
    """The application's own page, once the applicants' pages are installed (another module builds them)."""
    try:
        return reverse("applications:detail", args=[application_pk])
    except NoReverseMatch:
        return ""


@login_required
def call_applications(request: HttpRequest, pk: int) -> HttpResponse:
    """Coordinators see the ranking and the envelope left; a reviewer of the call, the applications to score."""
    call = get_object_or_404(Call, pk=pk)
    manager = perms.can_manage_calls(request.user)
    if not manager and not perms.is_reviewer_of(request.user, call):
        raise PermissionDenied
    ranking = coordination.ranking(call)
    if not manager:
        ranking = ranking.filter(status__in=workflow.UNDER_REVIEW).exclude(
            authority_id__in=authority_ids_of(request.user)
        )
    page = paginate(request, ranking)
    rows = list(page.object_list)
    maximum = coordination.grid_maximum(call)
    for rank, row in enumerate(rows, start=page.start_index()):
        row.rank = rank
        row.asked_display = display_amount(row.asked)
        row.average_display = "" if row.average is None else number_format(row.average, 2, use_l10n=True)
        row.url = _application_url(row.pk)
        row.may_score = perms.can_score_application(request.user, row)
        row.may_request_changes = perms.can_request_changes(request.user, row)
    use = coordination.envelope_use(call)
    context = {
        "call": call,
        "page": page,
        "rows": rows,
        "manager": manager,
        "maximum": figure(maximum),
        "envelope": display_amount(use["envelope"]),
        "awarded": display_amount(use["awarded"]),
        "left": display_amount(use["left"]),
    }
    return render(request, "workspace/calls/applications.html", context)


@login_required
def application_request_changes(request: HttpRequest, pk: int, application_pk: int) -> HttpResponse:
    """The comment, then the confirmation: the application goes back to its authority."""
    application = application_of(request, pk, application_pk, perms.can_request_changes)
    form = forms.CommentForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.request_changes(
                author=author(request), application=application, comment=form.cleaned_data["comment"]
            )
        except ValidationError as error:
            forms.add_errors(form, error)
        else:
            messages.success(
                request, _("%(title)s has been sent back to its authority.") % {"title": application.title}
            )
            return redirect("calls:applications", pk=pk)
    return render(request, "workspace/calls/request_changes.html", {"application": application, "form": form})


@login_required
def application_score(request: HttpRequest, pk: int, application_pk: int) -> HttpResponse:
    application = application_of(request, pk, application_pk, perms.can_score_application)
    criteria = list(application.call.criteria.all())
    mine = Score.objects.filter(application=application, reviewer=author(request))
    initial: dict[str, Any] = {}
    for score in mine:
        initial[f"mark_{score.criterion_id}"] = score.mark
        initial[f"comment_{score.criterion_id}"] = score.comment
    form = forms.ScoreForm(request.POST if request.method == "POST" else None, criteria=criteria, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.score_application(
                author=author(request), application=application, marks=form.marks(), comments=form.comments()
            )
        except ValidationError as error:
            forms.add_errors(form, error)
        else:
            messages.success(request, _("Your scores for %(title)s have been saved.") % {"title": application.title})
            return redirect("calls:applications", pk=pk)
    version = application.versions.order_by("-number").first()
    context = {
        "application": application,
        "form": form,
        "version": version,
        "asked": display_amount(version.asked) if version else "",
        "total": display_amount(version.total) if version else "",
        "checks": version.content.get("eligibility", []) if version else [],
        "maximum": figure(coordination.grid_maximum(application.call)),
    }
    return render(request, "workspace/calls/score.html", context)
