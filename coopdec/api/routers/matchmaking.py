"""Matchmaking: sector suggestion, profiles, their matches; writes through ``coopdec.matchmaking.services``."""

from datetime import date

from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import PageNumberPagination, paginate

from coopdec.matchmaking import services
from coopdec.matchmaking.enums import ProfileKind, ProfileStatus
from coopdec.matchmaking.matching import Match, suggest_matches
from coopdec.matchmaking.models import Profile
from coopdec.matchmaking.perms import visible_profiles
from coopdec.matchmaking.sectors import suggest_sectors

from .. import references
from ..auth import OPTIONAL_TOKEN, ApiRequest, TokenRequest, token_auth
from ..errors import not_found

router = Router(tags=["matchmaking"])


class RankedSector(Schema):
    code: str
    score: float


class SectorSuggestion(Schema):
    ranked: list[RankedSector]


class SectorSuggestionQuery(Schema):
    text: str = Field(..., min_length=1, max_length=5000)
    lang: str | None = None
    limit: int = Field(20, ge=1, le=100)


class ProfileFilters(Schema):
    kind: ProfileKind | None = None
    organization: int | None = None
    country: str | None = Field(None, description="The organisation's country, ISO 3166-1 alpha-2.")
    sector: str | None = Field(None, description="A NACE class, group or division code: 10.11, 10.1, 10.")


class ProfileOut(Schema):
    id: int
    organization: int = Field(..., alias="organization_id")
    kind: ProfileKind
    title: str
    description: str
    language: str
    technologies: str
    sectors: list[str]
    partnership_types: list[str]
    target_countries: list[str]
    target_organization_kinds: list[str]
    expires_on: date | None
    status: ProfileStatus
    is_demo: bool

    @staticmethod
    def resolve_sectors(profile: Profile) -> list[str]:
        return sorted(sector.code for sector in profile.sectors.all())

    @staticmethod
    def resolve_target_countries(profile: Profile) -> list[str]:
        return sorted(country.code for country in profile.target_countries.all())


class PassageOut(Schema):
    query_sentence: str
    candidate_sentence: str
    similarity: float


class SharedSectorOut(Schema):
    query_code: str
    candidate_code: str
    level: str


class MatchOut(Schema):
    profile: ProfileOut
    score: float
    similarity: float
    shared_sectors: list[SharedSectorOut]
    passage: PassageOut | None
    partnerships: list[int] = Field(..., description="Active partnerships between the two home authorities.")
    query_targets_candidate_country: bool
    candidate_targets_query_country: bool
    candidate_in_target_territory: bool


class ProfileIn(Schema):
    organization: int
    kind: ProfileKind
    title: str
    description: str
    language: str = ""
    technologies: str = ""
    sectors: list[str] = []
    partnership_types: list[str] = []
    target_countries: list[str] = []
    target_authorities: list[str] = Field([], description="Authority codes.")
    target_organization_kinds: list[str] = []
    expires_on: date | None = None
    status: ProfileStatus = ProfileStatus.DRAFT


class ProfileChanges(Schema):
    kind: ProfileKind | None = None
    title: str | None = None
    description: str | None = None
    language: str | None = None
    technologies: str | None = None
    sectors: list[str] | None = None
    partnership_types: list[str] | None = None
    target_countries: list[str] | None = None
    target_authorities: list[str] | None = None
    target_organization_kinds: list[str] | None = None
    expires_on: date | None = None
    status: ProfileStatus | None = None


def with_relations(profiles):
    return profiles.prefetch_related("sectors", "target_countries")


def shown(user, profile_id: int) -> Profile:
    profile = with_relations(visible_profiles(user, Profile.objects.filter(pk=profile_id))).first()
    if profile is None:
        raise not_found(_("No profile with the id %(id)s.") % {"id": profile_id})
    return profile


def targets(changes: dict) -> dict:
    """Country and authority codes of the payload as objects; an unknown code is a 422."""
    for name, find in (("target_countries", references.country), ("target_authorities", references.authority)):
        if changes.get(name) is not None:
            changes[name] = [find(code, [name, i]) for i, code in enumerate(changes[name])]
    return changes


@router.get("/matchmaking/sectors/suggest", response=SectorSuggestion, openapi_extra=OPTIONAL_TOKEN)
def suggest_sectors_for_text(request: ApiRequest, query: Query[SectorSuggestionQuery]):
    """The NACE classes (``10.11``) that fit a text in any language, best first — the profile form's live suggestion."""
    ranked = suggest_sectors(query.text, lang=query.lang, limit=query.limit)
    return {"ranked": [{"code": code, "score": score} for code, score in ranked]}


@router.get("/matchmaking/profiles", response=list[ProfileOut], openapi_extra=OPTIONAL_TOKEN)
@paginate(PageNumberPagination)
def list_profiles(request: ApiRequest, filters: Query[ProfileFilters]):
    """Published profiles (and, with a token, your organisations' drafts), latest first."""
    profiles = visible_profiles(request.auth)
    if filters.kind:
        profiles = profiles.filter(kind=filters.kind)
    if filters.organization:
        profiles = profiles.filter(organization_id=filters.organization)
    if filters.country:
        profiles = profiles.in_country(filters.country)
    if filters.sector:
        profiles = profiles.filter(sectors__code__startswith=filters.sector).distinct()
    return with_relations(profiles).order_by("-updated_at", "pk")


@router.get("/matchmaking/profiles/{int:profile_id}", response=ProfileOut, openapi_extra=OPTIONAL_TOKEN)
def get_profile(request: ApiRequest, profile_id: int):
    return shown(request.auth, profile_id)


@router.get("/matchmaking/profiles/{int:profile_id}/matches", response=list[MatchOut], openapi_extra=OPTIONAL_TOKEN)
def profile_matches(request: ApiRequest, profile_id: int, limit: int = Query(10, ge=1, le=50)):
    """Complementary published profiles, best first, with the reasons of each suggestion."""
    matches: list[Match] = suggest_matches(shown(request.auth, profile_id), limit=limit)
    found = with_relations(Profile.objects.filter(pk__in=[m.profile_id for m in matches])).in_bulk()
    return [
        {
            "profile": found[match.profile_id],
            "score": match.score,
            "similarity": match.similarity,
            "shared_sectors": match.shared_sectors,
            "passage": match.passage,
            "partnerships": match.partnership_ids,
            "query_targets_candidate_country": match.territory.query_targets_candidate_country,
            "candidate_targets_query_country": match.territory.candidate_targets_query_country,
            "candidate_in_target_territory": match.territory.candidate_in_target_territory,
        }
        for match in matches
    ]


@router.post("/matchmaking/profiles", response={201: ProfileOut}, auth=token_auth)
def create_profile(request: TokenRequest, payload: ProfileIn):
    """Write a profile of an organisation you are a member of (or as a coordinator); it is embedded at once."""
    fields = targets(payload.model_dump(exclude={"organization"}))
    organization = references.organization(payload.organization, ["organization"])
    profile = services.create_profile(author=request.auth, organization=organization, **fields)
    return Status(201, shown(request.auth, profile.pk))


@router.patch("/matchmaking/profiles/{int:profile_id}", response=ProfileOut, auth=token_auth)
def update_profile(request: TokenRequest, profile_id: int, payload: ProfileChanges):
    """Change the fields given (lists replace the stored lists); a changed text is embedded again."""
    changes = targets(payload.model_dump(exclude_unset=True))
    profile = services.update_profile(author=request.auth, profile=shown(request.auth, profile_id), **changes)
    return shown(request.auth, profile.pk)
