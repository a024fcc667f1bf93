"""Sentences of a description, and the pair of sentences two descriptions have most in common."""

import re
from dataclasses import dataclass

import numpy as np

# Sentence ends in the scripts profiles are written in: Latin, Arabic (؟ ۔), Chinese and Japanese (。！？).
_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+|(?<=[。！？؟۔])|\n+")
MAX_SENTENCES = 30


def sentences(text: str) -> list[str]:
    """The description's sentences, in order, at most ``MAX_SENTENCES`` (a passage is shown, not a whole text)."""
    found = [part.strip() for part in _SENTENCE_END.split(text or "")]
    return [part for part in found if len(part) > 1][:MAX_SENTENCES]


@dataclass(frozen=True)
class Passage:
    """The two sentences, one from each text, whose embeddings are closest."""

    query_sentence: str
    candidate_sentence: str
    similarity: float


def best_passage(
    query_sentences: list[str], query_vectors: np.ndarray, candidate_sentences: list[str], candidate_vectors: np.ndarray
) -> Passage | None:
    if not len(query_sentences) or not len(candidate_sentences):
        return None
    similarities = query_vectors @ candidate_vectors.T
    i, j = np.unravel_index(int(np.argmax(similarities)), similarities.shape)
    return Passage(query_sentences[i], candidate_sentences[j], float(similarities[i, j]))
