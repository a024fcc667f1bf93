"""The campaign's e-mail reminders: which are due on a day, and sending each one once to each person.

The rules (docs/declaration.md, "Reminders"). For an invited authority whose deadline is D (its extended
deadline when a coordinator gave one, else the campaign's closing):

- ``opening`` is due from the campaign's opening until D;
- ``days_14`` from D − 14 days until D; ``days_3`` from D − 3 days until D;
- ``late`` from D + 1 day for ``LATE_WINDOW`` days (so that a member who joins years later is not told).

On a day, only the latest kind due is sent: a campaign opened 10 days before its closing sends
``days_14`` (whose text also says that the campaign is open), never four mails at once. The closing
reminders follow the authority's own deadline: an authority given until 30 June is not told on 28 May that
it has three days left.

They go to every approved, active member of each invited authority that has not submitted (no declaration,
a draft, or a declaration returned for correction); each (campaign, authority, person, kind) once: the
``Reminder`` row is written before the mail is sent, in the same transaction, and its unique constraint
stops a second worker or a second run.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from django.core.mail import get_connection
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from coopdec.accounts.enums import MembershipStatus
from coopdec.accounts.models import Membership

from .emails import reminder
from .enums import DeclarationStatus
from .models import Campaign, Declaration, Invitation, Reminder

logger = logging.getLogger(__name__)

Kind = Reminder.Kind
LATE_WINDOW = dt.timedelta(days=14)
# Declarations whose authority is no longer reminded.
SUBMITTED = (DeclarationStatus.SUBMITTED, DeclarationStatus.VALIDATED)


def due_kind(campaign: Campaign, deadline: dt.date, today: dt.date) -> str | None:
    """The reminder kind due on ``today`` for an authority whose deadline is ``deadline`` (None: none)."""
    if today < campaign.opens_on:
        return None
    if today > deadline:
        return Kind.LATE if today - deadline <= LATE_WINDOW else None
    if today >= deadline - dt.timedelta(days=3):
        return Kind.DAYS_3
    if today >= deadline - dt.timedelta(days=14):
        return Kind.DAYS_14
    return Kind.OPENING


@dataclass(frozen=True)
class Due:
    """One authority to remind in one campaign, of one kind, before its deadline."""

    campaign: Campaign
    invitation: Invitation
    kind: str

    @property
    def deadline(self) -> dt.date:
        return self.invitation.deadline


def due_reminders(today: dt.date) -> list[Due]:
    """For each campaign running on ``today`` (or just closed), the invited authorities that have not submitted,
    with the kind of reminder due for each."""
    last_deadline = today - LATE_WINDOW
    campaigns = (
        Campaign.objects.filter(opens_on__lte=today)
        .filter(Q(closes_on__gte=last_deadline) | Q(invitations__extended_to__gte=last_deadline))
        .distinct()
        .order_by("year")
    )
    due = []
    for campaign in campaigns:
        answered = Declaration.objects.filter(campaign=campaign, status__in=SUBMITTED).values("authority_id")
        invitations = (
            Invitation.objects.filter(campaign=campaign)
            .exclude(authority_id__in=answered)
            .select_related("authority", "campaign")
            .order_by("pk")
        )
        for invitation in invitations:
            kind = due_kind(campaign, invitation.deadline, today)
            if kind is not None:
                due.append(Due(campaign, invitation, kind))
    return due


def send_reminders(today: dt.date | None = None) -> int:
    """Send the reminders due on ``today`` that nobody was sent yet; return how many were sent."""
    today = today or timezone.localdate()
    due = due_reminders(today)
    if not due:
        return 0
    members: dict[int, list] = {}
    for membership in Membership.objects.filter(
        authority_id__in={item.invitation.authority_id for item in due},
        status=MembershipStatus.APPROVED,
        user__is_active=True,
    ).select_related("user"):
        assert membership.authority_id is not None  # filtered on authority_id above
        members.setdefault(membership.authority_id, []).append(membership.user)
    sent_before = set(
        Reminder.objects.filter(campaign__in={item.campaign.pk for item in due}).values_list(
            "campaign_id", "authority_id", "user_id", "kind"
        )
    )
    sent = 0
    with get_connection() as connection:
        for item in due:
            authority = item.invitation.authority
            for user in members.get(authority.pk, []):
                if (item.campaign.pk, authority.pk, user.pk, item.kind) in sent_before:
                    continue
                mail = reminder(item.kind, item.campaign, authority, user, item.deadline)
                mail.connection = connection
                try:
                    with transaction.atomic():
                        Reminder.objects.create(campaign=item.campaign, authority=authority, user=user, kind=item.kind)
                        mail.send()
                except IntegrityError:
                    continue  # another worker sent it first
                sent += 1
    logger.info("declaration reminders sent: %s", sent)
    return sent
