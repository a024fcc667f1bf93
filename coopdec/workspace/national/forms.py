"""The national view's filters: year, région, type of authority."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from coopdec.territories.enums import FRENCH_KINDS, AuthorityKind
from coopdec.territories.models import Authority
from coopdec.workspace.accounts.forms import BootstrapFormMixin


class NationalFilterForm(BootstrapFormMixin, forms.Form):
    """Which year (among those with validated declarations), which région, which type of authority."""

    year = forms.TypedChoiceField(label=_("Year declared"), coerce=int, required=False)
    region = forms.ModelChoiceField(
        label=_("Région"), queryset=Authority.objects.none(), required=False, empty_label=_("All régions")
    )
    kind = forms.ChoiceField(label=_("Type of authority"), required=False)

    def __init__(self, *args, years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.years = years
        year, region, kind = self.fields["year"], self.fields["region"], self.fields["kind"]
        assert isinstance(year, forms.ChoiceField) and isinstance(kind, forms.ChoiceField)
        assert isinstance(region, forms.ModelChoiceField)
        year.choices = [(value, str(value)) for value in years]
        region.queryset = (
            Authority.objects.french().filter(kind=AuthorityKind.REGION).only("pk", "name").order_by("name")
        )
        kind.choices = [("", _("All types"))] + [(value.value, value.label) for value in FRENCH_KINDS]

    def filters(self) -> dict:
        """The chosen year (the latest when none or an unknown one), région and type."""
        self.is_valid()  # the valid fields stay in cleaned_data; an invalid one shows its error beside it
        data = getattr(self, "cleaned_data", {})
        year = data.get("year") or (self.years[0] if self.years else None)
        return {"year": year, "region": data.get("region") or None, "kind": data.get("kind") or None}
