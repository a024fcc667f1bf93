"""Submitting an application: a confirmation page listing the call's rules, then the submission — refused with the
rules' own messages while one fails — and, once committed, the receipt by e-mail to the authority's members."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from coopdec.calls import emails, perms, selectors, services

from .access import application_or_403, author, rule_rows


@login_required
def application_submit(request: HttpRequest, pk: int) -> HttpResponse:
    application = application_or_403(request, pk, perms.can_submit_application)
    refusals: list[str] = []
    if request.method == "POST":
        try:
            with transaction.atomic():
                version = services.submit_application(author=author(request), application=application)
                transaction.on_commit(lambda: emails.send_receipt(version))
        except ValidationError as error:
            refusals = error.messages
        else:
            messages.success(
                request,
                _("Version %(number)s of the application has been submitted: receipt number %(receipt)s.")
                % {"number": version.number, "receipt": version.receipt_number},
            )
            return redirect("applications:detail", application.pk)
    eligibility = selectors.eligibility_of(application)
    context = {
        "application": application,
        "call": application.call,
        "rules": rule_rows(eligibility.checks, editable=False),
        "eligible": eligibility.eligible,
        "refusals": refusals,
    }
    return render(request, "workspace/applications/submit.html", context)
