"""The lines of a declaration's working copy: add one, change one, remove one (with a reason), restore one."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from coopdec.declarations import perms, services
from coopdec.declarations.enums import LineSource

from . import forms
from .access import author, declaration_or_403, working_line_or_404


@login_required
def line_add(request: HttpRequest, pk: int) -> HttpResponse:
    """A line no record carries; ``?kind=`` starts it from its kind's official codes."""
    declaration = declaration_or_403(request, pk, perms.can_edit_declaration)
    initial = forms.LineForm.initial_for(request.GET.get("kind", ""))
    form = forms.LineForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_line(
                author=author(request), declaration=declaration, kind=form.cleaned_data["kind"], **form.line_fields()
            )
        except ValidationError as error:
            forms.add_errors(form, error)
        else:
            messages.success(request, _("The line has been added."))
            return redirect("declarations:detail", declaration.pk)
    context = {"declaration": declaration, "form": form, "heading": _("Add a line")}
    return render(request, "workspace/declarations/line_form.html", context)


@login_required
def line_change(request: HttpRequest, pk: int, line_pk: int) -> HttpResponse:
    declaration = declaration_or_403(request, pk, perms.can_edit_declaration)
    line = working_line_or_404(declaration, line_pk)
    form = forms.LineForm(request.POST if request.method == "POST" else None, line=line)
    if request.method == "POST" and form.is_valid():
        try:
            services.change_line(
                author=author(request), line=line, reason=form.cleaned_data.get("reason", ""), **form.changes()
            )
        except ValidationError as error:
            forms.add_errors(form, error)
        else:
            messages.success(request, _("The line has been changed."))
            return redirect("declarations:detail", declaration.pk)
    context = {"declaration": declaration, "form": form, "line": line, "heading": _("Change a line")}
    return render(request, "workspace/declarations/line_form.html", context)


@login_required
def line_remove(request: HttpRequest, pk: int, line_pk: int) -> HttpResponse:
    """A confirmation with the reason; a pre-filled line stays, struck out, a line added by hand is deleted."""
    declaration = declaration_or_403(request, pk, perms.can_edit_declaration)
    line = working_line_or_404(declaration, line_pk)
    form = forms.ReasonForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.remove_line(author=author(request), line=line, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            forms.add_errors(form, error)
        else:
            messages.success(request, _("The line “%(line)s” has been removed.") % {"line": line.description})
            return redirect("declarations:detail", declaration.pk)
    context = {
        "declaration": declaration,
        "form": form,
        "line": line,
        "deleted_for_good": line.source == LineSource.ADDED,
    }
    return render(request, "workspace/declarations/line_remove.html", context)


@login_required
@require_POST
def line_restore(request: HttpRequest, pk: int, line_pk: int) -> HttpResponse:
    declaration = declaration_or_403(request, pk, perms.can_edit_declaration)
    line = working_line_or_404(declaration, line_pk)
    services.restore_line(author=author(request), line=line)
    messages.success(request, _("The line “%(line)s” counts again.") % {"line": line.description})
    return redirect("declarations:detail", declaration.pk)
