"""Forms of the matchmaking pages; the rules themselves live in the services."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from coopdec.matchmaking.enums import PartnershipType, ProfileKind
from coopdec.matchmaking.models_workflow import AgreementType, PairingStage
from coopdec.organizations.enums import OrganizationKind
from coopdec.organizations.models import Organization
from coopdec.territories.models import Authority, Country

# The languages profiles are written in most (the text may be in any language; this only records which).
TEXT_LANGUAGES = [
    ("fr", _("French")),
    ("en", _("English")),
    ("ar", _("Arabic")),
    ("pt", _("Portuguese")),
    ("pl", _("Polish")),
    ("de", _("German")),
    ("es", _("Spanish")),
    ("it", _("Italian")),
    ("zh", _("Chinese")),
    ("ko", _("Korean")),
    ("hy", _("Armenian")),
    ("other", _("Another language")),
]
CODES = re.compile(r"[\s,;]+")


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs={"class": "form-control", **(attrs or {})}, format="%Y-%m-%d")


class ProfileForm(forms.Form):
    """A profile's fields; ``organization`` only when creating (the choices are the user's organisations)."""

    organization = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organization.objects.none(),
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    kind = forms.ChoiceField(
        label=_("Kind of profile"), choices=ProfileKind.choices, widget=forms.Select(attrs={"class": "form-select"})
    )
    title = forms.CharField(label=_("Title"), max_length=300, widget=forms.TextInput(attrs={"class": "form-control"}))
    description = forms.CharField(
        label=_("Description"),
        help_text=_("In any language: partners writing in other languages will find it."),
        widget=forms.Textarea(attrs={"class": "form-control", "rows": 6}),
    )
    language = forms.ChoiceField(
        label=_("Language of the text"), choices=TEXT_LANGUAGES, widget=forms.Select(attrs={"class": "form-select"})
    )
    technologies = forms.CharField(
        label=_("Technologies and know-how"),
        required=False,
        widget=forms.Textarea(attrs={"class": "form-control", "rows": 3}),
    )
    sectors = forms.CharField(
        label=_("Sectors (NACE classes)"),
        required=False,
        help_text=_("NACE codes such as 10.41, separated by commas; suggestions appear as you write the description."),
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )
    partnership_types = forms.MultipleChoiceField(
        label=_("Partnership sought"),
        choices=PartnershipType.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
    )
    target_countries = forms.ModelMultipleChoiceField(
        label=_("Target countries"),
        queryset=Country.objects.all(),
        required=False,
        help_text=_("Empty for any country."),
        widget=forms.SelectMultiple(attrs={"class": "form-select", "size": 6}),
    )
    target_authorities = forms.CharField(
        label=_("Target territories"),
        required=False,
        help_text=_("Codes of partner territories such as MA-07, separated by commas."),
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )
    target_organization_kinds = forms.MultipleChoiceField(
        label=_("Kinds of partner organisation sought"),
        choices=OrganizationKind.choices,
        required=False,
        help_text=_("None ticked: any kind."),
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
    )
    expires_on = forms.DateField(label=_("Expires on"), required=False, widget=DateInput())

    def __init__(self, *args, organizations=None, **kwargs):
        super().__init__(*args, **kwargs)
        if organizations is None:
            del self.fields["organization"]
        else:
            self.fields["organization"].queryset = organizations

    def clean_sectors(self) -> list[str]:
        return [code for code in CODES.split(self.cleaned_data["sectors"]) if code]

    def clean_target_authorities(self) -> list[Authority]:
        codes = [code for code in CODES.split(self.cleaned_data["target_authorities"]) if code]
        found = {a.code: a for a in Authority.objects.filter(code__in=codes)}
        unknown = [code for code in codes if code not in found]
        if unknown:
            raise forms.ValidationError(_("Unknown territory codes: %(codes)s.") % {"codes": ", ".join(unknown)})
        return [found[code] for code in codes]

    def service_fields(self) -> dict:
        """The cleaned data as the profile services take it."""
        data = dict(self.cleaned_data)
        data.pop("organization", None)
        data["target_countries"] = list(data["target_countries"])
        return data

    @staticmethod
    def initial_of(profile) -> dict:
        return {
            "kind": profile.kind,
            "title": profile.title,
            "description": profile.description,
            "language": profile.language,
            "technologies": profile.technologies,
            "sectors": ", ".join(s.code for s in profile.sectors.all()),
            "partnership_types": profile.partnership_types,
            "target_countries": list(profile.target_countries.all()),
            "target_authorities": ", ".join(a.code for a in profile.target_authorities.all()),
            "target_organization_kinds": profile.target_organization_kinds,
            "expires_on": profile.expires_on,
        }


class InterestForm(forms.Form):
    organization = forms.ModelChoiceField(
        label=_("On behalf of"),
        queryset=Organization.objects.none(),
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    message = forms.CharField(
        label=_("Your message"),
        max_length=5000,
        help_text=_("Say who you are (or what you do, if you stay anonymous) and what you propose."),
        widget=forms.Textarea(attrs={"class": "form-control", "rows": 4}),
    )
    is_anonymous = forms.BooleanField(
        label=_("Stay anonymous until the owner accepts"),
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations
        only = list(organizations[:2])
        if len(only) == 1:
            self.fields["organization"].initial = only[0]


class DecisionForm(forms.Form):
    answer = forms.CharField(
        label=_("Answer (optional)"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"class": "form-control", "rows": 3}),
    )


class StageForm(forms.Form):
    stage = forms.ChoiceField(
        label=_("Stage"), choices=PairingStage.choices, widget=forms.Select(attrs={"class": "form-select"})
    )
    agreement_type = forms.ChoiceField(
        label=_("Type of agreement"),
        choices=[("", _("— (only when an agreement is signed)"))] + list(AgreementType.choices),
        required=False,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    on = forms.DateField(label=_("Date"), widget=DateInput())
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"class": "form-control", "rows": 3})
    )
