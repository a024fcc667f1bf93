"""Amounts of money: a Decimal with an ISO 4217 currency."""

from decimal import Decimal

from babel.numbers import list_currencies
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

_CURRENCIES = frozenset(list_currencies())


def validate_currency(code: str) -> None:
    if code not in _CURRENCIES:
        raise ValidationError(_("%(code)s is not an ISO 4217 currency code."), params={"code": code})


def amount_field(verbose_name, **kwargs) -> models.DecimalField:
    """A non-negative amount, to the cent, up to a thousand billion."""
    kwargs.setdefault("max_digits", 16)
    kwargs.setdefault("decimal_places", 2)
    return models.DecimalField(verbose_name, **kwargs)


def currency_field(**kwargs) -> models.CharField:
    kwargs.setdefault("max_length", 3)
    kwargs.setdefault("default", "EUR")
    return models.CharField(_("currency"), validators=[validate_currency], **kwargs)


ZERO = Decimal("0")
