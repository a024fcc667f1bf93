"""An embedder that records the texts it embeds, with the real model's vectors (to see when embedding happens)."""

import numpy as np
from django.test import override_settings

from coopdec.matchmaking.embedding import DEFAULT_EMBEDDER, get_embedder


class CountingEncoder:
    embedded: list[str] = []

    def __init__(self) -> None:
        with override_settings(MATCHMAKING_EMBEDDER=DEFAULT_EMBEDDER):
            self._real = get_embedder()  # the process's shared instance: the model is loaded once
        self.name = self._real.name
        self.dimension = self._real.dimension

    def embed(self, texts: list[str]) -> np.ndarray:
        CountingEncoder.embedded.extend(texts)
        return self._real.embed(texts)
