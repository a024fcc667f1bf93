"""Ranking complementary profiles: exact hard filters as masks, a weighted score, the reasons of each match.

The weights are fixed beforehand and documented in docs/matchmaking.md; they are not tuned on our
evaluation set, because the product is measured on outside data.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np

from ..enums import COMPLEMENTARY_KIND, ProfileKind
from ..vocabulary import division_of, group_of
from .index import KindBlock, PoolIndex, ProfileRecord
from .passages import Passage

WEIGHTS = {"similarity": 0.60, "sectors": 0.20, "partnership": 0.10, "territory": 0.10}
# Sharing a class counts fully, a group 0.6, a division 0.3 (NACE hierarchy).
SECTOR_LEVEL_SCORE = {"class": 1.0, "group": 0.6, "division": 0.3}


@dataclass(frozen=True)
class SharedSector:
    query_code: str
    candidate_code: str
    level: str  # "class", "group" or "division": the finest level the two codes share


@dataclass(frozen=True)
class TerritoryFit:
    query_targets_candidate_country: bool
    candidate_targets_query_country: bool
    candidate_in_target_territory: bool

    @property
    def any(self) -> bool:
        return (
            self.query_targets_candidate_country
            or self.candidate_targets_query_country
            or (self.candidate_in_target_territory)
        )


@dataclass
class Match:
    """A suggested profile, its score and why: the components and the evidence behind them."""

    profile_id: int | str
    score: float
    similarity: float
    sector_score: float
    shared_sectors: list[SharedSector]
    partnership_ids: list[int]
    territory: TerritoryFit
    passage: Passage | None = None
    profile: Any = field(default=None, repr=False)  # the stored Profile when matching stored profiles


def shared_sectors(query_codes, candidate_codes) -> list[SharedSector]:
    shared = []
    for q in sorted(query_codes):
        best = None
        for c in sorted(candidate_codes):
            if q == c:
                level = "class"
            elif group_of(q) == group_of(c):
                level = "group"
            elif division_of(q) == division_of(c):
                level = "division"
            else:
                continue
            if best is None or SECTOR_LEVEL_SCORE[level] > SECTOR_LEVEL_SCORE[best.level]:
                best = SharedSector(q, c, level)
        if best:
            shared.append(best)
    return shared


def _allowed(block: KindBlock, query: ProfileRecord, index: PoolIndex, today: date) -> np.ndarray:
    """The hard filters, exact: the caller already picked the complementary kind's block."""
    mask = block.expires >= today.toordinal()
    itself = block.row_of.get(query.id)
    if itself is not None:
        mask[itself] = False  # an R&D request is not its own partner
    if query.organization_id is not None:
        mask &= block.organization_ids != query.organization_id
    if query.target_countries:
        mask &= np.isin(block.countries, index.countries.known(query.target_countries))
    country = index.countries.numbers.get(query.country)
    targeting = block.targeting_country.get(country) if country is not None else None
    mask &= ~block.has_target_countries if targeting is None else (~block.has_target_countries | targeting)
    if query.target_organization_kinds:
        mask &= np.isin(block.organization_kinds, index.organization_kinds.known(query.target_organization_kinds))
    kind = index.organization_kinds.numbers.get(query.organization_kind)
    targeting = block.targeting_kind.get(kind) if kind is not None else None
    mask &= ~block.has_target_kinds if targeting is None else (~block.has_target_kinds | targeting)
    return mask


def _sector_scores(block: KindBlock, codes) -> np.ndarray:
    scores = np.zeros(len(block), dtype=np.float32)
    for code in codes:
        for key, value in ((f"d:{division_of(code)}", 0.3), (f"g:{group_of(code)}", 0.6), (code, 1.0)):
            rows = block.rows_by_sector.get(key)
            if rows is not None:
                scores[rows] = np.maximum(scores[rows], value)
    return scores


def rank(
    index: PoolIndex,
    query: ProfileRecord,
    *,
    limit: int = 10,
    partners: dict[int, list[int]] | None = None,
    today: date | None = None,
) -> list[Match]:
    """The ``limit`` best complementary profiles for ``query`` in ``index``, best first.

    ``partners`` maps the authorities with an active partnership with the query's home authority to
    those partnerships' ids.
    """
    today = today or date.today()
    partners = partners or {}
    block = index.blocks.get(COMPLEMENTARY_KIND[ProfileKind(query.kind)])
    if block is None or not len(block):
        return []
    mask = _allowed(block, query, index, today)
    similarity = block.matrix @ np.asarray(query.vector, dtype=np.float32)
    sectors = _sector_scores(block, query.sectors) if query.sectors else 0.0
    partnership = np.isin(block.authority_ids, list(partners)).astype(np.float32) if partners else 0.0
    territory = np.zeros(len(block), dtype=np.float32)
    if query.target_countries:
        territory += 0.5 * np.isin(block.countries, index.countries.known(query.target_countries))
    country = index.countries.numbers.get(query.country)
    if country in block.targeting_country:
        territory += 0.5 * block.targeting_country[country]
    if query.target_authority_ids:
        territory = np.maximum(territory, np.isin(block.authority_ids, list(query.target_authority_ids)))
    score = (
        WEIGHTS["similarity"] * np.clip(similarity, 0, 1)
        + WEIGHTS["sectors"] * sectors
        + WEIGHTS["partnership"] * partnership
        + WEIGHTS["territory"] * territory
    )
    score = np.where(mask, score, -np.inf)
    allowed = int(mask.sum())
    k = min(limit, allowed)
    if k <= 0:
        return []
    top = np.argpartition(-score, k - 1)[:k] if k < len(score) else np.arange(len(score))
    top = top[np.lexsort((top, -score[top]))]  # best first; ties by position, so the order is stable
    matches = []
    for row in top:
        record = block.records[row]
        matches.append(
            Match(
                profile_id=record.id,
                score=round(float(score[row]), 4),
                similarity=round(float(similarity[row]), 4),
                sector_score=float(sectors[row]) if isinstance(sectors, np.ndarray) else 0.0,
                shared_sectors=shared_sectors(query.sectors, record.sectors),
                partnership_ids=sorted(partners.get(record.authority_id, [])),
                territory=TerritoryFit(
                    query_targets_candidate_country=bool(query.target_countries)
                    and record.country in query.target_countries,
                    candidate_targets_query_country=bool(query.country) and query.country in record.target_countries,
                    candidate_in_target_territory=record.authority_id in query.target_authority_ids,
                ),
            )
        )
    return matches
