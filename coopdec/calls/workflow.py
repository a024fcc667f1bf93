"""An application's life cycle in one table: which action leads from which status to which, and who acts."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from coopdec.lib.workflow import Transition

from .enums import ApplicationStatus, ReportStatus

DRAFT = ApplicationStatus.DRAFT
SUBMITTED = ApplicationStatus.SUBMITTED
CHANGES_REQUESTED = ApplicationStatus.CHANGES_REQUESTED
AWARDED = ApplicationStatus.AWARDED
REFUSED = ApplicationStatus.REFUSED
WAITING_LIST = ApplicationStatus.WAITING_LIST

# The statuses in which the authority's editors change the application and its budget.
EDITABLE = frozenset({DRAFT, CHANGES_REQUESTED})
# The statuses in which reviewers read and score it.
UNDER_REVIEW = frozenset({SUBMITTED, WAITING_LIST})


TRANSITIONS: dict[str, Transition] = {
    t.action: t
    for t in (
        Transition("submit", _("Submit the application"), frozenset({DRAFT, CHANGES_REQUESTED}), SUBMITTED, False),
        Transition("request_changes", _("Ask for changes"), frozenset({SUBMITTED}), CHANGES_REQUESTED, True),
        # The decisions, for the review pages to come (docs/calls.md).
        Transition("award", _("Award"), frozenset({SUBMITTED, WAITING_LIST}), AWARDED, True),
        Transition("refuse", _("Refuse"), frozenset({SUBMITTED, WAITING_LIST}), REFUSED, True),
        Transition("wait", _("Put on the waiting list"), frozenset({SUBMITTED}), WAITING_LIST, True),
    )
}


def allows(action: str, status: str) -> bool:
    return status in TRANSITIONS[action].sources


def is_editable(status: str) -> bool:
    return status in EDITABLE


# Decisions: the status each decision leads to, and what the version records (``decisions.py``).
DECISIONS = frozenset({"award", "refuse", "wait"})

# A report's life cycle: filed by the authority's editors, accepted or returned by a coordinator.
REPORT_DUE = ReportStatus.DUE
REPORT_FILED = ReportStatus.FILED
REPORT_ACCEPTED = ReportStatus.ACCEPTED
REPORT_RETURNED = ReportStatus.RETURNED

REPORT_TRANSITIONS: dict[str, Transition] = {
    t.action: t
    for t in (
        Transition("file", _("File the report"), frozenset({REPORT_DUE, REPORT_RETURNED}), REPORT_FILED, False),
        Transition("accept", _("Accept the report"), frozenset({REPORT_FILED}), REPORT_ACCEPTED, True),
        Transition("return", _("Return the report"), frozenset({REPORT_FILED}), REPORT_RETURNED, True),
    )
}


def report_allows(action: str, status: str) -> bool:
    return status in REPORT_TRANSITIONS[action].sources
