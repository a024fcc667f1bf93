"""Forms for memberships of international organisations, their contributions, and delegates abroad.

Plain forms: the services (coopdec.partnerships.affiliation_services) hold the rules and give the messages.
"""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coopdec.organizations.enums import OrganizationKind
from coopdec.organizations.models import Organization
from coopdec.partnerships.affiliation_services import AFFILIATING_KINDS
from coopdec.partnerships.enums import AffiliationStatus
from coopdec.territories.models import Country
from coopdec.workspace.accounts.forms import BootstrapFormMixin

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
# Who hosts a delegate abroad: an embassy, an international organisation, a network, a public agency.
HOST_KINDS = (*AFFILIATING_KINDS, OrganizationKind.EMBASSY, OrganizationKind.PUBLIC_AGENCY)


class AffiliationForm(BootstrapFormMixin, forms.Form):
    organization = forms.ModelChoiceField(
        label=_("International organisation"),
        queryset=Organization.objects.filter(kind__in=AFFILIATING_KINDS).order_by("name"),
    )
    status = forms.ChoiceField(label=_("Status"), choices=AffiliationStatus.choices, initial=AffiliationStatus.MEMBER)
    since = forms.DateField(label=_("Since"), required=False, widget=DATE)
    until = forms.DateField(label=_("Until"), required=False, widget=DATE)
    representative = forms.CharField(label=_("Representative"), max_length=200, required=False)
    focal_point = forms.CharField(label=_("Focal point"), max_length=200, required=False)
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    @classmethod
    def initial_from(cls, affiliation) -> dict:
        return {name: getattr(affiliation, name) for name in cls.base_fields}


class ContributionForm(BootstrapFormMixin, forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=1950, max_value=2100)
    amount = forms.DecimalField(label=_("Amount"), max_digits=16, decimal_places=2)
    currency = forms.CharField(label=_("Currency"), max_length=3, min_length=3, initial="EUR")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year

    def clean_currency(self):
        return self.cleaned_data["currency"].upper()


class DelegateForm(BootstrapFormMixin, forms.Form):
    person = forms.CharField(label=_("Person"), max_length=200)
    country = forms.ModelChoiceField(label=_("Country"), queryset=Country.objects.all())
    post = forms.CharField(
        label=_("Post"), max_length=255, help_text=_("E.g. delegate at the French embassy in Vanuatu.")
    )
    host_organization = forms.ModelChoiceField(
        label=_("Hosted by"),
        required=False,
        queryset=Organization.objects.filter(kind__in=HOST_KINDS).order_by("name"),
    )
    starts_on = forms.DateField(label=_("From"), required=False, widget=DATE)
    ends_on = forms.DateField(label=_("Until"), required=False, widget=DATE)

    @classmethod
    def initial_from(cls, delegate) -> dict:
        return {name: getattr(delegate, name) for name in cls.base_fields}


class SearchForm(forms.Form):
    q = forms.CharField(required=False, max_length=100)
