"""Money: funding lines, disbursements and summaries of projects; an authority's 1 % budgets.

Writes go through ``coopdec.funding.services``, which checks the 1 % ceilings.
"""

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router, Status

from coopdec.funding import services
from coopdec.funding.enums import Service
from coopdec.funding.perms import can_view_service_budgets
from coopdec.funding.selectors import funding_summary, one_percent_position, one_percent_used
from coopdec.projects.models import Funding, Project
from coopdec.territories.models import Authority

from .. import references
from ..auth import OPTIONAL_TOKEN, ApiRequest, TokenRequest, token_auth
from ..errors import not_found
from ..routers.projects import visible
from ..schemas.funding import OnePercentOut, ServiceBudgetIn, ServiceBudgetOut
from ..schemas.projects import (
    DisbursementIn,
    DisbursementWritten,
    FundingChanges,
    FundingIn,
    FundingSummaryOut,
    FundingWritten,
)

router = Router(tags=["funding"])


def funding_of(project: Project, funding_id: int) -> Funding:
    funding = project.fundings.select_related("project").filter(pk=funding_id).first()
    if funding is None:
        raise not_found(_("No funding line with the id %(id)s in this project.") % {"id": funding_id})
    return funding


def written_line(outcome: services.FundingOutcome) -> Funding:
    funding = Funding.objects.select_related("funder_authority", "funder_organization").get(pk=outcome.funding.pk)
    funding.warnings = outcome.warnings  # type: ignore[attr-defined]  # read by the response schema
    return funding


def funders(payload: FundingIn | FundingChanges, fields: set[str]) -> dict:
    """The funder references the payload gives, as records (``None`` clears one)."""
    found = {}
    if "funder_authority" in fields:
        found["funder_authority"] = references.authority(payload.funder_authority, ["funder_authority"])
    if "funder_organization" in fields:
        found["funder_organization"] = references.organization(payload.funder_organization, ["funder_organization"])
    return found


@router.post("/projects/{int:project_id}/fundings", response={201: FundingWritten}, auth=token_auth)
def add_funding(request: TokenRequest, project_id: int, payload: FundingIn):
    """Add a funding line; a 1 % line must fit under its service budget's ceiling (422 with the figures)."""
    fields = payload.model_dump()
    outcome = services.add_funding(
        project=visible(request, project_id), author=request.auth, **{**fields, **funders(payload, set(fields))}
    )
    return Status(201, written_line(outcome))


@router.patch("/projects/{int:project_id}/fundings/{int:funding_id}", response=FundingWritten, auth=token_auth)
def update_funding(request: TokenRequest, project_id: int, funding_id: int, payload: FundingChanges):
    """Change the fields given; a 1 % line is checked again against its ceiling, without counting itself twice."""
    funding = funding_of(visible(request, project_id), funding_id)
    changes = payload.model_dump(exclude_unset=True)
    outcome = services.update_funding(
        funding=funding, author=request.auth, **{**changes, **funders(payload, set(changes))}
    )
    return written_line(outcome)


@router.delete("/projects/{int:project_id}/fundings/{int:funding_id}", response={204: None}, auth=token_auth)
def remove_funding(request: TokenRequest, project_id: int, funding_id: int):
    """Delete a funding line (its history stays)."""
    services.remove_funding(funding=funding_of(visible(request, project_id), funding_id), author=request.auth)
    return Status(204, None)


@router.post("/projects/{int:project_id}/disbursements", response={201: DisbursementWritten}, auth=token_auth)
def add_disbursement(request: TokenRequest, project_id: int, payload: DisbursementIn):
    """Record money paid out in a year, against one of the project's funding lines if known."""
    outcome = services.add_disbursement(
        project=visible(request, project_id),
        author=request.auth,
        funding=references.funding(payload.funding, ["funding"]),
        **payload.model_dump(exclude={"funding"}),
    )
    outcome.disbursement.warnings = outcome.warnings  # type: ignore[attr-defined]  # read by the response schema
    return Status(201, outcome.disbursement)


@router.get("/projects/{int:project_id}/funding-summary", response=FundingSummaryOut, openapi_extra=OPTIONAL_TOKEN)
def get_funding_summary(request: ApiRequest, project_id: int):
    """The funding lines against the budget, in euros (ECB rate of each line's value date), in kind apart."""
    project = visible(request, project_id, Project.objects.prefetch_related("fundings"))
    return funding_summary(project)


def authority_or_404(code: str):
    authority = Authority.objects.filter(code__in={code, code.upper()}).first()
    if authority is None:
        raise not_found(_("No authority with the code %(code)s.") % {"code": code})
    return authority


@router.get("/authorities/{code}/one-percent", response=OnePercentOut, auth=token_auth)
def get_one_percent(request: TokenRequest, code: str, year: int | None = None):
    """Each service budget's 1 % ceiling for a year (this year by default), what lines use and what is left.

    Seen by the authority's members and coordinators.
    """
    authority = authority_or_404(code)
    if not can_view_service_budgets(request.auth, authority):
        raise PermissionDenied
    year = year or timezone.localdate().year
    return {"authority": authority, "year": year, "services": one_percent_position(authority, year)}


@router.put("/authorities/{code}/service-budgets/{int:year}/{service}", response=ServiceBudgetOut, auth=token_auth)
def put_service_budget(request: TokenRequest, code: str, year: int, service: Service, payload: ServiceBudgetIn):
    """Record (or correct) a service budget's own resources for a year; its 1 % ceiling follows.

    Refused with the figures if lines already use more than the new ceiling.
    """
    budget = services.record_service_budget(
        authority=authority_or_404(code), year=year, service=service, author=request.auth, **payload.model_dump()
    )
    used = one_percent_used(authority=budget.authority_id, year=year, service=service)
    return {
        "authority": budget.authority,
        "year": year,
        "service": budget.service,
        "currency": budget.currency,
        "own_resources": budget.own_resources,
        "ceiling": budget.ceiling,
        "used": used,
        "left": budget.ceiling - used,
    }
