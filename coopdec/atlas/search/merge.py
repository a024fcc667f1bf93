"""Sorted-array merges for bringing the search index's in-memory copy up to date (``snapshot.Snapshot.updated``).

A change re-indexes a few documents: they leave the copy and come back under new ids. Rather than sorting
everything again, the documents that stay keep their relative order (positions are in id order, and removing
documents does not reorder the rest), so every sorted structure of the copy stays sorted once its removed
entries are dropped and its positions renumbered; the new entries are then inserted where they belong
(``np.searchsorted`` and ``np.insert``, linear in the size of the copy). Value codes follow sorted values, so
a value that appears or disappears renumbers the others without changing their order either.
"""

import numpy as np

# Beyond this many new documents, the orders by date and amount are sorted again rather than merged.
MERGED_AT_MOST = 2000


class Renumbering:
    """Where the documents of the old copy go in the new one: kept ones renumbered, new ones inserted by id."""

    def __init__(self, old_ids: np.ndarray, removed: np.ndarray, fresh_ids: np.ndarray):
        self.keep = ~removed
        kept_ids = old_ids[self.keep]
        at = np.searchsorted(kept_ids, fresh_ids)
        self.ids = np.insert(kept_ids, at, fresh_ids)
        self.size = len(self.ids)
        self.fresh = (at + np.arange(len(fresh_ids))).astype(np.int64)  # new positions of the new documents
        self.kept = np.arange(len(kept_ids), dtype=np.int64) + np.searchsorted(fresh_ids, kept_ids)
        self.of_old = np.full(len(old_ids), -1, dtype=np.int64)  # old position -> new position (-1: removed)
        self.of_old[self.keep] = self.kept

    def per_document(self, old: np.ndarray, fresh, dtype) -> np.ndarray:
        """A per-document array of the new copy: the kept documents' old values and the new ones'."""
        result = np.empty(self.size, dtype=dtype)
        result[self.kept] = old[self.keep]
        result[self.fresh] = np.asarray(fresh, dtype=dtype)
        return result


def recode(old_values: list[str], added: set[str]) -> tuple[list[str], np.ndarray]:
    """The sorted values with ``added``, and each old code's new code (index -1 maps to -1, for empty cells)."""
    values = sorted(set(old_values) | added) if added - set(old_values) else list(old_values)
    codes = {v: c for c, v in enumerate(values)}
    return values, np.array([codes[v] for v in old_values] + [-1], dtype=np.int64)


def compact(values: list[str], counts: np.ndarray) -> tuple[list[str], np.ndarray | None]:
    """Drop the values nobody has any more: the remaining values and each code's new code (None: unchanged)."""
    present = counts > 0
    if present.all():
        return values, None
    return [v for v, p in zip(values, present.tolist(), strict=True) if p], np.cumsum(present) - 1


def merge_sorted(kept: np.ndarray, fresh: np.ndarray) -> np.ndarray:
    """The sorted array ``kept`` with the elements of ``fresh`` inserted in order."""
    fresh = np.sort(fresh)
    return np.insert(kept, np.searchsorted(kept, fresh), fresh)


def order(primary: np.ndarray, ids: np.ndarray) -> np.ndarray:
    """Positions by ``primary`` ascending (inf for empty keys, so they come last), then id descending."""
    return np.lexsort((-ids, primary)).astype(np.int32)


def merged_order(old: np.ndarray, moves: Renumbering, primary: np.ndarray) -> np.ndarray:
    """``order(primary, moves.ids)`` from the old copy's order: drop the removed, renumber, insert the new."""
    if len(moves.fresh) > MERGED_AT_MOST:
        return order(primary, moves.ids)
    kept = moves.of_old[old]
    kept = kept[kept >= 0]
    if not len(moves.fresh):
        return kept.astype(np.int32)
    fresh = moves.fresh[np.lexsort((-moves.ids[moves.fresh], primary[moves.fresh]))]
    keys, negated_ids = primary[kept], -moves.ids[kept]
    at = np.empty(len(fresh), dtype=np.int64)
    for i, position in enumerate(fresh.tolist()):
        low = int(np.searchsorted(keys, primary[position], "left"))
        high = int(np.searchsorted(keys, primary[position], "right"))
        at[i] = low + int(np.searchsorted(negated_ids[low:high], -moves.ids[position]))
    return np.insert(kept, at, fresh).astype(np.int32)
