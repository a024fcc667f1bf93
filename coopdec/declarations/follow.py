"""The follow-up columns of an invitation (state, last change, totals, région, département), kept by the services.

A campaign's follow-up page lists up to 5,000 authorities, filtered and sorted by these columns; computed at
each read (correlated subqueries over declarations and versions) the page took seconds once sorted by total
(docs/benchmarks.md, "Campaign follow-up"). They are written instead whenever a declaration changes: the
services call :func:`follow` in the same transaction as the change, and :func:`refresh` sets them for many
invitations at once (a campaign opened, the synthetic generator, the migration that added them).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Case, F, IntegerField, Value, When
from django.utils import timezone

from coopdec.territories.enums import AuthorityKind
from coopdec.territories.models import Authority

from .enums import FollowUpState
from .models import Campaign, Declaration, DeclarationVersion, Invitation

# The ancestors an authority may have, nearest first: a commune's EPCI or département, then its région. The
# reference data nests three levels deep at most (commune → EPCI or département → région).
_CHAIN = ("", "parent__", "parent__parent__", "parent__parent__parent__")


def _nearest(kind: str) -> Case:
    """The primary key of the authority's nearest ancestor (itself included) of ``kind``, in SQL."""
    return Case(
        *[When(**{f"{link}kind": kind}, then=F(f"{link}pk")) for link in _CHAIN],
        default=Value(None),
        output_field=IntegerField(),
    )


def places_of(authority_ids: Iterable[int]) -> dict[int, tuple[int | None, int | None]]:
    """Authority id → (its région's id, its département's id), nearest among itself and its parents; one query."""
    return {
        pk: (region, departement)
        for pk, region, departement in Authority.objects.filter(pk__in=list(authority_ids))
        .annotate(region_pk=_nearest(AuthorityKind.REGION), departement_pk=_nearest(AuthorityKind.DEPARTEMENT))
        .values_list("pk", "region_pk", "departement_pk")
    }


def _last_versions(declaration_ids: Iterable[int]) -> dict[int, DeclarationVersion]:
    last: dict[int, DeclarationVersion] = {}
    for version in DeclarationVersion.objects.filter(declaration_id__in=list(declaration_ids)).order_by("number"):
        last[version.declaration_id] = version
    return last


def _set(invitation: Invitation, declaration: Declaration | None, version: DeclarationVersion | None) -> None:
    invitation.declaration = declaration
    invitation.state = declaration.status if declaration else FollowUpState.NOT_STARTED
    invitation.last_change = declaration.updated_at if declaration else None
    invitation.total = version.total if version else None
    invitation.oda_total = version.oda_total if version else None
    if declaration is not None and declaration.region_id:
        invitation.region_id = declaration.region_id


FIELDS = ["declaration", "state", "last_change", "total", "oda_total", "region", "departement"]


def refresh(campaign: Campaign, authority_ids: Iterable[int] | None = None) -> int:
    """Recompute the follow-up columns of the campaign's invitations (of ``authority_ids`` only, if given)."""
    invitations = Invitation.objects.filter(campaign=campaign)
    if authority_ids is not None:
        invitations = invitations.filter(authority_id__in=list(authority_ids))
    rows = list(invitations)
    places = places_of(row.authority_id for row in rows)
    declarations = {
        d.authority_id: d for d in Declaration.objects.filter(campaign=campaign, authority_id__in=list(places))
    }
    versions = _last_versions(d.pk for d in declarations.values())
    for row in rows:
        row.region_id, row.departement_id = places.get(row.authority_id, (None, None))
        declaration = declarations.get(row.authority_id)
        _set(row, declaration, versions.get(declaration.pk) if declaration else None)
    Invitation.objects.bulk_update(rows, FIELDS, batch_size=500)
    return len(rows)


def follow(declaration: Declaration, *, touched: bool = False) -> None:
    """Write the declaration's state, last change and last version's totals on its invitation.

    ``touched``: a line changed, which does not save the declaration itself: its last change moves too.
    """
    if touched:
        declaration.updated_at = timezone.now()
        Declaration.objects.filter(pk=declaration.pk).update(updated_at=declaration.updated_at)
    version = declaration.versions.order_by("-number").first()
    invitation = Invitation.objects.filter(campaign_id=declaration.campaign_id, authority_id=declaration.authority_id)
    fields = {
        "declaration": declaration,
        "state": declaration.status,
        "last_change": declaration.updated_at,
        "total": version.total if version else None,
        "oda_total": version.oda_total if version else None,
    }
    if declaration.region_id:
        fields["region_id"] = declaration.region_id
    invitation.update(**fields)
