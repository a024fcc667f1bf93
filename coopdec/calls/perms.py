"""Who may run calls for projects, write applications, and read and score them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from coopdec.accounts.perms import authority_ids_of, is_coordinator, signed_in

from . import workflow

if TYPE_CHECKING:
    from coopdec.accounts.perms import Viewer
    from coopdec.territories.models import Authority

    from .models import Application, Call


def can_manage_calls(user: Viewer) -> bool:
    """Coordinators create calls, copy them, change their rules and invite their reviewers."""
    return is_coordinator(user)


def is_reviewer_of(user: Viewer, call: Call) -> bool:
    """A reviewer is a person a coordinator invited to one call; the role gives nothing beyond that call."""
    if not signed_in(user):
        return False
    cached: dict[int, bool] = user.__dict__.setdefault("_coopdec_reviews", {})
    if call.pk not in cached:
        cached[call.pk] = call.reviewers.filter(user=user).exists()
    return cached[call.pk]


def can_apply_for(user: Viewer, authority: Authority) -> bool:
    """A French authority's applications are written by its approved members (editors and administrators)."""
    return signed_in(user) and authority.is_french and authority.pk in authority_ids_of(user)


def can_view_application(user: Viewer, application: Application) -> bool:
    """An application is read by its authority's members and coordinators, and — once submitted — by the
    reviewers of its call."""
    if is_coordinator(user) or can_apply_for(user, application.authority):
        return True
    return application.status in workflow.UNDER_REVIEW and is_reviewer_of(user, application.call)


def can_edit_application(user: Viewer, application: Application) -> bool:
    """A draft, or an application returned for changes, is changed by its authority's members."""
    return workflow.is_editable(application.status) and can_apply_for(user, application.authority)


def can_submit_application(user: Viewer, application: Application) -> bool:
    """The authority's members submit a draft or an application returned for changes."""
    return workflow.allows("submit", application.status) and can_apply_for(user, application.authority)


def can_request_changes(user: Viewer, application: Application) -> bool:
    """A coordinator sends a submitted application back to its authority with a comment."""
    return is_coordinator(user) and workflow.allows("request_changes", application.status)


def can_score_application(user: Viewer, application: Application) -> bool:
    """The reviewers of its call (and coordinators) score a submitted application — never one of their own
    authority's."""
    if application.status not in workflow.UNDER_REVIEW or application.authority_id in authority_ids_of(user):
        return False
    return is_coordinator(user) or is_reviewer_of(user, application.call)
