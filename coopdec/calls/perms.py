"""Who may run calls for projects, write applications, and read and score them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from coopdec.accounts.perms import authority_ids_of, is_coordinator, signed_in

from . import workflow

if TYPE_CHECKING:
    from coopdec.accounts.perms import Viewer
    from coopdec.territories.models import Authority

    from .models import Application, Call, Report, Tranche


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


def can_decide_application(user: Viewer, application: Application, action: str) -> bool:
    """A coordinator awards, refuses or puts on the waiting list a submitted application — a reviewer never
    decides."""
    return is_coordinator(user) and action in workflow.DECISIONS and workflow.allows(action, application.status)


def can_view_award(user: Viewer, application: Application) -> bool:
    """An award, its letter and its tranches are read by the authority's members and coordinators."""
    return is_coordinator(user) or can_apply_for(user, application.authority)


def can_release_tranche(user: Viewer, tranche: Tranche) -> bool:
    """A coordinator releases a tranche (the scheduled task releases those due on a date)."""
    return is_coordinator(user) and tranche.released_on is None


def can_file_report(user: Viewer, report: Report) -> bool:
    """The authority's members file a report that is due or was returned."""
    return workflow.report_allows("file", report.status) and can_apply_for(user, report.application.authority)


def can_review_report(user: Viewer, report: Report) -> bool:
    """A coordinator accepts or returns a filed report."""
    return is_coordinator(user) and report.status == workflow.REPORT_FILED
