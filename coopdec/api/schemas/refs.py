"""References to other records, shared by several domains."""

from decimal import ROUND_HALF_UP, Decimal
from typing import Annotated, Literal

from ninja import Schema
from pydantic import AfterValidator

from coopdec.lib.money import CENT

# An amount shown to the cent ("12345.60"), whether it comes from the database or from a sum.
Amount = Annotated[Decimal, AfterValidator(lambda amount: amount.quantize(CENT, ROUND_HALF_UP))]


class AuthorityRef(Schema):
    code: str
    name: str


class EntityRef(Schema):
    """An authority (by ``code``), an organisation (by ``id``) or a country (by ``code``)."""

    type: Literal["authority", "organization", "country"]
    code: str | None = None
    id: int | None = None
    name: str


def entity_ref(*, authority=None, organization=None, country=None) -> EntityRef | None:
    if authority is not None:
        return EntityRef(type="authority", code=authority.code, name=authority.name)
    if organization is not None:
        return EntityRef(type="organization", id=organization.pk, name=organization.name)
    if country is not None:
        return EntityRef(type="country", code=country.code, name=country.name_en)
    return None


def one_entity_ref(*, authority=None, organization=None, country=None) -> EntityRef:
    """``entity_ref`` of a row that always names an entity (a party, a participant, a membership)."""
    ref = entity_ref(authority=authority, organization=organization, country=country)
    if ref is None:
        raise ValueError("The row names no authority, organisation or country.")
    return ref
