"""Forms of the applicants' pages: they collect input; ``calls.services`` applies the rules."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from coopdec.calls.eligibility import Expense, Resource
from coopdec.calls.enums import DocumentKind, ExpenseKind, Source
from coopdec.lib import uploads
from coopdec.projects.models import Project
from coopdec.workspace.accounts.forms import BootstrapFormMixin

SDG_CHOICES = [(goal, str(goal)) for goal in range(1, 18)]


class StartForm(BootstrapFormMixin, forms.Form):
    """Apply to a call: from one of the authority's projects, or a new one named here."""

    project = forms.ModelChoiceField(
        label=_("From the project"),
        queryset=Project.objects.none(),
        required=False,
        empty_label=_("— a new project —"),
        help_text=_("Its places, partners, themes and funding lines are taken over into the application."),
    )
    title = forms.CharField(
        label=_("Title of a new project"),
        max_length=300,
        required=False,
        help_text=_("Only for a new project; an existing one keeps its title."),
    )

    def __init__(self, *args: Any, authority: Any = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        fields: Any = self.fields
        if authority is not None:
            fields["project"].queryset = Project.objects.involving(authority).order_by("title")


class ApplicationForm(BootstrapFormMixin, forms.Form):
    """The application's own fields: its title and the Sustainable Development Goals it serves."""

    title = forms.CharField(label=_("Title"), max_length=300, widget=forms.TextInput(attrs={"dir": "auto"}))
    sdgs = forms.TypedMultipleChoiceField(
        label=_("Sustainable Development Goals"),
        choices=SDG_CHOICES,
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


# A blank choice first: an extra row left alone posts nothing the formset would take for a line.
class ResourceForm(BootstrapFormMixin, forms.Form):
    """A resource line: one year, one co-financer, cash or in kind."""

    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    source = forms.ChoiceField(label=_("Brought by"), choices=[("", "—"), *Source.choices])
    funder = forms.CharField(
        label=_("Co-financer"), max_length=200, required=False, widget=forms.TextInput(attrs={"dir": "auto"})
    )
    amount = forms.DecimalField(label=_("Amount in euros"), min_value=0, decimal_places=2, max_digits=16)
    in_kind = forms.BooleanField(label=_("In kind"), required=False)


class ExpenseForm(BootstrapFormMixin, forms.Form):
    """An expense line: one year, what it pays for."""

    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    kind = forms.ChoiceField(label=_("Expense"), choices=[("", "—"), *ExpenseKind.choices])
    amount = forms.DecimalField(label=_("Amount in euros"), min_value=0, decimal_places=2, max_digits=16)


ResourceFormSet = forms.formset_factory(ResourceForm, extra=2, can_delete=True)
ExpenseFormSet = forms.formset_factory(ExpenseForm, extra=2, can_delete=True)


def _kept(formset: forms.BaseFormSet) -> list[dict[str, Any]]:
    """The rows filled in, valid and not ticked for removal (a blank extra row is no line)."""
    rows = []
    for form in formset.forms:
        if not form.has_changed() or not form.is_valid():
            continue
        data = form.cleaned_data
        if data.get("DELETE"):
            continue
        rows.append(data)
    return rows


def resources_of(formset: forms.BaseFormSet) -> list[Resource]:
    return [
        Resource(row["year"], row["source"], Decimal(row["amount"]), bool(row["in_kind"]), row["funder"] or "")
        for row in _kept(formset)
    ]


def expenses_of(formset: forms.BaseFormSet) -> list[Expense]:
    return [Expense(row["year"], row["kind"], Decimal(row["amount"])) for row in _kept(formset)]


class DocumentForm(BootstrapFormMixin, forms.Form):
    """A document the call asks for: its type read from its content, its size checked (``lib/uploads``)."""

    kind = forms.ChoiceField(label=_("Kind of document"), choices=DocumentKind.choices)
    file = forms.FileField(
        label=_("Document (PDF, ODT or DOCX)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.odt,.docx"}),
    )

    def clean_file(self) -> Any:
        file = self.cleaned_data["file"]
        self.document_type = uploads.document_type(file)
        self.original_name = uploads.clean_name(getattr(file, "name", "") or "", self.document_type.extension)
        return file
