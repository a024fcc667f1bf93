"""Writes on money: funding lines (with the 1 % ceilings), disbursements, service budgets, revert.

Every function checks ``perms`` (``PermissionDenied``), then the rules of docs/rules.md
(``ValidationError``), and writes in one transaction with the author recorded in the history;
non-blocking warnings come back with the result. A 1 % line locks its service budget row
(``select_for_update``) before adding up what is used, so two lines written at once cannot both
slip under the ceiling.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coopdec.lib.history import by, version_of
from coopdec.lib.money import ZERO, display_amount, has_euro_rate
from coopdec.projects import perms as project_perms
from coopdec.projects.enums import ONE_PERCENT_INSTRUMENTS
from coopdec.projects.models import Disbursement, Funding, Project

from . import perms
from .enums import SERVICE_OF_INSTRUMENT, Service
from .models import ServiceBudget
from .selectors import funding_summary, one_percent_used

if TYPE_CHECKING:
    from coopdec.accounts.models import User
    from coopdec.organizations.models import Organization
    from coopdec.territories.models import Authority

FUNDING_FIELDS = frozenset(
    {"instrument", "amount", "currency", "in_kind", "funder_authority", "funder_organization", "year", "value_date"}
)
# The 1 % mechanisms are French law; New Caledonia, French Polynesia and Wallis and Futuna budget in XPF.
BUDGET_CURRENCIES = ("EUR", "XPF")


@dataclass
class FundingOutcome:
    funding: Funding
    warnings: list[str] = field(default_factory=list)


@dataclass
class DisbursementOutcome:
    disbursement: Disbursement
    warnings: list[str] = field(default_factory=list)


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _service_label(service: str) -> str:
    return str(Service(service).label).lower()


def _check_line(funding: Funding) -> None:
    errors = []
    if funding.amount is not None and funding.amount < 0:
        errors.append(ValidationError(_("An amount cannot be negative."), code="negative"))
    if funding.funder_authority_id and funding.funder_organization_id:
        errors.append(
            ValidationError(_("A funding line has one funder: an authority or an organisation."), code="two_funders")
        )
    if funding.instrument in ONE_PERCENT_INSTRUMENTS:
        if funding.funder_authority_id is None:
            errors.append(
                ValidationError(
                    # xgettext:no-python-format
                    _("A 1 % line is charged to an authority's service budget: name the funding authority."),
                    code="one_percent_without_authority",
                )
            )
        if funding.year is None:
            errors.append(
                ValidationError(
                    # xgettext:no-python-format
                    _("A 1 % line counts against one budget year: give the year."),
                    code="one_percent_without_year",
                )
            )
        if funding.in_kind:
            errors.append(
                ValidationError(
                    # xgettext:no-python-format
                    _("A 1 % line is money from a service budget, not a contribution in kind."),
                    code="one_percent_in_kind",
                )
            )
    if errors:
        raise ValidationError(errors)


def check_one_percent_ceiling(funding: Funding) -> None:
    """The line fits under 1 % of its service budget of that year, with what other lines already use.

    Call inside a transaction: the budget row stays locked until it ends.
    """
    service = SERVICE_OF_INSTRUMENT[funding.instrument]
    authority_id, year = funding.funder_authority_id, funding.year
    assert authority_id is not None and year is not None, "_check_line refuses a 1 % line without them"
    budget = (
        ServiceBudget.objects.select_for_update().filter(authority_id=authority_id, year=year, service=service).first()
    )
    if budget is None:
        raise ValidationError(
            _(
                "No %(service)s budget is recorded for %(authority)s in %(year)s: record its own resources "
                "before charging a 1 %% %(service)s line to it."
            ),
            params={"service": _service_label(service), "authority": funding.funder_authority, "year": funding.year},
            code="one_percent_without_budget",
        )
    if funding.currency != budget.currency:
        raise ValidationError(
            _("A 1 %% line is in the currency of the budget it is charged to (%(currency)s)."),
            params={"currency": budget.currency},
            code="one_percent_currency",
        )
    used = one_percent_used(authority=authority_id, year=year, service=service, exclude_pk=funding.pk)
    excess = used + funding.amount - budget.ceiling
    if excess > 0:
        raise ValidationError(
            _(
                "1 %% %(service)s %(year)s ceiling %(ceiling)s, already used %(used)s, this line %(amount)s "
                "would exceed it by %(excess)s."
            ),
            params={
                "service": _service_label(service),
                "year": funding.year,
                "ceiling": display_amount(budget.ceiling, budget.currency),
                "used": display_amount(used, budget.currency),
                "amount": display_amount(funding.amount, budget.currency),
                "excess": display_amount(excess, budget.currency),
            },
            code="one_percent_ceiling",
        )


def _funding_warnings(funding: Funding) -> list[str]:
    warnings = []
    if not has_euro_rate(funding.currency):
        warnings.append(
            _("The ECB publishes no rate for %(currency)s: this line is left out of the totals in euros.")
            % {"currency": funding.currency}
        )
    summary = funding_summary(funding.project)
    if summary.gap_eur is not None and summary.budget_eur is not None and summary.gap_eur < 0:
        warnings.append(
            _("The funding lines (%(total)s) now exceed the budget (%(budget)s) by %(excess)s.")
            % {
                "total": display_amount(summary.total_eur),
                "budget": display_amount(summary.budget_eur),
                "excess": display_amount(-summary.gap_eur),
            }
        )
    return warnings


def _write_funding(funding: Funding, author: User) -> FundingOutcome:
    _check_line(funding)
    if funding.value_date is None and funding.currency != "EUR":
        # The rate is fixed on the day the line is recorded, so totals do not drift afterwards.
        funding.value_date = timezone.localdate()
    funding.full_clean()
    if funding.instrument in ONE_PERCENT_INSTRUMENTS:
        check_one_percent_ceiling(funding)
    by(funding, author).save()
    return FundingOutcome(funding, _funding_warnings(funding))


def _check_may_charge(author: User, funding: Funding) -> None:
    if funding.instrument in ONE_PERCENT_INSTRUMENTS and funding.funder_authority_id is not None:
        _require(perms.can_charge_one_percent(author, funding.funder_authority))


@transaction.atomic
def add_funding(
    *,
    project: Project,
    author: User,
    instrument: str,
    amount: Decimal,
    currency: str = "EUR",
    in_kind: bool = False,
    funder_authority: Authority | None = None,
    funder_organization: Organization | None = None,
    year: int | None = None,
    value_date: date | None = None,
) -> FundingOutcome:
    """Add a funding line to a project; a 1 % line must fit under its service budget's ceiling."""
    _require(project_perms.can_edit_project(author, project))
    funding = Funding(
        project=project,
        instrument=instrument,
        amount=amount,
        currency=currency,
        in_kind=in_kind,
        funder_authority=funder_authority,
        funder_organization=funder_organization,
        year=year,
        value_date=value_date,
    )
    _check_may_charge(author, funding)
    return _write_funding(funding, author)


@transaction.atomic
def update_funding(*, funding: Funding, author: User, **changes: Any) -> FundingOutcome:
    """Change a funding line (``FUNDING_FIELDS``); the 1 % ceiling is checked again without the line itself."""
    _require(project_perms.can_edit_project(author, funding.project))
    unknown = set(changes) - FUNDING_FIELDS
    if unknown:
        raise TypeError(f"update_funding() cannot change {', '.join(sorted(unknown))}")
    funding = Funding.objects.select_for_update().select_related("project").get(pk=funding.pk)
    _check_may_charge(author, funding)  # taking a line off a 1 % budget also spends that authority's budget
    for name, value in changes.items():
        setattr(funding, name, value)
    _check_may_charge(author, funding)
    return _write_funding(funding, author)


@transaction.atomic
def remove_funding(*, funding: Funding, author: User) -> None:
    """Delete a funding line (its history stays)."""
    _require(project_perms.can_edit_project(author, funding.project))
    _check_may_charge(author, funding)
    by(funding, author).delete()


def _check_disbursement(disbursement: Disbursement) -> list[str]:
    if disbursement.amount is not None and disbursement.amount < 0:
        raise ValidationError(_("An amount cannot be negative."), code="negative")
    funding = disbursement.funding
    if funding is not None and funding.project_id != disbursement.project_id:
        raise ValidationError(_("This funding line belongs to another project."), code="foreign_funding")
    warnings = []
    if disbursement.paid_on and disbursement.paid_on.year != disbursement.year:
        warnings.append(
            _("Paid on %(paid_on)s but recorded for %(year)s.")
            % {"paid_on": disbursement.paid_on, "year": disbursement.year}
        )
    if funding is not None and funding.currency == disbursement.currency:
        others = funding.disbursements.exclude(pk=disbursement.pk).filter(currency=funding.currency)
        paid = sum((d.amount for d in others), ZERO) + disbursement.amount
        if paid > funding.amount:
            warnings.append(
                _("Disbursements on this line (%(paid)s) exceed its amount (%(amount)s).")
                % {
                    "paid": display_amount(paid, funding.currency),
                    "amount": display_amount(funding.amount, funding.currency),
                }
            )
    return warnings


@transaction.atomic
def add_disbursement(
    *,
    project: Project,
    author: User,
    year: int,
    amount: Decimal,
    currency: str = "EUR",
    funding: Funding | None = None,
    paid_on: date | None = None,
) -> DisbursementOutcome:
    """Record money paid out for a project in a year, against one of its funding lines if known."""
    _require(project_perms.can_edit_project(author, project))
    disbursement = Disbursement(
        project=project, funding=funding, year=year, amount=amount, currency=currency, paid_on=paid_on
    )
    warnings = _check_disbursement(disbursement)
    disbursement.full_clean()
    by(disbursement, author).save()
    return DisbursementOutcome(disbursement, warnings)


def _check_budget(budget: ServiceBudget) -> None:
    errors = []
    if not budget.authority.is_french:
        errors.append(
            ValidationError(
                _("The 1 %% mechanisms are French law: %(authority)s is not a French authority."),
                params={"authority": budget.authority},
                code="not_french",
            )
        )
    if budget.own_resources is not None and budget.own_resources < 0:
        errors.append(ValidationError(_("An amount cannot be negative."), code="negative"))
    if budget.currency not in BUDGET_CURRENCIES:
        errors.append(
            ValidationError(
                _("A service budget is in euros or in francs Pacifique (XPF), not %(currency)s."),
                params={"currency": budget.currency},
                code="budget_currency",
            )
        )
    if errors:
        raise ValidationError(errors)
    used = one_percent_used(authority=budget.authority_id, year=budget.year, service=budget.service)
    if used > budget.ceiling:
        raise ValidationError(
            _(
                "With these own resources the 1 %% %(service)s %(year)s ceiling would be %(ceiling)s, but "
                "funding lines already use %(used)s."
            ),
            params={
                "service": _service_label(budget.service),
                "year": budget.year,
                "ceiling": display_amount(budget.ceiling, budget.currency),
                "used": display_amount(used, budget.currency),
            },
            code="one_percent_ceiling",
        )


@transaction.atomic
def record_service_budget(
    *, authority: Authority, year: int, service: str, own_resources: Decimal, author: User, currency: str = "EUR"
) -> ServiceBudget:
    """Record (or correct) a service budget's own resources for a year; its 1 % ceiling follows."""
    _require(perms.can_record_service_budgets(author, authority))
    budget = (
        ServiceBudget.objects.select_for_update().filter(authority=authority, year=year, service=service).first()
    ) or ServiceBudget(authority=authority, year=year, service=service)
    budget.own_resources = own_resources
    budget.currency = currency
    budget.recorded_by = author
    _check_budget(budget)
    budget.full_clean()
    by(budget, author).save()
    return budget


@transaction.atomic
def revert(
    *, obj: Funding | Disbursement | ServiceBudget, to_history_id: int, author: User
) -> Funding | Disbursement | ServiceBudget:
    """Restore a funding line, a disbursement or a service budget to a recorded version; the rules still apply."""
    restored: Funding | Disbursement | ServiceBudget
    if isinstance(obj, ServiceBudget):
        _require(perms.can_revert(author, obj))
        restored = budget = version_of(obj, to_history_id, author=author)
        ServiceBudget.objects.select_for_update().filter(pk=obj.pk).first()
        _check_budget(budget)
    elif isinstance(obj, Funding):
        _require(project_perms.can_revert(author, obj))
        restored = funding = version_of(obj, to_history_id, author=author)
        _check_line(funding)
        _check_may_charge(author, funding)
        if funding.instrument in ONE_PERCENT_INSTRUMENTS:
            check_one_percent_ceiling(funding)
    else:
        _require(project_perms.can_revert(author, obj))
        restored = disbursement = version_of(obj, to_history_id, author=author)
        _check_disbursement(disbursement)
    restored.full_clean()
    restored.save()
    return restored
