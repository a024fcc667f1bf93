"""Partnerships and their parties."""

from datetime import date
from decimal import Decimal
from typing import Literal

from ninja import Field, Schema

from coopdec.partnerships.enums import (
    LegalForm,
    PartnershipKind,
    PartnershipMode,
    PartnershipStatus,
    PartyRole,
    Visibility,
)

from .refs import EntityRef, one_entity_ref


class PartyOut(Schema):
    role: str
    entity: EntityRef

    @staticmethod
    def resolve_entity(obj) -> EntityRef:
        return one_entity_ref(authority=obj.authority, organization=obj.organization, country=obj.country)


class PartnershipOut(Schema):
    id: int
    version: int = Field(description="Goes up at every change; send it back with a PATCH.")
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


class PartyIn(Schema):
    """One side: exactly one of ``authority`` (code), ``organization`` (id) or ``country`` (ISO code, a State)."""

    authority: str | None = Field(None, description="Code of an authority, e.g. FR-REG-11 or GEONAMES-616052.")
    organization: int | None = Field(None, description="Id of an organisation.")
    country: str | None = Field(None, description="ISO 3166-1 alpha-2 code: the State itself is the party.")
    role: PartyRole = PartyRole.SIGNATORY


class PartnershipChanges(Schema):
    """Fields of a partnership that a PATCH may change; those left out stay as they are.

    Status and the dates of signature and sending to the préfet change only through their actions.
    """

    version: int | None = Field(
        None, description="The version you read (GET); or send it as If-Match. Required one way or the other."
    )

    title: str | None = None
    description: str | None = None
    language: str | None = None
    translations: dict | None = None
    kind: PartnershipKind | None = None
    mode: PartnershipMode | Literal[""] | None = None
    legal_form: LegalForm | Literal[""] | None = None
    starts_on: date | None = None
    ends_on: date | None = None
    technical_terms: str | None = None
    financial_terms: str | None = None
    planned_commitment: Decimal | None = None
    currency: str | None = None
    reciprocity: str | None = None
    visibility: Visibility | None = None
    themes: list[str] | None = Field(None, description="Theme codes; replaces the partnership's themes.")
    parties: list[PartyIn] | None = Field(None, description="Replaces the parties; keep your own authority among them.")


class PartnershipIn(Schema):
    title: str
    kind: PartnershipKind
    parties: list[PartyIn]
    description: str = ""
    language: str = "fr"
    mode: PartnershipMode | Literal[""] = ""
    legal_form: LegalForm | Literal[""] = ""
    signed_on: date | None = None
    sent_to_prefect_on: date | None = None
    starts_on: date | None = None
    ends_on: date | None = None
    themes: list[str] = Field([], description="Theme codes, see /api/themes.")
    technical_terms: str = ""
    financial_terms: str = ""
    planned_commitment: Decimal | None = None
    currency: str = "EUR"
    reciprocity: str = ""
    visibility: Visibility = Visibility.PUBLIC


class SignatureIn(Schema):
    signed_on: date


class SentToPrefectIn(Schema):
    on: date = Field(description="The day the convention was sent to the préfet: it is in force from then.")


class ReasonIn(Schema):
    reason: str = Field("", description="Kept in the partnership's history.")


class EndIn(Schema):
    on: date
    reason: str = Field("", description="Kept in the partnership's history.")


class RenewalIn(Schema):
    signed_on: date
    title: str | None = Field(None, description="The previous title if left out.")
    starts_on: date | None = None
    ends_on: date | None = None
    sent_to_prefect_on: date | None = None


class PartnershipWritten(PartnershipDetail):
    warnings: list[str] = Field([], description="What the user should know about this write, though it was made.")
