"""Full-text search over one text column: SQLite FTS5 or PostgreSQL tsvector, behind one small interface.

Both databases see the same words: text is folded in Python (``lib.text.fold``: case, accents,
punctuation) and split into word tokens before it is stored, and a query goes through the same
steps. Scripts written without spaces (Chinese, Japanese kana, Korean hangul) become overlapping
character bigrams ("水资源" → "水资 资源"), so a word inside a run is found as on every engine.

    index = FullTextIndex("atlas_searchdocument", "text")
    operations = [index.migration_operation()]                 # in the owning app's migration
    sql, params = index.matching_ids(query)                    # "SELECT id … WHERE text matches"
    join, where, rank, params = index.ranked(query, alias="d")  # to order matches by relevance

On SQLite the index is an external-content FTS5 table kept in step by triggers; on PostgreSQL a
stored generated ``tsvector`` column (``simple`` configuration) with a GIN index. Either way the
ORM writes the text column and the index follows, bulk writes included.
"""

import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import connection as default_connection
from django.db import migrations
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

from .text import fold

# Han ideographs, kana, hangul: no spaces between words, so runs are indexed as bigrams.
_CJK = r"\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff"
_TOKEN = re.compile(rf"[{_CJK}]+|[^\W_]+")
_CJK_RUN = re.compile(rf"[{_CJK}]+")
# Words this short match too much as prefixes ("a*" is half the index); they must match whole.
MIN_PREFIX = 3
MAX_TERMS = 12
# On SQLite, a term found in more rows than this is ranked in Python (``FullTextIndex._bm25``), not by FTS5.
BM25_IN_PYTHON_FROM = 20_000


def _bigrams(run: str) -> list[str]:
    if len(run) == 1:
        return [run]
    return [run[i : i + 2] for i in range(len(run) - 1)]


def tokens(text: str) -> list[str]:
    """The words the index holds for ``text``: folded, split, CJK runs as bigrams."""
    result = []
    for token in _TOKEN.findall(fold(text)):
        result.extend(_bigrams(token) if _CJK_RUN.fullmatch(token) else [token])
    return result


def prepare(*texts: str | None) -> str:
    """The text to store in an indexed column, from any number of fields in any languages."""
    return " ".join(token for text in texts if text for token in tokens(text))


@dataclass(frozen=True)
class Term:
    word: str
    prefix: bool


def parse(query: str) -> list[Term]:
    """Terms that must all match: Latin-script words as prefixes ("coop" finds "coopération"),
    CJK as exact bigrams (a single character as a prefix)."""
    terms: list[Term] = []
    for token in _TOKEN.findall(fold(query or "")):
        if _CJK_RUN.fullmatch(token):
            terms += [Term(b, prefix=len(b) == 1) for b in _bigrams(token)]
        else:
            terms.append(Term(token, prefix=len(token) >= MIN_PREFIX))
    unique = list(dict.fromkeys(terms))
    return unique[:MAX_TERMS]


class FullTextIndex:
    """The full-text index of ``table.column`` (integer primary key ``pk``)."""

    def __init__(self, table: str, column: str = "text", pk: str = "id"):
        self.table, self.column, self.pk = table, column, pk
        self.fts_table = f"{table}_fts"
        self.vector = f"{column}_vector"

    # --- schema -------------------------------------------------------------------------------------

    def _sqlite_create(self) -> list[str]:
        t, f, c, pk = self.table, self.fts_table, self.column, self.pk
        return [
            # The text is already folded and split, so unicode61 only has to split on spaces; prefix
            # indexes make "eau*" a lookup rather than a scan.
            f"CREATE VIRTUAL TABLE {f} USING fts5({c}, content='{t}', content_rowid='{pk}', "
            f"tokenize='unicode61 remove_diacritics 0', prefix='3 4')",
            f"CREATE TRIGGER {f}_ai AFTER INSERT ON {t} BEGIN "
            f"INSERT INTO {f}(rowid, {c}) VALUES (new.{pk}, new.{c}); END",
            f"CREATE TRIGGER {f}_ad AFTER DELETE ON {t} BEGIN "
            f"INSERT INTO {f}({f}, rowid, {c}) VALUES ('delete', old.{pk}, old.{c}); END",
            f"CREATE TRIGGER {f}_au AFTER UPDATE OF {c} ON {t} BEGIN "
            f"INSERT INTO {f}({f}, rowid, {c}) VALUES ('delete', old.{pk}, old.{c}); "
            f"INSERT INTO {f}(rowid, {c}) VALUES (new.{pk}, new.{c}); END",
            f"INSERT INTO {f}({f}) VALUES ('rebuild')",
        ]

    def _sqlite_drop(self) -> list[str]:
        f = self.fts_table
        return [f"DROP TRIGGER IF EXISTS {f}_{s}" for s in ("ai", "ad", "au")] + [f"DROP TABLE IF EXISTS {f}"]

    def _postgres_create(self) -> list[str]:
        return [
            f"ALTER TABLE {self.table} ADD COLUMN {self.vector} tsvector "
            f"GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, {self.column})) STORED",
            f"CREATE INDEX {self.table}_{self.vector}_gin ON {self.table} USING gin ({self.vector})",
        ]

    def _postgres_drop(self) -> list[str]:
        return [f"ALTER TABLE {self.table} DROP COLUMN IF EXISTS {self.vector}"]

    def migration_operation(self) -> migrations.RunPython:
        """A migration step creating the index for whichever database runs it (after the table exists)."""

        def run(statements: Callable[[str], list[str]]) -> Callable[[StateApps, BaseDatabaseSchemaEditor], None]:
            def apply(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
                vendor = schema_editor.connection.vendor
                for sql in statements(vendor):
                    schema_editor.execute(sql)

            return apply

        def create(vendor: str) -> list[str]:
            return {"sqlite": self._sqlite_create, "postgresql": self._postgres_create}.get(vendor, list)()

        def drop(vendor: str) -> list[str]:
            return {"sqlite": self._sqlite_drop, "postgresql": self._postgres_drop}.get(vendor, list)()

        return migrations.RunPython(run(create), run(drop), elidable=False)

    def rebuild(self, connection: BaseDatabaseWrapper = default_connection) -> None:
        """Re-read every row into the index (SQLite after writes that bypassed the triggers; a no-op on PostgreSQL)."""
        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                cursor.execute(f"INSERT INTO {self.fts_table}({self.fts_table}) VALUES ('rebuild')")

    # --- queries ------------------------------------------------------------------------------------

    @staticmethod
    def _fts5_query(terms: list[Term]) -> str:
        return " AND ".join(f'"{t.word}"' + ("*" if t.prefix else "") for t in terms)

    @staticmethod
    def _tsquery(terms: list[Term]) -> str:
        # Tokens are letters and digits only (see ``tokens``), so quoting them is enough.
        return " & ".join(f"'{t.word}'" + (":*" if t.prefix else "") for t in terms)

    def matching_ids(
        self, query: str, connection: BaseDatabaseWrapper = default_connection
    ) -> tuple[str, list[Any]] | None:
        """``(sql, params)`` selecting the primary keys whose text matches every term; None if no term."""
        terms = parse(query)
        if not terms:
            return None
        if connection.vendor == "postgresql":
            return (
                f"SELECT {self.pk} FROM {self.table} WHERE {self.vector} @@ to_tsquery('simple'::regconfig, %s)",
                [self._tsquery(terms)],
            )
        return f"SELECT rowid FROM {self.fts_table} WHERE {self.fts_table} MATCH %s", [self._fts5_query(terms)]

    def matching_ids_listed(
        self, query: str, connection: BaseDatabaseWrapper = default_connection
    ) -> tuple[str, list[Any]] | None:
        """Like ``matching_ids``, as one row holding the keys as comma-separated text (NULL when none match).

        For a caller that wants every match at once: one value parsed in bulk (``numpy.fromstring``) costs a
        fraction of a row per key when a word is found in most of a million documents. The keys' order is
        the engine's.
        """
        terms = parse(query)
        if not terms:
            return None
        if connection.vendor == "postgresql":
            return (
                f"SELECT string_agg({self.pk}::text, ',') FROM {self.table}"
                f" WHERE {self.vector} @@ to_tsquery('simple'::regconfig, %s)",
                [self._tsquery(terms)],
            )
        return (
            f"SELECT group_concat(rowid) FROM {self.fts_table} WHERE {self.fts_table} MATCH %s",
            [self._fts5_query(terms)],
        )

    def matching_ids_among(
        self, query: str, ids: list[int], connection: BaseDatabaseWrapper = default_connection
    ) -> tuple[str, list[Any]] | None:
        """Like ``matching_ids_listed``, for the keys among ``ids`` only; None where that is no cheaper.

        PostgreSQL checks each candidate's stored ``tsvector`` (rows found by key), so the cost follows the
        candidates, not the matches. FTS5 would expand a prefix term again for every candidate key: there it
        returns None and the caller matches everything (``matching_ids_listed``).
        """
        terms = parse(query)
        if not terms or connection.vendor != "postgresql":
            return None
        return (
            f"SELECT string_agg({self.pk}::text, ',') FROM {self.table}"
            f" WHERE {self.pk} = ANY(%s) AND {self.vector} @@ to_tsquery('simple'::regconfig, %s)",
            [list(ids), self._tsquery(terms)],
        )

    def ranked(
        self, query: str, alias: str, connection: BaseDatabaseWrapper = default_connection
    ) -> tuple[str, str, str, list[Any]] | None:
        """``(join, where, order, params)`` to add to ``SELECT … FROM table alias``: matches, best first.

        ``params`` are the join's and the where's, in that order.
        """
        terms = parse(query)
        if not terms:
            return None
        if connection.vendor == "postgresql":
            return (
                "CROSS JOIN to_tsquery('simple'::regconfig, %s) AS fts_query",
                f"{alias}.{self.vector} @@ fts_query",
                f"ts_rank({alias}.{self.vector}, fts_query) DESC",
                [self._tsquery(terms)],
            )
        f = self.fts_table
        return (
            f"JOIN {f} ON {f}.rowid = {alias}.{self.pk}",
            f"{f} MATCH %s",
            f"{f}.rank",
            [self._fts5_query(terms)],
        )

    def rank(
        self,
        query: str,
        ids: list[int],
        *,
        limit: int,
        offset: int = 0,
        connection: BaseDatabaseWrapper = default_connection,
        hits: Callable[[str], int] | None = None,
    ) -> list[int]:
        """The primary keys among ``ids`` that match, best first (ties: highest key first), one page of them.

        Meant for a candidate set already narrowed elsewhere: the engine scores only these rows. ``hits(word)``,
        when given, says how many rows match a term alone (the caller keeps them): on SQLite, a term found in
        more than ``BM25_IN_PYTHON_FROM`` rows is scored here rather than by FTS5 (``_bm25``), with the same result.
        """
        terms = parse(query)
        if not terms or not ids:
            return []
        if connection.vendor == "sqlite" and hits is not None:
            counts = [hits(t.word) for t in terms]
            if max(counts) > BM25_IN_PYTHON_FROM:
                return self._bm25(terms, counts, ids, limit=limit, offset=offset, connection=connection)
        if connection.vendor == "postgresql":
            sql = (
                f"SELECT {self.pk} FROM {self.table}, to_tsquery('simple'::regconfig, %s) AS fts_query "
                f"WHERE {self.pk} = ANY(%s) AND {self.vector} @@ fts_query "
                f"ORDER BY ts_rank({self.vector}, fts_query) DESC, {self.pk} DESC LIMIT %s OFFSET %s"
            )
            params: list[Any] = [self._tsquery(terms), list(ids), limit, offset]
        else:
            f = self.fts_table
            sql = (
                f"SELECT rowid FROM {f} WHERE {f} MATCH %s AND +rowid IN (SELECT value FROM json_each(%s)) "
                f"ORDER BY rank, rowid DESC LIMIT %s OFFSET %s"
            )
            params = [self._fts5_query(terms), "[" + ",".join(str(int(i)) for i in ids) + "]", limit, offset]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return [int(row[0]) for row in cursor.fetchall()]

    def _bm25(
        self,
        terms: list[Term],
        counts: list[int],
        ids: list[int],
        *,
        limit: int,
        offset: int,
        connection: BaseDatabaseWrapper,
    ) -> list[int]:
        """FTS5's ``bm25()`` ranking of ``ids`` (all matching), computed from what FTS5 stores.

        FTS5 walks every row holding a term to rank a few (its ``MATCH`` iterates the whole doclist): seconds for a
        word found in most of a million rows. Here the same formula (``fts5_aux.c``: k1 = 1.2, b = 0.75, IDF
        floored at 1e-6, score negated; ties by key descending, as ``ORDER BY rank, rowid DESC``) takes FTS5's own
        row count and token total (its averages record) and row sizes (its docsize table), the terms' row counts
        from ``counts``, and each term's frequency from the candidates' text, whose tokens are single-space
        separated (``prepare``).
        """
        f, k1, b = self.fts_table, 1.2, 0.75
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT block FROM {f}_data WHERE id = 1")
            rows, total = _varints(cursor.fetchone()[0], 2)
            cursor.execute(
                f"SELECT t.{self.pk}, t.{self.column}, s.sz FROM {self.table} t"
                f" JOIN {f}_docsize s ON s.id = t.{self.pk} WHERE t.{self.pk} IN (SELECT value FROM json_each(%s))",
                ["[" + ",".join(str(int(i)) for i in ids) + "]"],
            )
            documents = cursor.fetchall()
        avgdl = float(total) / float(rows)
        idfs = []
        for hit in counts:
            idf = math.log((rows - hit + 0.5) / (hit + 0.5))
            idfs.append(idf if idf > 0.0 else 1e-6)
        scored = []
        for pk, text, size in documents:
            D = float(_varints(size, 1)[0])
            spaced = " " + (text or "")
            score = 0.0
            for term, idf in zip(terms, idfs, strict=True):
                frequency = float(spaced.count(" " + term.word) if term.prefix else spaced.split().count(term.word))
                score += idf * ((frequency * (k1 + 1.0)) / (frequency + k1 * (1 - b + b * D / avgdl)))
            scored.append((-1.0 * score, -pk))
        scored.sort()
        return [-negated for _score, negated in scored[offset : offset + limit]]


def _varints(data: bytes, count: int) -> list[int]:
    """The first ``count`` SQLite varints of ``data`` (big-endian, 7 bits a byte, the ninth byte whole)."""
    values, at = [], 0
    for _ in range(count):
        value = 0
        for position in range(9):
            byte = data[at]
            at += 1
            if position == 8:
                value = (value << 8) | byte
                break
            value = (value << 7) | (byte & 0x7F)
            if not byte & 0x80:
                break
        values.append(value)
    return values
