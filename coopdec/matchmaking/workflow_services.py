"""Writes of the workflow from match to deal: send and decide an interest, move a pairing, publish and notify.

Each write checks its permission (``perms``), validates, runs in one transaction and sends its e-mails
once the transaction is committed (``notifications``), so that a rolled-back write mails nobody.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import notifications, perms, services
from .enums import ProfileStatus
from .models import Profile
from .models_workflow import Interest, InterestStatus, Pairing, PairingStage, StageChange

if TYPE_CHECKING:
    from coopdec.accounts.models import User
    from coopdec.organizations.models import Organization


def publish_profile(*, author: User | None, profile: Profile) -> Profile:
    """Publish through the engine's service, then tell the owners of the profiles it matches well."""
    profile = services.publish_profile(author=author, profile=profile)
    transaction.on_commit(lambda: notifications.notify_new_matches(profile))
    return profile


def expire_profile(*, author: User | None, profile: Profile) -> Profile:
    """Withdraw a published profile now: it leaves the suggestions; it can be published again later."""
    return services.update_profile(author=author, profile=profile, status=ProfileStatus.EXPIRED)


def send_interest(
    *, author: User, profile: Profile, organization: Organization, message: str, is_anonymous: bool = False
) -> Interest:
    """``organization`` expresses its interest in ``profile``; the profile's owners are told by e-mail."""
    if not perms.can_send_interest(author, profile, organization):
        raise PermissionDenied(_("Only a member of another organisation may express an interest in a live profile."))
    interest = Interest(
        profile=profile, organization=organization, message=message, is_anonymous=is_anonymous, sent_by=author
    )
    interest.full_clean(exclude=["profile", "organization"])
    if Interest.objects.filter(profile=profile, organization=organization).exists():
        raise ValidationError(_("Your organisation has already expressed its interest in this profile."))
    try:
        with transaction.atomic():
            interest.save()
    except IntegrityError as error:  # two clicks at once
        raise ValidationError(_("Your organisation has already expressed its interest in this profile.")) from error
    transaction.on_commit(lambda: notifications.notify_interest_received(interest))
    return interest


def decide_interest(*, author: User, interest: Interest, accept: bool, answer: str = "") -> Interest:
    """Accept (a pairing starts at the contact stage, contacts are revealed) or decline a pending interest."""
    if not perms.can_decide_interest(author, interest):
        raise PermissionDenied(_("Only the profile's organisation decides on a pending interest."))
    today = timezone.localdate()
    with transaction.atomic():
        interest.status = InterestStatus.ACCEPTED if accept else InterestStatus.DECLINED
        interest.decided_by = author
        interest.decided_at = timezone.now()
        interest.answer = answer
        interest.full_clean()
        interest.save()
        if accept:
            pairing = Pairing(interest=interest, stage=PairingStage.CONTACT, stage_on=today, started_on=today)
            pairing.full_clean(exclude=["interest"])
            pairing.save()
            StageChange.objects.create(pairing=pairing, stage=pairing.stage, on=today, author=author)
    transaction.on_commit(lambda: notifications.notify_interest_decided(interest))
    return interest


def move_pairing(
    *, author: User, pairing: Pairing, stage: str, on: date | None = None, note: str = "", agreement_type: str = ""
) -> Pairing:
    """Move a pairing to ``stage`` (any stage, forward or back, until it is signed or abandoned); history kept."""
    if not perms.can_move_pairing(author, pairing):
        raise PermissionDenied(_("Only the members of the two organisations move an open pairing."))
    on = on or timezone.localdate()
    if on < pairing.started_on:
        raise ValidationError(
            {
                "on": _("The date cannot be before the pairing started (%(date)s).")
                % {"date": pairing.started_on.isoformat()}
            }
        )
    if on > timezone.localdate():
        raise ValidationError({"on": _("The date cannot be in the future.")})
    if stage == pairing.stage and not note:
        raise ValidationError({"stage": _("The pairing is already at this stage; add a note or choose another.")})
    previous = pairing.stage
    pairing.stage = stage
    pairing.stage_on = on
    pairing.agreement_type = agreement_type if stage == PairingStage.AGREEMENT else ""
    if note:
        pairing.notes = f"{pairing.notes}\n\n{on.isoformat()} — {note}".strip()
    pairing.full_clean(exclude=["interest"])
    with transaction.atomic():
        pairing.save()
        StageChange.objects.create(
            pairing=pairing, stage=stage, agreement_type=pairing.agreement_type, on=on, note=note, author=author
        )
    if stage != previous:
        transaction.on_commit(lambda: notifications.notify_stage_changed(pairing, author))
    return pairing
