"""Who may import IATI files and follow the imports."""

from __future__ import annotations

from typing import TYPE_CHECKING

from coopdec.accounts.perms import is_coordinator

if TYPE_CHECKING:
    from coopdec.accounts.perms import Viewer

    from .models import ImportJob


def can_import_iati(user: Viewer) -> bool:
    """Only coordinators import IATI files: an import writes projects of any authority."""
    return is_coordinator(user)


def can_view_import_job(user: Viewer, job: ImportJob) -> bool:
    """Coordinators follow every import job (their reports name every authority's projects)."""
    return is_coordinator(user)
