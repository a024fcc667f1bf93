"""Reads of declarations and campaigns that pages and exports share."""

from __future__ import annotations

from django.db.models import Count, DateField, F, Q, QuerySet, Value
from django.db.models.functions import Coalesce

from .enums import FollowUpState
from .models import Campaign, Invitation

# Campaign follow-up -----------------------------------------------------------------------------------------------

# What counts as having answered, for the response rate.
ANSWERED = (FollowUpState.SUBMITTED, FollowUpState.VALIDATED)


def _follow_up_base(campaign: Campaign) -> QuerySet[Invitation]:
    # The deadline extended for this authority, else the campaign's (an extension always comes later).
    return Invitation.objects.filter(campaign=campaign).annotate(
        due_on=Coalesce("extended_to", Value(campaign.closes_on), output_field=DateField())
    )


def _filtered(queryset: QuerySet[Invitation], *, region=None, departement=None, kind=None) -> QuerySet[Invitation]:
    if region is not None:
        queryset = queryset.filter(region_id=getattr(region, "pk", region))
    if departement is not None:
        queryset = queryset.filter(departement_id=getattr(departement, "pk", departement))
    if kind:
        queryset = queryset.filter(authority__kind=kind)
    return queryset


def follow_up(
    campaign: Campaign,
    *,
    region=None,
    departement=None,
    kind: str | None = None,
    state: str | None = None,
    order: str = "authority__name",
) -> QuerySet[Invitation]:
    """The campaign's invitations with their authority's state (``FollowUpState``), the date of its declaration's
    last change, the totals of its last submitted version, its région and département, its deadline — columns
    the services keep on each invitation (``follow.py``), so one query on indexed columns, whatever the size.

    ``region`` and ``departement`` are authorities (or their primary keys); ``kind`` an ``AuthorityKind``.
    """
    queryset = _filtered(_follow_up_base(campaign), region=region, departement=departement, kind=kind)
    if state:
        queryset = queryset.filter(state=state)
    queryset = queryset.annotate(region_name=F("region__name"), departement_name=F("departement__name"))
    return queryset.select_related("authority").order_by(order, "pk")


def state_counts(campaign: Campaign, *, region=None, departement=None, kind=None) -> dict[str, int]:
    """How many invited authorities are in each state (every state present, zero included), for the filters."""
    invited = Invitation.objects.filter(campaign=campaign)
    queryset = _filtered(invited, region=region, departement=departement, kind=kind)
    found = dict(queryset.order_by().values_list("state").annotate(n=Count("pk")).values_list("state", "n"))
    return {state.value: found.get(state.value, 0) for state in FollowUpState}


def response_rate(counts: dict[str, int]) -> float | None:
    """Submitted and validated over invited (None with nobody invited)."""
    invited = sum(counts.values())
    return sum(counts[state] for state in ANSWERED) / invited if invited else None


def campaign_summaries(campaigns: QuerySet[Campaign]) -> QuerySet[Campaign]:
    """Campaigns with their numbers of invited and of answered authorities, in one query."""
    return campaigns.annotate(
        invited=Count("invitations"),
        answered=Count("invitations", filter=Q(invitations__state__in=ANSWERED)),
    )
