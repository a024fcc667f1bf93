"""Projects, their participants, places, funding lines, disbursements and results."""

from datetime import date
from decimal import Decimal

from ninja import Field, Schema

from coopdec.projects.enums import ProjectKind, ProjectStatus

from .refs import AuthorityRef, EntityRef, entity_ref


class ParticipantOut(Schema):
    role: str
    entity: EntityRef

    @staticmethod
    def resolve_entity(obj) -> EntityRef:
        return entity_ref(authority=obj.authority, organization=obj.organization)


class PlaceOut(Schema):
    name: str
    authority: str | None
    country: str | None = Field(alias="country_id")
    latitude: float | None
    longitude: float | None

    @staticmethod
    def resolve_authority(obj) -> str | None:
        return obj.authority.code if obj.authority_id else None


class FundingOut(Schema):
    id: int
    funder: EntityRef | None
    instrument: str
    amount: Decimal
    currency: str
    in_kind: bool
    value_date: date | None

    @staticmethod
    def resolve_funder(obj) -> EntityRef | None:
        return entity_ref(authority=obj.funder_authority, organization=obj.funder_organization)


class DisbursementOut(Schema):
    year: int
    amount: Decimal
    currency: str
    paid_on: date | None
    funding: int | None = Field(alias="funding_id")


class ResultOut(Schema):
    indicator: str
    unit: str
    baseline: Decimal | None
    target: Decimal | None
    achieved: Decimal | None
    year: int | None


class ProjectOut(Schema):
    id: int
    title: str
    description: str
    language: str
    translations: dict
    kind: str
    status: str = Field(description="IATI activity status code (1 pipeline … 6 suspended).")
    visibility: str
    partnership: int | None = Field(alias="partnership_id")
    lead_authority: AuthorityRef
    planned_start: date | None
    planned_end: date | None
    actual_start: date | None
    actual_end: date | None
    budget: Decimal | None
    currency: str
    iati_identifier: str | None
    themes: list[str]
    participants: list[ParticipantOut]
    places: list[PlaceOut]
    fundings: list[FundingOut]
    disbursements: list[DisbursementOut]

    @staticmethod
    def resolve_themes(obj) -> list[str]:
        return [theme.code for theme in obj.themes.all()]

    @staticmethod
    def resolve_participants(obj) -> list:
        return list(obj.participants.all())

    @staticmethod
    def resolve_places(obj) -> list:
        return list(obj.places.all())

    @staticmethod
    def resolve_fundings(obj) -> list:
        return list(obj.fundings.all())

    @staticmethod
    def resolve_disbursements(obj) -> list:
        return list(obj.disbursements.all())


class ProjectDetail(ProjectOut):
    results: list[ResultOut]

    @staticmethod
    def resolve_results(obj) -> list:
        return list(obj.results.all())


class ProjectFilters(Schema):
    country: str | None = Field(
        None, pattern=r"^[A-Za-z]{2}$", description="A place or participant is in this country (ISO 3166-1 alpha-2)."
    )
    theme: str | None = Field(None, description="Theme code, see /api/themes.")
    authority: str | None = Field(None, description="Code of the lead or a participating authority.")
    status: ProjectStatus | None = None
    kind: ProjectKind | None = None
