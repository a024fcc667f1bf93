"""A declaration's life cycle in one table: which action leads from which status to which, and who acts."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from coopdec.lib.workflow import Transition

from .enums import DeclarationStatus

DRAFT = DeclarationStatus.DRAFT
SUBMITTED = DeclarationStatus.SUBMITTED
RETURNED = DeclarationStatus.RETURNED
VALIDATED = DeclarationStatus.VALIDATED

# The statuses in which the authority's editors change the lines.
EDITABLE = frozenset({DRAFT, RETURNED})


TRANSITIONS: dict[str, Transition] = {
    t.action: t
    for t in (
        Transition("submit", _("Submit the declaration"), frozenset({DRAFT, RETURNED}), SUBMITTED, False),
        Transition("return", _("Return for correction"), frozenset({SUBMITTED}), RETURNED, True),
        Transition("validate", _("Validate"), frozenset({SUBMITTED}), VALIDATED, True),
        # A correction after validation opens a new version; the validated one stays as it was.
        Transition("correct", _("Correct (new version)"), frozenset({VALIDATED}), DRAFT, False),
    )
}


def allows(action: str, status: str) -> bool:
    return status in TRANSITIONS[action].sources


def is_editable(status: str) -> bool:
    return status in EDITABLE
