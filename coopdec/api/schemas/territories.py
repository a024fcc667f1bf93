"""Countries and authorities."""

from ninja import Field, Schema

from coopdec.territories.enums import AuthorityKind, OdaCategory, Zone


class CountryOut(Schema):
    code: str = Field(description="ISO 3166-1 alpha-2")
    iso3: str
    numeric: str
    name_fr: str
    name_en: str
    names: dict[str, str] = Field(description="Names in other languages, by language code.")
    zone: str
    oda_category: str


class CountryFilters(Schema):
    zone: Zone | None = None
    oda_category: OdaCategory | None = None
    search: str | None = Field(None, description="Words of the name (any language), or the ISO code.")


class AuthorityOut(Schema):
    code: str
    name: str
    official_name: str
    country: str = Field(alias="country_id")
    level: str
    kind: str
    insee_code: str
    siren: str
    iso_code: str
    geonames_id: int | None
    population: int | None
    latitude: float | None
    longitude: float | None
    is_french: bool
    parent: str | None

    @staticmethod
    def resolve_parent(obj) -> str | None:
        return obj.parent.code if obj.parent_id else None


class AuthorityFilters(Schema):
    search: str | None = Field(
        None, description="Every word must match the name (accents ignored); or an exact code, INSEE code or SIREN."
    )
    country: str | None = Field(None, pattern=r"^[A-Za-z]{2}$", description="ISO 3166-1 alpha-2 code.")
    kind: AuthorityKind | None = None
    french: bool | None = Field(None, description="true: French authorities (overseas included); false: foreign.")
