import pytest
from django.core.exceptions import ValidationError

from coopdec.lib.money import validate_currency


def test_iso_currencies_are_accepted():
    validate_currency("EUR")
    validate_currency("XPF")  # franc Pacifique, New Caledonia and French Polynesia
    validate_currency("AMD")


def test_unknown_currency_is_refused_with_its_code():
    with pytest.raises(ValidationError, match="EURO"):
        validate_currency("EURO")
