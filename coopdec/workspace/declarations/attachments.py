"""A declaration's documents: attach one (its type read from its content), download one (never a public URL)."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from coopdec.declarations import perms, services
from coopdec.lib import uploads

from . import forms
from .access import author, declaration_or_403


@login_required
def attachment_add(request: HttpRequest, pk: int) -> HttpResponse:
    """The form sits on the declaration's page; this page shows it again with what was refused."""
    declaration = declaration_or_403(request, pk, perms.can_edit_declaration)
    form = forms.AttachmentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        file = form.cleaned_data["file"]
        file.name = f"{uuid.uuid4().hex}{form.document_type.extension}"  # the stored name says nothing
        try:
            services.attach(
                author=author(request),
                declaration=declaration,
                file=file,
                original_name=form.original_name,
                content_type=form.document_type.content_type,
            )
        except ValidationError as error:
            forms.add_errors(form, error)
        else:
            messages.success(request, _("The document “%(name)s” is attached.") % {"name": form.original_name})
            return redirect("declarations:detail", declaration.pk)
    return render(request, "workspace/declarations/attach.html", {"declaration": declaration, "form": form})


@login_required
def attachment_download(request: HttpRequest, pk: int, attachment_pk: int) -> FileResponse:
    """The file under its cleaned original name, for whoever may read the declaration; never shown inline."""
    declaration = declaration_or_403(request, pk)
    return uploads.document_response(get_object_or_404(declaration.attachments.all(), pk=attachment_pk))
