"""Partnerships and their parties."""

from datetime import date
from decimal import Decimal

from ninja import Field, Schema

from coopdec.partnerships.enums import PartnershipKind, PartnershipStatus

from .refs import EntityRef, entity_ref


class PartyOut(Schema):
    role: str
    entity: EntityRef

    @staticmethod
    def resolve_entity(obj) -> EntityRef:
        return entity_ref(authority=obj.authority, organization=obj.organization, country=obj.country)


class PartnershipOut(Schema):
    id: int
    title: str
    description: str
    language: str
    translations: dict
    kind: str
    status: str
    mode: str
    legal_form: str
    visibility: str
    signed_on: date | None
    sent_to_prefect_on: date | None
    starts_on: date | None
    ends_on: date | None
    renewal_of: int | None = Field(alias="renewal_of_id")
    planned_commitment: Decimal | None
    currency: str
    themes: list[str]
    parties: list[PartyOut]

    @staticmethod
    def resolve_themes(obj) -> list[str]:
        return [theme.code for theme in obj.themes.all()]

    @staticmethod
    def resolve_parties(obj) -> list:
        return list(obj.parties.all())


class ProjectRef(Schema):
    id: int
    title: str


class PartnershipDetail(PartnershipOut):
    technical_terms: str
    financial_terms: str
    reciprocity: str
    projects: list[ProjectRef] = Field(description="The projects under this partnership that you may see.")

    @staticmethod
    def resolve_projects(obj) -> list:
        return obj.visible_projects


class PartnershipFilters(Schema):
    country: str | None = Field(
        None, pattern=r"^[A-Za-z]{2}$", description="A party is in this country (ISO 3166-1 alpha-2)."
    )
    theme: str | None = Field(None, description="Theme code, see /api/themes.")
    authority: str | None = Field(None, description="Code of an authority that is a party.")
    status: PartnershipStatus | None = None
    kind: PartnershipKind | None = None
