"""Who may record service budgets and charge the 1 % mechanisms."""

from __future__ import annotations

from typing import TYPE_CHECKING

from coopdec.accounts.perms import authority_ids_of, is_coordinator, is_entity_admin

from .models import ServiceBudget

if TYPE_CHECKING:
    from coopdec.accounts.perms import Viewer
    from coopdec.territories.models import Authority


def can_record_service_budgets(user: Viewer, authority: Authority | None) -> bool:
    """An authority's service budgets are recorded by its members and by coordinators."""
    return is_coordinator(user) or (authority is not None and authority.pk in authority_ids_of(user))


def can_view_service_budgets(user: Viewer, authority: Authority | None) -> bool:
    """An authority's service budgets and 1 % position are seen by its members and by coordinators."""
    return can_record_service_budgets(user, authority)


def can_charge_one_percent(user: Viewer, authority: Authority | None) -> bool:
    """A 1 % funding line spends an authority's service budget: only its members and coordinators write one."""
    return can_record_service_budgets(user, authority)


def can_view_history(user: Viewer, budget: ServiceBudget) -> bool:
    """A service budget's history is seen by its authority's administrators and by coordinators."""
    return is_coordinator(user) or is_entity_admin(user, authority=budget.authority)


def can_revert(user: Viewer, budget: ServiceBudget) -> bool:
    """A service budget is restored to an earlier version by who may see its history."""
    return can_view_history(user, budget)
