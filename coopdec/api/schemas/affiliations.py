"""Memberships of international organisations (with their yearly contributions) and delegates abroad."""

from datetime import date
from decimal import Decimal

from ninja import Field, Schema

from coopdec.partnerships.enums import AffiliationStatus

from .refs import Amount, AuthorityRef


class OrganizationRef(Schema):
    id: int
    name: str


class ContributionIn(Schema):
    amount: Decimal = Field(description="The contribution paid for the year; never negative.")
    currency: str = "EUR"


class ContributionOut(Schema):
    year: int
    amount: Amount
    currency: str


class AffiliationOut(Schema):
    id: int
    authority: AuthorityRef
    organization: OrganizationRef
    status: str
    since: date | None
    until: date | None
    representative: str
    focal_point: str
    notes: str
    contributions: list[ContributionOut] = Field(description="Yearly contributions, latest year first.")


class AffiliationIn(Schema):
    authority: str = Field(description="Code of the member authority.")
    organization: int = Field(description="Id of an international organisation or a network of authorities.")
    status: AffiliationStatus = AffiliationStatus.MEMBER
    since: date | None = None
    until: date | None = None
    representative: str = ""
    focal_point: str = ""
    notes: str = ""


class AffiliationChanges(Schema):
    """Fields of a membership that a PATCH may change; the member authority never changes."""

    organization: int | None = Field(None, description="Id of an international organisation or a network.")
    status: AffiliationStatus | None = None
    since: date | None = None
    until: date | None = None
    representative: str | None = None
    focal_point: str | None = None
    notes: str | None = None


class DelegateOut(Schema):
    id: int
    authority: AuthorityRef
    person: str
    country: str = Field(description="ISO alpha-2 code of the country of the post.")
    post: str
    host_organization: OrganizationRef | None
    starts_on: date | None
    ends_on: date | None

    @staticmethod
    def resolve_country(delegate) -> str:
        return delegate.country_id


class DelegateIn(Schema):
    authority: str = Field(description="Code of the authority that posts the delegate.")
    person: str
    country: str = Field(description="ISO alpha-2 code of the country of the post.")
    post: str = Field(description="E.g. delegate at the French embassy in Vanuatu.")
    host_organization: int | None = Field(None, description="Id of the hosting organisation.")
    starts_on: date | None = None
    ends_on: date | None = None


class DelegateChanges(Schema):
    """Fields of a delegate that a PATCH may change; the authority that posts them never changes."""

    person: str | None = None
    country: str | None = None
    post: str | None = None
    host_organization: int | None = Field(None, description="Id of the hosting organisation; null clears it.")
    starts_on: date | None = None
    ends_on: date | None = None
