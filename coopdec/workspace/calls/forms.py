"""Forms of the coordinators' call pages: they collect input; ``calls.services`` applies the rules."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from coopdec.accounts.models import User
from coopdec.calls.enums import CallKind, DocumentKind, GroupRule, TrancheCondition
from coopdec.calls.models import Call, Criterion
from coopdec.calls.services import CriterionSpec, TrancheSpec
from coopdec.territories.enums import OdaCategory
from coopdec.territories.models import Country
from coopdec.themes.models import Theme
from coopdec.workspace.accounts.forms import BootstrapFormMixin

from .sentences import figure

# The scalar rules the "Change the rules" page edits (the eligibility ones the service freezes are among them).
RULE_FIELDS = (
    "multi_country_ceiling", "min_own_share", "max_in_kind_share", "cash_only", "min_grant", "max_grant",
    "min_monitoring_share", "group_rule", "requires_convention", "requires_council_decision",
    "requires_earlier_reports", "requires_last_declaration",
)  # fmt: skip


def _date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _percent(label: Any, **kwargs: Any) -> forms.DecimalField:
    return forms.DecimalField(
        label=label, required=False, min_value=0, max_value=100, max_digits=5, decimal_places=2, **kwargs
    )


def _amount(label: Any, **kwargs: Any) -> forms.DecimalField:
    return forms.DecimalField(label=label, min_value=0, max_digits=14, decimal_places=2, **kwargs)


def plain(value: Decimal | None) -> Decimal | None:
    """A figure as a person types it: ``70`` rather than ``70.00``, ``7.5`` rather than ``7.50``."""
    if value is None:
        return None
    return value.quantize(Decimal("1")) if value == value.to_integral_value() else value.normalize()


def add_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """A service's refusal shown under the field it names when the form has it, else above the form."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


class CallForm(BootstrapFormMixin, forms.Form):
    """A new call: its names, year, kind, steps and dates, envelope, what is eligible, its texts."""

    # Text people write takes its direction from itself (a French name on an Arabic page).
    name_fr = forms.CharField(label=_("Name in French"), max_length=200, widget=forms.TextInput(attrs={"dir": "auto"}))
    name_en = forms.CharField(label=_("Name in English"), max_length=200, widget=forms.TextInput(attrs={"dir": "auto"}))
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    kind = forms.ChoiceField(label=_("Kind"), choices=CallKind.choices)
    partner_country = forms.ModelChoiceField(
        label=_("Partner country of the joint fund"), queryset=Country.objects.none(), required=False,
        help_text=_("Only for a joint fund with a partner country."),
    )  # fmt: skip
    two_steps = forms.BooleanField(
        label=_("Two steps: an expression of interest, then a full application on invitation"), required=False
    )
    opens_on = forms.DateField(label=_("Opens on"), widget=_date_input())
    closes_on = forms.DateField(label=_("Closes on"), widget=_date_input())
    full_opens_on = forms.DateField(label=_("Full applications open on"), widget=_date_input(), required=False)
    full_closes_on = forms.DateField(label=_("Full applications close on"), widget=_date_input(), required=False)
    envelope = _amount(_("Envelope in euros"))
    eligible_countries = forms.ModelMultipleChoiceField(
        label=_("Eligible countries"), queryset=Country.objects.none(), required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("Leave empty to choose by ODA category instead."),
    )  # fmt: skip
    eligible_categories = forms.MultipleChoiceField(
        label=_("Eligible ODA categories"), choices=OdaCategory.choices, required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Neither countries nor categories: every country is eligible."),
    )  # fmt: skip
    themes = forms.ModelMultipleChoiceField(
        label=_("Eligible themes"), queryset=Theme.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )
    introduction_fr = forms.CharField(
        label=_("Introduction in French"), required=False, widget=forms.Textarea(attrs={"rows": 4, "dir": "auto"})
    )
    introduction_en = forms.CharField(
        label=_("Introduction in English"), required=False, widget=forms.Textarea(attrs={"rows": 4, "dir": "auto"})
    )
    documents = forms.MultipleChoiceField(
        label=_("Documents asked"), choices=DocumentKind.choices, required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        countries = Country.objects.exclude(code="FR").order_by("name_fr")
        cast(forms.ModelChoiceField, self.fields["partner_country"]).queryset = countries
        cast(forms.ModelMultipleChoiceField, self.fields["eligible_countries"]).queryset = countries
        cast(
            forms.ModelMultipleChoiceField, self.fields["themes"]
        ).queryset = Theme.objects.all()  # the vocabulary's order

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("kind") == CallKind.JOINT_FUND and not data.get("partner_country"):
            self.add_error("partner_country", _("A joint fund names its partner country."))
        opens, closes = data.get("opens_on"), data.get("closes_on")
        if opens and closes and closes < opens:
            self.add_error("closes_on", _("The call closes after it opens."))
        if data.get("two_steps"):
            for name in ("full_opens_on", "full_closes_on"):
                if not data.get(name):
                    self.add_error(name, _("A second step has its dates."))
            full_opens, full_closes = data.get("full_opens_on"), data.get("full_closes_on")
            if full_opens and full_closes and full_closes < full_opens:
                self.add_error("full_closes_on", _("The call closes after it opens."))
        return data

    def call_fields(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["countries"] = list(data.pop("eligible_countries"))
        data["themes"] = list(data["themes"])
        return data


class CopyForm(BootstrapFormMixin, forms.Form):
    """Copy a call into another year; empty names take the call's with its year changed."""

    year = forms.IntegerField(label=_("Into the year"), min_value=2000, max_value=2100)
    name_fr = forms.CharField(
        label=_("Name in French"),
        max_length=200,
        required=False,
        help_text=_("Empty: the same name, its year changed."),
    )
    name_en = forms.CharField(
        label=_("Name in English"),
        max_length=200,
        required=False,
        help_text=_("Empty: the same name, its year changed."),
    )


class RulesForm(BootstrapFormMixin, forms.Form):
    """The call's scalar rules; an empty percentage or amount means the call does not apply that rule."""

    multi_country_ceiling = _percent(_("Ceiling for a project in several countries (%)"))
    min_own_share = _percent(_("Minimum share of the French authorities (%)"))
    max_in_kind_share = _percent(_("In-kind at most, as a share of their own contribution (%)"))
    cash_only = forms.BooleanField(label=_("The call pays cash only"), required=False)
    min_grant = _amount(_("Minimum grant in euros"), required=False)
    max_grant = _amount(_("Maximum grant in euros"), required=False)
    min_monitoring_share = _percent(_("Minimum share of the expenses for monitoring and evaluation (%)"))
    group_rule = forms.ChoiceField(label=_("Group of at least two French authorities"), choices=GroupRule.choices)
    requires_convention = forms.BooleanField(label=_("A convention signed with the foreign authority"), required=False)
    requires_council_decision = forms.BooleanField(
        label=_("A council decision (délibération) or letters of intent"), required=False
    )
    requires_earlier_reports = forms.BooleanField(
        label=_("The reports of projects co-financed by earlier calls filed"), required=False
    )
    requires_last_declaration = forms.BooleanField(label=_("The last yearly declaration submitted"), required=False)

    @classmethod
    def initial_for(cls, call: Call) -> dict[str, Any]:
        values = {name: getattr(call, name) for name in RULE_FIELDS}
        return {name: plain(value) if isinstance(value, Decimal) else value for name, value in values.items()}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        low, high = data.get("min_grant"), data.get("max_grant")
        if low is not None and high is not None and high < low:
            self.add_error("max_grant", _("The maximum grant is at least the minimum."))
        return data

    def changed_rules(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.changed_data}


class CeilingForm(BootstrapFormMixin, forms.Form):
    """The call's share at most for a recipient country of one ODA category; empty: no ceiling."""

    oda_category = forms.ChoiceField(choices=OdaCategory.choices, widget=forms.HiddenInput)
    percent = _percent(_("Ceiling (%)"))

    def category_label(self) -> str:
        return str(OdaCategory(self.initial.get("oda_category") or self["oda_category"].value()).label)


class BaseCeilingFormSet(forms.BaseFormSet):
    def ceilings(self) -> dict[str, Decimal]:
        return {
            form.cleaned_data["oda_category"]: form.cleaned_data["percent"]
            for form in self.forms
            if form.cleaned_data.get("percent") is not None
        }


CeilingFormSet = forms.formset_factory(CeilingForm, formset=BaseCeilingFormSet, extra=0)


def ceiling_initial(call: Call) -> list[dict[str, Any]]:
    percents = {row.oda_category: row.percent for row in call.ceilings.all()}
    return [{"oda_category": category, "percent": plain(percents.get(category))} for category in OdaCategory.values]


class TrancheForm(BootstrapFormMixin, forms.Form):
    number = forms.IntegerField(label=_("Tranche"), min_value=1, max_value=20)
    share = forms.DecimalField(
        label=_("Share of the grant (%)"), min_value=Decimal("0.01"), max_value=100, max_digits=5, decimal_places=2
    )
    # An empty first choice, so that the page's empty row posts nothing and is left out.
    condition = forms.ChoiceField(label=_("Released"), choices=[("", "—"), *TrancheCondition.choices])
    due_on = forms.DateField(label=_("On"), widget=_date_input(), required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("condition") == TrancheCondition.ON_DATE and not data.get("due_on"):
            self.add_error("due_on", _("A tranche released on a date names it."))
        return data


class BaseRowsFormSet(forms.BaseFormSet):
    """Rows a coordinator adds and removes: a row left empty or ticked for removal is not kept."""

    def kept(self) -> list[dict[str, Any]]:
        return [form.cleaned_data for form in self.forms if form.cleaned_data and not form.cleaned_data.get("DELETE")]


class BaseTrancheFormSet(BaseRowsFormSet):
    def tranches(self) -> list[TrancheSpec]:
        return [TrancheSpec(row["number"], row["share"], row["condition"], row.get("due_on")) for row in self.kept()]


TrancheFormSet = forms.formset_factory(TrancheForm, formset=BaseTrancheFormSet, extra=1, can_delete=True)


def tranche_initial(call: Call) -> list[dict[str, Any]]:
    return [
        {"number": t.number, "share": plain(t.share), "condition": t.condition, "due_on": t.due_on}
        for t in call.tranches.all()
    ]


class CriterionForm(BootstrapFormMixin, forms.Form):
    label_fr = forms.CharField(
        label=_("Label in French"), max_length=200, widget=forms.TextInput(attrs={"dir": "auto"})
    )
    label_en = forms.CharField(
        label=_("Label in English"), max_length=200, widget=forms.TextInput(attrs={"dir": "auto"})
    )
    weight = forms.DecimalField(
        label=_("Weight"), min_value=Decimal("0.01"), max_digits=5, decimal_places=2, initial=Decimal("1")
    )
    scale = forms.IntegerField(label=_("Highest mark"), min_value=1, max_value=100, initial=5)


class BaseCriterionFormSet(BaseRowsFormSet):
    def criteria(self) -> list[CriterionSpec]:
        return [CriterionSpec(r["label_fr"], r["label_en"], r["weight"], r["scale"]) for r in self.kept()]


CriterionFormSet = forms.formset_factory(CriterionForm, formset=BaseCriterionFormSet, extra=1, can_delete=True)


def criterion_initial(call: Call) -> list[dict[str, Any]]:
    return [
        {"label_fr": c.label_fr, "label_en": c.label_en, "weight": plain(c.weight), "scale": c.scale}
        for c in call.criteria.all()
    ]


class ReviewerForm(BootstrapFormMixin, forms.Form):
    """Invite a person who already has an account, found by e-mail."""

    email = forms.EmailField(label=_("E-mail address of the reviewer"))

    def clean_email(self) -> User:
        email = self.cleaned_data["email"].strip()
        user = User.objects.filter(email__iexact=email, is_active=True).first()
        if user is None:
            raise ValidationError(
                _("No one has an account with this address: ask them to create one first."), code="no_account"
            )
        return user


class CommentForm(BootstrapFormMixin, forms.Form):
    comment = forms.CharField(
        label=_("What the applicant should change"),
        widget=forms.Textarea(attrs={"rows": 5, "dir": "auto"}),
        max_length=5000,
    )


class ScoreForm(BootstrapFormMixin, forms.Form):
    """One mark per criterion of the call's grid, each within its scale, with a comment."""

    def __init__(self, *args: Any, criteria: list[Criterion], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for criterion in criteria:
            self.fields[f"mark_{criterion.pk}"] = forms.IntegerField(
                label=criterion.label, min_value=0, max_value=criterion.scale,
                help_text=_("From 0 to %(scale)s (weight %(weight)s)")
                % {"scale": criterion.scale, "weight": figure(criterion.weight)},
            )  # fmt: skip
            self.fields[f"comment_{criterion.pk}"] = forms.CharField(
                label=_("Comment on “%(criterion)s”") % {"criterion": criterion.label}, required=False,
                widget=forms.Textarea(attrs={"rows": 2, "dir": "auto"}), max_length=5000,
            )  # fmt: skip

    def rows(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        return [(self[f"mark_{c.pk}"], self[f"comment_{c.pk}"]) for c in self.criteria]

    def marks(self) -> dict[Criterion, int]:
        return {c: self.cleaned_data[f"mark_{c.pk}"] for c in self.criteria}

    def comments(self) -> dict[Criterion, str]:
        return {c: self.cleaned_data[f"comment_{c.pk}"] for c in self.criteria}
