"""A copy of the search index's facets and sort keys as numpy arrays, shared by the machine's processes.

Counting facets in SQL costs a join of the matching documents with their facet rows for every request. Here,
per facet, the documents of each value (sorted posting lists, for filters) and the values of each document
(a CSR layout, for counts) let a request find its documents once — the full-text match from the database, the
filters as boolean masks — and count every facet from that set with ``np.bincount``.

The copy is tied to ``SearchIndexVersion.token``, drawn again by every write to the index. ``current()`` reads
it (one query) and answers from the newest generation in files (``shared``, memory-mapped by every process),
published by the task ``publish_index`` after each write; a copy behind re-reads only the documents listed
under the later serials (``SearchIndexChange``) and merges them (``Snapshot.updated``, ``merge``), else it is
loaded again whole. A search never mixes two states of the index. The statistics and map aggregate the same
copy and keep what they derive from it with ``Snapshot.derived``.
"""

import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TypeVar, cast

import numpy as np
from django.conf import settings
from django.db import connection

from ..models import SearchDocument, SearchFacet, SearchIndexChange, SearchIndexVersion
from . import merge, shared
from .index import FULL_TEXT

DOCS = SearchDocument._meta.db_table
FACETS = SearchFacet._meta.db_table
VERSIONS = SearchIndexVersion._meta.db_table
CHANGES = SearchIndexChange._meta.db_table
DOCUMENT_COLUMNS = "id, kind, object_id, subkind, status, year, date, amount"
# The single-valued facets (``query.FACET_LIST``) and where their column is in ``DOCUMENT_COLUMNS``.
COLUMNS = {"type": 1, "kind": 3, "status": 4, "year": 5}
TEXT_CACHE = 256  # full-text matches kept per copy: real queries are a few short words, asked again and again
# A copy behind by more re-indexed objects than this (or than a tenth of its documents) is loaded again whole.
CATCH_UP_AT_MOST = 5000

T = TypeVar("T")


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
            assert mask is not None  # given with ``chosen``
            counts = np.bincount(self.entry_values[mask[self.postings]], minlength=len(self.values))
        return _pairs(self.labels, counts)


class Snapshot:
    """The search index at one token, in arrays indexed by document position (documents in id order)."""

    def __init__(self, token: str | None, serial: int = 0, *, load: bool = True):
        self.token, self.serial = token, serial
        self.size = 0
        self.columns: dict[str, ColumnFacet] = {}
        self.multi: dict[str, MultiFacet] = {}
        self._texts: OrderedDict[str, np.ndarray] = OrderedDict()
        self._totals: dict[str, list[tuple[str, int]]] = {}
        self._derived: dict[str, tuple[float, object, Callable | None]] = {}
        self._lock = threading.Lock()
        if load:
            self._load()

    def _load(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT {DOCUMENT_COLUMNS} FROM {DOCS} ORDER BY id")
            rows = cursor.fetchall()
            self.size = len(rows)
            self.ids = np.fromiter((r[0] for r in rows), dtype=np.int64, count=self.size)
            self.object_ids = np.fromiter((r[2] for r in rows), dtype=np.int64, count=self.size)
            for key, index in COLUMNS.items():
                raw = [str(v) if (v := r[index]) is not None and v != "" else None for r in rows]
                values = sorted({v for v in raw if v is not None})
                codes = {v: c for c, v in enumerate(values)}
                self.columns[key] = ColumnFacet(
                    values=values,
                    codes=np.fromiter(
                        (codes[v] if v is not None else -1 for v in raw), dtype=np.int32, count=self.size
                    ),
                )
            self.date_key, self.amount_key, self.amount_cents = _sort_keys(rows)
            del rows
            cursor.execute(f"SELECT DISTINCT facet FROM {FACETS}")
            for (key,) in cursor.fetchall():
                self.multi[key] = self._load_multi(cursor, key)
        self.by_date = merge.order(self.date_key, self.ids)
        self.by_amount = merge.order(self.amount_key, self.ids)
        self._rank()

    def _rank(self) -> None:
        self.date_rank = _ranks(self.by_date)
        self.amount_rank = _ranks(self.by_amount)

    def _load_multi(self, cursor, key: str) -> MultiFacet:
        # One row per value with its documents' ids as text: numpy parses them, no row per entry in Python.
        aggregate = (
            "string_agg(document_id::text, ',')" if connection.vendor == "postgresql" else "group_concat(document_id)"
        )
        cursor.execute(f"SELECT value, {aggregate} FROM {FACETS} WHERE facet = %s GROUP BY value", [key])
        values, runs = [], []
        for value, ids in sorted(cursor.fetchall()):  # Python's order, whatever the database's collation
            values.append(value)
            runs.append(np.sort(np.array(ids.split(","), dtype=np.int64)))
        lengths = np.array([len(r) for r in runs], dtype=np.int64)
        ids = np.concatenate(runs) if runs else np.empty(0, dtype=np.int64)
        postings = np.searchsorted(self.ids, ids).astype(np.int32)
        entry_values = np.repeat(np.arange(len(values), dtype=np.int32), lengths)
        by_document = np.lexsort((entry_values, postings))
        return _multi(values, postings, entry_values, entry_values[by_document], postings[by_document], self.size)

    # --- bringing the copy up to date ----------------------------------------------------------------------

    def updated(self, token: str, serial: int, changes: dict[str, set[int]]) -> "Snapshot":
        """A copy at ``token``: this one with the documents of the ``changes`` objects read again from the database.

        Their old documents leave, their current ones (if any: an object made private or deleted has none) come
        in; every array is merged rather than rebuilt (``merge``), and the result is the copy ``Snapshot(token)``
        would load. Full-text matches are forgotten; derived values are carried over by their ``update``.
        """
        removed = np.zeros(self.size, dtype=bool)
        kinds = self.columns.get("type")
        for kind, object_ids in changes.items():
            code = kinds.code_of(kind) if kinds else None
            if kinds is not None and code is not None:
                wanted = np.fromiter(object_ids, dtype=np.int64, count=len(object_ids))
                removed |= (kinds.codes == code) & np.isin(self.object_ids, wanted)
        rows, entries = _read_documents(changes)
        moves = merge.Renumbering(self.ids, removed, np.array([r[0] for r in rows], dtype=np.int64))
        new = Snapshot(token, serial, load=False)
        new.size, new.ids = moves.size, moves.ids
        new.object_ids = moves.per_document(self.object_ids, [r[2] for r in rows], np.int64)
        for key, index in COLUMNS.items():
            new.columns[key] = self._updated_column(key, [_cell(r[index]) for r in rows], moves)
        date_key, amount_key, amount_cents = _sort_keys(rows)
        new.date_key = moves.per_document(self.date_key, date_key, np.float64)
        new.amount_key = moves.per_document(self.amount_key, amount_key, np.float64)
        new.amount_cents = moves.per_document(self.amount_cents, amount_cents, np.int64)
        for key in sorted(self.multi.keys() | entries.keys()):
            facet = self._updated_multi(key, entries.get(key, []), moves)
            if facet is not None:
                new.multi[key] = facet
        new.by_date = merge.merged_order(self.by_date, moves, new.date_key)
        new.by_amount = merge.merged_order(self.by_amount, moves, new.amount_key)
        new._rank()
        with self._lock:
            derived = dict(self._derived)
        for name, (at, value, update) in derived.items():
            if update is not None:
                new._derived[name] = (at, update(value, self, new, moves, changes), update)
        return new

    def _updated_column(self, key: str, fresh: list[str | None], moves: merge.Renumbering) -> ColumnFacet:
        old = self.columns.get(key) or ColumnFacet(values=[], codes=np.full(self.size, -1, dtype=np.int32))
        values, recoded = merge.recode(old.values, {v for v in fresh if v is not None})
        position = {v: c for c, v in enumerate(values)}
        codes = moves.per_document(recoded[old.codes], [position[v] if v is not None else -1 for v in fresh], np.int64)
        values, compacted = merge.compact(values, np.bincount(codes + 1, minlength=len(values) + 1)[1:])
        if compacted is not None:
            codes = np.where(codes >= 0, compacted[codes], -1)
        return ColumnFacet(values=values, codes=codes.astype(np.int32))

    def _updated_multi(self, key: str, fresh: list[tuple[int, str]], moves: merge.Renumbering) -> MultiFacet | None:
        old = self.multi.get(key)
        values, recoded = merge.recode(old.values if old else [], {v for _, v in fresh})
        if not values:
            return None
        position = {v: c for c, v in enumerate(values)}
        fresh_positions = np.searchsorted(moves.ids, np.array([d for d, _ in fresh], dtype=np.int64))
        fresh_values = np.array([position[v] for _, v in fresh], dtype=np.int64)
        size, width = moves.size, len(values)
        if old is not None:  # the kept entries, in both orders: by value then document, by document then value
            kept = moves.keep[old.postings]
            by_value = recoded[old.entry_values[kept]] * size + moves.of_old[old.postings[kept]]
            owners = np.repeat(np.arange(self.size, dtype=np.int64), np.diff(old.doc_bounds))
            kept = moves.keep[owners]
            by_document = moves.of_old[owners[kept]] * width + recoded[old.doc_values[kept]]
        else:
            by_value = by_document = np.empty(0, dtype=np.int64)
        by_value = merge.merge_sorted(by_value, fresh_values * size + fresh_positions)
        by_document = merge.merge_sorted(by_document, fresh_positions * width + fresh_values)
        postings, entry_values = by_value % size, by_value // size
        doc_positions, doc_values = by_document // width, by_document % width
        values, compacted = merge.compact(values, np.bincount(entry_values, minlength=width))
        if not values:
            return None
        if compacted is not None:
            entry_values, doc_values = compacted[entry_values], compacted[doc_values]
        return _multi(
            values,
            postings.astype(np.int32),
            entry_values.astype(np.int32),
            doc_values.astype(np.int32),
            doc_positions,
            size,
        )

    # --- the copy in files shared by every process (``shared``) ---------------------------------------

    PER_DOCUMENT = ("ids", "object_ids", "date_key", "amount_key", "amount_cents", "by_date", "by_amount")
    PER_FACET = ("postings", "bounds", "doc_bounds", "doc_values", "entry_values", "totals")

    def arrays(self) -> tuple[dict[str, np.ndarray], dict]:
        """Every array of the copy by name, and what else a generation file needs to open it again."""
        arrays = {name: getattr(self, name) for name in (*self.PER_DOCUMENT, "date_rank", "amount_rank")}
        for key, column in self.columns.items():
            arrays[f"column.{key}"] = column.codes
        for key, facet in self.multi.items():
            for name in self.PER_FACET:
                arrays[f"multi.{key}.{name}"] = getattr(facet, name)
        meta = {
            "token": self.token,
            "serial": self.serial,
            "size": self.size,
            "columns": {key: column.values for key, column in self.columns.items()},
            "multi": {key: facet.values for key, facet in self.multi.items()},
        }
        return arrays, meta

    @classmethod
    def from_files(cls, meta: dict, arrays: dict[str, np.ndarray]) -> "Snapshot":
        """The copy a generation holds, over its mapped arrays (read-only, shared with the other processes)."""
        index = cls(meta["token"], meta["serial"], load=False)
        index.size = size = meta["size"]
        for name in (*cls.PER_DOCUMENT, "date_rank", "amount_rank"):
            setattr(index, name, arrays[name])
            if len(arrays[name]) != size:
                raise ValueError(f"{name} has {len(arrays[name])} entries for {size} documents")
        for key, values in meta["columns"].items():
            index.columns[key] = ColumnFacet(values=values, codes=arrays[f"column.{key}"])
            if len(index.columns[key].codes) != size:
                raise ValueError(f"column {key} does not fit")
        for key, values in meta["multi"].items():
            parts = {name: arrays[f"multi.{key}.{name}"] for name in cls.PER_FACET}
            facet = MultiFacet(values=values, codes={v: c for c, v in enumerate(values)}, **parts)
            fits = (
                len(facet.bounds) == len(values) + 1
                and len(facet.doc_bounds) == size + 1
                and int(facet.bounds[-1]) == len(facet.postings) == len(facet.entry_values) == len(facet.doc_values)
                and int(facet.doc_bounds[-1]) == len(facet.doc_values)
            )
            if not fits:
                raise ValueError(f"facet {key} does not fit")
            index.multi[key] = facet
        return index

    # --- queries ------------------------------------------------------------------------------------

    def text_positions(self, text: str) -> np.ndarray:
        """Positions of the documents whose text matches (sorted), from the database's full-text index."""
        with self._lock:
            if text in self._texts:
                self._texts.move_to_end(text)
                return self._texts[text]
        listed = FULL_TEXT.matching_ids_listed(text, connection)
        if listed is None:
            positions = np.empty(0, dtype=np.int32)
        else:
            with connection.cursor() as cursor:
                cursor.execute(*listed)
                ids = cursor.fetchone()[0]
            positions = self.positions_of(np.fromstring(ids or "", dtype=np.int64, sep=","))
        with self._lock:
            self._texts[text] = positions
            while len(self._texts) > TEXT_CACHE:
                self._texts.popitem(last=False)
        return positions

    def text_positions_among(self, text: str, candidates: np.ndarray) -> np.ndarray | None:
        """Positions among ``candidates`` (sorted positions) whose text matches; None where the database cannot
        check candidates more cheaply than it matches everything (see ``FullTextIndex.matching_ids_among``).

        Not cached: the candidates differ from one query to the next.
        """
        with self._lock:
            if text in self._texts:
                known = self._texts[text]
                wanted = np.zeros(self.size, dtype=bool)  # a mask, not np.isin: no sort of a million matches
                wanted[candidates] = True
                return known[wanted[known]]
        if not len(candidates):
            return np.empty(0, dtype=np.int32)
        among = FULL_TEXT.matching_ids_among(text, self.ids[candidates].tolist(), connection)
        if among is None:
            return None
        with connection.cursor() as cursor:
            cursor.execute(*among)
            ids = cursor.fetchone()[0]
        return self.positions_of(np.fromstring(ids or "", dtype=np.int64, sep=","))

    def positions_of(self, ids: np.ndarray) -> np.ndarray:
        """Positions of these document ids, leaving out any this copy does not hold."""
        if len(ids) > 1 and not np.all(ids[1:] > ids[:-1]):
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

    def count(self, key: str, mask: np.ndarray | None, chosen: np.ndarray | None = None) -> list[tuple[str, int]]:
        """The counts of facet ``key`` over the documents of ``mask`` (every document when None); ``chosen``, when
        given, is ``np.flatnonzero(mask)`` already computed."""
        if mask is None:  # the unfiltered page, the most asked for: counted once per copy
            if key not in self._totals:
                self._totals[key] = self.count(key, np.ones(self.size, dtype=bool)) if self.size else []
            return self._totals[key]
        if chosen is None:
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
        kinds = self.columns["type"]
        return [(kinds.values[kinds.codes[p]], int(self.object_ids[p])) for p in positions]

    def derived(
        self,
        name: str,
        build: Callable[["Snapshot"], T],
        *,
        max_age: float | None = None,
        update: Callable | None = None,
    ) -> T:
        """``build(self)``, computed once for this copy (and again after ``max_age`` seconds, if given).

        For arrays other modules derive from the index and want refreshed exactly when it changes (the atlas's
        funding lines by document position, its located authorities); they go with the copy when it is replaced.
        With ``update(value, old, new, moves, changes)``, a copy brought up to date (``updated``) carries the
        value over through it instead of building it again on first use.
        """
        now = time.monotonic()
        with self._lock:
            entry = self._derived.get(name)
        if entry is not None and (max_age is None or now - entry[0] < max_age):
            return cast(T, entry[1])  # stored by this method under ``name``, built by the same ``build``
        value = build(self)
        with self._lock:
            self._derived[name] = (now, value, update)
        return value


def _pairs(values: np.ndarray, counts: np.ndarray) -> list[tuple[str, int]]:
    """``(value, count)`` for every value with a count (thousands of authorities: no Python loop per value)."""
    present = np.flatnonzero(counts)
    return list(zip(values[present].tolist(), counts[present].tolist(), strict=True))


def _ranks(order: np.ndarray) -> np.ndarray:
    ranks = np.empty(len(order), dtype=np.int32)
    ranks[order] = np.arange(len(order), dtype=np.int32)
    return ranks


def _cell(value) -> str | None:
    return str(value) if value not in (None, "") else None


def _sort_keys(rows: list[tuple]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per document: the date and amount sort keys (descending as negatives, empty as inf) and the euro cents."""
    count = len(rows)
    try:
        date_key = np.fromiter((-r[6].toordinal() if r[6] else np.inf for r in rows), dtype=np.float64, count=count)
    except AttributeError:  # dates given as text
        date_key = np.fromiter((-_day(r[6]) if r[6] else np.inf for r in rows), dtype=np.float64, count=count)
    amounts = np.fromiter((float(r[7]) if r[7] is not None else np.nan for r in rows), dtype=np.float64, count=count)
    empty = np.isnan(amounts)
    amount_key = np.where(empty, np.inf, -amounts)
    # Each document's amount in euro cents (0 when empty), for exact sums (the atlas's statistics and map):
    # amounts have two decimals, so rounding their hundredfold is exact (up to 10^13 euros).
    amount_cents = np.rint(np.where(empty, 0.0, amounts) * 100).astype(np.int64)
    return date_key, amount_key, amount_cents


def _day(value) -> int:
    return (date.fromisoformat(value) if isinstance(value, str) else value).toordinal()


def _multi(values, postings, entry_values, doc_values, doc_positions, size: int) -> MultiFacet:
    """A facet's structure from its entries by value (``postings``, ``entry_values``) and by document."""
    totals = np.bincount(entry_values, minlength=len(values)).astype(np.int64)
    return MultiFacet(
        values=values,
        codes={v: c for c, v in enumerate(values)},
        postings=postings,
        bounds=np.concatenate(([0], np.cumsum(totals))),
        doc_bounds=np.concatenate(([0], np.cumsum(np.bincount(doc_positions, minlength=size)))),
        doc_values=doc_values,
        entry_values=entry_values,
        totals=totals,
    )


def _read_documents(changes: dict[str, set[int]]) -> tuple[list[tuple], dict[str, list[tuple[int, str]]]]:
    """The current documents of these objects (rows in id order) and their facet entries ``(id, value)``.

    Documents and facets come from one statement per batch, so each batch reads one committed state.
    """
    rows: dict[int, tuple] = {}
    entries: dict[str, list[tuple[int, str]]] = {}
    columns = ", ".join(f"d.{c.strip()}" for c in DOCUMENT_COLUMNS.split(","))
    with connection.cursor() as cursor:
        for kind, object_ids in changes.items():
            ids = sorted(object_ids)
            for start in range(0, len(ids), 500):
                batch = ids[start : start + 500]
                cursor.execute(
                    f"SELECT {columns}, f.facet, f.value FROM {DOCS} d LEFT JOIN {FACETS} f ON f.document_id = d.id"
                    f" WHERE d.kind = %s AND d.object_id IN ({', '.join(['%s'] * len(batch))})",
                    [kind, *batch],
                )
                for row in cursor.fetchall():
                    rows[row[0]] = row[:8]
                    if row[8] is not None:
                        entries.setdefault(row[8], []).append((row[0], row[9]))
    return [rows[i] for i in sorted(rows)], entries


_current: Snapshot | None = None
_loading = threading.Lock()
_reader = shared.Reader()
_behind: tuple[str, float] | None = None  # the database's token this process first found ahead of it, and when


def version() -> tuple[str | None, int]:
    """The index's token and serial (None, 0 before anything was indexed)."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT token, serial FROM {VERSIONS} WHERE id = 1")
        row = cursor.fetchone()
    return (row[0], row[1]) if row else (None, 0)


def token() -> str | None:
    return version()[0]


def _changes_since(index: Snapshot, token: str, serial: int) -> dict[str, set[int]] | None:
    """The objects re-indexed since ``index``'s state, up to ``serial``; None when the copy cannot catch up.

    It can when its own state is listed (its serial with its token: a copy read inside a transaction that was
    rolled back is not), every later serial is listed, none of them is a rebuild and they are not too many.
    """
    if index.token is None or index.serial >= serial:
        return None
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT serial, token, kind, object_id FROM {CHANGES} WHERE serial >= %s AND serial <= %s",
            [index.serial, serial],
        )
        rows = cursor.fetchall()
    if len(rows) > max(CATCH_UP_AT_MOST, index.size // 10):
        return None
    tokens = {(s, t) for s, t, _, _ in rows}
    serials = {s for s, _ in tokens}
    if (index.serial, index.token) not in tokens or (serial, token) not in tokens:
        return None
    if serials != set(range(index.serial, serial + 1)) or len(tokens) != len(serials):
        return None
    changes: dict[str, set[int]] = {}
    for row_serial, _token, kind, object_id in rows:
        if row_serial > index.serial:
            if not kind:
                return None
            changes.setdefault(kind, set()).add(object_id)
    return changes


def _published() -> Snapshot | None:
    return _reader.latest(Snapshot.from_files)


def _may_wait(now: str) -> bool:
    """Whether to answer from an older copy while the next generation is built (by the task ``publish_index``).

    For ``SEARCH_INDEX_LAG`` seconds after this process first finds the database ahead, and for as long as
    another process is building a generation; after that, a reader builds it itself (no worker running).
    """
    global _behind
    if _behind is None or _behind[0] != now:
        _behind = (now, time.monotonic())
    if time.monotonic() - _behind[1] < settings.SEARCH_INDEX_LAG:
        return True
    with shared.building(wait=False) as free:
        return not free


def _listed(copy: Snapshot) -> bool:
    """Whether ``copy`` holds a state the database went through (not a write rolled back, nor another database)."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT 1 FROM {CHANGES} WHERE serial = %s AND token = %s", [copy.serial, copy.token])
        return cursor.fetchone() is not None


def _copies(*copies: Snapshot | None) -> list[Snapshot]:
    """The copies at hand, newest first."""
    return sorted((c for c in copies if c is not None and c.token), key=lambda c: -c.serial)


def current() -> Snapshot:
    """The copy of the index as it is now in the database, or at most a moment behind it.

    The newest generation in files (``shared``) when it holds the database's state; while the database is
    ahead of it (a write committed, its generation being built), that older copy for up to ``SEARCH_INDEX_LAG``
    seconds; after that, or when there is no readable generation, this process brings a copy up to date itself
    and publishes it.
    """
    global _current
    now, serial = version()
    if _current is not None and _current.token == now:
        return _current
    with _loading:
        published = _published()
        if published is not None and published.token == now:
            _current = published
            return _current
        if _current is not None and _current.token == now:
            return _current
        newest = _copies(_current, published)[:1]
        if newest and now and newest[0].serial < serial and _listed(newest[0]) and _may_wait(now):
            _current = newest[0]
            return _current
        _current = build(now, serial)
        return _current


def build(now: str | None, serial: int, *, publish: bool | None = None) -> Snapshot:
    """A copy at the database's state ``now``: the newest one there is, brought up to date, or a full load; made
    the newest generation (unless inside a transaction, whose writes other processes must not see)."""
    with shared.building():
        published = _published()
        if published is not None and published.token == now:
            return published
        built = None
        for base in _copies(_current, published) if now else []:
            assert now is not None  # the loop runs only with a state to reach
            changes = _changes_since(base, now, serial)
            if changes is not None:
                built = base.updated(now, serial, changes)
                break
        if built is None:
            built = Snapshot(now, serial)
        if publish is None:
            publish = not connection.in_atomic_block
        if now and publish:
            arrays, meta = built.arrays()
            shared.publish(arrays, meta)
            opened = _published()
            if opened is not None and opened.token == now:
                return opened  # the mapped copy, shared, rather than this process's own
    return built


def publish_current() -> Snapshot:
    """Make the database's state of the index the newest generation (what the task ``publish_index`` does)."""
    global _current
    now, serial = version()
    with _loading:
        _current = build(now, serial, publish=True)
        return _current
