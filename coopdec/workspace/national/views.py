"""The national view for coordinators: the year's validated declarations in figures, and their exports."""

from __future__ import annotations

from babel import Locale
from babel.numbers import format_percent
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import get_language, to_locale
from django.utils.translation import gettext_lazy as _

from coopdec.declarations import exports, national
from coopdec.declarations.perms import can_manage_campaigns, can_view_national_figures
from coopdec.lib.money import display_amount
from coopdec.lib.tabular import FORMATS

from . import forms

# Each breakdown: its figures' attribute, its heading, the heading of its first column.
TABLES = [
    ("by_region", _("By région"), _("Région")),
    ("by_kind", _("By type of authority"), _("Type of authority")),
    ("by_recipient", _("By recipient"), _("Recipient")),
    ("by_purpose", _("By purpose (DAC code)"), _("Purpose")),
    ("by_aid_type", _("By type of aid"), _("Type of aid")),
    ("by_channel", _("By channel"), _("Channel")),
]


def _require_coordinator(request) -> None:
    if not can_view_national_figures(request.user):
        raise PermissionDenied


def _percent(rate: float | None) -> str:
    """A share the way the reader's language writes it: « 42 % » in French, "42%" in English."""
    if rate is None:
        return ""
    locale = Locale.parse(to_locale(get_language() or settings.LANGUAGE_CODE))
    pattern = locale.percent_formats[None].pattern.split(";")[0]
    last_zero = pattern.rindex("0") + 1
    # One decimal: a share of a few percent says more as 2.4 % than as 2 %.
    return format_percent(rate, locale=locale, format=f"{pattern[:last_zero]}.0{pattern[last_zero:]}")


def _shown(rows: list[national.Row], whole) -> list[dict]:
    return [
        {
            "label": row.label,
            "total": display_amount(row.total),
            "oda": display_amount(row.oda),
            "share": _percent(float(row.total / whole) if whole else None),
            "lines": row.lines,
        }
        for row in rows
    ]


@login_required
def overview(request):
    _require_coordinator(request)
    years = national.validated_years()
    form = forms.NationalFilterForm(request.GET or None, years=years)
    filters = form.filters()
    context = {"form": form, "years": years, "can_manage_campaigns": can_manage_campaigns(request.user)}
    if filters["year"] is not None:
        year, region, kind = filters["year"], filters["region"], filters["kind"]
        figures = national.national_figures(year, region=region, kind=kind)
        context |= {
            "year": year,
            "figures": figures,
            "total": display_amount(figures.total),
            "oda": display_amount(figures.oda),
            "tables": [
                (key, title, column, _shown(getattr(figures, key), figures.total)) for key, title, column in TABLES
            ],
            "ldc_oda": display_amount(figures.ldc.ldc_oda) if figures.ldc else "",
            "ldc_share": _percent(figures.ldc.share) if figures.ldc else "",
            "ldc_list_year": figures.ldc.list_year if figures.ldc else None,
            "series": [
                {"year": row.label, "total": display_amount(row.total), "oda": display_amount(row.oda)}
                for row in national.series(region=region, kind=kind)
            ],
            "filtered": region is not None or bool(kind),
        }
    return render(request, "workspace/national/overview.html", context)


def _known_year(year: int) -> None:
    if year not in national.validated_years():
        raise Http404


@login_required
def lines_export(request, year: int, fmt: str):
    _require_coordinator(request)
    if fmt not in FORMATS:
        raise Http404
    _known_year(year)
    return exports.lines_export(year, fmt)


@login_required
def crs_export(request, year: int):
    _require_coordinator(request)
    _known_year(year)
    return exports.crs_export(year)
