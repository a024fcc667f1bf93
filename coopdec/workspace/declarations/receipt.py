"""The PDF receipt of a submitted version, for whoever may read the declaration."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404

from coopdec.declarations.receipt import receipt_pdf

from .access import declaration_or_403


@login_required
def version_receipt(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    declaration = declaration_or_403(request, pk)
    version = get_object_or_404(
        declaration.versions.select_related("declaration__authority", "submitted_by"), number=number
    )
    response = HttpResponse(receipt_pdf(version), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{version.receipt_number}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response
