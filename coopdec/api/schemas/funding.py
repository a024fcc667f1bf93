"""The 1 % mechanisms: service budgets and an authority's position for a year."""

from decimal import Decimal

from ninja import Field, Schema

from .refs import Amount, AuthorityRef


class ServicePositionOut(Schema):
    """One service budget of one year; amounts in the budget's currency."""

    service: str
    currency: str
    own_resources: Amount | None = Field(description="None when no budget is recorded: nothing may be charged.")
    ceiling: Amount = Field(description="1 % of this budget alone, rounded down to the cent; never pooled.")
    used: Amount = Field(description="What the authority's 1 % funding lines of that year charge to it.")
    left: Amount


class OnePercentOut(Schema):
    authority: AuthorityRef
    year: int
    services: list[ServicePositionOut] = Field(description="Water, sanitation, energy, waste, transport, in order.")


class ServiceBudgetIn(Schema):
    own_resources: Decimal = Field(description="The service budget's own resources for the year.")
    currency: str = Field("EUR", description="EUR, or XPF for New Caledonia, French Polynesia, Wallis and Futuna.")


class ServiceBudgetOut(ServicePositionOut):
    authority: AuthorityRef
    year: int
