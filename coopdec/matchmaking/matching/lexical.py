"""The lexical baseline: TF-IDF on character n-grams (within word boundaries), cosine similarity."""

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer


class CharNgramIndex:
    """Documents indexed once; ``scores(texts)`` gives each text's cosine similarity to every document."""

    def __init__(self, documents: list[str], ngram_range: tuple[int, int] = (2, 4)) -> None:
        self.vectorizer = TfidfVectorizer(
            analyzer="char_wb", ngram_range=ngram_range, lowercase=True, sublinear_tf=True
        )
        self.matrix = self.vectorizer.fit_transform(documents)

    def scores(self, texts: list[str]) -> np.ndarray:
        """A dense ``(len(texts), len(documents))`` matrix of cosine similarities (rows are L2-normalised)."""
        return (self.vectorizer.transform(texts) @ self.matrix.T).toarray().astype(np.float32)
