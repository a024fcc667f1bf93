"""Atlas search queries: full text plus facets, their counts, a sort and a page.

Values of one facet are alternatives (country MA or SN); facets combine (and). Each facet's counts
are taken under every other facet's filter but not its own, so that the other values of a facet
stay visible with what choosing them would give.

``search`` finds the documents once per request — the full-text match from the database, each filter
as a mask over the in-memory copy of the index (``snapshot``) — and counts every facet from that set.
``search_sql`` answers the same in SQL alone (facet filters as ``EXISTS`` probes on the facet
table's indexes); it is the reference the tests compare ``search`` with. ``selected`` (the same documents
as a mask over the in-memory copy) is what the map and statistics aggregate over; ``sql_conditions`` (the
same SQL conditions) is what the open data and the map's links select their rows with.
"""

import math
from dataclasses import dataclass, field

import numpy as np
from django.db import connection
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from ..models import SearchDocument, SearchFacet
from . import snapshot
from .index import FULL_TEXT

DOCS = SearchDocument._meta.db_table
FACETS = SearchFacet._meta.db_table
PAGE_SIZE = 20
MAX_PAGE = 500
MAX_VALUES = 20  # per facet parameter, so that a hand-made URL cannot build a huge query
# Relevance is scored by the database on the candidates; beyond this many, results are listed by date.
RANKED_AT_MOST = 5000
# With two filters or more, the text is checked on the documents they leave when there are at most this many.
CANDIDATES_AT_MOST = 20_000


@dataclass(frozen=True)
class Facet:
    key: str
    label: object
    column: str | None = None  # a column of the document; otherwise rows of the facet table
    shown: int = 10  # values listed before "more" (selected values are always listed)
    by_value: bool = False  # list in value order (years) rather than by count


FACET_LIST = [
    Facet("type", _("Partnership or project"), column="kind"),
    Facet("kind", _("Kind"), column="subkind"),
    Facet("country", _("Country")),
    Facet("zone", _("Geographic zone")),
    Facet("region", _("French region")),
    Facet("departement", _("French département")),
    Facet("authority", _("French authority")),
    Facet("foreign_authority", _("Foreign authority")),
    Facet("theme", _("Theme"), shown=15),
    Facet("status", _("Status"), column="status"),
    Facet("year", _("Year"), column="year", shown=12, by_value=True),
    Facet("instrument", _("Funding instrument"), shown=15),
    # The years a project is under way (``Project.running_years``): "running=2025" is what the state of
    # decentralised cooperation counts as the projects of 2025.
    Facet("running", _("Project running in"), shown=12, by_value=True),
]
FACETS_BY_KEY = {f.key: f for f in FACET_LIST}
SORTS = {
    "relevance": _("Relevance"),
    "date": _("Most recent"),
    "amount": _("Largest amount"),
}


@dataclass
class SearchQuery:
    text: str = ""
    filters: dict[str, list[str]] = field(default_factory=dict)
    sort: str = "relevance"
    page: int = 1

    @classmethod
    def from_params(cls, params: QueryDict) -> "SearchQuery":
        filters = {}
        for facet in FACET_LIST:
            values = [v.strip() for v in params.getlist(facet.key) if v.strip()][:MAX_VALUES]
            if facet.key in ("year", "running"):
                values = [v for v in values if v.isdigit() and len(v) == 4]
            values = [v[:40] for v in values]
            if values:
                filters[facet.key] = list(dict.fromkeys(values))
        sort = params.get("sort", "")
        text = params.get("q", "").strip()[:200]
        if sort not in SORTS:
            # Relevance, which means "most recent" while there are no words (effective_sort): the form keeps
            # "relevance" selected, so words typed on the landing page are ranked, not sorted by date.
            sort = "relevance"
        try:
            page = min(max(int(params.get("page", 1)), 1), MAX_PAGE)
        except ValueError:
            page = 1
        return cls(text=text, filters=filters, sort=sort, page=page)

    @property
    def effective_sort(self) -> str:
        return "date" if self.sort == "relevance" and not self.text else self.sort


@dataclass
class SearchResult:
    total: int
    page: int
    pages: int
    hits: list[tuple[str, int]]  # (kind, object id), in order
    counts: dict[str, list[tuple[str, int]]]  # facet key → [(value, count)], every value with a count
    sort: str = "date"  # the order the hits are in: the one asked for, except relevance over too many results


def _placeholders(values) -> str:
    return ", ".join(["%s"] * len(values))


def _estimates(cursor, query: SearchQuery) -> dict[str, int]:
    """How many documents each filter alone selects (index-only counts), to let the rarest one drive."""
    estimates = {}
    for key, values in query.filters.items():
        facet = FACETS_BY_KEY[key]
        if facet.column:
            cursor.execute(
                f"SELECT COUNT(*) FROM {DOCS} WHERE {facet.column} IN ({_placeholders(values)})", _values(key, values)
            )
        else:
            cursor.execute(
                f"SELECT COUNT(*) FROM {FACETS} WHERE facet = %s AND value IN ({_placeholders(values)})", [key, *values]
            )
        estimates[key] = cursor.fetchone()[0]
    return estimates


def _values(key: str, values: list[str]) -> list:
    return [int(v) for v in values] if key == "year" else values


def _conditions(
    query: SearchQuery, estimates: dict[str, int], *, without: str | None = None, text: bool = True
) -> tuple[list[str], list]:
    """SQL conditions on documents aliased ``d`` for the query, leaving out the facet ``without``.

    The rarest facet-table filter is written ``d.id IN (…)`` so that the planner walks its rows; the
    others are ``EXISTS`` probes on the (document, facet, value) index, never materialised.
    """
    where, params = [], []
    if text and query.text:
        matching = FULL_TEXT.matching_ids(query.text, connection)
        if matching is None:
            where.append("1 = 0")  # punctuation only: nothing to look for, nothing found
        else:
            where.append(f"d.id IN ({matching[0]})")
            params += matching[1]
    keys = [k for k in query.filters if k != without]
    driver = min(keys, key=lambda k: estimates.get(k, 0), default=None)
    if text and query.text:
        driver = None  # the full-text match drives
    for key in keys:
        values = query.filters[key]
        facet = FACETS_BY_KEY[key]
        if facet.column:
            where.append(f"d.{facet.column} IN ({_placeholders(values)})")
            params += _values(key, values)
        elif key == driver:
            where.append(
                f"d.id IN (SELECT document_id FROM {FACETS} WHERE facet = %s AND value IN ({_placeholders(values)}))"
            )
            params += [key, *values]
        else:
            where.append(
                f"EXISTS (SELECT 1 FROM {FACETS} f WHERE f.document_id = d.id AND f.facet = %s"
                f" AND f.value IN ({_placeholders(values)}))"
            )
            params += [key, *values]
    return where, params


def _where(conditions: list[str]) -> str:
    return ("WHERE " + " AND ".join(conditions)) if conditions else ""


def _counts(cursor, query: SearchQuery, facet: Facet, estimates: dict[str, int]) -> list[tuple[str, int]]:
    where, params = _conditions(query, estimates, without=facet.key)
    if facet.column:
        cursor.execute(
            f"SELECT d.{facet.column}, COUNT(*) FROM {DOCS} d {_where(where + [f'd.{facet.column} IS NOT NULL'])}"
            f" GROUP BY d.{facet.column}",
            params,
        )
    elif where:
        cursor.execute(
            f"SELECT f.value, COUNT(*) FROM {FACETS} f JOIN {DOCS} d ON d.id = f.document_id"
            f" {_where(['f.facet = %s', *where])} GROUP BY f.value",
            [facet.key, *params],
        )
    else:
        cursor.execute(f"SELECT value, COUNT(*) FROM {FACETS} WHERE facet = %s GROUP BY value", [facet.key])
    return [(str(value), count) for value, count in cursor.fetchall() if value not in ("", None)]


def _shared_counts(cursor, query: SearchQuery, keys: list[str], estimates) -> dict[str, list[tuple[str, int]]]:
    counts: dict[str, list[tuple[str, int]]] = {key: [] for key in keys}
    if not keys:
        return counts
    where, params = _conditions(query, estimates)
    if where:
        cursor.execute(
            f"SELECT f.facet, f.value, COUNT(*) FROM {DOCS} d JOIN {FACETS} f ON f.document_id = d.id"
            f" {_where([f'f.facet IN ({_placeholders(keys)})', *where])} GROUP BY f.facet, f.value",
            [*keys, *params],
        )
    else:
        cursor.execute(
            f"SELECT facet, value, COUNT(*) FROM {FACETS} WHERE facet IN ({_placeholders(keys)}) GROUP BY facet, value",
            keys,
        )
    for facet, value, count in cursor.fetchall():
        counts[facet].append((str(value), count))
    return counts


def _order(sort: str) -> str:
    if sort == "amount":
        return (
            "d.amount DESC NULLS LAST, d.id DESC"
            if connection.vendor == "postgresql"
            else "d.amount IS NULL, d.amount DESC, d.id DESC"
        )
    return (
        "d.date DESC NULLS LAST, d.id DESC"
        if connection.vendor == "postgresql"
        else "d.date IS NULL, d.date DESC, d.id DESC"
    )


def search_sql(query: SearchQuery) -> SearchResult:
    """Run ``query`` in SQL alone: its page of hits, the total and every facet's counts."""
    with connection.cursor() as cursor:
        estimates = _estimates(cursor, query)
        where, params = _conditions(query, estimates)
        cursor.execute(f"SELECT COUNT(*) FROM {DOCS} d {_where(where)}", params)
        total = cursor.fetchone()[0]
        pages = max(1, math.ceil(total / PAGE_SIZE))
        page = min(query.page, pages)
        offset = (page - 1) * PAGE_SIZE
        hits: list[tuple[str, int]] = []
        if total:
            ranked = FULL_TEXT.ranked(query.text, "d", connection) if query.effective_sort == "relevance" else None
            if ranked:
                join, match, order, text_params = ranked
                where, params = _conditions(query, estimates, text=False)
                cursor.execute(
                    f"SELECT d.kind, d.object_id FROM {DOCS} d {join} {_where([match, *where])}"
                    f" ORDER BY {order}, d.id DESC LIMIT %s OFFSET %s",
                    [*text_params, *params, PAGE_SIZE, offset],
                )
            else:
                cursor.execute(
                    f"SELECT d.kind, d.object_id FROM {DOCS} d {_where(where)}"
                    f" ORDER BY {_order(query.effective_sort)} LIMIT %s OFFSET %s",
                    [*params, PAGE_SIZE, offset],
                )
            hits = [(kind, object_id) for kind, object_id in cursor.fetchall()]
        # Facets without a filter of their own all count under the same conditions: one query for them all.
        shared = [f.key for f in FACET_LIST if not f.column and f.key not in query.filters]
        counts = _shared_counts(cursor, query, shared, estimates) if total else {key: [] for key in shared}
        for facet in FACET_LIST:
            if facet.key not in counts:
                counts[facet.key] = _counts(cursor, query, facet, estimates)
    return SearchResult(total=total, page=page, pages=pages, hits=hits, counts=counts, sort=query.effective_sort)


def selected(query: SearchQuery) -> tuple[snapshot.Snapshot, np.ndarray | None]:
    """The documents ``query`` selects (its words and every filter, as ``search`` finds them): a boolean mask over
    the in-memory copy of the index, returned with that copy (``None``: every document).

    What the atlas's statistics and map aggregate over, so that they count exactly what the search lists.
    """
    index = snapshot.current()
    mask = None
    if query.text:
        mask = np.zeros(index.size, dtype=bool)
        mask[index.text_positions(query.text)] = True
    for key, values in query.filters.items():
        facet_mask = index.mask(key, values)
        mask = facet_mask if mask is None else mask & facet_mask
    return index, mask


def sql_conditions(query: SearchQuery) -> tuple[list[str], list]:
    """SQL conditions (and their parameters) on documents aliased ``d`` selecting what ``query`` selects.

    For pages that read the items themselves from the database (open data, the map's links): they run the
    same conditions as ``search_sql``, with the rarest filter driving.
    """
    with connection.cursor() as cursor:
        estimates = _estimates(cursor, query)
    return _conditions(query, estimates)


def _text_positions(index: snapshot.Snapshot, text: str, masks: dict[str, np.ndarray]) -> np.ndarray:
    """The positions matching ``text`` that this search needs: all of them, or only those it can count.

    With two filters or more, every figure of the page — hits, total, each facet's counts under the other
    filters — is taken over documents that pass every filter but one at most. When those are few, only
    they are checked against the text (where the database does that more cheaply than listing every
    match: a word found in most of a million documents, with three facets narrowing to a few thousand).
    """
    if len(masks) >= 2:
        passed = np.zeros(index.size, dtype=np.uint8)
        for mask in masks.values():
            passed += mask
        candidates = np.flatnonzero(passed >= len(masks) - 1)
        if len(candidates) <= CANDIDATES_AT_MOST:
            among = index.text_positions_among(text, candidates)
            if among is not None:
                return among
    return index.text_positions(text)


def search(query: SearchQuery) -> SearchResult:
    """Run ``query``: its page of hits, the total and every facet's counts.

    The documents are found once (text match and one mask per filter); each facet is then counted over
    the documents that pass every filter but its own.
    """
    index = snapshot.current()
    base = None  # None: every document
    masks = {key: index.mask(key, values) for key, values in query.filters.items()}
    if query.text:
        base = np.zeros(index.size, dtype=bool)
        base[_text_positions(index, query.text, masks)] = True

    def combined(without: str | None = None) -> np.ndarray | None:
        result = base
        for key, mask in masks.items():
            if key != without:
                result = mask if result is None else result & mask
        return result

    selected = combined()
    total = index.size if selected is None else int(np.count_nonzero(selected))
    pages = max(1, math.ceil(total / PAGE_SIZE))
    page = min(query.page, pages)
    offset = (page - 1) * PAGE_SIZE
    sort = query.effective_sort
    hits: list[tuple[str, int]] = []
    if total and sort == "relevance" and total <= RANKED_AT_MOST and selected is not None:
        ids = index.ids[np.flatnonzero(selected)].tolist()
        ranked = FULL_TEXT.rank(
            query.text,
            ids,
            limit=PAGE_SIZE,
            offset=offset,
            connection=connection,
            hits=lambda word: len(index.text_positions(word)),
        )
        hits = index.hits(np.searchsorted(index.ids, np.array(ranked, dtype=np.int64)).tolist())
    elif total:
        if sort == "relevance":
            sort = "date"
        hits = index.hits(index.page(selected, sort, offset, PAGE_SIZE))
    counts = {}
    # A facet without a filter of its own counts over the selected documents: listed once for all of them.
    chosen = np.flatnonzero(selected) if selected is not None and total else None
    for facet in FACET_LIST:
        if facet.key in masks:
            counts[facet.key] = index.count(facet.key, combined(without=facet.key))
        else:
            counts[facet.key] = index.count(facet.key, selected, chosen) if total else []
    return SearchResult(total=total, page=page, pages=pages, hits=hits, counts=counts, sort=sort)
