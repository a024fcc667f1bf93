"""Forms of the partnership pages: record or edit a partnership with its parties, its actions, its documents."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django import forms
from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from coopdec.lib.conflicts import VersionField
from coopdec.organizations.models import Organization
from coopdec.partnerships.enums import (
    LegalForm,
    PartnershipKind,
    PartnershipMode,
    PartnershipStatus,
    PartyRole,
    Visibility,
)
from coopdec.partnerships.models import Partnership
from coopdec.partnerships.services import PartySpec
from coopdec.territories.models import Authority, Country
from coopdec.territories.perms import usable_authorities
from coopdec.themes.models import Theme

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# Where a service's refusal belongs on the form (its code → the field it is about).
FIELD_OF_ERROR = {
    "ends_before_start": "ends_on",
    "sent_before_signature": "sent_to_prefect_on",
    "negative": "planned_commitment",
}


def add_service_error(form: forms.Form, error: ValidationError) -> None:
    """Show a service's ``ValidationError`` on the form: beside the field it concerns, else at the top."""
    for item in error.error_list:
        field = FIELD_OF_ERROR.get(item.code or "")
        form.add_error(field if field in form.fields else None, item)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


def _controls(form: forms.Form) -> None:
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.HiddenInput):
            continue
        if isinstance(widget, forms.CheckboxSelectMultiple):
            # Without it Bootstrap's .form-check cannot set the box beside its label: long labels fell under it.
            widget.attrs.setdefault("class", "form-check-input")
            continue
        widget.attrs.setdefault("class", "form-select" if isinstance(widget, forms.Select) else "form-control")


class SelectedParty:
    """A party as the form shows it: the value posted back, the entity, its role."""

    def __init__(self, value: str, entity, role: str):
        self.value, self.entity, self.role = value, entity, role

    @property
    def detail(self) -> str:
        kind = getattr(self.entity, "get_kind_display", None)
        country = getattr(self.entity, "country", None)
        parts = [str(kind()) if kind else str(_("State")), str(country or "")]
        if getattr(self.entity, "status", "") == "proposed":
            parts.append(str(_("proposed")))
        return " · ".join(p for p in parts if p)

    def spec(self) -> PartySpec:
        kind = self.value.split(":", 1)[0]
        return PartySpec(**{kind: self.entity, "role": self.role})


class PartnershipForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    kind = forms.ChoiceField(label=_("Kind"), choices=PartnershipKind.choices)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 4}), required=False)
    mode = forms.ChoiceField(label=_("Mode"), choices=[("", "—"), *PartnershipMode.choices], required=False)
    legal_form = forms.ChoiceField(label=_("Legal form"), choices=[("", "—"), *LegalForm.choices], required=False)
    signed_on = forms.DateField(label=_("Signed on"), widget=DateInput, required=False)
    sent_to_prefect_on = forms.DateField(
        label=_("Sent to the préfet on"),
        widget=DateInput,
        required=False,
        help_text=_("A French authority's convention takes effect once sent to the préfet."),
    )
    starts_on = forms.DateField(label=_("Starts on"), widget=DateInput, required=False)
    ends_on = forms.DateField(label=_("Ends on"), widget=DateInput, required=False)
    themes = forms.ModelMultipleChoiceField(
        label=_("Themes"), queryset=Theme.objects.all(), widget=forms.CheckboxSelectMultiple, required=False
    )
    technical_terms = forms.CharField(
        label=_("Technical terms"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    financial_terms = forms.CharField(
        label=_("Financial terms"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    planned_commitment = forms.DecimalField(
        label=_("Planned financial commitment"), min_value=0, max_digits=14, decimal_places=2, required=False
    )
    currency = forms.CharField(label=_("Currency"), max_length=3, min_length=3, initial="EUR")
    reciprocity = forms.CharField(
        label=_("What each side gains"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    visibility = forms.ChoiceField(label=_("Visibility"), choices=Visibility.choices, initial=Visibility.PUBLIC)
    version = VersionField()

    def __init__(
        self, data: QueryDict | None = None, *, user, partnership: Partnership | None = None, initial_parties=()
    ):
        initial = None
        if partnership is not None:
            initial = {name: getattr(partnership, name) for name in self.base_fields if name != "themes"}
            initial["themes"] = list(partnership.themes.all())
        super().__init__(data, initial=initial)
        self.user = user
        self.partnership = partnership
        if partnership is not None:
            # Signature and sending to the préfet are actions of their own once a partnership exists.
            del self.fields["signed_on"], self.fields["sent_to_prefect_on"]
        _controls(self)
        self.parties: list[SelectedParty] = list(initial_parties) if data is None else self._posted_parties(data)

    def _posted_parties(self, data: QueryDict) -> list[SelectedParty]:
        values = list(dict.fromkeys(data.getlist("party")))
        by_kind: dict[str, list[str]] = {"authority": [], "organization": [], "country": []}
        for value in values:
            kind, _sep, key = value.partition(":")
            if kind in by_kind and key:
                by_kind[kind].append(key)
        found: dict[str, Authority | Organization | Country] = {}
        ids = [key for key in by_kind["authority"] if key.isdigit()]
        for authority in usable_authorities(self.user).filter(pk__in=ids).select_related("country"):
            found[f"authority:{authority.pk}"] = authority
        ids = [key for key in by_kind["organization"] if key.isdigit()]
        for organization in Organization.objects.filter(pk__in=ids).select_related("country"):
            found[f"organization:{organization.pk}"] = organization
        for country in Country.objects.filter(pk__in=by_kind["country"]):
            found[f"country:{country.pk}"] = country
        self.unknown_parties = [value for value in values if value not in found]
        roles = dict(PartyRole.choices)
        parties = []
        for value in values:
            if value in found:
                role = data.get(f"role-{value}", PartyRole.SIGNATORY)
                parties.append(SelectedParty(value, found[value], role if role in roles else PartyRole.SIGNATORY))
        return parties

    def clean(self):
        cleaned = super().clean()
        if getattr(self, "unknown_parties", None):
            self.add_error(None, _("A chosen party is unknown or not available to you: search for it again."))
        if not self.parties:
            self.add_error(None, _("Choose the parties: at least your own authority and its partner."))
        return cleaned

    def party_specs(self) -> list[PartySpec]:
        return [party.spec() for party in self.parties]

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("version", None)  # given to the service as ``expected_version``
        data["currency"] = data["currency"].upper()
        return data


class DateActionForm(forms.Form):
    on = forms.DateField(label=_("Date"), widget=DateInput, initial=date.today)

    def __init__(self, *args, label=None, **kwargs):
        super().__init__(*args, **kwargs)
        if label:
            self.fields["on"].label = label
        _controls(self)


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (kept in the history)"), max_length=200, required=False, widget=forms.TextInput
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _controls(self)


class EndForm(DateActionForm, ReasonForm):
    pass


class RenewForm(forms.Form):
    title = forms.CharField(label=_("Title of the renewal"), max_length=300)
    signed_on = forms.DateField(label=_("Signed on"), widget=DateInput)
    starts_on = forms.DateField(label=_("Starts on"), widget=DateInput, required=False)
    ends_on = forms.DateField(label=_("Ends on"), widget=DateInput, required=False)
    sent_to_prefect_on = forms.DateField(
        label=_("Sent to the préfet on"),
        widget=DateInput,
        required=False,
        help_text=_("A French authority's convention takes effect once sent to the préfet."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _controls(self)


class DocumentForm(forms.Form):
    file = forms.FileField(
        label=_("Document (PDF, ODT or DOCX)"),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".pdf,.odt,.docx,application/pdf,application/vnd.oasis.opendocument.text"}
        ),
    )
    title = forms.CharField(label=_("Title"), max_length=255, required=False, help_text=_("E.g. signed convention."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _controls(self)


STATUS_MEANINGS: dict[str, StrOrPromise] = {
    PartnershipStatus.DRAFT: _("Being prepared: record its signature once it is signed."),
    PartnershipStatus.SIGNED: _(
        "Signed — not yet in force: send it to the préfet, then record the date it was sent; it takes effect then."
    ),
    PartnershipStatus.IN_FORCE: _("In force."),
    PartnershipStatus.SUSPENDED: _("Suspended: it can be resumed or ended."),
    PartnershipStatus.ENDED: _("Ended: it can be renewed by a new convention linked to this one."),
}
