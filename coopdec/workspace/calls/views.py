"""Call pages for coordinators: the calls, a new one, a call's page with its rules as sentences, a copy."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import F
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coopdec.calls import coordination, services
from coopdec.calls.enums import ApplicationStatus
from coopdec.lib.listing import Column, headers, paginate, sort
from coopdec.lib.money import display_amount

from . import forms, sentences
from .access import author, managed_call, require_manager

COLUMNS = [
    Column("name", gettext_lazy("Call"), lambda call: call.name, "name_fr"),
    Column("year", gettext_lazy("Year"), lambda call: call.year, "year"),
    Column("kind", gettext_lazy("Kind"), lambda call: call.get_kind_display(), "kind"),
    Column("steps", gettext_lazy("Steps and dates"), lambda call: call.opens_on, "opens_on"),
    Column("envelope", gettext_lazy("Envelope"), lambda call: call.envelope, "envelope"),
    Column("applications", gettext_lazy("Applications"), lambda call: call.applications_total, "applications_total"),
]


@login_required
def call_list(request: HttpRequest) -> HttpResponse:
    require_manager(request)
    calls, current = sort(coordination.call_summaries(), request, COLUMNS, default="-year")
    page = paginate(request, calls)
    rows = list(page.object_list)
    for call in rows:
        call.envelope_display = display_amount(call.envelope)
        call.counts = [
            (status.label, getattr(call, f"n_{status.value}"))
            for status in ApplicationStatus
            if getattr(call, f"n_{status.value}")
        ]
    context = {"page": page, "rows": rows, "headers": headers(request, COLUMNS, current)}
    return render(request, "workspace/calls/list.html", context)


@login_required
def call_new(request: HttpRequest) -> HttpResponse:
    require_manager(request)
    next_year = timezone.localdate().year + 1
    form = forms.CallForm(request.POST if request.method == "POST" else None, initial={"year": next_year})
    if request.method == "POST" and form.is_valid():
        try:
            call = services.create_call(author=author(request), **form.call_fields())
        except ValidationError as error:
            forms.add_errors(form, error)
        else:
            messages.success(request, _("The call has been created: now set its rules."))
            return redirect("calls:rules", pk=call.pk)
    return render(request, "workspace/calls/form.html", {"form": form})


@login_required
def call_detail(request: HttpRequest, pk: int) -> HttpResponse:
    call = managed_call(request, pk)
    use = coordination.envelope_use(call)
    context = {
        "call": call,
        "envelope": display_amount(use["envelope"]),
        "awarded": display_amount(use["awarded"]),
        "left": display_amount(use["left"]),
        "counts": coordination.status_counts(call),
        "ceilings": sentences.ceiling_rows(call),
        "rules": sentences.rules(call),
        "tranches": sentences.tranche_sentences(call),
        "criteria": [(criterion, sentences.figure(criterion.weight)) for criterion in call.criteria.all()],
        "grid_maximum": sentences.figure(coordination.grid_maximum(call)),
        "countries": list(call.eligible_countries.order_by("name_fr")),
        "categories": [c.label for c in forms.OdaCategory if c.value in call.eligible_categories],
        "themes": list(call.themes.all()),
        "reviewers": list(call.reviewers.select_related("user").order_by(F("user__email"))),
        "copies": list(call.copies.order_by("year")),
    }
    return render(request, "workspace/calls/detail.html", context)


@login_required
def call_copy(request: HttpRequest, pk: int) -> HttpResponse:
    """One small form — the year and, if need be, the names — then the new call's rules page."""
    call = managed_call(request, pk)
    form = forms.CopyForm(request.POST if request.method == "POST" else None, initial={"year": call.year + 1})
    if request.method == "POST" and form.is_valid():
        try:
            copy = services.copy_call(author=author(request), call=call, **form.cleaned_data)
        except ValidationError as error:
            forms.add_errors(form, error)
        else:
            messages.success(
                request, _("%(call)s has been copied into %(year)s: change its figures below.")
                % {"call": call.name, "year": copy.year},
            )  # fmt: skip
            return redirect("calls:rules", pk=copy.pk)
    return render(request, "workspace/calls/copy.html", {"call": call, "form": form})
