"""Projects, as far as the user may see them."""

from django.db.models import F, Prefetch
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router
from ninja.pagination import PageNumberPagination, paginate

from coopdec.projects.models import Funding, Participant, Place, Project
from coopdec.projects.perms import visible_projects

from ..auth import OPTIONAL_TOKEN
from ..errors import not_found
from ..filters import known_authority, known_country, known_theme
from ..schemas.projects import ProjectDetail, ProjectFilters, ProjectOut

router = Router(tags=["projects"])


def with_relations(projects):
    return projects.select_related("lead_authority").prefetch_related(
        Prefetch(
            "participants", queryset=Participant.objects.select_related("authority", "organization").order_by("pk")
        ),
        Prefetch("places", queryset=Place.objects.select_related("authority").order_by("pk")),
        Prefetch(
            "fundings",
            queryset=Funding.objects.select_related("funder_authority", "funder_organization").order_by("pk"),
        ),
        "themes",
        "disbursements",
    )


@router.get("/projects", response=list[ProjectOut], openapi_extra=OPTIONAL_TOKEN)
@paginate(PageNumberPagination)
def list_projects(request: HttpRequest, filters: Query[ProjectFilters]):
    """Projects you may see (public ones, and private ones your authorities may edit), latest first."""
    projects = visible_projects(request.auth, Project.objects.all())
    if filters.country:
        projects = projects.in_country(known_country(filters.country))
    if filters.theme:
        projects = projects.with_theme(known_theme(filters.theme))
    if filters.authority:
        projects = projects.involving(known_authority(filters.authority))
    if filters.status:
        projects = projects.filter(status=filters.status)
    if filters.kind:
        projects = projects.filter(kind=filters.kind)
    return with_relations(projects).order_by(F("planned_start").desc(nulls_last=True), "title", "pk")


@router.get("/projects/{int:project_id}", response=ProjectDetail, openapi_extra=OPTIONAL_TOKEN)
def get_project(request: HttpRequest, project_id: int):
    """A project; a private one you may not see answers 404, as if it did not exist."""
    project = with_relations(visible_projects(request.auth, Project.objects.filter(pk=project_id)))
    project = project.prefetch_related("results").first()
    if project is None:
        raise not_found(_("No project with the id %(id)s.") % {"id": project_id})
    return project
