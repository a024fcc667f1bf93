"""Writes about accounts: registration and activation, requests to join an entity, their decisions, members."""

from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _

from . import emails
from .enums import MembershipStatus, Role
from .models import Membership, User
from .perms import can_decide_membership, can_manage_members, can_request_membership, is_coordinator

ACTIVATION_SALT = "coopdec.accounts.activation"
ACTIVATION_MAX_AGE = timedelta(days=3)


class ActivationLinkInvalid(Exception):
    """The link was tampered with, or points to no account that is waiting for confirmation."""


class ActivationLinkExpired(ActivationLinkInvalid):
    """The link is genuine but older than ``ACTIVATION_MAX_AGE``."""


def register_user(*, email: str, first_name: str, last_name: str, password: str, language: str = "") -> User:
    """Create an account that stays inactive until its owner follows the link e-mailed to them.

    ``language`` is the one the person registers in; the platform's e-mails to them are written in it.
    """
    user = User(
        email=User.objects.normalize_email(email).lower(),
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        language=language,
        is_active=False,
    )
    user.set_password(password)
    user.full_clean()
    with transaction.atomic():
        user.save()
    return user


def adopt_language(user: User, language: str) -> None:
    """At login, an account with no language of e-mails (made by an administrator, the demo data) takes this one."""
    if not user.language and language in dict(settings.LANGUAGES):
        User.objects.filter(pk=user.pk, language="").update(language=language)
        user.language = language


def set_email_language(user: User, language: str) -> User:
    """The user's own choice of the language their e-mails are written in."""
    user.language = language
    user.full_clean(validate_unique=False)
    user.save(update_fields=["language"])
    return user


def make_activation_token(user: User) -> str:
    """A signed, timestamped token naming the account and the address the link was sent to."""
    return signing.dumps({"user": user.pk, "email": user.email}, salt=ACTIVATION_SALT)


def awaits_activation(user: User) -> bool:
    # An account deactivated in the back-office has logged in before: no link may revive it.
    return not user.is_active and user.last_login is None


def user_for_activation_token(token: str) -> User:
    """The account the token names, if the link is genuine, recent, and the account awaits it (or is active)."""
    try:
        payload = signing.loads(token, salt=ACTIVATION_SALT, max_age=ACTIVATION_MAX_AGE)
    except signing.SignatureExpired as error:
        raise ActivationLinkExpired from error
    except signing.BadSignature as error:
        raise ActivationLinkInvalid from error
    user = User.objects.filter(pk=payload.get("user"), email=payload.get("email")).first()
    if user is None or not (user.is_active or awaits_activation(user)):
        raise ActivationLinkInvalid
    return user


def activate_user(*, token: str) -> User:
    """Activate the account the token names; following the link again once active is harmless."""
    user = user_for_activation_token(token)
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        if awaits_activation(user):
            user.is_active = True
            user.save(update_fields=["is_active"])
    return user


def user_awaiting_activation(email: str) -> User | None:
    """The unconfirmed account registered with that address, if any (to send its link again)."""
    user = User.objects.filter(email__iexact=email.strip()).first()
    return user if user is not None and awaits_activation(user) else None


def _duplicate_message(existing: Membership) -> str:
    if existing.status == MembershipStatus.APPROVED:
        return _("You are already a member of %(entity)s.") % {"entity": existing.entity}
    if existing.status == MembershipStatus.PENDING:
        return _("You have already asked to join %(entity)s; your request is awaiting a decision.") % {
            "entity": existing.entity
        }
    return _(
        "Your request to join %(entity)s was declined. Please contact its administrators if this is a mistake."
    ) % {"entity": existing.entity}


def request_membership(
    *,
    user: User,
    authority: Model | None = None,
    organization: Model | None = None,
    job_title: str,
) -> Membership:
    """Ask to join one authority or one organisation; the request waits for a decision.

    Typed as models: accounts sits below territories and organizations and names them only in its foreign keys.
    """
    if not can_request_membership(user):
        raise PermissionDenied
    if (authority is None) == (organization is None):
        raise ValidationError(_("Choose either an authority or an organisation."))
    # accounts sits below territories and organizations: it names them as models, which the stubs cannot narrow.
    same = {"authority": authority, "organization": organization}
    existing = Membership.objects.filter(user=user, **same).first()
    if existing is not None:
        raise ValidationError(_duplicate_message(existing), code="duplicate")
    membership = Membership(
        user=user,
        **same,
        job_title=job_title.strip(),
        role=Role.EDITOR,
        status=MembershipStatus.PENDING,
    )
    membership.full_clean(validate_constraints=False)  # the constraints are checked above, with a clearer message
    try:
        with transaction.atomic():
            membership.save()
    except IntegrityError as error:  # the same request sent twice at once
        raise ValidationError(
            _("You have already asked to join %(entity)s.") % {"entity": membership.entity}
        ) from error
    return membership


def decide_membership(
    *,
    membership: Membership,
    decided_by: User,
    approve: bool,
    role: str = Role.EDITOR,
    profile_url: str = "",
) -> Membership:
    """Approve (with a role) or reject a pending request, and tell the requester by e-mail.

    ``profile_url`` is the absolute address of the requester's profile page, quoted in the e-mail.
    """
    if not can_decide_membership(decided_by, membership):
        raise PermissionDenied
    with transaction.atomic():
        membership = Membership.objects.select_for_update().select_related("user").get(pk=membership.pk)
        if membership.status != MembershipStatus.PENDING:
            raise ValidationError(_("This request has already been decided."), code="decided")
        membership.status = MembershipStatus.APPROVED if approve else MembershipStatus.REJECTED
        if approve:
            membership.role = role
        membership.decided_by = decided_by
        membership.decided_at = timezone.now()
        membership.full_clean()
        membership.save()
        transaction.on_commit(lambda: emails.send_membership_decision(membership, profile_url=profile_url))
    return membership


def _lock_for_change(membership: Membership, actor: User) -> Membership:
    if not can_manage_members(actor, authority=membership.authority, organization=membership.organization):
        raise PermissionDenied
    locked = Membership.objects.select_for_update().get(pk=membership.pk)
    if locked.status != MembershipStatus.APPROVED:
        raise ValidationError(_("Only approved members can be changed or removed."), code="not_member")
    return locked


def _refuse_to_leave_without_administrator(membership: Membership, actor: User) -> None:
    # Coordinators may: they are the back-office, which can appoint a new administrator at any time.
    if membership.role != Role.ADMINISTRATOR or is_coordinator(actor):
        return
    others = Membership.objects.administrators().exclude(pk=membership.pk)
    if membership.authority_id:
        others = others.filter(authority_id=membership.authority_id)
    else:
        others = others.filter(organization_id=membership.organization_id)  # type: ignore[misc]  # an organisation's
    if not others.exists():
        raise ValidationError(
            _("%(entity)s needs at least one administrator: appoint another one first.")
            % {"entity": membership.entity},
            code="last_administrator",
        )


def change_member_role(*, membership: Membership, changed_by: User, role: str) -> Membership:
    """Make an approved member an editor or an administrator of their entity."""
    with transaction.atomic():
        membership = _lock_for_change(membership, changed_by)
        if role != Role.ADMINISTRATOR:
            _refuse_to_leave_without_administrator(membership, changed_by)
        membership.role = role
        membership.full_clean()
        membership.save(update_fields=["role"])
    return membership


def remove_member(*, membership: Membership, removed_by: User) -> None:
    """Take a member out of their entity; they may ask to join again later."""
    with transaction.atomic():
        membership = _lock_for_change(membership, removed_by)
        _refuse_to_leave_without_administrator(membership, removed_by)
        membership.delete()
