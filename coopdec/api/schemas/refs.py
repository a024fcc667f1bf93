"""References to other records, shared by several domains."""

from typing import Literal

from ninja import Schema


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
