"""The columns of the partnership, project and funding-line spreadsheets: one definition for templates, export, import.

A header cell holds the column's key (``kind``, ``parties``…), the same in every language, so a file
exported in French is read back whatever the reader's language; the label and the explanation sit in
the workbook's "Columns" sheet. Choice columns hold codes; a read-only column beside them
(``kind_label``, ``parties_names``…) gives the labels for people and is ignored on import.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from coopdec.lib.listing import Column
from coopdec.lib.narrative import LANGUAGE_CHOICES
from coopdec.partnerships.enums import (
    LegalForm,
    PartnershipKind,
    PartnershipMode,
    PartnershipStatus,
    PartyRole,
    Visibility,
)
from coopdec.projects.enums import Instrument, ParticipantRole, ProjectKind, ProjectStatus

PARTNERSHIP_PREFIX = "coopdec:partnership:"
PROJECT_PREFIX = "coopdec:project:"
FUNDING_PREFIX = "coopdec:funding:"
ORGANIZATION_PREFIX = "coopdec:organization:"
IATI_ORGANIZATION_PREFIX = "org:"
STATE_PREFIX = "state:"
LIST_SEPARATOR = "|"
ROLE_SEPARATOR = "="

# How a cell is read on import.
TEXT, DATE, DECIMAL, INTEGER, BOOLEAN, CHOICE, REFERENCES, CODES, REFERENCE = (
    "text",
    "date",
    "decimal",
    "integer",
    "boolean",
    "choice",
    "references",
    "codes",
    "reference",
)
FORMAT_HELP = {
    TEXT: _("Text."),
    DATE: _("A date: YYYY-MM-DD (or DD/MM/YYYY, or a date cell)."),
    DECIMAL: _("A number, not negative; a dot or a comma before the decimals."),
    INTEGER: _("A whole number."),
    BOOLEAN: _("yes or no."),
    CHOICE: _("One code from the allowed values (the label in your language is also understood)."),
    REFERENCES: _(
        "Codes separated by “|”, each optionally followed by “=role”: an authority's code (FR-REG-11, AM-ER), "
        "org:<IATI organisation identifier> or coopdec:organization:<id> for an organisation, state:<ISO country "
        "code> for a State."
    ),
    CODES: _("Codes separated by “|”."),
    REFERENCE: _("One code: an authority's code, or org:<IATI identifier> / coopdec:organization:<id>."),
}


@dataclass(frozen=True)
class SheetColumn(Column):
    """A spreadsheet column: a listing ``Column`` plus what import needs to read it back."""

    kind: str = TEXT
    required: bool = False
    read_only: bool = False
    choices: Any = None  # a TextChoices class or a list of (code, label)
    help: Any = ""

    def allowed(self) -> list[tuple[str, str]]:
        if self.choices is None:
            return []
        if isinstance(self.choices, type) and issubclass(self.choices, models.Choices):
            return [(str(value), str(label)) for value, label in self.choices.choices]
        return [(str(value), str(label)) for value, label in self.choices]


def _label_of(choices, attribute: str):
    def read(obj):
        display = getattr(obj, f"get_{attribute}_display")
        return display() if getattr(obj, attribute) else ""

    return read


def _code(attribute: str):
    return lambda obj: getattr(obj, attribute)


def entity_reference(entity) -> str:
    """How a spreadsheet names an authority, an organisation or a State."""
    from coopdec.organizations.models import Organization
    from coopdec.territories.models import Authority

    if isinstance(entity, Authority):
        return entity.code
    if isinstance(entity, Organization):
        return (
            f"{IATI_ORGANIZATION_PREFIX}{entity.iati_ref}" if entity.iati_ref else f"{ORGANIZATION_PREFIX}{entity.pk}"
        )
    return f"{STATE_PREFIX}{entity.code}"


def _with_roles(items, default: str) -> str:
    return LIST_SEPARATOR.join(
        entity_reference(entity) + ("" if role == default else f"{ROLE_SEPARATOR}{role}") for entity, role in items
    )


def partnership_identifier(partnership) -> str:
    return f"{PARTNERSHIP_PREFIX}{partnership.pk}"


def project_identifier(project) -> str:
    return project.iati_identifier or f"{PROJECT_PREFIX}{project.pk}"


def _parties(partnership) -> list:
    return [(party.entity, party.role) for party in partnership.parties.all()]


def _themes(obj) -> str:
    return LIST_SEPARATOR.join(theme.code for theme in obj.themes.all())


def _theme_labels(obj) -> str:
    return LIST_SEPARATOR.join(theme.label for theme in obj.themes.all())


def _other_participants(project) -> list:
    return [
        (p.entity, p.role)
        for p in project.participants.all()
        if not (p.role == ParticipantRole.LEAD and p.authority_id == project.lead_authority_id)
    ]


def _col(key, label, value, **kwargs) -> SheetColumn:
    return SheetColumn(key, label, value, **kwargs)


def _read_only(key, label, value) -> SheetColumn:
    return SheetColumn(key, label, value, read_only=True, help=_("For people; ignored on import."))


LANGUAGES = [(code, name) for code, name in LANGUAGE_CHOICES]

PARTNERSHIP_COLUMNS = [
    _col(
        "identifier",
        _("Identifier"),
        partnership_identifier,
        help=_("coopdec:partnership:<id>. Empty for a new partnership; required to update one."),
    ),
    _col("title", _("Title"), _code("title"), required=True),
    _col("description", _("Description"), _code("description")),
    _col("language", _("Language of the text"), _code("language"), kind=CHOICE, choices=LANGUAGES),
    _col("kind", _("Kind"), _code("kind"), kind=CHOICE, required=True, choices=PartnershipKind),
    _read_only("kind_label", _("Kind (label)"), _label_of(PartnershipKind, "kind")),
    _read_only("status", _("Status (code)"), _code("status")),
    _read_only("status_label", _("Status"), _label_of(PartnershipStatus, "status")),
    _col("mode", _("Mode"), _code("mode"), kind=CHOICE, choices=PartnershipMode),
    _col("legal_form", _("Legal form"), _code("legal_form"), kind=CHOICE, choices=LegalForm),
    _col(
        "parties",
        _("Parties"),
        lambda p: _with_roles(_parties(p), PartyRole.SIGNATORY),
        kind=REFERENCES,
        required=True,
        choices=PartyRole,
        help=_("The role is “signatory” when not given."),
    ),
    _read_only("parties_names", _("Parties (names)"), lambda p: LIST_SEPARATOR.join(str(e) for e, _r in _parties(p))),
    _col(
        "signed_on",
        _("Signed on"),
        _code("signed_on"),
        kind=DATE,
        help=_("Once recorded, changed only on the partnership's page."),
    ),
    _col(
        "sent_to_prefect_on",
        _("Sent to the préfet on"),
        _code("sent_to_prefect_on"),
        kind=DATE,
        help=_("A French convention takes effect once sent to the préfet. Once recorded, changed only on its page."),
    ),
    _col("starts_on", _("Starts on"), _code("starts_on"), kind=DATE),
    _col("ends_on", _("Ends on"), _code("ends_on"), kind=DATE),
    _col("themes", _("Themes"), _themes, kind=CODES, help=_("Theme codes, see the Codes sheet.")),
    _read_only("themes_labels", _("Themes (labels)"), _theme_labels),
    _col("technical_terms", _("Technical terms"), _code("technical_terms")),
    _col("financial_terms", _("Financial terms"), _code("financial_terms")),
    _col("planned_commitment", _("Planned financial commitment"), _code("planned_commitment"), kind=DECIMAL),
    _col("currency", _("Currency"), _code("currency"), help=_("ISO 4217 code (EUR, XPF…); EUR when empty.")),
    _col("reciprocity", _("What each side gains"), _code("reciprocity")),
    _col("visibility", _("Visibility"), _code("visibility"), kind=CHOICE, choices=Visibility),
]

PROJECT_COLUMNS = [
    _col(
        "identifier",
        _("Identifier"),
        project_identifier,
        help=_(
            "The project's IATI identifier, or coopdec:project:<id>. Empty for a new project without IATI "
            "identifier; a new identifier other than coopdec:… becomes the new project's IATI identifier."
        ),
    ),
    _col("title", _("Title"), _code("title"), required=True),
    _col("description", _("Description"), _code("description")),
    _col("language", _("Language of the text"), _code("language"), kind=CHOICE, choices=LANGUAGES),
    _col("lead", _("Lead authority"), lambda p: p.lead_authority.code, kind=REFERENCE, required=True),
    _read_only("lead_name", _("Lead authority (name)"), lambda p: p.lead_authority.name),
    _col(
        "partnership",
        _("Partnership"),
        lambda p: f"{PARTNERSHIP_PREFIX}{p.partnership_id}" if p.partnership_id else "",
        help=_("coopdec:partnership:<id>, or empty."),
    ),
    _read_only("partnership_title", _("Partnership (title)"), lambda p: p.partnership.title if p.partnership else ""),
    _col("kind", _("Kind"), _code("kind"), kind=CHOICE, required=True, choices=ProjectKind),
    _read_only("kind_label", _("Kind (label)"), _label_of(ProjectKind, "kind")),
    _col(
        "status",
        _("Status (IATI code)"),
        _code("status"),
        kind=CHOICE,
        choices=ProjectStatus,
        help=_("1 (pipeline) when empty."),
    ),
    _read_only("status_label", _("Status"), _label_of(ProjectStatus, "status")),
    _col(
        "participants",
        _("Other participants"),
        lambda p: _with_roles(_other_participants(p), ParticipantRole.PARTNER),
        kind=REFERENCES,
        choices=[c for c in ParticipantRole.choices if c[0] != ParticipantRole.LEAD],
        help=_("Besides the lead authority. The role is “partner” when not given."),
    ),
    _read_only(
        "participants_names",
        _("Other participants (names)"),
        lambda p: LIST_SEPARATOR.join(str(e) for e, _r in _other_participants(p)),
    ),
    _col("themes", _("Themes"), _themes, kind=CODES, help=_("Theme codes, see the Codes sheet.")),
    _read_only("themes_labels", _("Themes (labels)"), _theme_labels),
    _col("planned_start", _("Planned start"), _code("planned_start"), kind=DATE),
    _col("planned_end", _("Planned end"), _code("planned_end"), kind=DATE),
    _col("actual_start", _("Actual start"), _code("actual_start"), kind=DATE),
    _col("actual_end", _("Actual end"), _code("actual_end"), kind=DATE),
    _col("budget", _("Budget"), _code("budget"), kind=DECIMAL),
    _col("currency", _("Currency"), _code("currency"), help=_("ISO 4217 code (EUR, XPF…); EUR when empty.")),
    _col("visibility", _("Visibility"), _code("visibility"), kind=CHOICE, choices=Visibility),
]

FUNDING_COLUMNS = [
    _col(
        "project",
        _("Project identifier"),
        lambda f: project_identifier(f.project),
        required=True,
        help=_("The identifier of a project of the Projects sheet (or one of yours)."),
    ),
    _col(
        "line",
        _("Line identifier"),
        lambda f: f"{FUNDING_PREFIX}{f.pk}",
        help=_(
            "coopdec:funding:<id> to update a line; empty to add one. When updating, a project's lines missing "
            "from this sheet are removed."
        ),
    ),
    _col("funder", _("Funder"), lambda f: entity_reference(f.funder) if f.funder else "", kind=REFERENCE),
    _read_only("funder_name", _("Funder (name)"), lambda f: str(f.funder) if f.funder else ""),
    _col("instrument", _("Instrument"), _code("instrument"), kind=CHOICE, required=True, choices=Instrument),
    _read_only("instrument_label", _("Instrument (label)"), _label_of(Instrument, "instrument")),
    _col("amount", _("Amount"), _code("amount"), kind=DECIMAL, required=True),
    _col("currency", _("Currency"), _code("currency"), help=_("ISO 4217 code; EUR when empty.")),
    _col("in_kind", _("In kind"), lambda f: "yes" if f.in_kind else "no", kind=BOOLEAN),
    _col(
        "year",
        _("Budget year"),
        _code("year"),
        kind=INTEGER,
        # xgettext:no-python-format ("% l" is not a placeholder)
        help=_("Required for a 1 % line."),
    ),
]


@dataclass(frozen=True)
class SheetSpec:
    """One sheet (XLSX) or file (CSV) of a spreadsheet."""

    name: str  # the sheet's name in the workbook, in English so that any reader finds it
    filename: str
    columns: list[SheetColumn]

    def column(self, key: str) -> SheetColumn:
        return next(column for column in self.columns if column.key == key)


PARTNERSHIPS = SheetSpec("Partnerships", "partnerships", PARTNERSHIP_COLUMNS)
PROJECTS = SheetSpec("Projects", "projects", PROJECT_COLUMNS)
FUNDING_LINES = SheetSpec("Funding lines", "funding-lines", FUNDING_COLUMNS)

# What each kind of spreadsheet holds: its main sheet, then the others.
SHEETS = {"partnerships": [PARTNERSHIPS], "projects": [PROJECTS, FUNDING_LINES]}
KIND_TITLES = {"partnerships": _("Partnerships"), "projects": _("Projects")}
