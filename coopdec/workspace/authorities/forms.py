"""Forms for proposing a missing authority and for rejecting (or merging) a proposal."""

from django import forms
from django.utils.translation import gettext_lazy as _

from coopdec.accounts.perms import authority_ids_of
from coopdec.territories import perms
from coopdec.territories.enums import AuthorityKind, Level
from coopdec.territories.models import Authority, Country


class ProposeAuthorityForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    official_name = forms.CharField(label=_("Official name"), max_length=255, required=False)
    country = forms.ModelChoiceField(label=_("Country"), queryset=Country.objects.order_by("name_en"))
    level = forms.ChoiceField(label=_("Level"), choices=[c for c in Level.choices if c[0] != Level.NATIONAL])
    kind = forms.ChoiceField(label=_("Local type"), choices=AuthorityKind.choices)
    local_kind_label = forms.CharField(
        label=_("Local type as named locally"), max_length=100, required=False, help_text=_("E.g. Wilaya, Marz, Do.")
    )
    iso_code = forms.CharField(label=_("ISO 3166-2 code"), max_length=10, required=False)
    geonames_id = forms.IntegerField(label=_("GeoNames id"), min_value=1, required=False)
    latitude = forms.FloatField(label=_("Latitude"), min_value=-90, max_value=90, required=False)
    longitude = forms.FloatField(label=_("Longitude"), min_value=-180, max_value=180, required=False)
    on_behalf_of = forms.ModelChoiceField(label=_("On behalf of"), queryset=Authority.objects.none(), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        own = Authority.objects.filter(pk__in=authority_ids_of(user))
        field = self.fields["on_behalf_of"]
        field.queryset = own
        field.help_text = _("Its members can use the proposed authority at once.")
        if not perms.can_validate_authority(user):
            field.required = True
            field.empty_label = None
        elif not own.exists():
            # A coordinator who belongs to no authority proposes for everyone: they see every proposal anyway.
            del self.fields["on_behalf_of"]


class RejectAuthorityForm(forms.Form):
    merge_into = forms.ModelChoiceField(
        label=_("Merge into"),
        queryset=Authority.objects.validated(),
        required=False,
        widget=forms.HiddenInput,
        error_messages={"invalid_choice": _("Choose a validated authority from the search results.")},
    )
