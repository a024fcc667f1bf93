"""Projects: reads as far as the user may see them; writes through ``coopdec.projects.services``."""

from django.db.models import F, Prefetch
from django.http import HttpResponse
from django.utils.translation import gettext as _
from ninja import Query, Router, Status
from ninja.pagination import PageNumberPagination, paginate

from coopdec.interop.iati.downloads import activities_download
from coopdec.projects import services
from coopdec.projects.models import Funding, Participant, Place, Project
from coopdec.projects.perms import visible_projects
from coopdec.projects.services import ParticipantSpec

from .. import references
from ..auth import OPTIONAL_TOKEN, ApiRequest, TokenRequest, token_auth
from ..errors import not_found
from ..filters import known_authority, known_country, known_theme
from ..schemas.projects import (
    ParticipantIn,
    ParticipantOut,
    ProjectChanges,
    ProjectDetail,
    ProjectFilters,
    ProjectIn,
    ProjectOut,
    ProjectWritten,
)
from ..versions import expected_version, tag

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
def list_projects(request: ApiRequest, filters: Query[ProjectFilters]):
    """Projects you may see (public ones, and private ones your authorities may edit), latest first."""
    projects = filtered(visible_projects(request.auth, Project.objects.all()), filters)
    return with_relations(projects).order_by(F("planned_start").desc(nulls_last=True), "title", "pk")


@router.get(
    "/projects/iati",
    openapi_extra={
        **OPTIONAL_TOKEN,
        "responses": {
            200: {
                "description": "An IATI 2.03 iati-activities file (valid against the official schema).",
                "content": {"application/xml": {"schema": {"type": "string"}}},
            }
        },
    },
)
def projects_iati(request: ApiRequest, filters: Query[ProjectFilters]):
    """The public projects matching the filters as an IATI 2.03 activity file (XML), whoever asks.

    Private projects are never in it, even for a token that may see them: an IATI file is made to be published.
    Each activity is reported by its lead authority (or by the publisher it was imported from).
    """
    projects = filtered(Project.objects.public(), filters)
    return activities_download(projects.order_by("pk"), "coopdec-projects-iati.xml")


def filtered(projects, filters: ProjectFilters):
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
    return projects


def visible(request: ApiRequest, project_id: int, queryset=None) -> Project:
    """The project if the user may see it; 404 otherwise (its existence is not revealed)."""
    queryset = Project.objects.all() if queryset is None else queryset
    project = visible_projects(request.auth, queryset.filter(pk=project_id)).first()
    if project is None:
        raise not_found(_("No project with the id %(id)s.") % {"id": project_id})
    return project


def detail(request: ApiRequest, project_id: int) -> Project:
    return visible(request, project_id, with_relations(Project.objects.prefetch_related("results")))


@router.get("/projects/{int:project_id}", response=ProjectDetail, openapi_extra=OPTIONAL_TOKEN)
def get_project(request: ApiRequest, response: HttpResponse, project_id: int):
    """A project; a private one you may not see answers 404, as if it did not exist.

    Its ``version`` is also the ``ETag``: send it back with a PATCH (``version`` or ``If-Match``)."""
    project = detail(request, project_id)
    tag(response, project)
    return project


# Writes: the project is fetched as its reader sees it (404 if hidden); the service decides the rest.


def written(request: ApiRequest, outcome: services.ProjectOutcome) -> Project:
    shown = detail(request, outcome.project.pk)
    shown.warnings = outcome.warnings  # type: ignore[attr-defined]  # read by the response schema
    return shown


def participant_spec(participant: ParticipantIn, loc: list) -> ParticipantSpec:
    return ParticipantSpec(
        authority=references.authority(participant.authority, [*loc, "authority"]),
        organization=references.organization(participant.organization, [*loc, "organization"]),
        role=participant.role,
    )


@router.post("/projects", response={201: ProjectWritten}, auth=token_auth)
def create_project(request: TokenRequest, payload: ProjectIn):
    """Create a project, under a partnership or standalone; its lead authority becomes its lead participant.

    You must be a member of the lead authority, or a coordinator. A development project without a
    partnership is created with a warning.
    """
    fields = payload.model_dump(exclude={"lead_authority", "partnership", "participants", "themes"})
    outcome = services.create_project(
        author=request.auth,
        lead_authority=references.authority(payload.lead_authority, ["lead_authority"]),
        partnership=references.partnership(payload.partnership, ["partnership"]),
        participants=[participant_spec(p, ["participants", i]) for i, p in enumerate(payload.participants)],
        themes=references.themes(payload.themes, ["themes"]),
        **fields,
    )
    return Status(201, written(request, outcome))


@router.patch("/projects/{int:project_id}", response=ProjectWritten, auth=token_auth)
def update_project(request: TokenRequest, response: HttpResponse, project_id: int, payload: ProjectChanges):
    """Change the fields given (``themes`` replaces the list); a new lead authority takes the lead role.

    Send the ``version`` you read (in the body or as ``If-Match``): 428 without it, 409 if someone saved since.
    """
    version = expected_version(request, payload.version)
    changes = payload.model_dump(exclude_unset=True, exclude={"themes", "version"})
    if "lead_authority" in changes:
        changes["lead_authority"] = references.authority(payload.lead_authority, ["lead_authority"])
    if "partnership" in changes:
        changes["partnership"] = references.partnership(payload.partnership, ["partnership"])
    outcome = services.update_project(
        project=visible(request, project_id),
        author=request.auth,
        themes=references.themes(payload.themes, ["themes"]),
        expected_version=version,
        **changes,
    )
    shown = written(request, outcome)
    tag(response, shown)
    return shown


@router.post("/projects/{int:project_id}/participants", response={201: ParticipantOut}, auth=token_auth)
def add_participant(request: TokenRequest, project_id: int, payload: ParticipantIn):
    """Add an authority or an organisation with a role: partner, operator, funder or beneficiary."""
    spec = participant_spec(payload, [])
    participant = services.add_participant(
        project=visible(request, project_id),
        author=request.auth,
        role=spec.role,
        authority=spec.authority,
        organization=spec.organization,
    )
    return Status(201, participant)


@router.delete("/projects/{int:project_id}/participants/{int:participant_id}", response={204: None}, auth=token_auth)
def remove_participant(request: TokenRequest, project_id: int, participant_id: int):
    """Remove a participant — never the lead authority's lead participation."""
    project = visible(request, project_id)
    participant = project.participants.select_related("project", "authority").filter(pk=participant_id).first()
    if participant is None:
        raise not_found(_("No participant with the id %(id)s in this project.") % {"id": participant_id})
    services.remove_participant(participant=participant, author=request.auth)
    return Status(204, None)
