"""Who may import IATI files and follow the imports."""

from __future__ import annotations

from coopdec.accounts.perms import is_coordinator


def can_import_iati(user) -> bool:
    """Only coordinators import IATI files: an import writes projects of any authority."""
    return is_coordinator(user)


def can_view_import_job(user, job) -> bool:
    """Coordinators follow every import job (their reports name every authority's projects)."""
    return is_coordinator(user)
