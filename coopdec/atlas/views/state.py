"""The public state of decentralised cooperation for a year: the page, its printable PDF and its lines as CSV."""

import csv
from urllib.parse import urlencode

from django.core.cache import cache
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from coopdec.declarations import report

# The PDF is written in French or English (its fonts and layout are those of a printed report); other languages
# read it in English.
PDF_LANGUAGES = ("fr", "en")
# The PDF says when its figures were computed; a copy serves for this long.
PDF_CACHE_SECONDS = 600
# A cell starting with one of these is a formula to a spreadsheet.
FORMULA_STARTS = ("=", "+", "-", "@")


def _year(year: int) -> int:
    if not report.is_reportable(year):
        raise Http404("No report for this year.")
    return year


def search_link(year: int, **filters: str) -> str:
    """The atlas search of the public projects running in ``year`` (which lists what the figures count)."""
    return f"{reverse('atlas:search')}?{urlencode({'type': 'project', 'running': year, **filters})}"


def _context(year: int) -> dict:
    return {
        "year": year,
        "years": report.years(),
        "records": report.records(year),
        "money": report.money(year),
        "computed_at": timezone.localtime(),
        "search_url": search_link(year),
    }


def latest(request):
    """The latest year with something to report, or the empty state when there is nothing yet."""
    year = report.latest_declared_year()
    if year is None:
        return render(request, "atlas/state.html", {"year": None, "years": []})
    return redirect("atlas:state-year", year=year)


def state_page(request, year: int):
    return render(request, "atlas/state.html", _context(_year(year)))


def _pdf(request, year: int, language: str) -> bytes:
    # Loaded on demand: it takes a while to import, and only this page needs it (it ships no type hints).
    from weasyprint import HTML  # type: ignore[import-untyped]

    context = _context(year)
    with translation.override(language):
        context["page_url"] = request.build_absolute_uri(reverse("atlas:state-year", kwargs={"year": year}))
        html = render_to_string("atlas/state_print.html", context, request=request)
    return HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()


def state_pdf(request, year: int):
    """The same figures as a printable report (WeasyPrint), in French or English; kept a few minutes, since laying
    out a national report takes seconds (docs/declaration.md)."""
    year = _year(year)
    language = translation.get_language() or "fr"
    language = language[:2] if language[:2] in PDF_LANGUAGES else "en"
    key = f"atlas:state-pdf:{year}:{language}:{request.get_host()}"
    pdf = cache.get_or_set(key, lambda: _pdf(request, year, language), PDF_CACHE_SECONDS)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="coopdec-state-{year}-{language[:2]}.pdf"'
    return response


class _Echo:
    """A file-like object that hands back what the CSV writer writes, for a streamed response."""

    def write(self, value: str) -> str:
        return value


def _cell(value) -> object:
    text = str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else value


def _csv_rows(year: int):
    yield "\ufeff"
    writer = csv.writer(_Echo())
    yield writer.writerow(
        [
            _("Authority"),
            _("Authority code"),
            _("Type of authority"),
            _("Recipient"),
            _("Country code"),
            _("Purpose (DAC code)"),
            _("Type of aid"),
            _("Channel"),
            _("Amount in euros"),
            _("ODA"),
            _("Public project"),
        ]
    )
    yes, no = _("yes"), _("no")
    for line in report.line_rows(year):
        yield writer.writerow(
            [
                _cell(line.authority),
                line.authority_code,
                line.authority_kind,
                _cell(line.recipient),
                line.country_code,
                line.purpose,
                line.aid_type,
                line.channel,
                f"{line.amount:.2f}",
                yes if line.is_oda else no,
                line.project_id or "",
            ]
        )


def lines_csv(request, year: int):
    """Every public line the ODA figures count, one row each (UTF-8 with BOM, streamed)."""
    response = StreamingHttpResponse(_csv_rows(_year(year)), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="coopdec-state-{year}-lines.csv"'
    return response


urlpatterns = [
    path("state/", latest, name="state"),
    path("state/<int:year>/", state_page, name="state-year"),
    path("state/<int:year>/report.pdf", state_pdf, name="state-pdf"),
    path("state/<int:year>/lines.csv", lines_csv, name="state-lines"),
]
