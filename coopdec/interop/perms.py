"""Who may import IATI files and spreadsheets, and follow the imports."""

from __future__ import annotations

from typing import TYPE_CHECKING

from coopdec.accounts.perms import is_coordinator
from coopdec.partnerships import perms as partnership_perms
from coopdec.projects import perms as project_perms

if TYPE_CHECKING:
    from coopdec.accounts.perms import Viewer

    from .models import ImportJob


def can_import_iati(user: Viewer) -> bool:
    """Only coordinators import IATI files: an import writes projects of any authority."""
    return is_coordinator(user)


def can_import_spreadsheet(user: Viewer, kind: str) -> bool:
    """A spreadsheet of partnerships is imported by who may record partnerships; projects (and their funding
    lines) by who may create projects."""
    if kind == "partnerships":
        return partnership_perms.can_create_partnership(user)
    return project_perms.can_create_project(user)


def can_view_import_job(user: Viewer, job: ImportJob) -> bool:
    """Coordinators follow every import job (their reports name every authority's projects)."""
    return is_coordinator(user)
