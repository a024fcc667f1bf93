"""Reads of declarations and campaigns that pages and exports share."""

from __future__ import annotations

from typing import Any

from django.db.models import (
    Case,
    CharField,
    Count,
    DateField,
    DecimalField,
    F,
    IntegerField,
    OuterRef,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from coopdec.territories.enums import AuthorityKind
from coopdec.territories.models import Authority

from .enums import FollowUpState
from .models import Campaign, Declaration, DeclarationVersion, Invitation

# Campaign follow-up -----------------------------------------------------------------------------------------------

# The ancestors an authority may have, nearest first: a commune's département and région, an EPCI's… The
# reference data nests three levels deep at most (commune → EPCI or département → région).
_CHAIN = ("authority", "authority__parent", "authority__parent__parent", "authority__parent__parent__parent")

# What counts as having answered, for the response rate.
ANSWERED = (FollowUpState.SUBMITTED, FollowUpState.VALIDATED)
_MONEY: DecimalField[Any, Any] = DecimalField(max_digits=16, decimal_places=2)


def _nearest(kind: str, attribute: str, output_field):
    """The ``attribute`` of the authority's nearest ancestor (itself included) of ``kind``, in SQL."""
    return Case(
        *[When(**{f"{link}__kind": kind}, then=F(f"{link}{attribute}")) for link in _CHAIN],
        default=Value(None),
        output_field=output_field,
    )


def _follow_up_base(campaign: Campaign) -> QuerySet[Invitation]:
    declarations = Declaration.objects.filter(campaign=campaign, authority=OuterRef("authority"))
    last_version = DeclarationVersion.objects.filter(
        declaration__campaign=campaign, declaration__authority=OuterRef("authority")
    ).order_by("-number")
    return Invitation.objects.filter(campaign=campaign).annotate(
        declaration_id=Subquery(declarations.values("pk")[:1], output_field=IntegerField()),
        state=Coalesce(
            Subquery(declarations.values("status")[:1], output_field=CharField()),
            Value(FollowUpState.NOT_STARTED.value),
            output_field=CharField(),
        ),
        last_change=Subquery(declarations.values("updated_at")[:1]),
        total=Subquery(last_version.values("total")[:1], output_field=_MONEY),
        oda_total=Subquery(last_version.values("oda_total")[:1], output_field=_MONEY),
        # Once started, the declaration's own région (kept when it was opened); before, the parents'.
        region_pk=Coalesce(
            Subquery(declarations.values("region_id")[:1], output_field=IntegerField()),
            _nearest(AuthorityKind.REGION, "", IntegerField()),
            output_field=IntegerField(),
        ),
        departement_pk=_nearest(AuthorityKind.DEPARTEMENT, "", IntegerField()),
        # The deadline extended for this authority, else the campaign's (an extension always comes later).
        due_on=Coalesce("extended_to", Value(campaign.closes_on), output_field=DateField()),
    )


def _annotated(queryset: QuerySet[Invitation]) -> Any:
    """The follow-up's queryset, typed loosely: its annotations (state, region_pk…) are invisible to the mypy plugin
    once the queryset has passed through a function."""
    return queryset


def _filtered(queryset: QuerySet[Invitation], *, region=None, departement=None, kind=None) -> QuerySet[Invitation]:
    if region is not None:
        queryset = _annotated(queryset).filter(region_pk=getattr(region, "pk", region))
    if departement is not None:
        queryset = _annotated(queryset).filter(departement_pk=getattr(departement, "pk", departement))
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
    """The campaign's invitations, each annotated with its authority's state (``FollowUpState``), the date of
    its declaration's last change, the totals of its last submitted version, its région and département
    (primary keys), its deadline and its declaration's id — in one query, whatever the number of rows.

    ``region`` and ``departement`` are authorities (or their primary keys); ``kind`` an ``AuthorityKind``.
    """
    queryset = _filtered(_follow_up_base(campaign), region=region, departement=departement, kind=kind)
    if state:
        queryset = _annotated(queryset).filter(state=state)
    queryset = queryset.annotate(
        region_name=_region_name(),
        departement_name=_nearest(AuthorityKind.DEPARTEMENT, "__name", CharField()),
    ).select_related("authority")
    return queryset.order_by(order, "pk")


def _region_name():
    return Subquery(Authority.objects.filter(pk=OuterRef("region_pk")).values("name")[:1], output_field=CharField())


def state_counts(campaign: Campaign, *, region=None, departement=None, kind=None) -> dict[str, int]:
    """How many invited authorities are in each state (every state present, zero included), for the filters."""
    queryset = _filtered(_follow_up_base(campaign), region=region, departement=departement, kind=kind)
    found = dict(_annotated(queryset).order_by().values_list("state").annotate(n=Count("pk")).values_list("state", "n"))
    return {state.value: found.get(state.value, 0) for state in FollowUpState}


def response_rate(counts: dict[str, int]) -> float | None:
    """Submitted and validated over invited (None with nobody invited)."""
    invited = sum(counts.values())
    return sum(counts[state] for state in ANSWERED) / invited if invited else None


def campaign_summaries(campaigns: QuerySet[Campaign]) -> QuerySet[Campaign]:
    """Campaigns with their numbers of invited and of answered authorities, in one query."""
    answered = Declaration.objects.filter(campaign=OuterRef("pk"), status__in=ANSWERED)
    return campaigns.annotate(
        invited=Count("invitations", distinct=True),
        answered=Coalesce(
            Subquery(
                answered.order_by().values("campaign").annotate(n=Count("pk", distinct=True)).values("n")[:1],
                output_field=IntegerField(),
            ),
            0,
        ),
    )
