"""Forms of the 1 % page: the year shown, and a service budget's own resources."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coopdec.funding.enums import Service
from coopdec.funding.services import BUDGET_CURRENCIES
from coopdec.workspace.accounts.forms import BootstrapFormMixin

FIRST_YEAR = 2000


def year_choices() -> list[tuple[int, int]]:
    this_year = timezone.localdate().year
    return [(year, year) for year in range(this_year + 1, FIRST_YEAR - 1, -1)]


class YearForm(BootstrapFormMixin, forms.Form):
    year = forms.TypedChoiceField(label=_("Year"), coerce=int, choices=year_choices)

    def year_or(self, default: int) -> int:
        return self.cleaned_data["year"] if self.is_valid() else default


class ServiceBudgetForm(BootstrapFormMixin, forms.Form):
    """Own resources of one service budget (the services check the rules: French authority, no lines above 1 %)."""

    service = forms.ChoiceField(label=_("Service budget"), choices=Service.choices)
    own_resources = forms.DecimalField(
        label=_("Own resources"),
        max_digits=16,
        decimal_places=2,
        min_value=0,
        # xgettext:no-python-format ("% c" is not a placeholder here)
        help_text=_("The budget's own resources for the year; the 1 % ceiling is computed from them."),
    )
    currency = forms.ChoiceField(
        label=_("Currency"), choices=[(code, code) for code in BUDGET_CURRENCIES], initial="EUR"
    )
