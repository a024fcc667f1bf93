"""Organisations."""

from ninja import Field, Schema

from coopdec.organizations.enums import OrganizationKind


class OrganizationOut(Schema):
    id: int
    name: str
    acronym: str
    kind: str
    country: str | None = Field(alias="country_id")
    authority: str | None
    siren: str
    siret: str
    iati_ref: str
    sectors: list[str]
    description: str
    language: str
    website: str

    @staticmethod
    def resolve_authority(obj) -> str | None:
        return obj.authority.code if obj.authority_id else None


class OrganizationFilters(Schema):
    search: str | None = Field(None, description="Words of the name or acronym (accents ignored).")
    kind: OrganizationKind | None = None
    country: str | None = Field(None, pattern=r"^[A-Za-z]{2}$", description="ISO 3166-1 alpha-2 code.")
