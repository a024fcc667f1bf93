"""Forms of the project pages: they collect input; the services in projects and funding apply the rules."""

from __future__ import annotations

from typing import cast

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from coopdec.accounts.perms import authority_ids_of, is_coordinator
from coopdec.lib.conflicts import VersionField
from coopdec.lib.narrative import LANGUAGE_CHOICES
from coopdec.organizations.models import Organization
from coopdec.partnerships.models import Partnership
from coopdec.partnerships.perms import visible_partnerships
from coopdec.projects.enums import Instrument, ParticipantRole, ProjectKind, ProjectStatus
from coopdec.projects.models import Disbursement, Funding, Place, Project, Result
from coopdec.territories.models import Authority, Country
from coopdec.territories.selectors import search_authorities
from coopdec.themes.models import Theme
from coopdec.workspace.accounts.forms import BootstrapFormMixin

# The languages whose translation the project form offers beside the original text.
TRANSLATION_LANGUAGES = ("en", "fr")
SEARCH_LIMIT = 20


def model_field(model, name: str, **kwargs) -> forms.Field:
    """The form field Django derives from ``model.name`` (label, help text, validators), adjusted."""
    return model._meta.get_field(name).formfield(**kwargs)


def date_field(model, name: str) -> forms.Field:
    return model_field(model, name, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))


def entity_value(entity) -> str:
    """``authority:12`` or ``organization:5``: how a picked entity travels in a form."""
    kind = "authority" if isinstance(entity, Authority) else "organization"
    return f"{kind}:{entity.pk}"


def entity_option(entity) -> dict:
    if isinstance(entity, Authority):
        detail = f"{entity.get_kind_display()} · {entity.country}"
    else:
        detail = f"{entity.get_kind_display()} · {entity.country or ''}"
    return {"value": entity_value(entity), "label": str(entity), "detail": detail}


def search_entities(query: str, kinds: tuple[str, ...]) -> list:
    """The server-side search behind the pickers when JavaScript is off: validated authorities, organisations."""
    query = query.strip()[:100]
    if len(query) < 2:
        return []
    found: list = []
    if "authority" in kinds:
        validated = Authority.objects.validated().select_related("country")
        found += search_authorities(query, authorities=validated, limit=SEARCH_LIMIT)
    if "organization" in kinds:
        found += Organization.objects.search(query).select_related("country")[:SEARCH_LIMIT]
    return found


class EntityField(forms.CharField):
    """An authority or an organisation picked by autocomplete, posted as ``authority:12`` / ``organization:5``."""

    def __init__(self, *, kinds: tuple[str, ...] = ("authority", "organization"), **kwargs):
        self.kinds = kinds
        kwargs.setdefault("widget", forms.HiddenInput)
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, (Authority, Organization)):
            return entity_value(value)
        return value

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        kind, _sep, pk = value.partition(":")
        if kind not in self.kinds or not pk.isdigit():
            raise ValidationError(_("Choose in the search results."), code="invalid_choice")
        if kind == "authority":
            entity = Authority.objects.validated().select_related("country").filter(pk=pk).first()
        else:
            entity = Organization.objects.select_related("country").filter(pk=pk).first()
        if entity is None:
            raise ValidationError(_("Choose in the search results."), code="invalid_choice")
        return entity


def search_url(kinds: tuple[str, ...]) -> str:
    """The autocomplete endpoint: the workspace's authority search when it is there, else the join form's."""
    try:
        url = reverse("territories:authority_search")
    except NoReverseMatch:
        return reverse("accounts:entity_search")
    # The pickers accept validated entities only (``EntityField``), so the list offers no other.
    return f"{url}?status=validated" + ("&with=organizations" if "organization" in kinds else "")


class PickerMixin(forms.BaseForm):
    """Forms with entity pickers: what each picker shows (its current value, then the search results)."""

    def pickers(self) -> list[dict]:
        """What ``projects/includes/entity_picker.html`` needs for each ``EntityField`` of the form."""
        return [
            {
                "field": self[name],
                "options": self.picker_options(name),
                "query": self.data.get(f"{self[name].html_name}_q", "") if self.is_bound else "",
                "search_url": search_url(field.kinds),
                "kinds": " ".join(field.kinds),
            }
            for name, field in self.fields.items()
            if isinstance(field, EntityField)
        ]

    def picker_options(self, name: str) -> list[dict]:
        field = self.fields[name]
        assert isinstance(field, EntityField), f"{name} is not an entity picker"
        bound = self[name]
        options = []
        current = bound.value()
        if isinstance(current, (Authority, Organization)):
            options.append(entity_option(current))
        elif current and self.is_bound:
            try:
                entity = field.clean(current)
            except ValidationError:
                entity = None
            if entity is not None:
                options.append(entity_option(entity))
        query = self.data.get(f"{bound.html_name}_q", "") if self.is_bound else ""
        for entity in search_entities(query, field.kinds):
            option = entity_option(entity)
            if option["value"] not in {o["value"] for o in options}:
                options.append(option)
        for option in options:
            option["checked"] = option["value"] == field.prepare_value(current)
        return options


class ProjectForm(BootstrapFormMixin, PickerMixin, forms.Form):
    """Create or edit a project; the lead is the user's authority, or any authority for a coordinator."""

    title = model_field(Project, "title")
    language = forms.ChoiceField(label=_("Language of the text"), choices=LANGUAGE_CHOICES, initial="fr")
    description = model_field(Project, "description", widget=forms.Textarea(attrs={"rows": 5}))
    title_en = forms.CharField(label=_("Title in English"), max_length=300, required=False)
    description_en = forms.CharField(
        label=_("Description in English"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    title_fr = forms.CharField(label=_("Title in French"), max_length=300, required=False)
    description_fr = forms.CharField(
        label=_("Description in French"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=ProjectKind.choices)
    partnership = forms.ModelChoiceField(
        label=_("Partnership"),
        queryset=Partnership.objects.none(),
        required=False,
        help_text=_("Emergency humanitarian aid needs none; other projects usually belong to one."),
    )
    themes = forms.ModelMultipleChoiceField(
        label=_("Themes"), queryset=Theme.objects.all(), required=False, widget=forms.CheckboxSelectMultiple
    )
    status = forms.ChoiceField(label=_("Status"), choices=ProjectStatus.choices, initial=ProjectStatus.PIPELINE)
    planned_start = date_field(Project, "planned_start")
    planned_end = date_field(Project, "planned_end")
    actual_start = date_field(Project, "actual_start")
    actual_end = date_field(Project, "actual_end")
    budget = model_field(Project, "budget")
    currency = model_field(Project, "currency")
    visibility = model_field(Project, "visibility")
    version = VersionField()

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.lead_is_picker = is_coordinator(user)
        if self.lead_is_picker:
            self.fields["lead_authority"] = EntityField(label=_("Lead authority"), kinds=("authority",))
            partnerships = Partnership.objects.all()
        else:
            authorities = Authority.objects.filter(pk__in=authority_ids_of(user)).order_by("name")
            self.fields["lead_authority"] = forms.ModelChoiceField(
                label=_("Lead authority"), queryset=authorities, empty_label=None
            )
            if not self.initial.get("lead_authority"):
                self.initial["lead_authority"] = authorities.first()
            partnerships = visible_partnerships(
                user, Partnership.objects.filter(parties__authority_id__in=authority_ids_of(user)).distinct()
            )
        self.fields["partnership"].queryset = partnerships.order_by("title")
        if self.lead_is_picker:
            # Coordinators reach every partnership in the country: a number, not a select of thousands.
            self.fields["partnership"].widget = forms.NumberInput()
            self.fields["partnership"].help_text = _("Its number, as in the partnership page's address.")
        self.order_fields(["lead_authority", "title", "language", "description"])

    def clean(self):
        data = super().clean()
        language = data.get("language")
        if language in TRANSLATION_LANGUAGES:
            # A translation into the text's own language would be dropped on saving: say so rather than lose it.
            for field in ("title", "description"):
                if data.get(f"{field}_{language}"):
                    self.add_error(
                        f"{field}_{language}",
                        ValidationError(
                            _(
                                "The text is already in this language: put this in the title and description "
                                "above, or choose the language the text is written in."
                            ),
                            code="translation_in_own_language",
                        ),
                    )
        return data

    def translations(self, previous: dict | None = None) -> dict:
        """``translations`` as the project stores them: the other languages kept, en/fr from the form."""
        translations = {k: v for k, v in (previous or {}).items() if k not in TRANSLATION_LANGUAGES}
        for language in TRANSLATION_LANGUAGES:
            if language == self.cleaned_data["language"]:
                continue
            text = {
                field: self.cleaned_data[f"{field}_{language}"]
                for field in ("title", "description")
                if self.cleaned_data[f"{field}_{language}"]
            }
            if text:
                translations[language] = text
        return translations

    def project_fields(self) -> dict:
        data = self.cleaned_data
        names = ["title", "description", "language", "lead_authority", "partnership", "kind", "status"]
        names += ["planned_start", "planned_end", "actual_start", "actual_end", "budget", "currency", "visibility"]
        return {name: data[name] for name in names}

    @staticmethod
    def initial_for(project: Project) -> dict:
        initial = {
            name: getattr(project, name)
            for name in ["title", "description", "language", "kind", "status", "planned_start", "planned_end"]
            + ["actual_start", "actual_end", "budget", "currency", "visibility", "lead_authority", "partnership"]
            + ["version"]
        }
        initial["themes"] = list(project.themes.all())
        for language in TRANSLATION_LANGUAGES:
            for field in ("title", "description"):
                initial[f"{field}_{language}"] = project.translations.get(language, {}).get(field, "")
        return initial


class ParticipantForm(BootstrapFormMixin, PickerMixin, forms.Form):
    entity = EntityField(label=_("Authority or organisation"))
    role = forms.ChoiceField(
        label=_("Role"), choices=[c for c in ParticipantRole.choices if c[0] != ParticipantRole.LEAD]
    )


class PlaceForm(BootstrapFormMixin, PickerMixin, forms.Form):
    """A place: an authority, a country, or a point — at least one of them."""

    authority = EntityField(label=_("Authority"), kinds=("authority",), required=False)
    country = forms.ModelChoiceField(label=_("Country"), queryset=Country.objects.order_by("name_en"), required=False)
    name = model_field(Place, "name")
    latitude = model_field(Place, "latitude", min_value=-90, max_value=90)
    longitude = model_field(Place, "longitude", min_value=-180, max_value=180)

    def clean(self):
        data = super().clean()
        latitude, longitude = data.get("latitude"), data.get("longitude")
        if (latitude is None) != (longitude is None):
            raise ValidationError(_("A point needs both a latitude and a longitude."), code="half_point")
        if not (data.get("authority") or data.get("country") or latitude is not None) and not self.errors:
            raise ValidationError(
                _("Give an authority, a country, or a point (latitude and longitude)."), code="no_place"
            )
        return data


class FundingForm(BootstrapFormMixin, forms.Form):
    """A funding line; its funder is one of the project's participants."""

    funder = forms.ChoiceField(label=_("Funder"), required=False)
    instrument = forms.ChoiceField(label=_("Instrument"), choices=Instrument.choices)
    amount = model_field(Funding, "amount", min_value=0)
    currency = model_field(Funding, "currency")
    in_kind = model_field(Funding, "in_kind")
    year = model_field(Funding, "year")
    value_date = date_field(Funding, "value_date")

    def __init__(self, *args, project: Project, **kwargs):
        super().__init__(*args, **kwargs)
        self.entities: dict[str, Authority | Organization] = {}
        for participant in project.participants.select_related("authority", "organization"):
            self.entities.setdefault(entity_value(participant.entity), participant.entity)
        funder = cast(forms.ChoiceField, self.fields["funder"])  # declared above
        funder.choices = [("", _("— none —")), *((value, str(entity)) for value, entity in self.entities.items())]
        funder.help_text = _("Add the funder as a participant first if it is not listed.")

    def funding_fields(self) -> dict:
        data = dict(self.cleaned_data)
        funder = self.entities.get(data.pop("funder"))
        data["funder_authority"] = funder if isinstance(funder, Authority) else None
        data["funder_organization"] = funder if isinstance(funder, Organization) else None
        return data

    @staticmethod
    def initial_for(funding: Funding) -> dict:
        initial = {name: getattr(funding, name) for name in ["instrument", "amount", "currency", "in_kind", "year"]}
        initial["value_date"] = funding.value_date
        initial["funder"] = entity_value(funding.funder) if funding.funder else ""
        return initial


class DisbursementForm(BootstrapFormMixin, forms.Form):
    funding = forms.ModelChoiceField(label=_("Funding line"), queryset=Funding.objects.none(), required=False)
    year = model_field(Disbursement, "year")
    amount = model_field(Disbursement, "amount", min_value=0)
    currency = model_field(Disbursement, "currency")
    paid_on = date_field(Disbursement, "paid_on")

    def __init__(self, *args, project: Project, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["funding"]).queryset = project.fundings.all()  # declared above


class ResultForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = Result
        fields = ["indicator", "unit", "baseline", "target", "achieved", "year"]


class ProjectFilterForm(BootstrapFormMixin, forms.Form):
    """The list's search box and filters, read from the query string."""

    q = forms.CharField(label=_("Search"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    theme = forms.ModelChoiceField(label=_("Theme"), queryset=Theme.objects.all(), required=False)
    country = forms.ModelChoiceField(label=_("Country"), queryset=Country.objects.order_by("name_en"), required=False)
    instrument = forms.ChoiceField(label=_("Instrument"), required=False)
    year = forms.IntegerField(label=_("Year"), required=False, min_value=1900, max_value=2200)
    partnership = forms.ModelChoiceField(label=_("Partnership"), queryset=Partnership.objects.none(), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        every = [("", _("All"))]
        self.fields["status"].choices = every + ProjectStatus.choices
        self.fields["kind"].choices = every + ProjectKind.choices
        self.fields["instrument"].choices = every + Instrument.choices
        self.fields["theme"].empty_label = _("All")
        self.fields["country"].empty_label = _("All")
        self.fields["partnership"].empty_label = _("All")
        if is_coordinator(user):
            self.fields["partnership"].queryset = Partnership.objects.all()
            self.fields["partnership"].widget = forms.NumberInput()
        else:
            mine = Partnership.objects.filter(parties__authority_id__in=authority_ids_of(user)).values("pk")
            self.fields["partnership"].queryset = Partnership.objects.filter(Q(pk__in=mine)).order_by("title")


class DocumentForm(BootstrapFormMixin, forms.Form):
    file = forms.FileField(
        label=_("Document (PDF, ODT or DOCX)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.odt,.docx"}),
    )
    title = forms.CharField(label=_("Title"), max_length=255, required=False, help_text=_("E.g. final report."))
