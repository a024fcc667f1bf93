"""The Funding lines sheet of a project spreadsheet: lines added, updated or removed through the funding services."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from coopdec.funding import services as funding_services
from coopdec.organizations.models import Organization
from coopdec.projects.models import Funding, Project
from coopdec.territories.models import Authority

from ..columns import FUNDING_LINES, FUNDING_PREFIX
from ..files import Sheet
from .base import ADD, UPDATE, field_changes
from .report import RowFailed

if TYPE_CHECKING:
    from .projects import ProjectImporter


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
        changes = field_changes(line, values, self.FIELDS, self.owner.value)
        for name, entity in funder.items():
            if getattr(line, f"{name}_id") != getattr(entity, "pk", None):
                changes[name] = entity
        if not changes:
            return False
        funding_services.update_funding(funding=line, author=self.owner.author, **changes)
        return True
