"""Organisations."""

from django.utils.translation import gettext as _
from ninja import Query, Router
from ninja.pagination import PageNumberPagination, paginate

from coopdec.organizations.models import Organization

from ..auth import OPTIONAL_TOKEN, ApiRequest
from ..errors import not_found
from ..filters import known_country
from ..schemas.organizations import OrganizationFilters, OrganizationOut

router = Router(tags=["organizations"])


@router.get("/organizations", response=list[OrganizationOut], openapi_extra=OPTIONAL_TOKEN)
@paginate(PageNumberPagination)
def list_organizations(request: ApiRequest, filters: Query[OrganizationFilters]):
    """Organisations by name."""
    organizations = Organization.objects.select_related("authority")
    if filters.search and filters.search.strip():
        organizations = organizations.search(filters.search)
    if filters.kind:
        organizations = organizations.of_kind(filters.kind)
    if filters.country:
        organizations = organizations.in_country(known_country(filters.country))
    return organizations.order_by("name", "pk")


@router.get("/organizations/{int:organization_id}", response=OrganizationOut, openapi_extra=OPTIONAL_TOKEN)
def get_organization(request: ApiRequest, organization_id: int):
    organization = Organization.objects.select_related("authority").filter(pk=organization_id).first()
    if organization is None:
        raise not_found(_("No organisation with the id %(id)s.") % {"id": organization_id})
    return organization
