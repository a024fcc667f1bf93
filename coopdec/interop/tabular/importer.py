"""Import partnerships or projects from a spreadsheet: every row is written through the domain services.

The whole file runs in one transaction, each row in its own savepoint so that one failing row does
not hide the next one's errors. The dry run (``commit=False``) always rolls back: it shows exactly
what the services would refuse — their own messages — without writing anything. The confirmed run
does the same and keeps the writes only when no row failed. Rows whose values equal the data are
left alone (counted unchanged), so re-importing an export writes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from coopdec.funding import services as funding_services
from coopdec.organizations.models import Organization
from coopdec.partnerships import services as partnership_services
from coopdec.partnerships.enums import PartyRole, Visibility
from coopdec.partnerships.models import Partnership
from coopdec.partnerships.perms import visible_partnerships
from coopdec.partnerships.services import PartySpec
from coopdec.projects import services as project_services
from coopdec.projects.enums import ParticipantRole, ProjectStatus
from coopdec.projects.models import Funding, Project
from coopdec.projects.perms import visible_projects
from coopdec.projects.services import ParticipantSpec
from coopdec.territories.models import Authority, Country

from .cells import CellError, References, read_cell
from .columns import (
    FUNDING_LINES,
    FUNDING_PREFIX,
    PARTNERSHIP_PREFIX,
    PARTNERSHIPS,
    PROJECT_PREFIX,
    PROJECTS,
    SheetSpec,
)
from .files import Sheet

ADD, UPDATE = "add", "update"
DEFAULTS = {"language": "fr", "currency": "EUR", "visibility": Visibility.PUBLIC, "status": ProjectStatus.PIPELINE}


@dataclass
class RowError:
    sheet: str
    row: int
    column: str
    message: str


@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0


@dataclass
class Report:
    errors: list[RowError] = field(default_factory=list)
    warnings: list[RowError] = field(default_factory=list)
    counts: dict[str, Counts] = field(default_factory=dict)

    def count(self, sheet: str) -> Counts:
        return self.counts.setdefault(sheet, Counts())

    @property
    def totals(self) -> list[tuple[str, Counts]]:
        """For templates (which would read ``counts.items`` as a key)."""
        return list(self.counts.items())

    @property
    def ok(self) -> bool:
        return not self.errors


class RowFailed(Exception):
    """Raised once a row's errors are recorded: its savepoint is rolled back and the import goes on."""


def check_header(sheet: Sheet, spec: SheetSpec, mode: str, report: Report) -> None:
    known = {column.key for column in spec.columns}
    required = {column.key for column in spec.columns if column.required}
    if mode == UPDATE and "identifier" in known:
        required.add("identifier")
    for key in sheet.header:
        if key and key not in known:
            report.errors.append(RowError(spec.name, 1, key, _("Unknown column: check its name in the Columns sheet.")))
        elif key and sheet.header.count(key) > 1:
            report.errors.append(RowError(spec.name, 1, key, _("This column appears twice.")))
    for column in spec.columns:
        if column.key in required and column.key not in sheet.header:
            report.errors.append(RowError(spec.name, 1, column.key, _("This column is missing.")))


def run_import(*, kind: str, mode: str, sheets: dict[str, Sheet], author, commit: bool) -> Report:
    """Check (and, with ``commit`` and no error, write) every row of ``sheets``; the report says what happened."""
    report = Report()
    importer = PartnershipImporter if kind == "partnerships" else ProjectImporter
    for spec in importer.specs:
        if spec.name in sheets:
            check_header(sheets[spec.name], spec, mode, report)
    if report.errors:
        return report
    with transaction.atomic():
        importer(author=author, mode=mode, report=report).run(sheets)
        if not commit or report.errors:
            transaction.set_rollback(True)
    return report


def _messages(error: ValidationError):
    """``(field or None, code, message)`` for each message of a service's ``ValidationError``."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            for item in errors:
                yield (None if name == "__all__" else name), item.code, next(iter(item))
    else:
        for item in error.error_list:
            yield None, item.code, next(iter(item))


class Importer:
    specs: list[SheetSpec] = []
    # Which column a service's error code or a model field points at.
    columns_of_codes: dict[str, str] = {}
    columns_of_fields: dict[str, str] = {}
    refused = ""

    def __init__(self, *, author, mode: str, report: Report):
        self.author, self.mode, self.report = author, mode, report
        self.references = References()

    def fail(self, spec: SheetSpec, row: int, column: str, message: str) -> None:
        self.report.errors.append(RowError(spec.name, row, column, str(message)))

    def read(self, spec: SheetSpec, number: int, raw: dict) -> dict:
        """The row's values by column key (only the columns the file has); ``RowFailed`` after recording errors."""
        values, failed = {}, False
        for column in spec.columns:
            if column.read_only or column.key not in raw:
                continue
            try:
                values[column.key] = read_cell(column, raw[column.key])
            except CellError as error:
                self.fail(spec, number, column.key, str(error))
                failed = True
        if failed:
            raise RowFailed
        return values

    def resolve(self, spec: SheetSpec, number: int, column: str, resolve, *args):
        try:
            return resolve(*args)
        except CellError as error:
            self.fail(spec, number, column, str(error))
            raise RowFailed from None

    def write(self, spec: SheetSpec, number: int, action, *args) -> object:
        """Run ``action(*args)`` (service calls) in a savepoint; its refusals become the row's errors."""
        try:
            with transaction.atomic():
                return action(*args)
        except ValidationError as error:
            for name, code, message in _messages(error):
                column = self.columns_of_fields.get(name, name) if name else self.columns_of_codes.get(code, "")
                self.fail(spec, number, column or "", message)
        except PermissionDenied:
            self.fail(spec, number, "", self.refused)
        except IntegrityError as error:
            self.fail(spec, number, "", _("This row conflicts with existing data (%(error)s).") % {"error": error})
        raise RowFailed

    def rows(self, sheets: dict[str, Sheet], spec: SheetSpec):
        for number, raw in sheets[spec.name].rows if spec.name in sheets else ():
            try:
                yield number, self.read(spec, number, raw)
            except RowFailed:
                continue

    def warn(self, spec: SheetSpec, number: int, warnings) -> None:
        self.report.warnings.extend(RowError(spec.name, number, "", str(w)) for w in warnings)

    def value(self, values: dict, key: str):
        """A column's value, the default for the columns that have one when the cell is empty."""
        value = values[key]
        return DEFAULTS[key] if key in DEFAULTS and value in ("", None) else value

    def matching(self, spec, number, values, seen: dict, find_existing, describe: str):
        """The existing object the row's identifier names, or ``None`` for a row that adds one."""
        identifier = values.get("identifier", "")
        if identifier and identifier in seen:
            self.fail(
                spec, number, "identifier", _("This identifier is already on row %(row)s.") % {"row": seen[identifier]}
            )
            raise RowFailed
        if identifier:
            seen[identifier] = number
        existing = find_existing(identifier) if identifier else None
        if self.mode == ADD and existing is not None:
            message = _("This %(object)s already exists: choose “update existing” to change it.")
            self.fail(spec, number, "identifier", message % {"object": describe})
            raise RowFailed
        if self.mode == UPDATE and existing is None:
            if identifier:
                message = _("No %(object)s of yours has this identifier.") % {"object": describe}
            else:
                message = _("Give the identifier of the %(object)s to update.") % {"object": describe}
            self.fail(spec, number, "identifier", message)
            raise RowFailed
        return existing


def _changes(obj, values: dict, fields, value) -> dict:
    changes = {}
    for name in fields:
        if name in values:
            new = value(values, name)
            if getattr(obj, name) != new:
                changes[name] = new
    return changes


class PartnershipImporter(Importer):
    specs = [PARTNERSHIPS]
    columns_of_codes = {
        **dict.fromkeys(
            ("party_entity", "party_twice", "no_party", "state_party", "unrecognised_country", "author_not_party"),
            "parties",
        ),
        "too_few_parties": "parties",
        "ends_before_start": "ends_on",
        "sent_before_signature": "sent_to_prefect_on",
        "negative": "planned_commitment",
    }
    FIELDS = ("title", "description", "language", "kind", "mode", "legal_form", "starts_on", "ends_on")
    FIELDS += ("technical_terms", "financial_terms", "planned_commitment", "currency", "reciprocity", "visibility")

    @property
    def refused(self):
        return _("You may only write the partnerships of your own authorities (one of them among the parties).")

    def run(self, sheets: dict[str, Sheet]) -> None:
        seen: dict[str, int] = {}
        visible = visible_partnerships(self.author)
        for number, values in self.rows(sheets, PARTNERSHIPS):
            try:
                existing = self.matching(
                    PARTNERSHIPS, number, values, seen, lambda i: self._find(visible, i), _("partnership")
                )
                parties = self.resolve(PARTNERSHIPS, number, "parties", self._parties, values)
                themes = self.resolve(PARTNERSHIPS, number, "themes", self.references.themes, values.get("themes", []))
                if existing is None:
                    self.write(PARTNERSHIPS, number, self._create, values, parties, themes)
                    self.report.count(PARTNERSHIPS.name).created += 1
                elif self.write(PARTNERSHIPS, number, self._update, number, existing, values, parties, themes):
                    self.report.count(PARTNERSHIPS.name).updated += 1
                else:
                    self.report.count(PARTNERSHIPS.name).unchanged += 1
            except RowFailed:
                continue

    def _find(self, visible, identifier: str):
        pk = identifier.removeprefix(PARTNERSHIP_PREFIX)
        if not identifier.startswith(PARTNERSHIP_PREFIX) or not pk.isdigit():
            return None
        return visible.filter(pk=pk).first()

    def _parties(self, values: dict) -> list[PartySpec] | None:
        if "parties" not in values:
            return None
        specs = []
        for reference, role in values["parties"]:
            entity = self.references.entity(reference, states=True)
            key = {Authority: "authority", Organization: "organization", Country: "country"}[type(entity)]
            specs.append(PartySpec(**{key: entity}, role=role or PartyRole.SIGNATORY))
        return specs

    def _create(self, values, parties, themes) -> Partnership:
        names = [name for name in (*self.FIELDS, "signed_on", "sent_to_prefect_on") if name in values]
        kwargs = {name: self.value(values, name) for name in names}
        return partnership_services.create_partnership(
            author=self.author, parties=parties or [], themes=themes, **kwargs
        )

    def _update(self, number, partnership: Partnership, values, parties, themes) -> bool:
        changes = _changes(partnership, values, self.FIELDS, self.value)
        current_parties = {(PartySpec.of(p).key(), p.role) for p in partnership.parties.all()}
        if parties is not None and {(spec.key(), spec.role) for spec in parties} == current_parties:
            parties = None
        if "themes" not in values or {t.pk for t in themes} == set(partnership.themes.values_list("pk", flat=True)):
            themes = None
        dates = {}
        for name in ("signed_on", "sent_to_prefect_on"):
            new, old = values.get(name, getattr(partnership, name)), getattr(partnership, name)
            if new != old and old is not None:
                message = _("A recorded date is changed on the partnership's page, not by a spreadsheet.")
                raise ValidationError({name: message})
            if new != old:
                dates[name] = new
        if not (changes or parties is not None or themes is not None or dates):
            return False
        if changes or parties is not None or themes is not None:
            partnership = partnership_services.update_partnership(
                partnership=partnership, author=self.author, parties=parties, themes=themes, **changes
            )
        if "signed_on" in dates:
            partnership = partnership_services.sign_partnership(
                partnership=partnership, author=self.author, signed_on=dates["signed_on"]
            )
        if "sent_to_prefect_on" in dates:
            partnership_services.record_sent_to_prefect(
                partnership=partnership, author=self.author, on=dates["sent_to_prefect_on"]
            )
        return True


class ProjectImporter(Importer):
    specs = [PROJECTS, FUNDING_LINES]
    columns_of_codes = {
        "second_lead": "participants",
        "participant_twice": "participants",
        "lead_removed": "participants",
        "negative": "budget",
    }
    columns_of_fields = {"lead_authority": "lead"}
    FIELDS = ("title", "description", "language", "kind", "status", "planned_start", "planned_end")
    FIELDS += ("actual_start", "actual_end", "budget", "currency", "visibility")

    @property
    def refused(self):
        return _(
            "You may only write the projects your authorities lead or take part in as partners (and only charge "
            "your own authorities' 1 % budgets)."
        )

    def run(self, sheets: dict[str, Sheet]) -> None:
        self.projects: dict[str, Project | None] = {}  # identifier → project written (None: its row failed)
        seen: dict[str, int] = {}
        visible = visible_projects(self.author)
        for number, values in self.rows(sheets, PROJECTS):
            identifier = values.get("identifier", "")
            self.projects[identifier] = None
            try:
                existing = self.matching(PROJECTS, number, values, seen, lambda i: self._find(visible, i), _("project"))
                if existing is None and identifier.startswith(PROJECT_PREFIX):
                    self.fail(PROJECTS, number, "identifier", _("Leave the identifier empty to add a new project."))
                    raise RowFailed
                resolved = self._resolve(number, values)
                if existing is None:
                    outcome = self.write(PROJECTS, number, self._create, values, resolved)
                    self.report.count(PROJECTS.name).created += 1
                    self.warn(PROJECTS, number, outcome.warnings)
                    project = outcome.project
                else:
                    updated = self.write(PROJECTS, number, self._update, existing, values, resolved)
                    if updated:
                        self.report.count(PROJECTS.name).updated += 1
                    else:
                        self.report.count(PROJECTS.name).unchanged += 1
                    project = existing
                if identifier:
                    self.projects[identifier] = project
            except RowFailed:
                continue
        if FUNDING_LINES.name in sheets:
            FundingLines(self).run(sheets, visible)

    def _find(self, visible, identifier: str):
        if identifier.startswith(PROJECT_PREFIX):
            pk = identifier.removeprefix(PROJECT_PREFIX)
            return visible.filter(pk=pk).first() if pk.isdigit() else None
        found = visible.filter(iati_identifier=identifier).first()
        if found is None and self.mode == ADD and Project.objects.filter(iati_identifier=identifier).exists():
            raise CellError(_("A project with this IATI identifier already exists."))
        return found

    def matching(self, spec, number, values, seen, find_existing, describe):
        try:
            return super().matching(spec, number, values, seen, find_existing, describe)
        except CellError as error:
            self.fail(spec, number, "identifier", str(error))
            raise RowFailed from None

    def _resolve(self, number: int, values: dict) -> dict:
        """The lead, partnership, participants and themes the row names; ``RowFailed`` after listing what is unknown."""
        readers = {
            "lead_authority": ("lead", lambda: self._lead(values["lead"])),
            "partnership": ("partnership", lambda: self._partnership(values["partnership"])),
            "participants": ("participants", lambda: self._participants(values["participants"])),
            "themes": ("themes", lambda: self.references.themes(values["themes"])),
        }
        resolved, failed = {"themes": None}, False
        for name, (column, read) in readers.items():
            if column not in values:
                continue
            try:
                resolved[name] = read()
            except CellError as error:
                self.fail(PROJECTS, number, column, str(error))
                failed = True
        if failed:
            raise RowFailed
        return resolved

    def _lead(self, reference: str):
        if not reference:
            return None
        lead = self.references.entity(reference)
        if not isinstance(lead, Authority):
            raise CellError(_("The lead is an authority: give its code."))
        return lead

    def _partnership(self, identifier: str):
        if not identifier:
            return None
        pk = identifier.removeprefix(PARTNERSHIP_PREFIX)
        partnership = Partnership.objects.filter(pk=pk).first() if pk.isdigit() else None
        if not identifier.startswith(PARTNERSHIP_PREFIX) or partnership is None:
            raise CellError(_("No partnership has the identifier “%(value)s”.") % {"value": identifier})
        return partnership

    def _participants(self, items) -> list[ParticipantSpec]:
        return [self._participant(self.references.entity(reference), role) for reference, role in items]

    def _participant(self, entity, role) -> ParticipantSpec:
        key = "authority" if isinstance(entity, Authority) else "organization"
        return ParticipantSpec(**{key: entity}, role=role or ParticipantRole.PARTNER)

    def _create(self, values, resolved):
        kwargs = {name: self.value(values, name) for name in self.FIELDS if name in values}
        identifier = values.get("identifier", "")
        return project_services.create_project(
            author=self.author,
            lead_authority=resolved.get("lead_authority"),
            partnership=resolved.get("partnership"),
            participants=resolved.get("participants", []),
            themes=resolved["themes"] or [],
            iati_identifier=identifier or None,
            **kwargs,
        )

    def _update(self, project: Project, values, resolved) -> bool:
        changes = _changes(project, values, self.FIELDS, self.value)
        for name in ("lead_authority", "partnership"):
            if name in resolved and getattr(project, f"{name}_id") != getattr(resolved[name], "pk", None):
                changes[name] = resolved[name]
        themes = resolved["themes"]
        if themes is not None and {t.pk for t in themes} == set(project.themes.values_list("pk", flat=True)):
            themes = None
        changed = bool(changes or themes is not None)
        if changed:
            outcome = project_services.update_project(project=project, author=self.author, themes=themes, **changes)
            project = outcome.project
        if "participants" in resolved:
            changed |= self._reconcile_participants(project, resolved["participants"])
        return changed

    def _reconcile_participants(self, project: Project, specs: list[ParticipantSpec]) -> bool:
        def key(entity_holder, role):
            return (getattr(entity_holder.authority, "pk", None), getattr(entity_holder.organization, "pk", None), role)

        wanted = {key(spec, spec.role): spec for spec in specs}
        changed = False
        for participant in project.participants.select_related("authority", "organization"):
            if participant.role == ParticipantRole.LEAD and participant.authority_id == project.lead_authority_id:
                continue
            if wanted.pop(key(participant, participant.role), None) is None:
                project_services.remove_participant(participant=participant, author=self.author)
                changed = True
        for spec in wanted.values():
            project_services.add_participant(
                project=project,
                author=self.author,
                role=spec.role,
                authority=spec.authority,
                organization=spec.organization,
            )
            changed = True
        return changed


class FundingLines:
    """The "Funding lines" sheet of a project spreadsheet, run after its projects (which it names)."""

    FIELDS = ("instrument", "amount", "currency", "in_kind", "year")

    def __init__(self, projects: ProjectImporter):
        self.owner = projects
        self.listed: set[int] = set()
        self.touched: dict[int, Project] = {
            p.pk: p for p in projects.projects.values() if p is not None and projects.mode == UPDATE
        }

    def run(self, sheets: dict[str, Sheet], visible) -> None:
        owner, spec = self.owner, FUNDING_LINES
        owner.columns_of_codes = {
            "negative": "amount",
            "two_funders": "funder",
            "one_percent_without_authority": "funder",
        }
        owner.columns_of_codes |= dict.fromkeys(("one_percent_without_year",), "year")
        owner.columns_of_codes |= dict.fromkeys(("one_percent_in_kind",), "in_kind")
        owner.columns_of_codes |= dict.fromkeys(("one_percent_ceiling", "one_percent_without_budget"), "amount")
        owner.columns_of_codes |= dict.fromkeys(("one_percent_currency",), "currency")
        owner.columns_of_fields = {"funder_authority": "funder", "funder_organization": "funder"}
        counts = owner.report.count(spec.name)
        for number, values in owner.rows(sheets, spec):
            try:
                project = self._project(number, values, visible)
                if project is None:
                    continue
                funder = owner.resolve(spec, number, "funder", self._funder, values)
                line = self._line(number, values, project)
                if line is None:
                    outcome = owner.write(spec, number, self._add, project, values, funder)
                    self.listed.add(outcome.funding.pk)
                    owner.warn(spec, number, outcome.warnings)
                    counts.created += 1
                elif owner.write(spec, number, self._update, line, values, funder):
                    counts.updated += 1
                else:
                    counts.unchanged += 1
            except RowFailed:
                continue
        for project in self.touched.values():
            for line in project.fundings.exclude(pk__in=self.listed):
                owner.write(
                    spec, 0, lambda line=line: funding_services.remove_funding(funding=line, author=owner.author)
                )
                counts.removed += 1

    def _project(self, number, values, visible) -> Project | None:
        identifier = values.get("project", "")
        if identifier in self.owner.projects:
            return self.owner.projects[identifier]  # None when that project's row failed: its errors are listed
        project = self.owner._find(visible, identifier) if identifier else None
        if project is None:
            message = _("No project has this identifier, in this file or among yours.")
            self.owner.fail(FUNDING_LINES, number, "project", message)
            raise RowFailed
        if self.owner.mode == UPDATE:
            self.touched.setdefault(project.pk, project)
        return project

    def _funder(self, values: dict) -> dict:
        if "funder" not in values:
            return {}
        entity = self.owner.references.entity(values["funder"]) if values["funder"] else None
        return {
            "funder_authority": entity if isinstance(entity, Authority) else None,
            "funder_organization": entity if isinstance(entity, Organization) else None,
        }

    def _line(self, number, values, project) -> Funding | None:
        identifier = values.get("line", "")
        if not identifier:
            return None
        if self.owner.mode == ADD:
            self.owner.fail(FUNDING_LINES, number, "line", _("Leave the line identifier empty when adding lines."))
            raise RowFailed
        pk = identifier.removeprefix(FUNDING_PREFIX)
        line = (
            project.fundings.filter(pk=pk).first() if pk.isdigit() and identifier.startswith(FUNDING_PREFIX) else None
        )
        if line is None:
            message = _("This is not one of the project's funding lines: leave it empty to add a line.")
            self.owner.fail(FUNDING_LINES, number, "line", message)
            raise RowFailed
        self.listed.add(line.pk)
        return line

    def _add(self, project, values, funder):
        kwargs = {name: self.owner.value(values, name) for name in self.FIELDS if name in values}
        return funding_services.add_funding(project=project, author=self.owner.author, **funder, **kwargs)

    def _update(self, line: Funding, values, funder) -> bool:
        changes = _changes(line, values, self.FIELDS, self.owner.value)
        for name, entity in funder.items():
            if getattr(line, f"{name}_id") != getattr(entity, "pk", None):
                changes[name] = entity
        if not changes:
            return False
        funding_services.update_funding(funding=line, author=self.owner.author, **changes)
        return True
