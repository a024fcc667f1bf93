"""The "Change the rules" page: a call's scalar rules, its ceilings by ODA category, its tranches and its grid.

Only what changed is sent to ``services.change_rules``: once applications have been submitted it refuses to change
the eligibility rules, but the tranches and the grid may still change.
"""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from coopdec.calls import services

from . import forms
from .access import author, managed_call


def _show(error: ValidationError, rules_form, formsets: dict[str, Any]) -> list[str]:
    """Each refusal beside what it names; the rest (``applications_submitted``) above the page."""
    above: list[str] = []
    if not hasattr(error, "error_dict"):
        return list(error.messages)
    for name, errors in error.error_dict.items():
        if name in formsets:
            formsets[name]._non_form_errors.extend(ValidationError(errors).messages)
        elif name in rules_form.fields:
            rules_form.add_error(name, errors)
        else:
            above.extend(ValidationError(errors).messages)
    return above


@login_required
def call_rules(request: HttpRequest, pk: int) -> HttpResponse:
    call = managed_call(request, pk)
    data = request.POST if request.method == "POST" else None
    rules_form = forms.RulesForm(data, initial=forms.RulesForm.initial_for(call))
    ceilings = cast(
        forms.BaseCeilingFormSet, forms.CeilingFormSet(data, initial=forms.ceiling_initial(call), prefix="ceilings")
    )
    tranches = cast(
        forms.BaseTrancheFormSet, forms.TrancheFormSet(data, initial=forms.tranche_initial(call), prefix="tranches")
    )
    criteria = cast(
        forms.BaseCriterionFormSet,
        forms.CriterionFormSet(data, initial=forms.criterion_initial(call), prefix="criteria"),
    )
    formsets: dict[str, Any] = {"ceilings": ceilings, "tranches": tranches, "criteria": criteria}
    refusals: list[str] = []
    if data is not None and rules_form.is_valid() and all(f.is_valid() for f in formsets.values()):
        changes: dict[str, Any] = rules_form.changed_rules()
        if ceilings.has_changed():
            changes["ceilings"] = ceilings.ceilings()
        if tranches.has_changed():
            changes["tranches"] = tranches.tranches()
        if criteria.has_changed():
            changes["criteria"] = criteria.criteria()
        try:
            services.change_rules(author=author(request), call=call, **changes)
        except ValidationError as error:
            refusals = _show(error, rules_form, formsets)
        else:
            messages.success(request, _("The rules of %(call)s have been saved.") % {"call": call.name})
            return redirect("calls:detail", pk=call.pk)
    context = {"call": call, "form": rules_form, "refusals": refusals, **formsets}
    return render(request, "workspace/calls/rules.html", context)
