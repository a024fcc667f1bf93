"""Projects, their participants, places, funding lines, disbursements and results."""

from datetime import date
from decimal import Decimal

from ninja import Field, Schema

from coopdec.partnerships.enums import Visibility
from coopdec.projects.enums import Instrument, ParticipantRole, ProjectKind, ProjectStatus

from .refs import Amount, AuthorityRef, EntityRef, entity_ref, one_entity_ref


class ParticipantOut(Schema):
    id: int
    role: str
    entity: EntityRef

    @staticmethod
    def resolve_entity(obj) -> EntityRef:
        return one_entity_ref(authority=obj.authority, organization=obj.organization)


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
    amount: Amount
    currency: str
    in_kind: bool
    year: int | None = Field(description="The budget year a 1 % line counts against.")
    value_date: date | None

    @staticmethod
    def resolve_funder(obj) -> EntityRef | None:
        return entity_ref(authority=obj.funder_authority, organization=obj.funder_organization)


class DisbursementOut(Schema):
    id: int
    year: int
    amount: Amount
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
    version: int = Field(description="Goes up at every change; send it back with a PATCH.")
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


class ParticipantIn(Schema):
    """An authority (by ``code``) or an organisation (by ``id``) and its role; the lead role is the lead authority's."""

    authority: str | None = Field(None, description="Code of an authority.")
    organization: int | None = Field(None, description="Id of an organisation.")
    role: ParticipantRole = ParticipantRole.PARTNER


class ProjectChanges(Schema):
    """Fields of a project that a PATCH may change; those left out stay as they are."""

    version: int | None = Field(
        None, description="The version you read (GET); or send it as If-Match. Required one way or the other."
    )
    title: str | None = None
    description: str | None = None
    language: str | None = None
    translations: dict | None = None
    lead_authority: str | None = Field(
        None, description="Code of the new lead authority; the former lead stays a partner."
    )
    partnership: int | None = Field(None, description="Id of a partnership; null detaches the project.")
    kind: ProjectKind | None = None
    status: ProjectStatus | None = None
    planned_start: date | None = None
    planned_end: date | None = None
    actual_start: date | None = None
    actual_end: date | None = None
    budget: Decimal | None = None
    currency: str | None = None
    visibility: Visibility | None = None
    iati_identifier: str | None = None
    themes: list[str] | None = Field(None, description="Theme codes; replaces the project's themes.")


class ProjectIn(Schema):
    title: str
    lead_authority: str = Field(description="Code of the lead authority; it becomes the lead participant.")
    kind: ProjectKind
    partnership: int | None = Field(None, description="Id of the partnership the project runs under, if any.")
    participants: list[ParticipantIn] = Field([], description="Other participants; the lead is added by itself.")
    themes: list[str] = Field([], description="Theme codes, see /api/themes.")
    description: str = ""
    language: str = "fr"
    status: ProjectStatus = ProjectStatus.PIPELINE
    planned_start: date | None = None
    planned_end: date | None = None
    actual_start: date | None = None
    actual_end: date | None = None
    budget: Decimal | None = None
    currency: str = "EUR"
    visibility: Visibility = Visibility.PUBLIC
    iati_identifier: str | None = None


class ProjectWritten(ProjectDetail):
    warnings: list[str] = Field([], description="What the user should know about this write, though it was made.")


class FundingChanges(Schema):
    """Fields of a funding line that a PATCH may change; the 1 % ceiling is checked again."""

    instrument: Instrument | None = None
    amount: Decimal | None = None
    currency: str | None = None
    in_kind: bool | None = None
    funder_authority: str | None = Field(None, description="Code of the funding authority.")
    funder_organization: int | None = Field(None, description="Id of the funding organisation.")
    year: int | None = None
    value_date: date | None = None


class FundingIn(Schema):
    instrument: Instrument
    amount: Decimal
    currency: str = "EUR"
    in_kind: bool = False
    funder_authority: str | None = Field(None, description="Code of the funding authority (required for a 1 % line).")
    funder_organization: int | None = Field(None, description="Id of the funding organisation.")
    year: int | None = Field(None, description="Budget year a 1 % line counts against (required for a 1 % line).")
    value_date: date | None = Field(None, description="Date of the ECB rate for totals in euros; default: today.")


class FundingWritten(FundingOut):
    warnings: list[str] = Field([], description="What the user should know about this write, though it was made.")


class DisbursementIn(Schema):
    year: int
    amount: Decimal
    currency: str = "EUR"
    funding: int | None = Field(None, description="Id of the project's funding line it is paid from, if known.")
    paid_on: date | None = None


class DisbursementWritten(DisbursementOut):
    warnings: list[str] = Field([], description="What the user should know about this write, though it was made.")


class CurrencyTotalOut(Schema):
    currency: str
    cash: Amount
    in_kind: Amount


class FundingSummaryOut(Schema):
    """The funding lines against the budget, in euros at the ECB rate of each line's value date."""

    budget: Amount | None
    currency: str
    budget_eur: Amount | None
    cash_eur: Amount
    in_kind_eur: Amount = Field(description="Contributions in kind, counted apart from cash.")
    total_eur: Amount
    gap_eur: Amount | None = Field(description="Budget − all lines: positive when money is missing.")
    by_currency: list[CurrencyTotalOut] = Field(description="The lines per currency, as entered.")
    unconverted: list[str] = Field(description="Currencies the ECB does not quote, left out of the euro totals.")
