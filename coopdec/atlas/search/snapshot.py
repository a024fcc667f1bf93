"""An in-process copy of the search index's facets and sort keys as numpy arrays, reloaded when the index changes.

Counting facets in SQL costs a join of the matching documents with their facet rows for every request:
at a million documents that is seconds whenever a word matches widely. Here each process holds, per
facet, the documents of each value (sorted posting lists, for filters) and the values of each document
(a CSR layout, for counts), so that a request finds its documents once — the full-text match from the
database, the filters as boolean masks — and counts every facet from that set with ``np.bincount``.

The copy is tied to ``SearchIndexVersion.token``, which every write to the index changes in the same
transaction: ``current()`` reads the token (one query) and reloads everything when it differs, so
a search never mixes the copy of one state of the index with another. The atlas's statistics and map
aggregate the same copy (``amount_cents``, the facets' CSR arrays) and keep what they derive from it with
``Snapshot.derived``, so that it is replaced with the copy.
"""

import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from django.db import connection

from ..models import SearchDocument, SearchFacet, SearchIndexVersion
from .index import FULL_TEXT

DOCS = SearchDocument._meta.db_table
FACETS = SearchFacet._meta.db_table
VERSIONS = SearchIndexVersion._meta.db_table
# The single-valued facets (``query.FACET_LIST``) and where their column is in the documents' SELECT below.
COLUMNS = {"type": 1, "kind": 3, "status": 4, "year": 5}
TEXT_CACHE = 256  # full-text matches kept per copy: real queries are a few short words, asked again and again


@dataclass
class ColumnFacet:
    """A single-valued facet: one value code per document (-1 when empty)."""

    values: list[str]
    codes: np.ndarray

    def __post_init__(self):
        self.labels = np.array(self.values, dtype=object)

    def code_of(self, value: str) -> int | None:
        try:
            return self.values.index(value)
        except ValueError:
            return None

    def mask(self, selected: list[str]) -> np.ndarray:
        wanted = [c for c in (self.code_of(v) for v in selected) if c is not None]
        return np.isin(self.codes, np.array(wanted, dtype=self.codes.dtype))

    def count(self, chosen: np.ndarray | None) -> list[tuple[str, int]]:
        """Counts of each value over the documents at positions ``chosen`` (every document when None)."""
        codes = self.codes if chosen is None else self.codes[chosen]
        return _pairs(self.labels, np.bincount(codes + 1, minlength=len(self.values) + 1)[1:])


@dataclass
class MultiFacet:
    """A multi-valued facet: the documents of each value (posting lists) and the values of each document (CSR)."""

    values: list[str]
    codes: dict[str, int]
    postings: np.ndarray  # document positions, value after value, each run sorted
    bounds: np.ndarray  # value c's documents are postings[bounds[c]:bounds[c + 1]]
    doc_bounds: np.ndarray  # document p's value codes are doc_values[doc_bounds[p]:doc_bounds[p + 1]]
    doc_values: np.ndarray
    entry_values: np.ndarray  # the value code of each entry of ``postings``, for dense counts
    totals: np.ndarray  # documents per value, unfiltered

    def __post_init__(self):
        self.labels = np.array(self.values, dtype=object)

    def positions(self, selected: list[str]) -> np.ndarray:
        runs = [
            self.postings[self.bounds[c] : self.bounds[c + 1]]
            for c in (self.codes.get(v) for v in selected)
            if c is not None
        ]
        return np.concatenate(runs) if runs else np.empty(0, dtype=np.int32)

    def count(self, chosen: np.ndarray | None, mask: np.ndarray | None, size: int) -> list[tuple[str, int]]:
        """Counts over the documents at ``chosen`` (sorted positions, with their ``mask``); every one when None."""
        if chosen is None:
            counts = self.totals
        elif len(chosen) * 4 < size:  # few documents: read their own values
            starts, ends = self.doc_bounds[chosen], self.doc_bounds[chosen + 1]
            lengths = ends - starts
            total = int(lengths.sum())
            offsets = np.repeat(starts - np.cumsum(lengths) + lengths, lengths)
            counts = np.bincount(self.doc_values[np.arange(total) + offsets], minlength=len(self.values))
        else:  # many: test every entry against the mask
            counts = np.bincount(self.entry_values[mask[self.postings]], minlength=len(self.values))
        return _pairs(self.labels, counts)


class Snapshot:
    """The search index of one token, in arrays indexed by document position (documents in id order)."""

    def __init__(self, token: str | None):
        self.token = token
        self.columns: dict[str, ColumnFacet] = {}
        self.multi: dict[str, MultiFacet] = {}
        self._texts: OrderedDict[str, np.ndarray] = OrderedDict()
        self._totals: dict[str, list[tuple[str, int]]] = {}
        self._derived: dict[str, tuple[float, object]] = {}
        self._lock = threading.Lock()
        self._load()

    def _load(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT id, kind, object_id, subkind, status, year, date, amount FROM {DOCS} ORDER BY id")
            rows = cursor.fetchall()
            self.size = len(rows)
            self.ids = np.fromiter((r[0] for r in rows), dtype=np.int64, count=self.size)
            self.kinds = [r[1] for r in rows]  # for the page's hits only
            self.object_ids = np.fromiter((r[2] for r in rows), dtype=np.int64, count=self.size)
            for key, index in COLUMNS.items():
                raw = [r[index] for r in rows]
                values = sorted({str(v) for v in raw if v not in (None, "")})
                codes = {v: c for c, v in enumerate(values)}
                self.columns[key] = ColumnFacet(
                    values=values,
                    codes=np.fromiter(
                        (codes[str(v)] if v not in (None, "") else -1 for v in raw), dtype=np.int32, count=self.size
                    ),
                )
            self.by_date = self._order([r[6].toordinal() if r[6] else None for r in rows])
            amounts = [float(r[7]) if r[7] is not None else None for r in rows]
            self.by_amount = self._order(amounts)
            # Each document's amount in euro cents (0 when empty), for exact sums (the atlas's statistics and map):
            # amounts have two decimals, so rounding their hundredfold is exact (up to 10^13 euros).
            self.amount_cents = np.rint(
                np.fromiter((a if a is not None else 0.0 for a in amounts), dtype=np.float64, count=self.size) * 100
            ).astype(np.int64)
            del rows
            cursor.execute(f"SELECT DISTINCT facet FROM {FACETS}")
            for (key,) in cursor.fetchall():
                self.multi[key] = self._load_multi(cursor, key)
        self.date_rank = _ranks(self.by_date)
        self.amount_rank = _ranks(self.by_amount)

    def _order(self, keys: list) -> np.ndarray:
        """Positions sorted as the database sorts them: key descending, empty keys last, then id descending."""
        empty = np.fromiter((k is None for k in keys), dtype=bool, count=self.size)
        values = np.fromiter((k if k is not None else 0 for k in keys), dtype=np.float64, count=self.size)
        return np.lexsort((-self.ids, -values, empty)).astype(np.int32)

    def _load_multi(self, cursor, key: str) -> MultiFacet:
        # One row per value with its documents' ids as text: numpy parses them, no row per entry in Python.
        aggregate = (
            "string_agg(document_id::text, ',')" if connection.vendor == "postgresql" else "group_concat(document_id)"
        )
        cursor.execute(f"SELECT value, {aggregate} FROM {FACETS} WHERE facet = %s GROUP BY value ORDER BY value", [key])
        values, runs = [], []
        for value, ids in cursor.fetchall():
            values.append(value)
            runs.append(np.sort(np.array(ids.split(","), dtype=np.int64)))
        lengths = np.array([len(r) for r in runs], dtype=np.int64)
        ids = np.concatenate(runs) if runs else np.empty(0, dtype=np.int64)
        postings = np.searchsorted(self.ids, ids).astype(np.int32)
        entry_values = np.repeat(np.arange(len(values), dtype=np.int32), lengths)
        by_document = np.lexsort((entry_values, postings))
        return MultiFacet(
            values=values,
            codes={v: c for c, v in enumerate(values)},
            postings=postings,
            bounds=np.concatenate(([0], np.cumsum(lengths))),
            doc_bounds=np.concatenate(([0], np.cumsum(np.bincount(postings, minlength=self.size)))),
            doc_values=entry_values[by_document],
            entry_values=entry_values,
            totals=lengths,
        )

    # --- queries ------------------------------------------------------------------------------------

    def text_positions(self, text: str) -> np.ndarray:
        """Positions of the documents whose text matches (sorted), from the database's full-text index."""
        with self._lock:
            if text in self._texts:
                self._texts.move_to_end(text)
                return self._texts[text]
        matching = FULL_TEXT.matching_ids(text, connection)
        if matching is None:
            positions = np.empty(0, dtype=np.int32)
        else:
            with connection.cursor() as cursor:
                cursor.execute(*matching)
                ids = np.fromiter((r[0] for r in cursor.fetchall()), dtype=np.int64)
            positions = self.positions_of(ids)
        with self._lock:
            self._texts[text] = positions
            while len(self._texts) > TEXT_CACHE:
                self._texts.popitem(last=False)
        return positions

    def positions_of(self, ids: np.ndarray) -> np.ndarray:
        """Positions of these document ids, leaving out any this copy does not hold."""
        ids = np.unique(ids)
        found = np.searchsorted(self.ids, ids)
        found = found[found < self.size]
        return found[self.ids[found] == ids[: len(found)]].astype(np.int32) if len(found) else found

    def mask(self, key: str, selected: list[str]) -> np.ndarray:
        if key in self.columns:
            return self.columns[key].mask(selected)
        mask = np.zeros(self.size, dtype=bool)
        facet = self.multi.get(key)
        if facet is not None:
            mask[facet.positions(selected)] = True
        return mask

    def count(self, key: str, mask: np.ndarray | None) -> list[tuple[str, int]]:
        """The counts of facet ``key`` over the documents of ``mask`` (every document when None)."""
        if mask is None:  # the unfiltered page, the most asked for: counted once per copy
            if key not in self._totals:
                self._totals[key] = self.count(key, np.ones(self.size, dtype=bool)) if self.size else []
            return self._totals[key]
        chosen = np.flatnonzero(mask)
        if key in self.columns:
            return self.columns[key].count(chosen)
        facet = self.multi.get(key)
        return facet.count(chosen, mask, self.size) if facet else []

    def page(self, mask: np.ndarray | None, sort: str, offset: int, limit: int) -> list[int]:
        """Positions of one page of the documents of ``mask``, by date or amount (descending, empty last)."""
        order, rank = (self.by_amount, self.amount_rank) if sort == "amount" else (self.by_date, self.date_rank)
        if mask is None:
            return order[offset : offset + limit].tolist()
        chosen = np.flatnonzero(mask)
        wanted = offset + limit
        if len(chosen) * 8 > self.size:  # many: walk the precomputed order
            return order[mask[order]][offset:wanted].tolist()
        ranks = rank[chosen]
        if len(ranks) > wanted:
            ranks = ranks[np.argpartition(ranks, wanted - 1)[:wanted]]
        return order[np.sort(ranks)][offset:wanted].tolist()

    def hits(self, positions: list[int]) -> list[tuple[str, int]]:
        return [(self.kinds[p], int(self.object_ids[p])) for p in positions]

    def derived(self, name: str, build: Callable[["Snapshot"], object], *, max_age: float | None = None) -> object:
        """``build(self)``, computed once for this copy (and again after ``max_age`` seconds, if given).

        For arrays other modules derive from the index and want refreshed exactly when it changes (the atlas's
        funding lines by document position, its located authorities); they go with the copy when it is replaced.
        """
        now = time.monotonic()
        with self._lock:
            entry = self._derived.get(name)
        if entry is not None and (max_age is None or now - entry[0] < max_age):
            return entry[1]
        value = build(self)
        with self._lock:
            self._derived[name] = (now, value)
        return value


def _pairs(values: np.ndarray, counts: np.ndarray) -> list[tuple[str, int]]:
    """``(value, count)`` for every value with a count (thousands of authorities: no Python loop per value)."""
    present = np.flatnonzero(counts)
    return list(zip(values[present].tolist(), counts[present].tolist(), strict=True))


def _ranks(order: np.ndarray) -> np.ndarray:
    ranks = np.empty(len(order), dtype=np.int32)
    ranks[order] = np.arange(len(order), dtype=np.int32)
    return ranks


_current: Snapshot | None = None
_loading = threading.Lock()


def token() -> str | None:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT token FROM {VERSIONS} WHERE id = 1")
        row = cursor.fetchone()
    return row[0] if row else None


def current() -> Snapshot:
    """The copy of the index as it is now in the database: the one in memory, or a new one if the index changed."""
    global _current
    now = token()
    if _current is not None and _current.token == now:
        return _current
    with _loading:
        if _current is None or _current.token != now:
            _current = Snapshot(now)
        return _current
