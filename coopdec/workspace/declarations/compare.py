"""Comparing two submitted versions of a declaration: ``?from=N&to=M``, by default the last two."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from coopdec.declarations.codes import AID_TYPE, CHANNEL, FINANCE_TYPE, FLOW_TYPE, SECTOR
from coopdec.declarations.enums import Recipient
from coopdec.declarations.history import compare_versions
from coopdec.declarations.lines import recipient_label
from coopdec.declarations.models import DeclarationLine
from coopdec.lib.codelists import label
from coopdec.lib.money import display_amount
from coopdec.territories.models import Country

from .access import declaration_or_403

CODED = {
    "purpose_code": SECTOR,
    "aid_type": AID_TYPE,
    "channel_code": CHANNEL,
    "flow_type": FLOW_TYPE,
    "finance_type": FINANCE_TYPE,
}


def _shown(name: str, value: Any, countries: dict[str, Country], line: DeclarationLine) -> str:
    """A compared value in the reader's words."""
    if value in (None, ""):
        return "—"
    if name in CODED:
        return label(CODED[name], value)
    if name == "recipient":
        return str(Recipient(value).label)
    if name == "country":
        country = countries.get(value)
        return country.name if country else value
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, Decimal):
        # In euros, or the amount in the currency the line had in that version.
        return display_amount(value, "EUR" if name == "amount_eur" else line.original_currency or "EUR")
    if isinstance(value, dt.date):
        return date_format(value, "DATE_FORMAT")
    return str(value)


def _number(request: HttpRequest, name: str, default: int | None) -> int | None:
    raw = request.GET.get(name, "")
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError as error:
        raise Http404 from error


def _line_row(line: DeclarationLine) -> dict[str, Any]:
    return {"line": line, "recipient": recipient_label(line), "amount": display_amount(line.euros())}


@login_required
def declaration_compare(request: HttpRequest, pk: int) -> HttpResponse:
    declaration = declaration_or_403(request, pk)
    versions = list(declaration.versions.order_by("number"))
    numbers = [version.number for version in versions]
    to_number = _number(request, "to", numbers[-1] if numbers else None)
    from_number = _number(request, "from", numbers[-2] if len(numbers) > 1 else None)
    by_number = {version.number: version for version in versions}
    context: dict[str, Any] = {"declaration": declaration, "numbers": numbers, "comparison": None}
    if from_number is not None and to_number is not None:
        if from_number not in by_number or to_number not in by_number:
            raise Http404
        comparison = compare_versions(by_number[from_number], by_number[to_number])
        wanted = {
            value
            for item in comparison.changed
            for change in item.fields
            if change.field == "country"
            for value in (change.before, change.after)
            if value
        }
        countries = {country.code: country for country in Country.objects.filter(code__in=wanted)} if wanted else {}
        verbose = {f.name: f.verbose_name for f in DeclarationLine._meta.get_fields() if hasattr(f, "verbose_name")}
        context.update(
            comparison=comparison,
            from_number=from_number,
            to_number=to_number,
            added=[_line_row(line) for line in comparison.added],
            removed=[_line_row(line) for line in comparison.removed],
            changed=[
                {
                    "line": item.after,
                    "fields": [
                        (
                            verbose.get(change.field, change.field),
                            _shown(change.field, change.before, countries, item.before),
                            _shown(change.field, change.after, countries, item.after),
                        )
                        for change in item.fields
                    ],
                }
                for item in comparison.changed
            ],
            total_before=display_amount(comparison.total_before),
            total_after=display_amount(comparison.total_after),
            oda_before=display_amount(comparison.oda_before),
            oda_after=display_amount(comparison.oda_after),
        )
    return render(request, "workspace/declarations/compare.html", context)
