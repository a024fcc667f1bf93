"""Service budgets (budgets annexes) whose own resources set the ceilings of the 1 % mechanisms."""

from decimal import ROUND_DOWN, Decimal
from typing import Self

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from coopdec.lib.money import CENT, amount_field, currency_field

from .enums import Service

ONE_PERCENT = Decimal("0.01")


class ServiceBudgetQuerySet(models.QuerySet["ServiceBudget"]):
    def of_authority(self, authority) -> Self:
        return self.filter(authority=authority)

    def for_year(self, year: int) -> Self:
        return self.filter(year=year)


class ServiceBudget(models.Model):
    """An authority's own resources for one public service in one year (water, sanitation, energy…).

    The 1 % mechanisms (loi Oudin-Santini for water and sanitation, loi Pintat for energy, and
    their equivalents for waste and transport) let the authority give up to 1 % of each budget's
    own resources to external action — each budget on its own, never pooled.
    """

    authority = models.ForeignKey(
        "territories.Authority", on_delete=models.PROTECT, related_name="service_budgets", verbose_name=_("authority")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    service = models.CharField(_("service"), max_length=20, choices=Service.choices)
    own_resources = amount_field(_("own resources"))
    currency = currency_field()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords(verbose_name=_("historical service budget"))

    objects = ServiceBudgetQuerySet.as_manager()

    class Meta:
        verbose_name = _("service budget")
        verbose_name_plural = _("service budgets")
        ordering = ["authority", "-year", "service"]
        constraints = [
            models.UniqueConstraint(fields=["authority", "year", "service"], name="service_budget_unique"),
            models.CheckConstraint(condition=Q(own_resources__gte=0), name="service_budget_non_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.authority} {self.get_service_display()} {self.year}"

    @property
    def ceiling(self) -> Decimal:
        """1 % of the own resources, in the budget's currency, rounded down to the cent (never above 1 %)."""
        return (self.own_resources * ONE_PERCENT).quantize(CENT, ROUND_DOWN)
