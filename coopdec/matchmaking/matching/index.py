"""The pool of profiles as numpy arrays: one matrix of embeddings per kind, hard filters as boolean masks.

Rows are grouped by profile kind so that the kind complementary to a query is one contiguous block: the
similarity is computed on that block only (about a fifth of the pool) and nothing is copied.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

import numpy as np

from ..vocabulary import division_of, group_of

NO_EXPIRY = date.max.toordinal()


@dataclass
class ProfileRecord:
    """What matching needs to know of a profile, whether stored or read from a JSON line."""

    id: int | str
    kind: str
    vector: np.ndarray
    sectors: tuple[str, ...] = ()
    country: str = ""
    organization_id: int | None = None
    organization_kind: str = ""
    authority_id: int | None = None
    target_countries: frozenset[str] = frozenset()
    target_authority_ids: frozenset[int] = frozenset()
    target_organization_kinds: frozenset[str] = frozenset()
    expires_on: date | None = None
    description: str = ""
    sentence_vectors: np.ndarray | None = None


class _Codes:
    """Small integers for strings (countries, organisation kinds), so that filters compare integer arrays."""

    def __init__(self) -> None:
        self.numbers: dict[str, int] = {"": -1}

    def of(self, value: str) -> int:
        return self.numbers.setdefault(value, len(self.numbers))

    def known(self, values) -> np.ndarray:
        return np.array([self.numbers[v] for v in values if v in self.numbers], dtype=np.int32)


@dataclass
class KindBlock:
    """The profiles of one kind, one row each."""

    records: list[ProfileRecord]
    matrix: np.ndarray
    countries: np.ndarray
    organization_ids: np.ndarray
    organization_kinds: np.ndarray
    authority_ids: np.ndarray
    expires: np.ndarray
    has_target_countries: np.ndarray
    has_target_kinds: np.ndarray
    targeting_country: dict[int, np.ndarray] = field(default_factory=dict)
    targeting_kind: dict[int, np.ndarray] = field(default_factory=dict)
    rows_by_sector: dict[str, np.ndarray] = field(default_factory=dict)
    row_of: dict[int | str, int] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.records)


class PoolIndex:
    """Every candidate profile, ready for ``matching.engine.rank``."""

    def __init__(self, records: list[ProfileRecord], dimension: int, version: object = None) -> None:
        self.version = version
        self.dimension = dimension
        self.countries = _Codes()
        self.organization_kinds = _Codes()
        by_kind: dict[str, list[ProfileRecord]] = defaultdict(list)
        for record in records:
            by_kind[record.kind].append(record)
        self.blocks = {kind: self._block(block_records) for kind, block_records in by_kind.items()}

    def __len__(self) -> int:
        return sum(len(block) for block in self.blocks.values())

    @property
    def nbytes(self) -> int:
        return sum(block.matrix.nbytes for block in self.blocks.values())

    def _block(self, records: list[ProfileRecord]) -> KindBlock:
        n = len(records)
        matrix = np.empty((n, self.dimension), dtype=np.float32)
        for i, record in enumerate(records):
            matrix[i] = record.vector
        targeting_country: dict[int, list[int]] = defaultdict(list)
        targeting_kind: dict[int, list[int]] = defaultdict(list)
        rows_by_sector: dict[str, set[int]] = defaultdict(set)
        for i, record in enumerate(records):
            for code in record.target_countries:
                targeting_country[self.countries.of(code)].append(i)
            for kind in record.target_organization_kinds:
                targeting_kind[self.organization_kinds.of(kind)].append(i)
            for code in record.sectors:
                # A class is listed under itself, its group and its division: the hierarchy is a dict lookup.
                for key in {code, f"g:{group_of(code)}", f"d:{division_of(code)}"}:
                    rows_by_sector[key].add(i)

        def mask_of(rows: list[int]) -> np.ndarray:
            mask = np.zeros(n, dtype=bool)
            mask[rows] = True
            return mask

        return KindBlock(
            records=records,
            matrix=matrix,
            countries=np.array([self.countries.of(r.country) for r in records], dtype=np.int32),
            organization_ids=np.array([r.organization_id or -1 for r in records], dtype=np.int64),
            organization_kinds=np.array([self.organization_kinds.of(r.organization_kind) for r in records], np.int32),
            authority_ids=np.array([r.authority_id or -1 for r in records], dtype=np.int64),
            expires=np.array([r.expires_on.toordinal() if r.expires_on else NO_EXPIRY for r in records], np.int64),
            has_target_countries=np.array([bool(r.target_countries) for r in records], dtype=bool),
            has_target_kinds=np.array([bool(r.target_organization_kinds) for r in records], dtype=bool),
            targeting_country={code: mask_of(rows) for code, rows in targeting_country.items()},
            targeting_kind={code: mask_of(rows) for code, rows in targeting_kind.items()},
            rows_by_sector={key: np.fromiter(rows, dtype=np.int64) for key, rows in rows_by_sector.items()},
            row_of={record.id: i for i, record in enumerate(records)},
        )
