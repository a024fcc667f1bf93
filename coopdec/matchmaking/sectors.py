"""Sector suggestion: the NACE classes that fit a text, in any language.

The score of a class mixes three signals fixed beforehand (not tuned on the evaluation set):
the embedding similarity of the text to the class title (0.65), to the title of its division in English or
French, whichever is closer (0.15), and a character n-gram TF-IDF similarity to the class and division
titles (0.20), which only helps for texts in English or close to it. The embeddings of the titles are
computed once per model and NACE revision and cached on disk (``MATCHMAKING_CACHE_DIR``), then kept in memory.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import threading
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import numpy as np
from django.conf import settings

from .embedding import Embedder, get_embedder
from .matching.lexical import CharNgramIndex
from .vocabulary import NACE_REVISION, division_of, nace_entries

WEIGHTS = {"class": 0.65, "division": 0.15, "lexical": 0.20}


def cache_dir() -> Path:
    configured = settings.MATCHMAKING_CACHE_DIR
    path = Path(configured) if configured else Path(tempfile.gettempdir()) / "coopdec-matchmaking"
    path.mkdir(parents=True, exist_ok=True)
    return path


def cached_embeddings(embedder: Embedder, texts: list[str], purpose: str) -> np.ndarray:
    """``embedder.embed(texts)``, read from the on-disk cache when the same model embedded the same texts.

    ``purpose`` names the file and enters the key: the sector suggester puts the NACE revision in it, so that
    titles of another revision never share a file even where a division's title is the same in both.
    """
    key = hashlib.sha256("\x00".join([embedder.name, purpose, *texts]).encode()).hexdigest()[:16]
    safe_name = "".join(c if c.isalnum() or c in "-_." else "_" for c in embedder.name)
    path = cache_dir() / f"{purpose}-{safe_name}-{key}.npy"
    if path.exists():
        matrix = np.load(path)
        if matrix.shape == (len(texts), embedder.dimension):
            return matrix
    matrix = embedder.embed(texts)
    temporary = path.with_suffix(f".{os.getpid()}.{threading.get_ident()}.tmp.npy")
    np.save(temporary, matrix)
    temporary.replace(path)  # atomic: two processes may build it at once
    return matrix


@dataclass
class SectorSuggester:
    """The NACE Rev. 2 classes and the matrices to score a text against them."""

    embedder: Embedder

    @cached_property
    def classes(self) -> list[tuple[str, str]]:
        return [(e.code, e.name_en) for e in nace_entries() if e.level == "class"]

    @cached_property
    def _divisions(self) -> dict[str, tuple[str, str]]:
        return {e.code: (e.name_en, e.name_fr) for e in nace_entries() if e.level == "division"}

    @cached_property
    def class_vectors(self) -> np.ndarray:
        return cached_embeddings(self.embedder, [name for _code, name in self.classes], f"nace{NACE_REVISION}-classes")

    @cached_property
    def division_vectors(self) -> tuple[np.ndarray, np.ndarray]:
        """Per class, the embedding of its division's English and French titles."""
        codes = sorted(self._divisions)
        english = cached_embeddings(
            self.embedder, [self._divisions[c][0] for c in codes], f"nace{NACE_REVISION}-divisions-en"
        )
        french = cached_embeddings(
            self.embedder, [self._divisions[c][1] for c in codes], f"nace{NACE_REVISION}-divisions-fr"
        )
        row = {code: i for i, code in enumerate(codes)}
        rows = [row[division_of(code)] for code, _name in self.classes]
        return english[rows], french[rows]

    @cached_property
    def lexical(self) -> CharNgramIndex:
        documents = [f"{name} {self._divisions[division_of(code)][0]}" for code, name in self.classes]
        return CharNgramIndex(documents)

    def signals(self, texts: list[str]) -> dict[str, np.ndarray]:
        """Each signal as a ``(len(texts), classes)`` matrix — the evaluation reports them apart."""
        vectors = self.embedder.embed(texts)
        english, french = self.division_vectors
        return {
            "class": vectors @ self.class_vectors.T,
            "division": np.maximum(vectors @ english.T, vectors @ french.T),
            "lexical": self.lexical.scores(texts),
        }

    def scores(self, texts: list[str]) -> np.ndarray:
        signals = self.signals(texts)
        scores: np.ndarray = sum(WEIGHTS[name] * matrix for name, matrix in signals.items())  # type: ignore[assignment]  # sum() starts at 0, numpy broadcasts it
        return scores

    def rank(self, scores: np.ndarray, limit: int) -> list[tuple[str, float]]:
        order = np.argsort(-scores, kind="stable")[:limit]
        return [(self.classes[i][0], round(float(scores[i]), 4)) for i in order]


_suggesters: dict[tuple[str, str], SectorSuggester] = {}
_lock = threading.Lock()


def get_suggester() -> SectorSuggester:
    embedder = get_embedder()
    with _lock:
        key = (embedder.name, NACE_REVISION)
        if key not in _suggesters:
            _suggesters[key] = SectorSuggester(embedder)
        return _suggesters[key]


def suggest_sectors(text: str, lang: str | None = None, limit: int = 20) -> list[tuple[str, float]]:
    """The NACE Rev. 2 classes (``"10.11"``) that fit ``text`` best, best first, with their scores.

    ``lang`` is accepted for the batch format and future models; the multilingual embedder needs no hint.
    """
    return suggest_sectors_many([text], limit=limit)[0]


def suggest_sectors_many(texts: list[str], limit: int = 20) -> list[list[tuple[str, float]]]:
    suggester = get_suggester()
    if not texts:
        return []
    return [suggester.rank(row, limit) for row in suggester.scores(texts)]
