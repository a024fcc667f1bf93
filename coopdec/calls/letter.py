"""The award letter (lettre de notification d'attribution) as a PDF, in the reader's language (WeasyPrint): the call,
its funder, the authority, the project, the amount and its conditions, the tranche schedule, the date and number."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.formats import date_format
from django.utils.translation import get_language, get_language_bidi

from coopdec.lib.money import display_amount

from .eligibility import percent
from .models import HUNDRED, Award

TEMPLATE = "calls/award_letter.html"


def letter_context(award: Award) -> dict[str, Any]:
    application = award.application
    call = application.call
    version = application.versions.order_by("-number").first()
    return {
        "award": award,
        "application": application,
        "call": call,
        "funder": call.funder_organization or call.funder_authority,
        "authority": application.authority,
        "project": application.project,
        "receipt_number": version.receipt_number if version else "",
        "asked": display_amount(version.asked) if version else "",
        "amount": display_amount(award.amount),
        "decided_on": date_format(award.decided_on),
        "tranches": [
            {
                "number": t.number,
                "share": percent(t.share / HUNDRED),
                "amount": display_amount(t.amount),
                "condition": t.get_condition_display(),
                "due_on": date_format(t.due_on),
            }
            for t in award.tranches.all()
        ],  # fmt: skip
        "language": get_language() or settings.LANGUAGE_CODE,
        "direction": "rtl" if get_language_bidi() else "ltr",
    }


def letter_html(award: Award) -> str:
    return render_to_string(TEMPLATE, letter_context(award))


def letter_pdf(award: Award) -> bytes:
    """The letter printed to PDF; nothing is fetched from the network (the stylesheet is in the page)."""
    from weasyprint import HTML  # type: ignore[import-untyped]  # heavy: loaded only when a letter is printed

    pdf: bytes = HTML(string=letter_html(award), url_fetcher=_no_fetch).write_pdf()
    return pdf


def _no_fetch(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    raise ValueError(f"the award letter fetches nothing: {url}")
