"""Forms of the campaign pages: they collect input; ``declarations.services`` applies the rules."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from coopdec.declarations.enums import FollowUpState
from coopdec.territories.enums import FRENCH_KINDS, AuthorityKind
from coopdec.territories.models import Authority
from coopdec.territories.selectors import search_authorities
from coopdec.workspace.accounts.forms import BootstrapFormMixin

SEARCH_LIMIT = 20


def _date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def askable_authorities():
    """The authorities a coordinator may ask by hand: French, validated."""
    return Authority.objects.french().validated().select_related("country")


def search_askable(query: str) -> list[Authority]:
    """The picker's results when JavaScript is off."""
    query = query.strip()[:100]
    if len(query) < 2:
        return []
    return list(search_authorities(query, authorities=askable_authorities(), limit=SEARCH_LIMIT))


class CampaignForm(BootstrapFormMixin, forms.Form):
    """Open a campaign: the year declared, its dates, its introduction, and authorities asked by hand."""

    year = forms.IntegerField(label=_("Year declared"), min_value=2000, max_value=2100)
    opens_on = forms.DateField(label=_("Opens on"), widget=_date_input())
    closes_on = forms.DateField(label=_("Closes on"), widget=_date_input())
    introduction_fr = forms.CharField(
        label=_("Introduction in French"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    introduction_en = forms.CharField(
        label=_("Introduction in English"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    also_ask = forms.ModelMultipleChoiceField(
        label=_("Also ask"),
        queryset=askable_authorities(),
        required=False,
        widget=forms.MultipleHiddenInput,
        help_text=_("Every French authority with at least one member is asked; add here any other one."),
    )

    @classmethod
    def initial_for(cls, today: dt.date) -> dict:
        """The usual calendar: from 15 April to 31 May, for last year's aid."""
        year = today.year - 1
        return {"year": year, "opens_on": dt.date(year + 1, 4, 15), "closes_on": dt.date(year + 1, 5, 31)}

    def chosen(self) -> list[Authority]:
        """The authorities ticked so far (kept across the picker's searches)."""
        if not self.is_bound:
            return []
        data: Any = self.data  # a QueryDict when bound from a request
        pks = [pk for pk in data.getlist("also_ask") if pk.isdigit()]
        return list(askable_authorities().filter(pk__in=pks).order_by("name"))

    def campaign_fields(self) -> dict:
        data = self.cleaned_data
        fields = ("year", "opens_on", "closes_on", "introduction_fr", "introduction_en")
        return {**{name: data[name] for name in fields}, "also_ask": list(data["also_ask"])}


class FollowUpFilterForm(BootstrapFormMixin, forms.Form):
    """The follow-up's filters: région, département, type of authority, state."""

    region = forms.ModelChoiceField(
        label=_("Région"), queryset=Authority.objects.none(), required=False, empty_label=_("All régions")
    )
    departement = forms.ModelChoiceField(
        label=_("Département"), queryset=Authority.objects.none(), required=False, empty_label=_("All départements")
    )
    kind = forms.ChoiceField(label=_("Type of authority"), required=False)
    state = forms.ChoiceField(label=pgettext_lazy("declaration", "State"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        french = Authority.objects.french().only("pk", "name").order_by("name")
        self.fields["region"].queryset = french.filter(kind=AuthorityKind.REGION)
        self.fields["departement"].queryset = french.filter(kind=AuthorityKind.DEPARTEMENT)
        self.fields["kind"].choices = [("", _("All types"))] + [(kind.value, kind.label) for kind in FRENCH_KINDS]
        self.fields["state"].choices = [("", _("All states")), *FollowUpState.choices]

    def filters(self) -> dict:
        data = self.cleaned_data if self.is_valid() else {}
        return {name: data.get(name) or None for name in ("region", "departement", "kind", "state")}


class ExtendForm(BootstrapFormMixin, forms.Form):
    """A later deadline for one authority."""

    until = forms.DateField(label=_("New deadline"), widget=_date_input())
