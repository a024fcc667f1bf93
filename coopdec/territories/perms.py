"""Who may propose a missing authority, use a proposed one, and validate or reject proposals."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q

from coopdec.accounts.perms import authority_ids_of, is_coordinator

from .enums import AuthorityStatus
from .models import Authority, AuthorityQuerySet

if TYPE_CHECKING:
    # ``User`` re-exported for services.py: territories sits below accounts, and only perms.py may ask it.
    from coopdec.accounts.models import User as User
    from coopdec.accounts.perms import Viewer


def usable_authorities(user: Viewer, queryset: AuthorityQuerySet | None = None) -> AuthorityQuerySet:
    """Validated authorities for everyone; proposed ones also for the authority that proposed them and coordinators."""
    queryset = Authority.objects.all() if queryset is None else queryset
    if is_coordinator(user):
        return queryset
    validated = Q(status=AuthorityStatus.VALIDATED)
    authority_ids = authority_ids_of(user)
    if not authority_ids:
        return queryset.filter(validated)
    return queryset.filter(validated | Q(status=AuthorityStatus.PROPOSED, proposed_for_id__in=authority_ids))


def can_use_authority(user: Viewer, authority: Authority) -> bool:
    """A validated authority is picked by anyone; a proposed one by its proposer's authority and coordinators."""
    return (
        authority.status == AuthorityStatus.VALIDATED
        or is_coordinator(user)
        or (authority.proposed_for_id is not None and authority.proposed_for_id in authority_ids_of(user))
    )


def can_propose_authority(user: Viewer, on_behalf_of: Authority | None = None) -> bool:
    """A member of an authority proposes a missing authority on its behalf; a coordinator proposes one for anyone."""
    if is_coordinator(user):
        return True
    authority_ids = authority_ids_of(user)
    return bool(authority_ids) and (on_behalf_of is None or on_behalf_of.pk in authority_ids)


def can_validate_authority(user: Viewer, authority: Authority | None = None) -> bool:
    """Coordinators validate, reject or merge the authorities that members propose."""
    return is_coordinator(user)
