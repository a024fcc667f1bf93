"""What a line is worth: its ODA status for the year, what it still lacks, its conversion to euros."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from coopdec.lib.money import NoEuroRate, to_euros
from coopdec.territories.enums import OdaCategory
from coopdec.territories.models import OdaStatus

from .codes import IN_DONOR_ODA_AID_TYPES, ODA_FLOW
from .enums import NotOdaReason, Recipient

if TYPE_CHECKING:
    from .models import DeclarationLine

RATE_PLACES = Decimal("0.0000000001")


class OdaList:
    """The DAC list of ODA recipients for one year: the list of that year, or the latest one before it.

    The reference data carries the lists of the years the DAC published (docs/reference-data.md); a year
    without its own list is read against the latest earlier one, and the page says which year's list it used.
    """

    def __init__(self, year: int):
        years = sorted(set(OdaStatus.objects.values_list("year", flat=True)))
        earlier = [listed for listed in years if listed <= year]
        self.year = earlier[-1] if earlier else (years[0] if years else None)
        self.categories: dict[str, str] = (
            dict(OdaStatus.objects.filter(year=self.year).values_list("country_id", "category"))
            if self.year is not None
            else {}
        )

    def category(self, country_id: str) -> str:
        return self.categories.get(country_id, OdaCategory.NOT_ELIGIBLE)


def apply_oda(line: DeclarationLine, oda_list: OdaList) -> None:
    """Set the line's ODA status, the reason when it is not ODA, and its flow type, from its recipient."""
    is_oda, reason = False, ""
    if line.recipient == Recipient.COUNTRY and line.country_id:
        is_oda = oda_list.category(line.country_id) != OdaCategory.NOT_ELIGIBLE
        reason = "" if is_oda else NotOdaReason.NOT_ELIGIBLE
    elif line.recipient == Recipient.UNSPECIFIED:
        is_oda = True
    elif line.recipient == Recipient.FRANCE:
        is_oda = line.aid_type in IN_DONOR_ODA_AID_TYPES
        reason = "" if is_oda else NotOdaReason.IN_FRANCE
    elif line.recipient == Recipient.MULTILATERAL:
        reason = NotOdaReason.MULTILATERAL
    line.is_oda, line.not_oda_reason = is_oda, reason
    line.flow_type = ODA_FLOW if is_oda else ""


def convert(line: DeclarationLine, amount: Decimal, currency: str, on: dt.date | None) -> None:
    """The line's amount in euros at the ECB rate of ``on``, the rate kept beside it; none when unknown.

    Without a date, only the euro and the currencies pegged to it convert: no rate day is made up.
    """
    line.original_amount, line.original_currency = amount, currency
    line.rate = line.rate_on = line.amount_eur = None
    if currency == "EUR":
        line.amount_eur = Decimal(amount).quantize(Decimal("0.01"), ROUND_HALF_UP)
        return
    from coopdec.lib.money import PEGGED_TO_EURO

    if on is None and currency not in PEGGED_TO_EURO:
        return
    try:
        euros = to_euros(amount, currency, on or dt.date(line.declaration.year, 12, 31))
        unit = to_euros(Decimal(1_000_000), currency, on or dt.date(line.declaration.year, 12, 31))
    except NoEuroRate:
        return
    line.amount_eur = euros
    line.rate = (unit / Decimal(1_000_000)).quantize(RATE_PLACES)
    line.rate_on = on if currency not in PEGGED_TO_EURO else None


def lacks(line: DeclarationLine, year: int) -> list[str]:
    """What the line still needs before the declaration can be submitted, in the reader's words."""
    if line.removed:
        return []
    missing = []
    if not line.recipient:
        missing.append(_("the recipient"))
    elif line.recipient == Recipient.COUNTRY and not line.country_id:
        missing.append(_("the recipient country"))
    if not line.purpose_code:
        missing.append(_("the purpose (DAC code)"))
    if not line.aid_type:
        missing.append(_("the type of aid"))
    if not line.channel_code:
        missing.append(_("the channel"))
    if line.amount_eur is None:
        missing.append(
            _("the amount in euros (the ECB publishes no rate for %(currency)s, or the payment date is unknown)")
            % {"currency": line.original_currency}
            if line.original_amount is not None
            else _("the amount in euros")
        )
    if line.value_date and line.value_date.year != year:
        missing.append(_("a date in %(year)s") % {"year": year})
    return missing


def totals(lines: Iterable[DeclarationLine]) -> tuple[Decimal, Decimal]:
    """(every counted line, the ODA lines) in euros."""
    total = oda = Decimal("0")
    for line in lines:
        if line.removed:
            continue
        total += line.euros()
        if line.is_oda:
            oda += line.euros()
    return total, oda


def recipient_label(line: DeclarationLine) -> str:
    """Who receives the line's aid, in the reader's words: the country's name, or the kind of recipient."""
    if line.recipient == Recipient.COUNTRY and line.country is not None:
        return line.country.name
    return str(Recipient(line.recipient).label) if line.recipient else "—"
