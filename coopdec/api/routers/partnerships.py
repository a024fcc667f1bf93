"""Partnerships: reads as far as the user may see them; writes through ``coopdec.partnerships.services``."""

from django.db.models import F, Prefetch
from django.http import HttpResponse
from django.utils.translation import gettext as _
from ninja import Query, Router, Status
from ninja.pagination import PageNumberPagination, paginate

from coopdec.partnerships import services
from coopdec.partnerships.models import Partnership, Party
from coopdec.partnerships.perms import visible_partnerships
from coopdec.partnerships.services import PartySpec
from coopdec.projects.models import Project
from coopdec.projects.perms import visible_projects

from .. import references
from ..auth import OPTIONAL_TOKEN, ApiRequest, TokenRequest, token_auth
from ..errors import not_found
from ..filters import known_authority, known_country, known_theme
from ..schemas.partnerships import (
    EndIn,
    PartnershipChanges,
    PartnershipDetail,
    PartnershipFilters,
    PartnershipIn,
    PartnershipOut,
    PartnershipWritten,
    PartyIn,
    ReasonIn,
    RenewalIn,
    SentToPrefectIn,
    SignatureIn,
)
from ..versions import expected_version, tag

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
def list_partnerships(request: ApiRequest, filters: Query[PartnershipFilters]):
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


def detail(user, partnership_id: int) -> Partnership:
    """The partnership as its detail shows it; 404 when the user may not see it (its existence is not revealed)."""
    partnership = with_relations(visible_partnerships(user, Partnership.objects.filter(pk=partnership_id))).first()
    if partnership is None:
        raise not_found(_("No partnership with the id %(id)s.") % {"id": partnership_id})
    projects = visible_projects(user, Project.objects.filter(partnership=partnership))
    partnership.visible_projects = list(projects.only("pk", "title").order_by("title", "pk"))
    return partnership


@router.get("/partnerships/{int:partnership_id}", response=PartnershipDetail, openapi_extra=OPTIONAL_TOKEN)
def get_partnership(request: ApiRequest, response: HttpResponse, partnership_id: int):
    """A partnership; a private one you may not see answers 404, as if it did not exist.

    Its ``version`` is also the ``ETag``: send it back with a PATCH (``version`` or ``If-Match``)."""
    partnership = detail(request.auth, partnership_id)
    tag(response, partnership)
    return partnership


# Writes: the partnership is fetched as its reader sees it (404 if hidden); the service decides the rest.


def visible(request: ApiRequest, partnership_id: int) -> Partnership:
    partnership = visible_partnerships(request.auth, Partnership.objects.filter(pk=partnership_id)).first()
    if partnership is None:
        raise not_found(_("No partnership with the id %(id)s.") % {"id": partnership_id})
    return partnership


def party_specs(parties: list[PartyIn]) -> list[PartySpec]:
    return [
        PartySpec(
            authority=references.authority(party.authority, ["parties", i, "authority"]),
            organization=references.organization(party.organization, ["parties", i, "organization"]),
            country=references.country(party.country, ["parties", i, "country"]),
            role=party.role,
        )
        for i, party in enumerate(parties)
    ]


def written(request: ApiRequest, partnership: Partnership) -> Partnership:
    """The partnership as written, read back like its detail; partnership services give no warnings."""
    shown = detail(request.auth, partnership.pk)
    shown.warnings = []  # type: ignore[attr-defined]  # read by the response schema
    return shown


@router.post("/partnerships", response={201: PartnershipWritten}, auth=token_auth)
def create_partnership(request: TokenRequest, payload: PartnershipIn):
    """Record a partnership with its parties; with ``signed_on`` (and ``sent_to_prefect_on``) it is signed (in force).

    You must be a member of one of the party authorities, or a coordinator.
    """
    fields = payload.model_dump(exclude={"parties", "themes"})
    partnership = services.create_partnership(
        author=request.auth,
        parties=party_specs(payload.parties),
        themes=references.themes(payload.themes, ["themes"]),
        **fields,
    )
    return Status(201, written(request, partnership))


@router.patch("/partnerships/{int:partnership_id}", response=PartnershipWritten, auth=token_auth)
def update_partnership(request: TokenRequest, response: HttpResponse, partnership_id: int, payload: PartnershipChanges):
    """Change the fields given (``parties`` and ``themes`` replace the lists); the others stay as they are.

    Send the ``version`` you read (in the body or as ``If-Match``): 428 without it, 409 if someone saved since.
    """
    version = expected_version(request, payload.version)
    changes = payload.model_dump(exclude_unset=True, exclude={"parties", "themes", "version"})
    parties = party_specs(payload.parties) if payload.parties is not None else None
    partnership = services.update_partnership(
        partnership=visible(request, partnership_id),
        author=request.auth,
        parties=parties,
        themes=references.themes(payload.themes, ["themes"]),
        expected_version=version,
        **changes,
    )
    shown = written(request, partnership)
    tag(response, shown)
    return shown


@router.post("/partnerships/{int:partnership_id}/sign", response=PartnershipWritten, auth=token_auth)
def sign_partnership(request: TokenRequest, partnership_id: int, payload: SignatureIn):
    """Record the signature of a partnership being prepared: a French convention is then signed, not yet in force."""
    partnership = services.sign_partnership(
        partnership=visible(request, partnership_id), author=request.auth, signed_on=payload.signed_on
    )
    return written(request, partnership)


@router.post("/partnerships/{int:partnership_id}/sent-to-prefect", response=PartnershipWritten, auth=token_auth)
def record_sent_to_prefect(request: TokenRequest, partnership_id: int, payload: SentToPrefectIn):
    """Record when a signed French convention was sent to the préfet: from that day it is in force."""
    partnership = services.record_sent_to_prefect(
        partnership=visible(request, partnership_id), author=request.auth, on=payload.on
    )
    return written(request, partnership)


@router.post("/partnerships/{int:partnership_id}/suspend", response=PartnershipWritten, auth=token_auth)
def suspend_partnership(request: TokenRequest, partnership_id: int, payload: ReasonIn):
    """Suspend a signed or in-force partnership."""
    partnership = services.suspend_partnership(
        partnership=visible(request, partnership_id), author=request.auth, reason=payload.reason
    )
    return written(request, partnership)


@router.post("/partnerships/{int:partnership_id}/resume", response=PartnershipWritten, auth=token_auth)
def resume_partnership(request: TokenRequest, partnership_id: int, payload: ReasonIn):
    """Lift a suspension: back to signed or in force, as the dates say."""
    partnership = services.resume_partnership(
        partnership=visible(request, partnership_id), author=request.auth, reason=payload.reason
    )
    return written(request, partnership)


@router.post("/partnerships/{int:partnership_id}/end", response=PartnershipWritten, auth=token_auth)
def end_partnership(request: TokenRequest, partnership_id: int, payload: EndIn):
    """End a signed, in-force or suspended partnership on a day, not before it began."""
    partnership = services.end_partnership(
        partnership=visible(request, partnership_id), author=request.auth, on=payload.on, reason=payload.reason
    )
    return written(request, partnership)


@router.post("/partnerships/{int:partnership_id}/renew", response={201: PartnershipWritten}, auth=token_auth)
def renew_partnership(request: TokenRequest, partnership_id: int, payload: RenewalIn):
    """Sign a new partnership renewing this one (same parties, themes, terms); this one ends the day before."""
    renewal = services.renew_partnership(
        previous=visible(request, partnership_id), author=request.auth, **payload.model_dump()
    )
    return Status(201, written(request, renewal))
