"""A declaration's steps from its page: submit it; a coordinator returns or validates it; a correction reopens it.

Each is a confirmation page (GET) and its action (POST), which a service in ``declarations.services`` carries out.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _

from coopdec.declarations import perms, services
from coopdec.declarations.lines import totals
from coopdec.lib.money import display_amount

from . import forms
from .access import author, declaration_or_403


@login_required
def declaration_submit(request: HttpRequest, pk: int) -> HttpResponse:
    """What will be submitted (totals, lines, what still lacks), then the submission and its receipt number."""
    declaration = declaration_or_403(request, pk, perms.can_submit_declaration)
    refusals: list[str] = []
    if request.method == "POST":
        try:
            version = services.submit(author=author(request), declaration=declaration)
        except ValidationError as error:
            refusals = error.messages
        else:
            receipt_url = reverse("declarations:receipt", args=[declaration.pk, version.number])
            messages.success(
                request,
                format_html(
                    '{} <a href="{}">{}</a>',
                    _("The declaration has been submitted: receipt number %(number)s.")
                    % {"number": version.receipt_number},
                    receipt_url,
                    _("Download the receipt (PDF)"),
                ),
            )
            return redirect("declarations:detail", declaration.pk)
    lines = list(services.working_lines(declaration))
    total, oda = totals(lines)
    lacking = services.problems(declaration, lines)
    context = {
        "declaration": declaration,
        "total": display_amount(total),
        "oda_total": display_amount(oda),
        "counted": sum(1 for line in lines if line.counted),
        "lacking": [(line, lacking[line.pk]) for line in lines if line.pk in lacking],
        "deadline": services.deadline_of(declaration.campaign, declaration.authority),
        "refusals": refusals,
    }
    return render(request, "workspace/declarations/submit.html", context)


@login_required
def declaration_return(request: HttpRequest, pk: int) -> HttpResponse:
    """A coordinator sends the submitted version back, saying what to correct."""
    declaration = declaration_or_403(request, pk, perms.can_decide_declaration)
    form = forms.CommentForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.return_declaration(
                author=author(request), declaration=declaration, comment=form.cleaned_data["comment"]
            )
        except ValidationError as error:
            forms.add_errors(form, error)
        else:
            messages.success(request, _("The declaration has been returned for correction."))
            return redirect("declarations:detail", declaration.pk)
    return render(request, "workspace/declarations/return.html", {"declaration": declaration, "form": form})


def _confirm(request: HttpRequest, declaration, *, heading: str, question: str, button: str) -> HttpResponse:
    context = {"declaration": declaration, "heading": heading, "question": question, "button": button}
    return render(request, "workspace/declarations/confirm.html", context)


@login_required
def declaration_validate(request: HttpRequest, pk: int) -> HttpResponse:
    declaration = declaration_or_403(request, pk, perms.can_decide_declaration)
    if request.method != "POST":
        return _confirm(
            request,
            declaration,
            heading=_("Validate the declaration"),
            question=_(
                "Validate the submitted version? It is then locked and counts in the national figures; "
                "the authority is told by e-mail."
            ),
            button=_("Validate"),
        )
    version = services.validate_declaration(author=author(request), declaration=declaration)
    messages.success(request, _("Version %(number)s has been validated.") % {"number": version.number})
    return redirect("declarations:detail", declaration.pk)


@login_required
def declaration_correct(request: HttpRequest, pk: int) -> HttpResponse:
    declaration = declaration_or_403(request, pk, perms.can_correct_declaration)
    if request.method != "POST":
        return _confirm(
            request,
            declaration,
            heading=_("Open a correction"),
            question=_(
                "Open a correction of the validated declaration? Its lines can be changed again and submitted as "
                "a new version; the validated version keeps counting until the new one is validated."
            ),
            button=_("Open a correction"),
        )
    services.open_correction(author=author(request), declaration=declaration)
    messages.success(request, _("A correction is open: change the lines, then submit the new version."))
    return redirect("declarations:detail", declaration.pk)
