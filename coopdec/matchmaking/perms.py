"""Who may see, create and edit matchmaking profiles."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from coopdec.accounts.perms import is_coordinator, organization_ids_of

from .enums import ProfileStatus
from .models import Profile


def can_create_profile(user, organization) -> bool:
    """An organisation's profiles are written by its approved members and by coordinators."""
    return is_coordinator(user) or organization.pk in organization_ids_of(user)


def can_edit_profile(user, profile: Profile) -> bool:
    """A profile is edited by the members of its organisation and by coordinators."""
    return is_coordinator(user) or profile.organization_id in organization_ids_of(user)


def can_view_profile(user, profile: Profile) -> bool:
    """A published profile is seen by all; a draft or an expired one by its organisation's members and coordinators."""
    return profile.status == ProfileStatus.PUBLISHED or can_edit_profile(user, profile)


def visible_profiles(user, queryset: QuerySet[Profile] | None = None) -> QuerySet[Profile]:
    """The profiles ``can_view_profile`` lets the user see, as a queryset."""
    queryset = Profile.objects.all() if queryset is None else queryset
    if is_coordinator(user):
        return queryset
    return queryset.filter(Q(status=ProfileStatus.PUBLISHED) | Q(organization_id__in=organization_ids_of(user)))
