"""TF-IDF retrieval over the article's chunks (scikit-learn), built on first use.

Each chunk is indexed with its section heading, as Snowball stems without
stopwords (`text.index_terms`, the same function that reads questions).
Weights are sublinear tf x smoothed idf, rows L2-normalised, so a search is one
sparse product: score(q, c) = cos(tfidf(q), tfidf(c)), in 0..1. A question is
weighted the same way from the fitted vocabulary and idf, in a few numpy steps:
the vectorizer's own `transform` spends a millisecond validating its input.
scikit-learn takes over a second to import, so nothing imports it until the
first question that needs retrieval; small talk and confident intent matches
never wait for it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from threading import Lock
from typing import Any

from bot.text import index_terms, words
from bot.types import Chunk, Corpus

CACHED_QUERIES = 16
"""One message may be searched several times (narrowed to different sections): score it once."""


@dataclass(frozen=True)
class Passage:
    """A chunk and how well it matches the question (cosine, 0..1)."""

    chunk: Chunk
    score: float


def _pre_analysed(doc: list[str]) -> list[str]:
    """Documents reach the vectorizer already turned into terms."""
    return doc


class Index:
    """Cosine search over chunks; fitted once, on the first search or `warm()`."""

    def __init__(self, corpus: Corpus) -> None:
        self.corpus = corpus
        self._lock = Lock()
        self._model: tuple[Any, Any] | None = None
        self._section_numbers: Any = None
        self._scores = lru_cache(maxsize=CACHED_QUERIES)(self._score_all)

    def warm(self) -> None:
        """Import scikit-learn and fit now (the chat does this in the background)."""
        with self._lock:
            if self._model is None:
                import numpy as np
                from sklearn.feature_extraction.text import TfidfVectorizer

                vectorizer = TfidfVectorizer(analyzer=_pre_analysed, sublinear_tf=True)
                docs = [index_terms(words(f"{c.section}\n{c.text}")) for c in self.corpus.chunks]
                numbering = {s: n for n, s in enumerate(self.corpus.sections)}
                self._section_numbers = np.array([numbering[c.section] for c in self.corpus.chunks])
                self._model = (vectorizer, vectorizer.fit_transform(docs).tocsc())

    def _score_all(self, terms: tuple[str, ...]) -> Any:
        """Cosine of the query to every chunk, as a dense array."""
        import numpy as np

        self.warm()
        vectorizer, matrix = self._model  # type: ignore[misc]
        counts = Counter(vectorizer.vocabulary_[t] for t in terms if t in vectorizer.vocabulary_)
        if not counts:
            return np.zeros(matrix.shape[0])
        columns = np.fromiter(counts, dtype=np.intp)
        weights = (1.0 + np.log(np.fromiter(counts.values(), dtype=float))) * vectorizer.idf_[columns]
        return matrix[:, columns] @ (weights / np.linalg.norm(weights))

    def scores(self, terms: Sequence[str]) -> Any:
        """The cosine of `terms` to every chunk, in corpus order (a numpy array)."""
        return self._scores(tuple(terms))

    def search(self, terms: list[str], sections: set[str] | None = None) -> Passage | None:
        """The chunk of `sections` (all if None) most like `terms`; None if none shares a word."""
        scores = self._scores(tuple(terms))
        if sections is not None:
            import numpy as np

            wanted = [n for n, s in enumerate(self.corpus.sections) if s in sections]
            scores = np.where(np.isin(self._section_numbers, wanted), scores, 0.0)
        best = int(scores.argmax()) if len(scores) else 0
        if not len(scores) or scores[best] <= 0:
            return None
        return Passage(self.corpus.chunks[best], float(scores[best]))
