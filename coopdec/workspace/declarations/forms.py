"""Forms of the declaration pages: they collect input; ``declarations.services`` applies the rules."""

from __future__ import annotations

from typing import Any

from babel.numbers import get_currency_name, list_currencies
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import get_language, to_locale
from django.utils.translation import gettext_lazy as _

from coopdec.declarations.codes import ADDED_LINE_CODES, AID_TYPE, CHANNEL, FINANCE_TYPE, SECTOR
from coopdec.declarations.enums import LineKind, LineSource, Recipient
from coopdec.declarations.models import DeclarationLine
from coopdec.lib import uploads
from coopdec.lib.codelists import choices
from coopdec.territories.models import Country
from coopdec.workspace.accounts.forms import BootstrapFormMixin

# The fields of a line the form sets, as ``services.add_line`` / ``change_line`` name them.
CODE_FIELDS = {"purpose_code": SECTOR, "aid_type": AID_TYPE, "channel_code": CHANNEL, "finance_type": FINANCE_TYPE}
AMOUNT_FIELDS = ("original_amount", "original_currency", "amount_eur")
LINE_FIELDS = ("description", "recipient", "country", *CODE_FIELDS, "value_date", *AMOUNT_FIELDS)

# Where a service's refusal without a field name is shown, by its code.
FIELD_OF_CODE = {
    "reason_required": "reason",
    "comment_required": "comment",
    "unknown_code": "purpose_code",
    "date_outside_year": "value_date",
    "no_country": "country",
    "france": "country",
    "negative": "original_amount",
}


def add_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """A service's refusal shown beside the field it names (or, without a name, the field its code belongs to)."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
        return
    for item in error.error_list:
        named = FIELD_OF_CODE.get(item.code or "")
        form.add_error(named if named in form.fields else None, item)


def _currency_choices() -> list[tuple[str, str]]:
    locale = to_locale(get_language() or settings.LANGUAGE_CODE)
    others = sorted(code for code in list_currencies() if code != "EUR" and len(code) == 3)
    return [(code, f"{code} — {get_currency_name(code, locale=locale)}") for code in ["EUR", *others]]


def _select(name: str) -> list[tuple[str, str]]:
    return [("", "—"), *choices(name)]


ADDED_KINDS = [(kind.value, kind.label) for kind in LineKind if kind in ADDED_LINE_CODES]


class LineForm(BootstrapFormMixin, forms.Form):
    """A line added by hand, or a line of the working copy changed: every code a select of its official list."""

    kind = forms.ChoiceField(label=_("Kind of line"), choices=ADDED_KINDS)
    description = forms.CharField(label=_("Description"), max_length=300)
    recipient = forms.ChoiceField(label=_("Recipient"), required=False)
    country = forms.ModelChoiceField(
        label=_("Recipient country"),
        queryset=Country.objects.none(),
        required=False,
        help_text=_("Only when the recipient is a country."),
    )
    purpose_code = forms.ChoiceField(label=_("Purpose (DAC code)"), required=False)
    aid_type = forms.ChoiceField(label=_("Type of aid"), required=False)
    channel_code = forms.ChoiceField(label=_("Channel"), required=False)
    finance_type = forms.ChoiceField(label=_("Finance type"), required=False)
    value_date = forms.DateField(
        label=_("Date of payment"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    original_amount = forms.DecimalField(label=_("Amount"), required=False, min_value=0, decimal_places=2)
    original_currency = forms.ChoiceField(label=_("Currency"), initial="EUR")
    amount_eur = forms.DecimalField(
        label=_("Amount in euros"),
        required=False,
        min_value=0,
        decimal_places=2,
        help_text=_("Only when the ECB publishes no rate for the currency, or the payment date is unknown."),
    )
    reason = forms.CharField(
        label=_("Reason for the change"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("A line pre-filled from your records changes only with a reason."),
    )

    def __init__(self, *args: Any, line: DeclarationLine | None = None, **kwargs: Any):
        self.line = line
        if line is not None:
            kwargs.setdefault("initial", {name: getattr(line, name) for name in LINE_FIELDS})
            kwargs["initial"]["country"] = line.country_id
            kwargs["initial"]["original_currency"] = line.original_currency or "EUR"
        super().__init__(*args, **kwargs)
        fields: Any = self.fields  # each a ChoiceField, which the stubs' ``Field`` does not say
        fields["recipient"].choices = [("", "—"), *Recipient.choices]
        fields["country"].queryset = Country.objects.exclude(code="FR").order_by("name_fr")
        for name, codelist in CODE_FIELDS.items():
            fields[name].choices = _select(codelist)
        fields["original_currency"].choices = _currency_choices()
        if line is not None:
            del self.fields["kind"]  # a line keeps its kind; only its content changes
            if line.source == LineSource.ADDED:
                del self.fields["reason"]
            else:
                self.fields["reason"].required = True
        else:
            del self.fields["reason"]

    @classmethod
    def initial_for(cls, kind: str) -> dict[str, Any]:
        """The codes a new line of ``kind`` starts with (``codes.ADDED_LINE_CODES``)."""
        preset = ADDED_LINE_CODES.get(kind) if kind in dict(ADDED_KINDS) else None
        if preset is None:
            return {"original_currency": "EUR"}
        return {
            "kind": kind,
            "description": str(LineKind(kind).label),
            "recipient": preset.recipient,
            "purpose_code": preset.purpose_code,
            "aid_type": preset.aid_type,
            "channel_code": preset.channel_code,
            "finance_type": "110",
            "original_currency": "EUR",
        }

    def line_fields(self) -> dict[str, Any]:
        """What to give ``services.add_line``: every field."""
        data = self.cleaned_data
        return {name: data.get(name) for name in LINE_FIELDS}

    def changes(self) -> dict[str, Any]:
        """What to give ``services.change_line``: the fields changed, the amount as a whole when any part changed."""
        data = self.cleaned_data
        changed = {name for name in self.changed_data if name in LINE_FIELDS}
        found: dict[str, Any] = {name: data.get(name) for name in changed if name not in AMOUNT_FIELDS}
        for name in ("recipient", *CODE_FIELDS):
            if name in found and found[name] is None:
                found[name] = ""
        if changed & set(AMOUNT_FIELDS):
            found["original_amount"] = data.get("original_amount")
            found["original_currency"] = data.get("original_currency") or "EUR"
            found["amount_eur"] = data.get("amount_eur") if "amount_eur" in changed else None
        return found


class ReasonForm(BootstrapFormMixin, forms.Form):
    """Why a line is taken out of the declaration."""

    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)


class CommentForm(BootstrapFormMixin, forms.Form):
    """What a coordinator asks the authority to correct."""

    comment = forms.CharField(
        label=_("What should be corrected"), widget=forms.Textarea(attrs={"rows": 5}), max_length=5000
    )


class AttachmentForm(BootstrapFormMixin, forms.Form):
    """A document attached to the declaration: its type read from its content, its size checked."""

    file = forms.FileField(
        label=_("Document (PDF, ODT or DOCX)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.odt,.docx"}),
    )

    def clean_file(self) -> Any:
        file = self.cleaned_data["file"]
        self.document_type = uploads.document_type(file)
        self.original_name = uploads.clean_name(getattr(file, "name", "") or "", self.document_type.extension)
        return file
