"""A partnership's life cycle in one table: which action leads from which status to which."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .enums import PartnershipStatus

if TYPE_CHECKING:
    from .models import Partnership

DRAFT = PartnershipStatus.DRAFT
SIGNED = PartnershipStatus.SIGNED
IN_FORCE = PartnershipStatus.IN_FORCE
SUSPENDED = PartnershipStatus.SUSPENDED
ENDED = PartnershipStatus.ENDED


@dataclass(frozen=True)
class Transition:
    """One action on a partnership: the statuses it starts from and those it may lead to."""

    action: str
    label: str | Promise  # what the button and the confirmation page say
    done_as: str | Promise  # the participle in "A partnership that is “Ended” cannot be <done_as>."
    sources: frozenset[str]
    targets: frozenset[str]  # more than one where the dates decide (signed, or in force once sent to the préfet)
    french_convention_only: bool = False


TRANSITIONS: dict[str, Transition] = {
    t.action: t
    for t in (
        Transition("sign", _("Record the signature"), _("signed"), frozenset({DRAFT}), frozenset({SIGNED, IN_FORCE})),
        Transition(
            "send_to_prefect",
            _("Record the date it was sent to the préfet"),
            _("sent to the préfet"),
            frozenset({SIGNED, IN_FORCE}),
            frozenset({IN_FORCE}),
            french_convention_only=True,
        ),
        Transition(
            "suspend",
            _("Suspend the partnership"),
            _("suspended"),
            frozenset({SIGNED, IN_FORCE}),
            frozenset({SUSPENDED}),
        ),
        Transition(
            "resume", _("Resume the partnership"), _("resumed"), frozenset({SUSPENDED}), frozenset({SIGNED, IN_FORCE})
        ),
        Transition(
            "end", _("End the partnership"), _("ended"), frozenset({SIGNED, IN_FORCE, SUSPENDED}), frozenset({ENDED})
        ),
        # Renewing signs a new partnership and ends this one (if it has not ended yet).
        Transition(
            "renew", _("Renew"), _("renewed"), frozenset({SIGNED, IN_FORCE, SUSPENDED, ENDED}), frozenset({ENDED})
        ),
    )
}

# A partnership in one of these statuses follows its dates (signature, sending to the préfet) when they change.
FOLLOWS_DATES = frozenset({SIGNED, IN_FORCE})
# Signed or in force: the partnership binds its parties (``Partnership.objects.active()``).
ACTIVE = frozenset({SIGNED, IN_FORCE})
# Only a French convention stops here: signed, in force once sent to the préfet.
AWAITING_PREFECT = SIGNED


def next_statuses(status: str) -> frozenset[str]:
    """Every status a partnership in ``status`` may go to, by any action."""
    return frozenset().union(*(t.targets for t in TRANSITIONS.values() if status in t.sources))


def allows(partnership: Partnership, action: str, *, french_convention: bool | None = None) -> bool:
    """Whether the table lets ``action`` be done on the partnership in its current status."""
    transition = TRANSITIONS[action]
    if partnership.status not in transition.sources:
        return False
    if transition.french_convention_only:
        return partnership.is_french_convention if french_convention is None else french_convention
    return True


def allowed_actions(partnership: Partnership, among: Iterable[str] | None = None) -> list[str]:
    """The actions the table allows on the partnership now, in the table's order (optionally only ``among``)."""
    wanted = set(TRANSITIONS if among is None else among)
    french_convention = None
    allowed = []
    for action, transition in TRANSITIONS.items():
        if action not in wanted or partnership.status not in transition.sources:
            continue
        if transition.french_convention_only and french_convention is None:
            french_convention = partnership.is_french_convention  # one query, only when needed
        if allows(partnership, action, french_convention=french_convention):
            allowed.append(action)
    return allowed


def check(partnership: Partnership, action: str) -> None:
    """Refuse an action the table does not allow from the partnership's status, with a coded error."""
    transition = TRANSITIONS[action]
    if transition.french_convention_only and not partnership.is_french_convention:
        raise ValidationError(
            _("Only a French authority's convention is sent to the préfet."), code="not_a_french_convention"
        )
    if partnership.status not in transition.sources:
        raise ValidationError(
            _("A partnership that is “%(status)s” cannot be %(action)s."),
            params={"status": partnership.get_status_display(), "action": transition.done_as},
            code="wrong_status",
        )


def has_ended(partnership: Partnership) -> bool:
    """The partnership is over (ended, or ended by its renewal)."""
    return partnership.status == ENDED


def awaits_prefect(partnership: Partnership) -> bool:
    """A French convention signed but not yet in force: it waits to be sent to the préfet."""
    return partnership.status == AWAITING_PREFECT
