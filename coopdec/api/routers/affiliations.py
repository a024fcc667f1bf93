"""Memberships of international organisations, their yearly contributions, and delegates abroad.

Reads show what the workspace shows: the records of your authorities (all of them to coordinators),
so they need a token. Writes go through ``coopdec.partnerships.affiliation_services``; a record that
exists but is another authority's is a 403 from the services, as these records are not private.
"""

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _
from ninja import Router, Status
from ninja.pagination import PageNumberPagination, paginate

from coopdec.accounts.perms import authority_ids_of, is_coordinator
from coopdec.partnerships import affiliation_services as services
from coopdec.partnerships.models import Affiliation, AffiliationContribution, Delegate

from .. import references
from ..auth import TokenRequest, token_auth
from ..errors import not_found
from ..filters import known_authority, known_country
from ..schemas.affiliations import (
    AffiliationChanges,
    AffiliationIn,
    AffiliationOut,
    ContributionIn,
    ContributionOut,
    DelegateChanges,
    DelegateIn,
    DelegateOut,
)

router = Router(tags=["affiliations"])


def _of_my_authorities(user, queryset: QuerySet) -> QuerySet:
    return queryset if is_coordinator(user) else queryset.filter(authority_id__in=authority_ids_of(user))


def _affiliations() -> QuerySet[Affiliation]:
    return Affiliation.objects.select_related("authority", "organization").prefetch_related(
        Prefetch("contributions", queryset=AffiliationContribution.objects.order_by("-year"))
    )


def _affiliation(affiliation_id: int) -> Affiliation:
    affiliation = _affiliations().filter(pk=affiliation_id).first()
    if affiliation is None:
        raise not_found(_("No membership with the id %(id)s.") % {"id": affiliation_id})
    return affiliation


def _delegates() -> QuerySet[Delegate]:
    return Delegate.objects.select_related("authority", "host_organization")


def _delegate(delegate_id: int) -> Delegate:
    delegate = _delegates().filter(pk=delegate_id).first()
    if delegate is None:
        raise not_found(_("No delegate with the id %(id)s.") % {"id": delegate_id})
    return delegate


@router.get("/affiliations", response=list[AffiliationOut], auth=token_auth)
@paginate(PageNumberPagination)
def list_affiliations(request: TokenRequest, authority: str | None = None):
    """Memberships of your authorities (of all authorities for coordinators), by authority and organisation."""
    affiliations = _of_my_authorities(request.auth, _affiliations())
    if authority:
        affiliations = affiliations.filter(authority=known_authority(authority))
    return affiliations.order_by("authority__name", "organization__name", "pk")


@router.post("/affiliations", response={201: AffiliationOut}, auth=token_auth)
def create_affiliation(request: TokenRequest, payload: AffiliationIn):
    """Record that an authority is a member (associate, observer) of an international organisation or a network."""
    affiliation = services.create_affiliation(
        author=request.auth,
        **{
            **payload.model_dump(),
            "authority": references.authority(payload.authority, ["authority"]),
            "organization": references.organization(payload.organization, ["organization"]),
        },
    )
    return Status(201, _affiliation(affiliation.pk))


@router.patch("/affiliations/{int:affiliation_id}", response=AffiliationOut, auth=token_auth)
def update_affiliation(request: TokenRequest, affiliation_id: int, payload: AffiliationChanges):
    """Change the fields given; those left out stay as they are."""
    changes = payload.model_dump(exclude_unset=True)
    if "organization" in changes:
        changes["organization"] = references.organization(payload.organization, ["organization"])
    services.update_affiliation(affiliation=_affiliation(affiliation_id), author=request.auth, **changes)
    return _affiliation(affiliation_id)


@router.delete("/affiliations/{int:affiliation_id}", response={204: None}, auth=token_auth)
def delete_affiliation(request: TokenRequest, affiliation_id: int):
    """Delete a membership and its yearly contributions (their history stays)."""
    services.delete_affiliation(affiliation=_affiliation(affiliation_id), author=request.auth)
    return Status(204, None)


@router.put("/affiliations/{int:affiliation_id}/contributions/{int:year}", response=ContributionOut, auth=token_auth)
def put_contribution(request: TokenRequest, affiliation_id: int, year: int, payload: ContributionIn):
    """Record (or correct) the contribution paid for a membership in a year: one per year."""
    return services.record_contribution(
        affiliation=_affiliation(affiliation_id), author=request.auth, year=year, **payload.model_dump()
    )


@router.get("/delegates", response=list[DelegateOut], auth=token_auth)
@paginate(PageNumberPagination)
def list_delegates(request: TokenRequest, authority: str | None = None, country: str | None = None):
    """Delegates posted abroad by your authorities (by all authorities for coordinators)."""
    delegates = _of_my_authorities(request.auth, _delegates())
    if authority:
        delegates = delegates.filter(authority=known_authority(authority))
    if country:
        delegates = delegates.filter(country_id=known_country(country))
    return delegates.order_by("authority__name", "person", "pk")


@router.get("/delegates/{int:delegate_id}", response=DelegateOut, auth=token_auth)
def get_delegate(request: TokenRequest, delegate_id: int):
    """A delegate of one of your authorities; any other is a 404."""
    delegate = _of_my_authorities(request.auth, _delegates()).filter(pk=delegate_id).first()
    if delegate is None:
        raise not_found(_("No delegate with the id %(id)s.") % {"id": delegate_id})
    return delegate


@router.post("/delegates", response={201: DelegateOut}, auth=token_auth)
def create_delegate(request: TokenRequest, payload: DelegateIn):
    """Record a person an authority posts abroad."""
    delegate = services.create_delegate(
        author=request.auth,
        **{
            **payload.model_dump(),
            "authority": references.authority(payload.authority, ["authority"]),
            "country": references.country(payload.country, ["country"]),
            "host_organization": references.organization(payload.host_organization, ["host_organization"]),
        },
    )
    return Status(201, _delegate(delegate.pk))


@router.patch("/delegates/{int:delegate_id}", response=DelegateOut, auth=token_auth)
def update_delegate(request: TokenRequest, delegate_id: int, payload: DelegateChanges):
    """Change the fields given; ``host_organization: null`` clears the host."""
    changes = payload.model_dump(exclude_unset=True)
    if "country" in changes:
        changes["country"] = references.country(payload.country, ["country"])
    if "host_organization" in changes:
        changes["host_organization"] = references.organization(payload.host_organization, ["host_organization"])
    services.update_delegate(delegate=_delegate(delegate_id), author=request.auth, **changes)
    return _delegate(delegate_id)


@router.delete("/delegates/{int:delegate_id}", response={204: None}, auth=token_auth)
def delete_delegate(request: TokenRequest, delegate_id: int):
    """Delete a delegate (the history stays)."""
    services.delete_delegate(delegate=_delegate(delegate_id), author=request.auth)
    return Status(204, None)
