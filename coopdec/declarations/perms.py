"""Who may see and write yearly declarations and run their campaigns."""

from __future__ import annotations

from typing import TYPE_CHECKING

from coopdec.accounts.perms import authority_ids_of, is_coordinator, signed_in

from . import workflow

if TYPE_CHECKING:
    from coopdec.accounts.perms import Viewer
    from coopdec.territories.models import Authority

    from .models import Declaration


def can_manage_campaigns(user: Viewer) -> bool:
    """Coordinators open campaigns, choose who is asked, extend deadlines and send reminders."""
    return is_coordinator(user)


def can_view_national_figures(user: Viewer) -> bool:
    """The national view (private lines included) and its exports are for coordinators only."""
    return is_coordinator(user)


def can_declare_for(user: Viewer, authority: Authority) -> bool:
    """An authority's declaration is written by its approved members (editors and administrators)."""
    return signed_in(user) and authority.pk in authority_ids_of(user)


def can_view_declaration(user: Viewer, declaration: Declaration) -> bool:
    """A declaration is read by the authority's members and by coordinators; visitors see nothing of it."""
    return is_coordinator(user) or can_declare_for(user, declaration.authority)


def can_edit_declaration(user: Viewer, declaration: Declaration) -> bool:
    """The lines change only in a draft or a returned declaration, by the authority's members."""
    return workflow.is_editable(declaration.status) and can_declare_for(user, declaration.authority)


def can_submit_declaration(user: Viewer, declaration: Declaration) -> bool:
    """The authority's members submit a draft or a returned declaration."""
    return workflow.allows("submit", declaration.status) and can_declare_for(user, declaration.authority)


def can_correct_declaration(user: Viewer, declaration: Declaration) -> bool:
    """After validation, the authority's members may open a correction (a new version)."""
    return workflow.allows("correct", declaration.status) and can_declare_for(user, declaration.authority)


def can_decide_declaration(user: Viewer, declaration: Declaration) -> bool:
    """A coordinator returns or validates a submitted declaration."""
    return is_coordinator(user) and workflow.allows("validate", declaration.status)
