"""The receipt of a submitted version (accusé de réception) as a PDF, in the reader's language (WeasyPrint)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.translation import get_language, get_language_bidi

from coopdec.lib.codelists import label
from coopdec.lib.money import display_amount

from .codes import AID_TYPE, CHANNEL, SECTOR
from .lines import recipient_label
from .models import DeclarationVersion

TEMPLATE = "declarations/receipt.html"


def _code(codelist: str, code: str) -> str:
    return label(codelist, code) if code else "—"


def receipt_context(version: DeclarationVersion) -> dict[str, Any]:
    """What the receipt shows: the version's number, when and by whom it was submitted, its totals and lines."""
    declaration = version.declaration
    lines = version.lines.select_related("country").order_by("position", "pk")
    rows = [
        {
            "description": line.description,
            "recipient": recipient_label(line),
            "purpose": _code(SECTOR, line.purpose_code),
            "aid_type": _code(AID_TYPE, line.aid_type),
            "channel": _code(CHANNEL, line.channel_code),
            "amount": display_amount(line.euros()),
            "is_oda": line.is_oda,
        }
        for line in lines
        if not line.removed
    ]
    return {
        "version": version,
        "declaration": declaration,
        "authority": declaration.authority,
        "submitter": version.submitted_by,
        "total": display_amount(version.total),
        "oda_total": display_amount(version.oda_total),
        "rows": rows,
        "language": get_language() or settings.LANGUAGE_CODE,
        "direction": "rtl" if get_language_bidi() else "ltr",
    }


def receipt_html(version: DeclarationVersion) -> str:
    return render_to_string(TEMPLATE, receipt_context(version))


def receipt_pdf(version: DeclarationVersion) -> bytes:
    """The receipt printed to PDF; nothing is fetched from the network (the stylesheet is in the page)."""
    from weasyprint import HTML  # type: ignore[import-untyped]  # heavy: loaded only when a receipt is printed

    pdf: bytes = HTML(string=receipt_html(version), url_fetcher=_no_fetch).write_pdf()
    return pdf


def _no_fetch(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    raise ValueError(f"the receipt fetches nothing: {url}")
