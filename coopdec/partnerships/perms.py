"""Who may see and edit partnerships and affiliations."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q

from coopdec.accounts.perms import administered_entity_ids, authority_ids_of, is_coordinator

from . import workflow
from .enums import Visibility
from .models import Affiliation, AffiliationContribution, Delegate, Partnership, PartnershipQuerySet, Party

if TYPE_CHECKING:
    from collections.abc import Iterable

    from coopdec.accounts.perms import Viewer
    from coopdec.territories.models import Authority


def visible_partnerships(user: Viewer, queryset: PartnershipQuerySet | None = None) -> PartnershipQuerySet:
    """Public partnerships for everyone; private ones also for the parties' members and coordinators."""
    queryset = Partnership.objects.all() if queryset is None else queryset
    if is_coordinator(user):
        return queryset
    authority_ids = authority_ids_of(user)
    if not authority_ids:
        return queryset.filter(visibility=Visibility.PUBLIC)
    mine = Partnership.objects.filter(parties__authority_id__in=authority_ids).values("pk")
    return queryset.filter(Q(visibility=Visibility.PUBLIC) | Q(pk__in=mine))


def _is_party_member(user: Viewer, partnership: Partnership) -> bool:
    authority_ids = authority_ids_of(user)
    return bool(authority_ids) and partnership.parties.filter(authority_id__in=authority_ids).exists()


def can_view_partnership(user: Viewer, partnership: Partnership) -> bool:
    """A public partnership is seen by all; a private one by its parties' members and coordinators."""
    return partnership.visibility == Visibility.PUBLIC or is_coordinator(user) or _is_party_member(user, partnership)


def can_create_partnership(user: Viewer) -> bool:
    """Members of an authority and coordinators record partnerships."""
    return is_coordinator(user) or bool(authority_ids_of(user))


def can_edit_partnership(user: Viewer, partnership: Partnership) -> bool:
    """A partnership is edited by the members of an authority that is one of its parties, and by coordinators."""
    return is_coordinator(user) or _is_party_member(user, partnership)


def can_renew(user: Viewer, partnership: Partnership) -> bool:
    """A signed partnership not yet renewed is renewed by who may edit it (the table says from which statuses)."""
    return (
        workflow.allows(partnership, "renew")
        and can_edit_partnership(user, partnership)
        and not partnership.renewals.exists()
    )


def can_edit_affiliation(user: Viewer, affiliation: Affiliation) -> bool:
    """A membership of an international organisation is edited by the authority's members and coordinators."""
    return is_coordinator(user) or affiliation.authority_id in authority_ids_of(user)


def can_create_partnership_between(user: Viewer, authorities: Iterable[Authority | None]) -> bool:
    """A partnership is recorded by a member of one of its party authorities, or by a coordinator."""
    if is_coordinator(user):
        return True
    authority_ids = authority_ids_of(user)
    return any(authority is not None and authority.pk in authority_ids for authority in authorities)


def _partnership_of(obj: Partnership | Party) -> Partnership:
    return obj if isinstance(obj, Partnership) else obj.partnership


def can_view_history(user: Viewer, obj: Partnership | Party) -> bool:
    """A partnership's history (its parties' too) is seen by its party authorities' administrators and coordinators."""
    if is_coordinator(user):
        return True
    administered, _organizations = administered_entity_ids(user)
    return bool(administered) and _partnership_of(obj).parties.filter(authority_id__in=administered).exists()


def can_revert(user: Viewer, obj: Partnership | Party) -> bool:
    """A partnership (or a party) is restored to an earlier version by who may see its history."""
    return can_view_history(user, obj)


def can_edit_delegate(user: Viewer, delegate: Delegate) -> bool:
    """A delegate posted abroad is recorded and edited by the authority's members and coordinators."""
    return is_coordinator(user) or delegate.authority_id in authority_ids_of(user)


def _authority_id_of(obj: Affiliation | AffiliationContribution | Delegate) -> int:
    return obj.affiliation.authority_id if isinstance(obj, AffiliationContribution) else obj.authority_id


def can_view_affiliation_history(user: Viewer, obj: Affiliation | AffiliationContribution | Delegate) -> bool:
    """A membership's, a yearly contribution's or a delegate's history is seen by the authority's administrators
    and coordinators."""
    if is_coordinator(user):
        return True
    administered, _organizations = administered_entity_ids(user)
    return _authority_id_of(obj) in administered


def can_revert_affiliation(user: Viewer, obj: Affiliation | AffiliationContribution | Delegate) -> bool:
    """A membership, a contribution or a delegate is restored to an earlier version by who may see its history."""
    return can_view_affiliation_history(user, obj)
