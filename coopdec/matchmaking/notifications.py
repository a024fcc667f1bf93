"""The e-mails of the workflow from match to deal, each written in its recipient's language (French by default).

A recipient's language is their language of e-mails (``User.language``, chosen on their account page, else the
one they registered or first logged in with); links are absolute, the paths of the platform prefixed with
``settings.SITE_URL``.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.core.mail import EmailMessage
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from coopdec.accounts.emails import language_of
from coopdec.accounts.enums import MembershipStatus
from coopdec.accounts.models import User
from coopdec.lib.mail import send_later

from . import perms
from .matching import suggest_matches
from .models import Profile
from .models_workflow import Interest, InterestStatus, Pairing


def notify_threshold() -> float:
    """The score above which a new profile's matches are announced to their owners."""
    return settings.MATCHMAKING_NOTIFY_THRESHOLD


def members_of(organization_ids: Iterable[int], *, exclude: User | None = None) -> list[User]:
    """The approved, active members of these organisations, each once."""
    users = User.objects.filter(
        is_active=True,
        memberships__organization_id__in=list(organization_ids),
        memberships__status=MembershipStatus.APPROVED,
    ).distinct()
    if exclude is not None:
        users = users.exclude(pk=exclude.pk)
    return list(users.order_by("pk"))


def link(name: str, *args) -> str:
    """An absolute link: the platform's address (``SITE_URL``) and the path, reversed in the active language."""
    return settings.SITE_URL + reverse(name, args=args)


def _send(users: list[User], write) -> int:
    """``write()`` returns ``(subject, body)`` and is called once per recipient, in the recipient's language."""
    messages = []
    for user in users:
        with translation.override(language_of(user)):
            subject, body = write()
        messages.append(EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email]))
    send_later(messages)
    return len(messages)


def notify_new_matches(profile: Profile) -> int:
    """Tell the owners of the live profiles a newly published profile matches above the threshold."""
    threshold = notify_threshold()
    matches = [m for m in suggest_matches(profile, limit=20, explain=False) if m.score >= threshold]
    sent = 0
    for match in matches:
        theirs = match.profile

        def write(theirs=theirs):
            subject = _("A new profile matches yours: %(title)s") % {"title": profile.title}
            body = "\n\n".join(
                [
                    _("The profile “%(new)s” (%(kind)s), by %(organization)s, was just published.")
                    % {"new": profile.title, "kind": profile.get_kind_display(), "organization": profile.organization},
                    _("It matches your profile “%(yours)s”.") % {"yours": theirs.title},
                    _("See it and express your interest: %(url)s") % {"url": link("matchmaking:profile", profile.pk)},
                ]
            )
            return subject, body

        sent += _send(members_of([theirs.organization_id]), write)
    return sent


def _sender_name(interest: Interest) -> str:
    if not perms.sender_visible_to_owner(interest):
        return _("An organisation (anonymous until you accept)")
    return str(interest.organization)


def notify_interest_received(interest: Interest) -> int:
    """Tell the profile's organisation that someone is interested."""

    def write():
        subject = _("New expression of interest in “%(title)s”") % {"title": interest.profile.title}
        body = "\n\n".join(
            [
                _("%(sender)s is interested in your profile “%(title)s”.")
                % {"sender": _sender_name(interest), "title": interest.profile.title},
                interest.message,
                _("Accept or decline it: %(url)s") % {"url": link("matchmaking:interest", interest.pk)},
            ]
        )
        return subject, body

    return _send(members_of([interest.profile.organization_id]), write)


def notify_interest_decided(interest: Interest) -> int:
    """Tell the interested organisation whether its interest was accepted or declined."""

    def write():
        accepted = interest.status == InterestStatus.ACCEPTED
        values = {"title": interest.profile.title, "owner": interest.profile.organization}
        if accepted:
            subject = _("Your interest in “%(title)s” was accepted") % values
            first = _("%(owner)s accepted your expression of interest: you can now see each other's contacts.") % values
        else:
            subject = _("Your interest in “%(title)s” was declined") % values
            first = _("%(owner)s declined your expression of interest.") % values
        parts = [first]
        if interest.answer:
            parts.append(interest.answer)
        parts.append(_("See it: %(url)s") % {"url": link("matchmaking:interest", interest.pk)})
        return subject, "\n\n".join(parts)

    return _send(members_of([interest.organization_id]), write)


def notify_stage_changed(pairing: Pairing, author: User | None) -> int:
    """Tell both organisations' members (but the author) that the pairing moved."""
    interest = pairing.interest

    def write():
        values = {"title": interest.profile.title, "stage": pairing.get_stage_display()}
        subject = _("Pairing “%(title)s”: %(stage)s") % values
        body = "\n\n".join(
            [
                _("The pairing about “%(title)s” is now at the stage: %(stage)s.") % values,
                _("See its history: %(url)s") % {"url": link("matchmaking:pairing", pairing.pk)},
            ]
        )
        return subject, body

    return _send(members_of([interest.organization_id, interest.profile.organization_id], exclude=author), write)
