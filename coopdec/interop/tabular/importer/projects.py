"""The Projects sheet: each row creates or updates a project and its participants through the project services."""

from __future__ import annotations

from django.utils.translation import gettext as _

from coopdec.partnerships.models import Partnership
from coopdec.projects import services as project_services
from coopdec.projects.enums import ParticipantRole
from coopdec.projects.models import Project
from coopdec.projects.perms import visible_projects
from coopdec.projects.services import ParticipantSpec
from coopdec.territories.models import Authority

from ..cells import CellError
from ..columns import FUNDING_LINES, PARTNERSHIP_PREFIX, PROJECT_PREFIX, PROJECTS
from ..files import Sheet
from .base import ADD, Importer, field_changes
from .funding_lines import FundingLines
from .report import RowFailed


class ProjectImporter(Importer):
    specs = [PROJECTS, FUNDING_LINES]
    columns_of_codes = {
        "second_lead": "participants",
        "participant_twice": "participants",
        "lead_removed": "participants",
        "negative": "budget",
    }
    columns_of_fields = {"lead_authority": "lead"}
    FIELDS: tuple[str, ...] = ("title", "description", "language", "kind", "status", "planned_start", "planned_end")
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
        changes = field_changes(project, values, self.FIELDS, self.value)
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
