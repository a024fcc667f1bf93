"""Reads of partnerships that several pages share."""

from django.db.models import QuerySet

from coopdec.accounts.perms import authority_ids_of, is_coordinator

from .models import Partnership, Party
from .perms import visible_partnerships


def workspace_partnerships(user) -> QuerySet[Partnership]:
    """The partnerships of the user's authorities — every partnership for a coordinator."""
    queryset = Partnership.objects.all()
    if not is_coordinator(user):
        mine = Party.objects.filter(authority_id__in=authority_ids_of(user)).values("partnership_id")
        queryset = queryset.filter(pk__in=mine)
    return visible_partnerships(user, queryset)
