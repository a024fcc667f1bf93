"""``{{ value|amount }}`` and ``{{ value|amount:currency }}``: an amount the way the active language writes it."""

from decimal import Decimal, InvalidOperation

from django import template

from coopdec.lib.money import display_amount

register = template.Library()


@register.filter
def amount(value: object, currency: str = "EUR") -> str:
    """« 12 345,67 € » in French, "12,345.67 €" in English; empty for no value."""
    if value is None or value == "":
        return ""
    try:
        return display_amount(Decimal(str(value)), currency or "EUR")
    except (InvalidOperation, TypeError, ValueError):
        return ""
