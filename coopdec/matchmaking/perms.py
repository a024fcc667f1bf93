"""Who may see, create and edit matchmaking profiles."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q

from coopdec.accounts.perms import authority_ids_of, is_coordinator, organization_ids_of

from .enums import ProfileStatus
from .models import Profile, ProfileQuerySet
from .models_workflow import InterestStatus

if TYPE_CHECKING:
    from coopdec.accounts.perms import Viewer
    from coopdec.organizations.models import Organization
    from coopdec.territories.models import Authority

    from .models_workflow import Interest, Pairing


def can_create_profile(user: Viewer, organization: Organization) -> bool:
    """An organisation's profiles are written by its approved members and by coordinators."""
    return is_coordinator(user) or organization.pk in organization_ids_of(user)


def can_edit_profile(user: Viewer, profile: Profile) -> bool:
    """A profile is edited by the members of its organisation and by coordinators."""
    return is_coordinator(user) or profile.organization_id in organization_ids_of(user)


def can_view_profile(user: Viewer, profile: Profile) -> bool:
    """A published profile is seen by all; a draft or an expired one by its organisation's members and coordinators."""
    return profile.status == ProfileStatus.PUBLISHED or can_edit_profile(user, profile)


def visible_profiles(user: Viewer, queryset: ProfileQuerySet | None = None) -> ProfileQuerySet:
    """The profiles ``can_view_profile`` lets the user see, as a queryset."""
    queryset = Profile.objects.all() if queryset is None else queryset
    if is_coordinator(user):
        return queryset
    return queryset.filter(Q(status=ProfileStatus.PUBLISHED) | Q(organization_id__in=organization_ids_of(user)))


# From match to deal: expressions of interest, pairings, contacts, the region's dashboard.


def organizations_for_interest(user: Viewer, profile: Profile) -> frozenset[int]:
    """The organisations on whose behalf the user may express an interest in ``profile``: theirs, but not its owner."""
    return organization_ids_of(user) - {profile.organization_id}


def can_send_interest(user: Viewer, profile: Profile, organization: Organization | None = None) -> bool:
    """A member of another organisation may express its interest in a live profile, once per organisation."""
    if not profile.is_live:
        return False
    candidates = organizations_for_interest(user, profile)
    if organization is not None:
        return organization.pk in candidates
    return bool(candidates)


def can_view_interest(user: Viewer, interest: Interest) -> bool:
    """An interest is seen by the members of both organisations and by coordinators."""
    return is_coordinator(user) or bool(
        {interest.organization_id, interest.profile.organization_id} & organization_ids_of(user)
    )


def can_decide_interest(user: Viewer, interest: Interest) -> bool:
    """A pending interest is accepted or declined by the members of the profile's organisation, nobody else."""
    return interest.status == InterestStatus.PENDING and interest.profile.organization_id in organization_ids_of(user)


def sender_visible_to_owner(interest: Interest) -> bool:
    """The profile's owner is told who sent an interest, unless it was sent anonymously and is not accepted yet."""
    return not interest.is_anonymous or interest.status == InterestStatus.ACCEPTED


def can_see_sender(user: Viewer, interest: Interest) -> bool:
    """The sender is shown as ``sender_visible_to_owner`` says; always to the sender itself and to coordinators."""
    return (
        sender_visible_to_owner(interest)
        or is_coordinator(user)
        or interest.organization_id in organization_ids_of(user)
    )


def can_withdraw_profile(user: Viewer, profile: Profile) -> bool:
    """A published profile is withdrawn by who may edit it; a draft or an expired one is published instead."""
    return profile.status == ProfileStatus.PUBLISHED and can_edit_profile(user, profile)


def can_see_contacts(user: Viewer, interest: Interest) -> bool:
    """Contact details are revealed to both sides (and coordinators) only once the interest is accepted."""
    return interest.status == InterestStatus.ACCEPTED and can_view_interest(user, interest)


def can_view_pairing(user: Viewer, pairing: Pairing) -> bool:
    """A pairing is seen by the members of both organisations and by coordinators."""
    return can_view_interest(user, pairing.interest)


def can_move_pairing(user: Viewer, pairing: Pairing) -> bool:
    """An open pairing is moved through its stages by the members of either organisation."""
    interest = pairing.interest
    return not pairing.is_closed and bool(
        {interest.organization_id, interest.profile.organization_id} & organization_ids_of(user)
    )


def can_view_matchmaking_dashboard(user: Viewer, authority: Authority) -> bool:
    """A territory's pairing figures are seen by its members and by coordinators."""
    return is_coordinator(user) or authority.pk in authority_ids_of(user)
