"""What the atlas's statistics and map show: counts and euro sums over the search's selection, in SQL.

They read the search index (``atlas.SearchDocument`` / ``SearchFacet``: one row per public item, its facets
denormalised, its amount already in euros), which the search keeps fresh on every committed write
(``search.sync``) — it is the precomputed aggregate: one grouped query per chart, whatever the filters.
Project amounts are budgets converted at the ECB rate of the planned start when indexed. Funding lines
are read from their own table: euro lines summed by the database, others converted one by one at their
value date (``lib.money.to_euros``); a currency the ECB does not quote is named in ``Chart.unconverted``.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.cache import cache
from django.db import connection
from django.db.models import Count, IntegerField, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from coopdec.lib.money import CENT, ZERO, NoEuroRate, to_euros
from coopdec.partnerships.models import Party
from coopdec.projects.enums import Instrument
from coopdec.projects.models import Funding
from coopdec.territories.enums import OdaCategory
from coopdec.territories.models import Authority, Country
from coopdec.themes.models import Theme

from .filters import Filtered
from .models import DocumentKind, SearchDocument, SearchFacet

FACETS = SearchFacet._meta.db_table
DOCS = SearchDocument._meta.db_table

TOP_COUNTRIES = 15


@dataclass
class Bucket:
    count: int = 0
    euros: Decimal = ZERO


@dataclass
class Sums:
    """Per group key: how many items and how many euros; which currencies could not be converted."""

    buckets: dict[Any, Bucket] = field(default_factory=lambda: defaultdict(Bucket))
    unconverted: set[str] = field(default_factory=set)


def euro_sums(
    rows: QuerySet, key: str, *, amount: str, currency: str, on: str | None, count: str = "pk", distinct: bool = False
) -> Sums:
    """Count ``count`` and sum ``amount`` in euros per value of ``key`` (an annotation or a field path)."""
    sums = Sums()
    grouped = (
        rows.order_by()
        .values(key)
        .annotate(n=Count(count, distinct=distinct), eur=Sum(amount, filter=Q(**{currency: "EUR"})))
    )
    for row in grouped:
        bucket = sums.buckets[row[key]]
        bucket.count += row["n"]
        bucket.euros += row["eur"] or ZERO
    others = (
        rows.order_by()
        .exclude(**{currency: "EUR"})
        .exclude(**{f"{amount}__isnull": True})
        .values_list(key, amount, currency, on or currency)
    )
    today = timezone.localdate()
    for group, value, code, day in others:
        try:
            sums.buckets[group].euros += to_euros(value, code, day if on and day else today)
        except NoEuroRate:
            sums.unconverted.add(code)
    for bucket in sums.buckets.values():
        bucket.euros = Decimal(bucket.euros).quantize(CENT)
    return sums


# --- statistics ---------------------------------------------------------------------------------------


@dataclass
class Row:
    label: str
    code: str
    values: list  # one per value column
    lang: str = ""


@dataclass
class Chart:
    """One chart of the statistics page: its data table (the accessible source) and which column the bars show."""

    slug: str
    title: Any
    key_label: Any
    columns: Sequence[Any]
    rows: list[Row]
    bar: int = 0  # index in ``columns`` of the value drawn as bars
    note: Any = ""
    unconverted: list[str] = field(default_factory=list)

    @property
    def bars(self) -> list[dict]:
        """Each row with its bar's length as a percentage of the largest one (for the server-rendered SVG)."""
        top = max((float(row.values[self.bar] or 0) for row in self.rows), default=0) or 1
        return [
            {"row": row, "percent": round(100 * float(row.values[self.bar] or 0) / top, 1), "y": index * 22}
            for index, row in enumerate(self.rows)
        ]

    @property
    def height(self) -> int:
        return max(22 * len(self.rows), 22)


@dataclass
class Totals:
    partnerships: int
    projects: int
    budget_eur: Decimal
    funding_eur: Decimal
    countries: int
    french_authorities: int
    unconverted: list[str]


def _fetch(sql: str, params: Sequence) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, list(params))
        return cursor.fetchall()


def _euros(value) -> Decimal:
    return Decimal(value or 0).quantize(CENT)


def facet_sums(selection: Filtered, facet: str | Sequence[str]) -> dict[str, dict[str, list]]:
    """Per value of an index facet: ``{kind: [documents, euros]}`` over the selected documents."""
    facets = [facet] if isinstance(facet, str) else list(facet)
    sql, params = selection.documents()
    rows = _fetch(
        f"SELECT f.value, s.kind, COUNT(*), SUM(s.amount) FROM {FACETS} f JOIN ({sql}) s ON s.id = f.document_id"
        f" WHERE f.facet IN ({', '.join(['%s'] * len(facets))}) GROUP BY f.value, s.kind",
        [*params, *facets],
    )
    sums: dict[str, dict[str, list]] = defaultdict(lambda: {kind: [0, ZERO] for kind in DocumentKind.values})
    for value, kind, count, amount in rows:
        sums[value][kind] = [count, _euros(amount)]
    return sums


def totals(selection: Filtered) -> Totals:
    sql, params = selection.documents()
    by_kind = {kind: (count, amount) for kind, count, amount in _fetch(
        f"SELECT s.kind, COUNT(*), SUM(s.amount) FROM ({sql}) s GROUP BY s.kind", params
    )}  # fmt: skip
    distinct = dict(
        _fetch(
            f"SELECT f.facet, COUNT(DISTINCT f.value) FROM {FACETS} f JOIN ({sql}) s ON s.id = f.document_id"
            " WHERE f.facet IN ('country', 'authority') GROUP BY f.facet",
            params,
        )
    )
    funding = funding_sums(selection, "one", one=Value(1, output_field=IntegerField()))
    projects = by_kind.get(DocumentKind.PROJECT, (0, None))
    return Totals(
        partnerships=by_kind.get(DocumentKind.PARTNERSHIP, (0, None))[0],
        projects=projects[0],
        budget_eur=_euros(projects[1]),
        funding_eur=funding.buckets[1].euros if funding.buckets else ZERO,
        countries=distinct.get("country", 0),
        french_authorities=distinct.get("authority", 0),
        unconverted=sorted(funding.unconverted),
    )


def funding_sums(selection: Filtered, key: str, **annotations) -> Sums:
    """The funding lines of the selected projects, in euros at their value date (else the project's start)."""
    lines = Funding.objects.filter(project_id__in=selection.object_ids(DocumentKind.PROJECT)).annotate(
        value_on=Coalesce("value_date", "project__planned_start"), **annotations
    )
    return euro_sums(lines, key, amount="amount", currency="currency", on="value_on", count="project_id", distinct=True)


PARTNERSHIPS, PROJECTS = DocumentKind.PARTNERSHIP.value, DocumentKind.PROJECT.value


def by_year(selection: Filtered) -> Chart:
    """Partnerships by year of signature; projects by year of planned start, with their budgets."""
    sql, params = selection.documents()
    years: dict[int, dict[str, list]] = defaultdict(lambda: {PARTNERSHIPS: [0, ZERO], PROJECTS: [0, ZERO]})
    for year, kind, count, amount in _fetch(
        f"SELECT s.year, s.kind, COUNT(*), SUM(s.amount) FROM ({sql}) s WHERE s.year IS NOT NULL"
        " GROUP BY s.year, s.kind",
        params,
    ):
        years[year][kind] = [count, _euros(amount)]
    rows = [
        Row(str(year), str(year), [years[year][PARTNERSHIPS][0], years[year][PROJECTS][0], years[year][PROJECTS][1]])
        for year in sorted(years)
    ]
    return Chart(
        slug="years",
        title=_("Evolution by year"),
        key_label=_("Year"),
        columns=[_("Partnerships signed"), _("Projects started"), _("Budget of the projects started (€)")],
        rows=rows,
        bar=1,
    )


ITEM_COLUMNS = [_("Partnerships"), _("Projects"), _("Project budgets (€)")]


def _item_rows(sums: dict[str, dict[str, list]], labels: dict[str, str], codes: Sequence[str]) -> list[Row]:
    return [
        Row(
            labels.get(code, code),
            code,
            [sums[code][PARTNERSHIPS][0], sums[code][PROJECTS][0], sums[code][PROJECTS][1]],
        )
        for code in codes
    ]


def _by_count(sums: dict[str, dict[str, list]]) -> list[str]:
    return sorted(sums, key=lambda code: (-sums[code][PROJECTS][0], -sums[code][PARTNERSHIPS][0], code))


def top_countries(selection: Filtered, limit: int = TOP_COUNTRIES) -> Chart:
    """Partner countries (France, the home side of every item, is not one) by number of projects."""
    sums = facet_sums(selection, "country")
    codes = _by_count(sums)[:limit]
    names = {country.code: country.name for country in Country.objects.filter(code__in=codes)}
    return Chart(
        slug="countries",
        title=_("Top partner countries"),
        key_label=_("Country"),
        columns=ITEM_COLUMNS,
        rows=_item_rows(sums, names, codes),
        bar=1,
        note=_("An item with partners in several countries counts in each."),
    )


def themes(selection: Filtered) -> Chart:
    sums = facet_sums(selection, "theme")
    labels = {theme.code: theme.label for theme in Theme.objects.filter(code__in=list(sums))}
    return Chart(
        slug="themes",
        title=_("Themes"),
        key_label=_("Theme"),
        columns=ITEM_COLUMNS,
        rows=_item_rows(sums, labels, _by_count(sums)),
        bar=1,
        note=_("An item with several themes counts in each."),
    )


def regions(selection: Filtered) -> Chart:
    """Items involving a French authority of each région (the région itself or an authority under it)."""
    sums = facet_sums(selection, "region")
    names = dict(Authority.objects.filter(code__in=list(sums)).values_list("code", "name"))
    return Chart(
        slug="regions",
        title=_("French regions"),
        key_label=_("Region"),
        columns=ITEM_COLUMNS,
        rows=_item_rows(sums, names, _by_count(sums)),
        bar=1,
        note=_("By the région of the French authorities involved (the région, or an authority placed under it)."),
    )


def instruments(selection: Filtered) -> Chart:
    sums = funding_sums(selection, "instrument")
    labels = dict(Instrument.choices)
    rows = sorted(
        (Row(str(labels.get(code, code)), code, [b.count, b.euros]) for code, b in sums.buckets.items()),
        key=lambda row: (-row.values[1], row.label),
    )
    return Chart(
        slug="instruments",
        title=_("Funding instruments"),
        key_label=_("Instrument"),
        columns=[_("Projects"), _("Funding (€)")],
        rows=rows,
        bar=1,
        unconverted=sorted(sums.unconverted),
    )


def least_developed(selection: Filtered) -> Chart:
    """Project budgets by the ODA category of their partner countries (a project counts once per category)."""
    sql, params = selection.documents(DocumentKind.PROJECT)
    country = Country._meta.db_table
    rows_by_category = {
        category: (count, _euros(amount))
        for category, count, amount in _fetch(
            f"SELECT category, COUNT(*), SUM(amount) FROM (SELECT DISTINCT s.id, c.oda_category AS category, s.amount"
            f" FROM {FACETS} f JOIN ({sql}) s ON s.id = f.document_id JOIN {country} c ON c.code = f.value"
            f" WHERE f.facet = 'country') per_category GROUP BY category",
            params,
        )
    }
    total = sum((amount for _, amount in rows_by_category.values()), ZERO)
    rows = []
    for category in OdaCategory:
        count, amount = rows_by_category.get(category.value, (0, ZERO))
        share = (100 * amount / total).quantize(Decimal("0.1")) if total else Decimal("0.0")
        rows.append(Row(str(category.label), category.value, [share, count, amount]))
    return Chart(
        slug="ldc",
        title=_("Share of aid to least-developed countries"),
        key_label=_("ODA category"),
        columns=[_("Share of budgets (%)"), _("Projects"), _("Project budgets (€)")],
        rows=rows,
        note=_("By the partner countries' current category on the OECD DAC list."),
    )


CACHE_SECONDS = 600


def index_version() -> str:
    """Changes with every write to the search index: re-indexing deletes an item's documents and inserts new
    ones, whose ids are never reused (AUTOINCREMENT on SQLite, a sequence on PostgreSQL)."""
    count, last = _fetch(f"SELECT COUNT(*), MAX(id) FROM {DOCS}", [])[0]
    return f"{count}-{last}"


def cached(name: str, selection: Filtered, compute: Callable[[], Any], *extra: object) -> Any:
    """``compute()``, kept in the cache until the index changes (or ``CACHE_SECONDS`` pass, which bounds how long a
    renamed country, theme or authority — not part of the index version — can show its old name)."""
    key_parts = [name, get_language() or "", selection.query_string, index_version(), *map(str, extra)]
    key = "atlas:" + hashlib.sha256("|".join(key_parts).encode()).hexdigest()
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, CACHE_SECONDS)
    return value


CHARTS = {
    "years": by_year,
    "countries": top_countries,
    "themes": themes,
    "regions": regions,
    "instruments": instruments,
    "ldc": least_developed,
}


def statistics(selection: Filtered) -> tuple[Totals, list[Chart]]:
    return totals(selection), [build(selection) for build in CHARTS.values()]


# --- map ------------------------------------------------------------------------------------------------


def map_countries(selection: Filtered) -> list[dict]:
    """Per partner country: ISO numeric code (the boundaries' id), partnerships, projects and their euros."""
    sums = facet_sums(selection, "country")
    countries = Country.objects.filter(code__in=list(sums)).only("code", "numeric", "name_fr", "name_en", "names")
    return [
        {
            "code": country.code,
            "numeric": country.numeric,
            "name": country.name,
            "partnerships": sums[country.code][PARTNERSHIPS][0],
            "projects": sums[country.code][PROJECTS][0],
            "amount": float(sums[country.code][PROJECTS][1]),
        }
        for country in countries
    ]


MARKER_LIMIT = 3000


def map_authorities(selection: Filtered, limit: int = MARKER_LIMIT) -> tuple[list[list], int]:
    """Located authorities involved in the selected partnerships or projects, most involved first.

    Each marker is ``[code, name, latitude, longitude, is_french, partnerships, projects]`` (compact, since
    there are thousands); at most ``limit`` are returned, with the number there were in all.
    """
    sql, params = selection.documents()
    authority = Authority._meta.db_table
    involved = (
        f"SELECT a.code, a.name, a.latitude, a.longitude, a.is_french,"
        f" SUM(CASE WHEN s.kind = 'partnership' THEN 1 ELSE 0 END) AS partnerships,"
        f" SUM(CASE WHEN s.kind = 'project' THEN 1 ELSE 0 END) AS projects"
        f" FROM {FACETS} f JOIN ({sql}) s ON s.id = f.document_id JOIN {authority} a ON a.code = f.value"
        f" WHERE f.facet IN ('authority', 'foreign_authority') AND a.latitude IS NOT NULL AND a.longitude IS NOT NULL"
        f" GROUP BY a.id, a.code, a.name, a.latitude, a.longitude, a.is_french"
    )
    rows = _fetch(f"SELECT * FROM ({involved}) m ORDER BY partnerships + projects DESC, code", params)
    markers = [
        [code, name, round(lat, 4), round(lon, 4), bool(french), partnerships, projects]
        for code, name, lat, lon, french, partnerships, projects in rows[:limit]
    ]
    return markers, len(rows)


def map_links(selection: Filtered, authority: Authority) -> list[dict]:
    """The partners of ``authority`` in the filtered partnerships, each with the partnerships they share."""
    shared = selection.partnerships.filter(parties__authority=authority).values("pk")
    parties = (
        Party.objects.filter(partnership__in=shared, authority__isnull=False)
        .exclude(authority=authority)
        .select_related("authority", "partnership")
        .order_by("authority__name", "partnership_id")
    )
    partners: dict[int, dict] = {}
    for party in parties:
        partner = party.authority
        entry = partners.setdefault(
            partner.pk,
            {
                "code": partner.code,
                "name": partner.name,
                "country": partner.country_id,
                "lat": partner.latitude,
                "lon": partner.longitude,
                "partnerships": [],
            },
        )
        entry["partnerships"].append({"id": party.partnership_id, "title": party.partnership.display_title})
    return list(partners.values())
