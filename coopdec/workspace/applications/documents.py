"""An application's documents: attach one the call asks for (its type read from its content), download one
(through this view, which asks the permissions — never a public URL)."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from coopdec.calls import perms, services
from coopdec.lib import uploads

from . import forms
from .access import application_or_403, author


@login_required
def document_add(request: HttpRequest, pk: int) -> HttpResponse:
    """The form sits on the application's page; this page shows it again with what was refused."""
    application = application_or_403(request, pk, perms.can_edit_application)
    form = forms.DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        file = form.cleaned_data["file"]
        file.name = f"{uuid.uuid4().hex}{form.document_type.extension}"  # the stored name says nothing
        try:
            services.attach_document(
                author=author(request),
                application=application,
                kind=form.cleaned_data["kind"],
                file=file,
                original_name=form.original_name,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The document “%(name)s” is attached.") % {"name": form.original_name})
            return redirect("applications:detail", application.pk)
    return render(request, "workspace/applications/attach.html", {"application": application, "form": form})


@login_required
def document_download(request: HttpRequest, pk: int, document_pk: int) -> FileResponse:
    """The file under its cleaned original name, for whoever may read the application; never shown inline."""
    application = application_or_403(request, pk)
    return uploads.document_response(get_object_or_404(application.documents.all(), pk=document_pk))
