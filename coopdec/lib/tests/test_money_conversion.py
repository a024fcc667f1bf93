import socket
from datetime import date
from decimal import Decimal

import pytest
from django.utils import translation

from coopdec.lib.money import NoEuroRate, display_amount, to_euros


def test_euros_stay_euros_to_the_cent():
    assert to_euros(Decimal("12.345"), "EUR", date(2025, 3, 1)) == Decimal("12.35")


def test_dollars_convert_at_the_ecb_rate_of_the_value_date():
    # ECB reference rate on 2 January 2024: 1 EUR = 1.0956 USD.
    assert to_euros(Decimal("10956"), "USD", date(2024, 1, 2)) == Decimal("10000.00")


def test_a_weekend_takes_the_last_published_rate():
    # Saturday 6 January 2024 takes Friday 5 January's rate (1 EUR = 1.0921 USD).
    assert to_euros(Decimal("10921"), "USD", date(2024, 1, 6)) == Decimal("10000.00")


def test_the_franc_pacifique_is_pegged_at_8_38_euros_per_thousand():
    assert to_euros(Decimal("1000"), "XPF", date(2025, 6, 1)) == Decimal("8.38")
    assert to_euros(Decimal("1193317"), "XPF", date(1999, 1, 4)) == Decimal("10000.00")


def test_the_cfa_franc_is_pegged_to_the_euro():
    assert to_euros(Decimal("655957"), "XOF", date(2025, 6, 1)) == Decimal("1000.00")


def test_a_currency_the_ecb_does_not_quote_is_reported_by_name():
    with pytest.raises(NoEuroRate, match="AMD"):
        to_euros(Decimal("1000"), "AMD", date(2025, 6, 1))


def test_the_rates_come_from_the_package_without_any_download(monkeypatch):
    from coopdec.lib import money

    def no_network(*args, **kwargs):
        raise AssertionError("the conversion tried to reach the network")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    money._ecb_converter.cache_clear()
    assert to_euros(Decimal("1"), "GBP", date(2020, 1, 2)) > Decimal("1")


@pytest.mark.parametrize(
    ("language", "shown"),
    [
        ("fr", "12\xa0345,60\xa0€"),  # Django's French format groups thousands with a no-break space
        ("en", "12,345.60\xa0€"),
        ("ar", "12.345,60\xa0€"),  # grouped by config/formats/ar, as the Maghreb writes Arabic with Latin digits
    ],
)
def test_an_amount_reads_with_the_thousands_and_cents_of_the_active_language(language, shown):
    with translation.override(language):
        assert display_amount(Decimal("12345.6")) == shown


def test_an_amount_in_another_currency_shows_its_code_rounded_to_the_cent():
    with translation.override("fr"):
        assert display_amount(Decimal("1193317.005"), "XPF") == "1\xa0193\xa0317,01\xa0XPF"
    with translation.override("en"):
        assert display_amount(Decimal("1193317.005"), "XPF") == "1,193,317.01\xa0XPF"
