"""The atlas statistics: totals and charts over the filtered set, each chart with its table and its CSV."""

import csv

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils.encoding import force_str
from django.utils.translation import gettext as _

from .. import aggregates
from ..filters import filtered


def statistics_page(request):
    selection = filtered(request)
    totals, charts = aggregates.cached("statistics", selection, lambda: aggregates.statistics(selection))
    return render(request, "atlas/stats.html", {"selection": selection, "totals": totals, "charts": charts})


def chart_csv(request, slug: str):
    """One chart's data table as CSV (UTF-8 with BOM, so that spreadsheets read accents)."""
    build = aggregates.CHARTS.get(slug)
    if build is None:
        raise Http404("No such chart.")
    selection = filtered(request)
    chart = aggregates.cached(f"chart-{slug}", selection, lambda: build(selection))
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="coopdec-statistics-{slug}.csv"'
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow([force_str(chart.key_label), _("Code"), *(force_str(column) for column in chart.columns)])
    for row in chart.rows:
        writer.writerow([row.label, row.code, *row.values])
    return response


urlpatterns = [
    path("statistics/", statistics_page, name="statistics"),
    path("statistics/<slug:slug>.csv", chart_csv, name="statistics-csv"),
]
