"""Reads on funding: a project's funding summary in euros and an authority's 1 % position for a year."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Sum
from django.utils import timezone

from coopdec.lib.money import ZERO, NoEuroRate, to_euros
from coopdec.projects.models import Funding, Project

from .enums import INSTRUMENT_OF_SERVICE, SERVICE_OF_INSTRUMENT, Service
from .models import ServiceBudget


@dataclass(frozen=True)
class CurrencyTotal:
    """The funding lines in one currency, as entered."""

    currency: str
    cash: Decimal
    in_kind: Decimal


@dataclass(frozen=True)
class FundingSummary:
    """A project's funding lines against its budget, in euros at the ECB rate of each line's value date.

    In-kind contributions are counted apart from cash; the gap is the budget minus all lines (cash
    and in kind). Lines in a currency the ECB does not quote are listed in ``unconverted`` and left
    out of the euro totals.
    """

    budget: Decimal | None
    currency: str
    budget_eur: Decimal | None
    cash_eur: Decimal
    in_kind_eur: Decimal
    by_currency: list[CurrencyTotal]
    unconverted: list[str]

    @property
    def total_eur(self) -> Decimal:
        return self.cash_eur + self.in_kind_eur

    @property
    def gap_eur(self) -> Decimal | None:
        """Budget − funding lines: positive when money is still missing, negative when over-funded."""
        return None if self.budget_eur is None else self.budget_eur - self.total_eur


def value_date_of(funding: Funding, project: Project) -> date:
    """The line's value date; else the project's planned start; else today."""
    return funding.value_date or project.planned_start or timezone.localdate()


def funding_summary(project: Project) -> FundingSummary:
    """Totals of ``project``'s funding lines (uses ``project.fundings`` as prefetched, if it is)."""
    cash = in_kind = ZERO
    per_currency: dict[str, list[Decimal]] = {}
    unconverted: set[str] = set()
    for funding in project.fundings.all():
        totals = per_currency.setdefault(funding.currency, [ZERO, ZERO])
        totals[1 if funding.in_kind else 0] += funding.amount
        try:
            euros = to_euros(funding.amount, funding.currency, value_date_of(funding, project))
        except NoEuroRate:
            unconverted.add(funding.currency)
            continue
        if funding.in_kind:
            in_kind += euros
        else:
            cash += euros
    budget_eur = None
    if project.budget is not None:
        try:
            budget_eur = to_euros(project.budget, project.currency, project.planned_start or timezone.localdate())
        except NoEuroRate:
            unconverted.add(project.currency)
    return FundingSummary(
        budget=project.budget,
        currency=project.currency,
        budget_eur=budget_eur,
        cash_eur=cash,
        in_kind_eur=in_kind,
        by_currency=[CurrencyTotal(code, *per_currency[code]) for code in sorted(per_currency)],
        unconverted=sorted(unconverted),
    )


@dataclass(frozen=True)
class OnePercentPosition:
    """One service budget of one year: its own resources, the 1 % ceiling, what lines use, what is left.

    Amounts are in the budget's currency; ``budget`` is ``None`` when no budget is recorded (the
    ceiling is then zero: no 1 % line may be charged to it).
    """

    service: Service
    year: int
    budget: ServiceBudget | None
    currency: str
    own_resources: Decimal | None
    ceiling: Decimal
    used: Decimal

    @property
    def left(self) -> Decimal:
        return self.ceiling - self.used


def one_percent_used(*, authority, year: int, service: str, exclude_pk: int | None = None) -> Decimal:
    """What the 1 % lines funded by ``authority`` charge to its ``service`` budget of ``year``."""
    lines = Funding.objects.filter(funder_authority=authority, year=year, instrument=INSTRUMENT_OF_SERVICE[service])
    if exclude_pk is not None:
        lines = lines.exclude(pk=exclude_pk)
    return lines.aggregate(total=Sum("amount"))["total"] or ZERO


def one_percent_position(authority, year: int) -> list[OnePercentPosition]:
    """Each of the five services, in order: the ceiling (1 % of that budget alone, never pooled), used, left."""
    budgets = {budget.service: budget for budget in ServiceBudget.objects.filter(authority=authority, year=year)}
    used = dict(
        Funding.objects.filter(funder_authority=authority, year=year, instrument__in=SERVICE_OF_INSTRUMENT)
        .values("instrument")
        .annotate(total=Sum("amount"))
        .values_list("instrument", "total")
    )
    positions = []
    for service in Service:
        budget = budgets.get(service)
        positions.append(
            OnePercentPosition(
                service=service,
                year=year,
                budget=budget,
                currency=budget.currency if budget else "EUR",
                own_resources=budget.own_resources if budget else None,
                ceiling=budget.ceiling if budget else ZERO,
                used=used.get(INSTRUMENT_OF_SERVICE[service]) or ZERO,
            )
        )
    return positions
