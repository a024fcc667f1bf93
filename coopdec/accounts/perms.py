"""Who may do what with accounts and memberships — and the platform-wide roles every app asks about."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeAlias

from django.db.models import Q

from .enums import MembershipStatus, Role

if TYPE_CHECKING:
    from typing import TypeGuard

    from django.contrib.auth.models import AnonymousUser
    from django.db.models import Model, QuerySet

    from .models import Membership, User

    # Whoever asks: ``request.user`` (signed in or anonymous), or nobody (a background task).
    Viewer: TypeAlias = User | AnonymousUser | None


def signed_in(user: Viewer) -> TypeGuard[User]:
    """A signed-in user whose account is active."""
    return bool(user and user.is_authenticated and user.is_active)


def is_coordinator(user: Viewer) -> bool:
    """A coordinator (or a platform administrator) sees and edits every authority's data."""
    return signed_in(user) and (user.is_coordinator or user.is_superuser)


def is_platform_admin(user: Viewer) -> bool:
    """The platform administrator is Django's superuser."""
    return signed_in(user) and user.is_superuser


def can_use_back_office(user: Viewer) -> bool:
    """The Django admin is the coordinators' back-office; nobody else enters it."""
    return signed_in(user) and is_coordinator(user) and user.is_staff


def _approved_roles(user: User) -> dict[tuple[str, int], str]:
    """``{("authority", id) | ("organization", id): role}`` for the user's approved memberships, cached."""
    cached: dict[tuple[str, int], str] | None = getattr(user, "_coopdec_roles", None)
    if cached is None:
        cached = {}
        for authority_id, organization_id, role in user.memberships.filter(
            status=MembershipStatus.APPROVED
        ).values_list("authority_id", "organization_id", "role"):
            key = ("authority", authority_id) if authority_id else ("organization", organization_id)
            cached[key] = role
        user._coopdec_roles = cached  # type: ignore[attr-defined]  # a per-request cache on the instance
    return cached


def authority_ids_of(user: Viewer) -> frozenset[int]:
    """Authorities the user is an approved member of (editor or administrator)."""
    if not signed_in(user):
        return frozenset()
    return frozenset(pk for kind, pk in _approved_roles(user) if kind == "authority")


def organization_ids_of(user: Viewer) -> frozenset[int]:
    """Organisations the user is an approved member of (editor or administrator)."""
    if not signed_in(user):
        return frozenset()
    return frozenset(pk for kind, pk in _approved_roles(user) if kind == "organization")


def is_entity_admin(user: Viewer, *, authority: Model | None = None, organization: Model | None = None) -> bool:
    """An approved administrator of that authority or organisation."""
    if not signed_in(user):
        return False
    if authority is not None:
        key = ("authority", authority.pk)
    elif organization is not None:
        key = ("organization", organization.pk)
    else:
        return False
    return _approved_roles(user).get(key) == Role.ADMINISTRATOR


def can_request_membership(user: Viewer) -> bool:
    """Any signed-in, active user may ask to join an authority or an organisation."""
    return signed_in(user)


def can_decide_membership(user: Viewer, membership: Membership) -> bool:
    """A request to join is decided by that entity's administrators or a coordinator — never by the requester."""
    if not signed_in(user) or membership.user_id == user.pk:
        return False
    return is_coordinator(user) or is_entity_admin(
        user, authority=membership.authority, organization=membership.organization
    )


def can_manage_members(user: Viewer, *, authority: Model | None = None, organization: Model | None = None) -> bool:
    """Members of an entity are managed by its administrators and by coordinators."""
    return is_coordinator(user) or is_entity_admin(user, authority=authority, organization=organization)


def administered_entity_ids(user: Viewer) -> tuple[frozenset[int], frozenset[int]]:
    """``(authority ids, organisation ids)`` of which the user is an approved administrator."""
    if not signed_in(user):
        return frozenset(), frozenset()
    roles = _approved_roles(user)
    administered = [key for key, role in roles.items() if role == Role.ADMINISTRATOR]
    return (
        frozenset(pk for kind, pk in administered if kind == "authority"),
        frozenset(pk for kind, pk in administered if kind == "organization"),
    )


def memberships_to_decide(user: Viewer) -> QuerySet[Membership]:
    """The pending requests ``can_decide_membership`` lets the user decide: all for a coordinator,
    those of the entities they administer otherwise — never their own."""
    from .models import Membership

    pending = Membership.objects.pending()
    if not signed_in(user):
        return pending.none()
    if not is_coordinator(user):
        authority_ids, organization_ids = administered_entity_ids(user)
        if not (authority_ids or organization_ids):
            return pending.none()
        pending = pending.filter(Q(authority_id__in=authority_ids) | Q(organization_id__in=organization_ids))
    return pending.exclude(user=user)
