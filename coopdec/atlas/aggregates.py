"""What the atlas's statistics and map show: counts and euro sums over the search's selection, in memory.

They aggregate the search index's in-memory copy (``search.snapshot``: per document its kind, year and amount
in euros, per multi-valued facet its values in a CSR layout), over the documents the search selects for the
same query string (``Filtered.chosen``, a boolean mask): each chart is one ``np.bincount`` over the facet
entries of the selected documents, whatever the filters. The copy follows every committed write to the index
(``search.sync`` changes its version token; the next request reloads it), so a write shows at once. Project
amounts are budgets converted at the ECB rate of the planned start when indexed. Funding lines are read once
per copy (the index follows their writes too) and converted then: euro lines as they are, others at their
value date (``lib.money.to_euros``); a currency the ECB does not quote is named in ``Chart.unconverted``.
Sums are in integer cents (float64 sums of whole cents: exact up to 2^53 cents, 90 trillion euros).
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

import numpy as np
from django.core.cache import cache
from django.db import connection
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from coopdec.lib.money import CENT, ZERO, NoEuroRate, to_euros
from coopdec.partnerships.models import Party
from coopdec.projects.enums import Instrument
from coopdec.projects.models import Funding, Project
from coopdec.territories.enums import OdaCategory
from coopdec.territories.models import Authority, Country
from coopdec.themes.models import Theme

from .filters import Filtered
from .models import DocumentKind, SearchFacet
from .search import snapshot
from .search.snapshot import Snapshot

FACETS = SearchFacet._meta.db_table

TOP_COUNTRIES = 15
CACHE_SECONDS = 600


def _cents_to_euros(cents) -> Decimal:
    return (Decimal(int(round(float(cents)))) / 100).quantize(CENT)


def _project_flags(index: Snapshot) -> np.ndarray:
    """1 for the documents that are projects, 0 for partnerships (the ``type`` column's codes)."""
    kinds = index.columns["type"]
    project = kinds.code_of(DocumentKind.PROJECT)
    return (kinds.codes == (project if project is not None else -2)).astype(np.int64)


class Entries:
    """The (document position, value code) entries of one multi-valued facet, for the selected documents."""

    def __init__(self, selection: Filtered, key: str):
        index, mask = selection.chosen
        self.index = index
        facet = index.multi.get(key)
        self.values = facet.values if facet else []
        if facet is None:
            self.positions = self.codes = np.empty(0, dtype=np.int64)
        elif mask is None:
            self.positions, self.codes = facet.postings, facet.entry_values
        else:
            keep = mask[facet.postings]
            self.positions, self.codes = facet.postings[keep], facet.entry_values[keep]

    def sums(self) -> dict[str, dict[str, list]]:
        """Per value with any: ``{kind: [documents, euros]}``."""
        size = len(self.values)
        projects = _project_flags(self.index)[self.positions]
        keys = self.codes.astype(np.int64) * 2 + projects
        counts = np.bincount(keys, minlength=2 * size).reshape(size, 2) if size else np.zeros((0, 2), np.int64)
        cents = (
            np.bincount(keys, weights=self.index.amount_cents[self.positions], minlength=2 * size).reshape(size, 2)
            if size
            else np.zeros((0, 2))
        )
        sums: dict[str, dict[str, list]] = {}
        for code in np.flatnonzero(counts.sum(axis=1)).tolist():
            sums[self.values[code]] = {
                PARTNERSHIPS: [int(counts[code, 0]), _cents_to_euros(cents[code, 0])],
                PROJECTS: [int(counts[code, 1]), _cents_to_euros(cents[code, 1])],
            }
        return sums

    def distinct(self) -> int:
        return int(np.count_nonzero(np.bincount(self.codes, minlength=1))) if len(self.codes) else 0


PARTNERSHIPS, PROJECTS = DocumentKind.PARTNERSHIP.value, DocumentKind.PROJECT.value


def facet_sums(selection: Filtered, facet: str) -> dict[str, dict[str, list]]:
    """Per value of an index facet: ``{kind: [documents, euros]}`` over the selected documents (missing: none)."""
    return Entries(selection, facet).sums()


@dataclass
class FundingLines:
    """Every funding line of an indexed project: its project's document position, instrument, euro cents."""

    positions: np.ndarray
    instruments: np.ndarray  # codes into ``instrument_values``
    instrument_values: list[str]
    cents: np.ndarray  # 0 when the amount is empty or cannot be converted
    unconverted: np.ndarray  # codes into ``currencies``, -1 when converted
    currencies: list[str]
    index_size: int


def _load_funding(index: Snapshot) -> FundingLines:
    """Read and convert the funding lines once per copy of the index (their writes re-index their project)."""
    return _read_funding(index)


def _update_funding(lines: FundingLines, old: Snapshot, new: Snapshot, moves, changes) -> FundingLines:
    """The funding lines of a copy brought up to date: the kept projects' lines, the changed ones' read again."""
    positions = moves.of_old[lines.positions]
    kept = positions >= 0  # a changed project's document left the copy: its lines are read again below
    fresh = _read_funding(new, sorted(changes.get(PROJECTS, ())))
    instrument_values = sorted(set(lines.instrument_values) | set(fresh.instrument_values))
    currencies = list(lines.currencies) + [c for c in fresh.currencies if c not in lines.currencies]

    def codes(values: list[str], wanted: list[str], array: np.ndarray) -> np.ndarray:
        mapping = np.array([wanted.index(v) for v in values] + [-1], dtype=np.int64)
        return mapping[array]

    return FundingLines(
        positions=np.concatenate((positions[kept], fresh.positions)),
        instruments=np.concatenate(
            (
                codes(lines.instrument_values, instrument_values, lines.instruments[kept]),
                codes(fresh.instrument_values, instrument_values, fresh.instruments),
            )
        ),
        instrument_values=instrument_values,
        cents=np.concatenate((lines.cents[kept], fresh.cents)),
        unconverted=np.concatenate(
            (
                codes(lines.currencies, currencies, lines.unconverted[kept]),
                codes(fresh.currencies, currencies, fresh.unconverted),
            )
        ),
        currencies=currencies,
        index_size=new.size,
    )


def _read_funding(index: Snapshot, project_ids: list[int] | None = None) -> FundingLines:
    """The funding lines of the indexed projects (of ``project_ids`` only, if given), converted to euro cents.

    Raw rows, no ORM instances nor converters (tens of thousands of lines at national scale): euro amounts
    become cents in numpy; the few lines in another currency are converted one by one at their value date
    (else the project's planned start, else today).
    """
    projects = np.flatnonzero(_project_flags(index))
    object_ids = index.object_ids[projects]
    order = np.argsort(object_ids)
    sorted_ids, sorted_positions = object_ids[order], projects[order]
    funding, project = Funding._meta.db_table, Project._meta.db_table
    rows, days = [], {}
    batches: list[list[int] | None] = (
        [None] if project_ids is None else [project_ids[i : i + 500] for i in range(0, len(project_ids), 500)]
    )
    with connection.cursor() as cursor:
        for batch in batches:
            where = "" if batch is None else f" WHERE f.project_id IN ({', '.join(['%s'] * len(batch))})"
            params: list[int] = [] if batch is None else batch
            cursor.execute(
                f"SELECT f.id, f.project_id, f.instrument, f.amount, f.currency FROM {funding} f{where}", params
            )
            rows += cursor.fetchall()
            cursor.execute(
                f"SELECT f.id, COALESCE(f.value_date, p.planned_start) FROM {funding} f JOIN {project} p"
                f" ON p.id = f.project_id WHERE f.currency <> 'EUR'{where.replace(' WHERE', ' AND')}",
                params,
            )
            days.update(cursor.fetchall())
    ids = np.fromiter((r[1] for r in rows), dtype=np.int64, count=len(rows))
    found = np.searchsorted(sorted_ids, ids)
    indexed = np.zeros(len(rows), dtype=bool)
    inside = found < len(sorted_ids)
    indexed[inside] = sorted_ids[found[inside]] == ids[inside]
    instrument_values = sorted({r[2] for r in rows})
    instrument_codes = {v: c for c, v in enumerate(instrument_values)}
    amounts = np.fromiter(
        (float(r[3]) if r[3] is not None and r[4] == "EUR" else 0.0 for r in rows), dtype=np.float64, count=len(rows)
    )
    cents = np.rint(amounts * 100).astype(np.int64)  # two decimals: exact up to 10^13 euros a line
    unconverted = np.full(len(rows), -1, dtype=np.int64)
    currencies: list[str] = []
    today = timezone.localdate()
    for line in np.flatnonzero(indexed).tolist():
        line_id, _project, _instrument, amount, currency = rows[line]
        if currency == "EUR" or amount is None:
            continue
        day = days.get(line_id)
        if isinstance(day, str):  # SQLite gives dates as text
            day = date.fromisoformat(day)
        try:
            cents[line] = round(to_euros(Decimal(str(amount)), currency, day or today) * 100)
        except NoEuroRate:
            if currency not in currencies:
                currencies.append(currency)
            unconverted[line] = currencies.index(currency)
    return FundingLines(
        positions=sorted_positions[found[indexed]].astype(np.int64),
        instruments=np.fromiter((instrument_codes[r[2]] for r in rows), dtype=np.int64, count=len(rows))[indexed],
        instrument_values=instrument_values,
        cents=cents[indexed],
        unconverted=unconverted[indexed],
        currencies=currencies,
        index_size=index.size,
    )


def _funding(selection: Filtered) -> tuple[FundingLines, np.ndarray]:
    """The funding lines and which of them belong to selected projects."""
    index, mask = selection.chosen
    lines = index.derived("atlas-funding", _load_funding, update=_update_funding)
    keep = np.ones(len(lines.positions), dtype=bool) if mask is None else mask[lines.positions]
    return lines, keep


def _unconverted(lines: FundingLines, keep: np.ndarray) -> list[str]:
    codes = np.unique(lines.unconverted[keep])
    return sorted(lines.currencies[c] for c in codes.tolist() if c >= 0)


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


def totals(selection: Filtered) -> Totals:
    index, mask = selection.chosen
    projects = _project_flags(index).astype(bool)
    if mask is not None:
        projects &= mask
    chosen = index.size if mask is None else int(np.count_nonzero(mask))
    lines, keep = _funding(selection)
    return Totals(
        partnerships=chosen - int(np.count_nonzero(projects)),
        projects=int(np.count_nonzero(projects)),
        budget_eur=_cents_to_euros(index.amount_cents[projects].sum()),
        funding_eur=_cents_to_euros(lines.cents[keep].sum()),
        countries=Entries(selection, "country").distinct(),
        french_authorities=Entries(selection, "authority").distinct(),
        unconverted=_unconverted(lines, keep),
    )


def by_year(selection: Filtered) -> Chart:
    """Partnerships by year of signature; projects by year of planned start, with their budgets."""
    index, mask = selection.chosen
    years = index.columns["year"]
    dated = years.codes >= 0 if mask is None else mask & (years.codes >= 0)
    keys = years.codes[dated].astype(np.int64) * 2 + _project_flags(index)[dated]
    size = len(years.values)
    counts = np.bincount(keys, minlength=2 * size).reshape(size, 2)
    cents = np.bincount(keys, weights=index.amount_cents[dated], minlength=2 * size).reshape(size, 2)
    rows = [
        Row(years.values[code], years.values[code], [int(counts[code, 0]), int(counts[code, 1]),
            _cents_to_euros(cents[code, 1])])
        for code in sorted(np.flatnonzero(counts.sum(axis=1)).tolist(), key=lambda code: int(years.values[code]))
    ]  # fmt: skip
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
    """Funding lines of the selected projects per instrument: how many projects use it, how many euros."""
    lines, keep = _funding(selection)
    size = len(lines.instrument_values)
    codes, positions = lines.instruments[keep], lines.positions[keep]
    cents = np.bincount(codes, weights=lines.cents[keep], minlength=size)
    # A project with several lines of one instrument counts once for it: distinct (instrument, project) pairs.
    pairs = np.unique(codes * max(lines.index_size, 1) + positions)
    projects = np.bincount(pairs // max(lines.index_size, 1), minlength=size)
    labels = dict(Instrument.choices)
    rows = sorted(
        (
            Row(str(labels.get(code, code)), code, [int(projects[c]), _cents_to_euros(cents[c])])
            for c, code in enumerate(lines.instrument_values)
            if projects[c]
        ),
        key=lambda row: (-row.values[1], row.label),
    )
    return Chart(
        slug="instruments",
        title=_("Funding instruments"),
        key_label=_("Instrument"),
        columns=[_("Projects"), _("Funding (€)")],
        rows=rows,
        bar=1,
        unconverted=_unconverted(lines, keep),
    )


def least_developed(selection: Filtered) -> Chart:
    """Project budgets by the ODA category of their partner countries (a project counts once per category)."""
    entries = Entries(selection, "country")
    projects = _project_flags(entries.index)[entries.positions].astype(bool)
    positions, codes = entries.positions[projects], entries.codes[projects]
    categories = dict(Country.objects.filter(code__in=entries.values).values_list("code", "oda_category"))
    names = sorted({c or "" for c in categories.values()})
    # The category of each country value; -1 for a code missing from the reference table (left out).
    category_of = np.array([names.index(categories[v] or "") if v in categories else -1 for v in entries.values]
                           + [-1], dtype=np.int64)  # fmt: skip
    category = category_of[codes] if len(codes) else np.empty(0, dtype=np.int64)
    known = category >= 0
    pairs = np.unique(positions[known].astype(np.int64) * max(len(names), 1) + category[known])
    documents, per = pairs // max(len(names), 1), pairs % max(len(names), 1)
    counts = np.bincount(per, minlength=len(names))
    cents = np.bincount(per, weights=entries.index.amount_cents[documents], minlength=len(names))
    total = _cents_to_euros(cents.sum())
    rows = []
    for category_choice in OdaCategory:
        c = names.index(category_choice.value) if category_choice.value in names else None
        count = int(counts[c]) if c is not None else 0
        amount = _cents_to_euros(cents[c]) if c is not None else ZERO
        share = (100 * amount / total).quantize(Decimal("0.1")) if total else Decimal("0.0")
        rows.append(Row(str(category_choice.label), category_choice.value, [share, count, amount]))
    return Chart(
        slug="ldc",
        title=_("Share of aid to least-developed countries"),
        key_label=_("ODA category"),
        columns=[_("Share of budgets (%)"), _("Projects"), _("Project budgets (€)")],
        rows=rows,
        note=_("By the partner countries' current category on the OECD DAC list."),
    )


def cached(name: str, selection: Filtered, compute: Callable[[], Any], *extra: object) -> Any:
    """``compute()``, kept in the cache until the index changes (its version token, which every write to it
    changes) or ``CACHE_SECONDS`` pass, which bounds how long a renamed country, theme or authority — not part
    of the index — can show its old name."""
    key_parts = [name, get_language() or "", selection.query_string, snapshot.token() or "", *map(str, extra)]
    key = "atlas:" + hashlib.sha256("|".join(key_parts).encode()).hexdigest()
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, CACHE_SECONDS)
    return value


CHARTS: dict[str, Callable[[Filtered], Chart]] = {
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


AUTHORITY_FACETS = ("authority", "foreign_authority")


@dataclass
class Located:
    """The index's French and foreign authority values end to end, with what the map needs of the located ones."""

    located: np.ndarray  # per value: has coordinates
    order: np.ndarray  # per value: its rank in code order, to break ties as the database would
    markers: list  # per value: [code, name, latitude, longitude, is_french], or None


# Per process: authority code → its marker's start (None: not located), for every code asked about so far. A new
# copy of the index asks only for the codes it brings; everything is read again after a saved or deleted
# authority, and after ``CACHE_SECONDS`` (bulk and raw writes send no signal).
_places: dict[str, list | None] = {}
_places_read_at = 0.0
_places_lock = threading.Lock()


@receiver([post_save, post_delete], sender=Authority, dispatch_uid="atlas-forget-authority-places")
def _forget_places(**kwargs) -> None:
    global _places_read_at
    with _places_lock:
        _places_read_at = 0.0


def _places_of(codes: list[str]) -> dict[str, list | None]:
    global _places, _places_read_at
    with _places_lock:
        if time.monotonic() - _places_read_at > CACHE_SECONDS:
            _places, _places_read_at = {}, time.monotonic()
        places = _places
        missing = [code for code in codes if code not in places]
    if missing:
        found: dict[str, list | None] = dict.fromkeys(missing)
        located = Authority.objects.filter(latitude__isnull=False, longitude__isnull=False).order_by()
        for start in range(0, len(missing), 5000):  # within every database's limit on parameters
            for code, name, lat, lon, french in located.filter(code__in=missing[start : start + 5000]).values_list(
                "code", "name", "latitude", "longitude", "is_french"
            ):
                found[code] = [code, name, round(lat or 0.0, 4), round(lon or 0.0, 4), bool(french)]  # not null
        with _places_lock:
            places.update(found)
    return places


def _load_located(index: Snapshot) -> Located:
    codes = [value for key in AUTHORITY_FACETS if key in index.multi for value in index.multi[key].values]
    places = _places_of(codes)
    markers = [places.get(code) for code in codes]
    order = np.empty(len(codes), dtype=np.int64)
    order[np.argsort(np.array(codes, dtype=object), kind="stable")] = np.arange(len(codes))
    return Located(located=np.array([m is not None for m in markers], dtype=bool), order=order, markers=markers)


def map_authorities(selection: Filtered, limit: int = MARKER_LIMIT) -> tuple[list[list], int]:
    """Located authorities involved in the selected partnerships or projects, most involved first.

    Each marker is ``[code, name, latitude, longitude, is_french, partnerships, projects]`` (compact, since
    there are thousands); at most ``limit`` are returned, with the number there were in all. Names and places
    are read once per copy of the index and again after ``CACHE_SECONDS``, like the cached answers.
    """
    index, _mask = selection.chosen
    located = index.derived("atlas-located-authorities", _load_located, max_age=CACHE_SECONDS)
    per_facet = []  # per value of both facets, end to end: [partnerships, projects]
    for key in AUTHORITY_FACETS:
        if key not in index.multi:
            continue
        entries = Entries(selection, key)
        size = len(entries.values)
        keys = entries.codes.astype(np.int64) * 2 + _project_flags(index)[entries.positions]
        per_facet.append(np.bincount(keys, minlength=2 * size).reshape(size, 2))
    counts = np.concatenate(per_facet) if per_facet else np.zeros((0, 2), dtype=np.int64)
    involved = counts.sum(axis=1)
    shown = np.flatnonzero((involved > 0) & located.located)
    ranked = shown[np.lexsort((located.order[shown], -involved[shown]))]
    markers = [
        [*located.markers[value], int(counts[value, 0]), int(counts[value, 1])] for value in ranked[:limit].tolist()
    ]
    return markers, len(ranked)


def map_links(selection: Filtered, authority: Authority) -> list[dict]:
    """The partners of ``authority`` in the filtered partnerships, each with the partnerships they share."""
    shared = selection.partnerships.filter(parties__authority=authority).values("pk")
    parties = (
        Party.objects.filter(partnership__in=shared, authority__isnull=False)
        .exclude(authority=authority)
        .select_related("authority__country", "partnership")
        .order_by("authority__name", "partnership_id")
    )
    partners: dict[int, dict] = {}
    for party in parties:
        partner = party.authority
        assert partner is not None  # authority__isnull=False
        entry = partners.setdefault(
            partner.pk,
            {
                "code": partner.code,
                "name": partner.name,
                "country": partner.country_id,
                # Where the partner has no position (most foreign regions), the map places it in its country
                "country_numeric": partner.country.numeric if partner.country_id else "",
                "lat": partner.latitude,
                "lon": partner.longitude,
                "partnerships": [],
            },
        )
        entry["partnerships"].append({"id": party.partnership_id, "title": party.partnership.display_title})
    return list(partners.values())
