"""Matching profiles: the pool index, the ranking engine with its reasons, and the stored-profile entry point."""

from .engine import WEIGHTS, Match, SharedSector, TerritoryFit, rank
from .index import PoolIndex, ProfileRecord
from .passages import Passage, best_passage, sentences
from .stored import live_pool, partners_of, record_of, suggest_matches

__all__ = [
    "WEIGHTS",
    "Match",
    "Passage",
    "PoolIndex",
    "ProfileRecord",
    "SharedSector",
    "TerritoryFit",
    "best_passage",
    "live_pool",
    "partners_of",
    "rank",
    "record_of",
    "sentences",
    "suggest_matches",
]
