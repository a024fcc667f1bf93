"""Partnerships, as far as the user may see them."""

from django.db.models import F, Prefetch
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router
from ninja.pagination import PageNumberPagination, paginate

from coopdec.partnerships.models import Partnership, Party
from coopdec.partnerships.perms import visible_partnerships
from coopdec.projects.models import Project
from coopdec.projects.perms import visible_projects

from ..auth import OPTIONAL_TOKEN
from ..errors import not_found
from ..filters import known_authority, known_country, known_theme
from ..schemas.partnerships import PartnershipDetail, PartnershipFilters, PartnershipOut

router = Router(tags=["partnerships"])


def with_relations(partnerships):
    return partnerships.prefetch_related(
        Prefetch(
            "parties", queryset=Party.objects.select_related("authority", "organization", "country").order_by("pk")
        ),
        "themes",
    )


@router.get("/partnerships", response=list[PartnershipOut], openapi_extra=OPTIONAL_TOKEN)
@paginate(PageNumberPagination)
def list_partnerships(request: HttpRequest, filters: Query[PartnershipFilters]):
    """Partnerships you may see (public ones, and private ones of your authorities), latest signed first."""
    partnerships = visible_partnerships(request.auth, Partnership.objects.all())
    if filters.country:
        partnerships = partnerships.in_country(known_country(filters.country))
    if filters.theme:
        partnerships = partnerships.with_theme(known_theme(filters.theme))
    if filters.authority:
        partnerships = partnerships.of_authority(known_authority(filters.authority))
    if filters.status:
        partnerships = partnerships.filter(status=filters.status)
    if filters.kind:
        partnerships = partnerships.filter(kind=filters.kind)
    return with_relations(partnerships).order_by(F("signed_on").desc(nulls_last=True), "title", "pk")


@router.get("/partnerships/{int:partnership_id}", response=PartnershipDetail, openapi_extra=OPTIONAL_TOKEN)
def get_partnership(request: HttpRequest, partnership_id: int):
    """A partnership; a private one you may not see answers 404, as if it did not exist."""
    partnership = with_relations(visible_partnerships(request.auth, Partnership.objects.filter(pk=partnership_id)))
    partnership = partnership.first()
    if partnership is None:
        raise not_found(_("No partnership with the id %(id)s.") % {"id": partnership_id})
    projects = visible_projects(request.auth, Project.objects.filter(partnership=partnership))
    partnership.visible_projects = list(projects.only("pk", "title").order_by("title", "pk"))
    return partnership
