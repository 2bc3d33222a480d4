"""TF-IDF retrieval over the article's chunks (scikit-learn), built on first use.

Each chunk is indexed with its section heading, as Snowball stems without
stopwords (`text.index_terms`, the same function that reads questions).
Weights are sublinear tf x smoothed idf, rows L2-normalised, so a search is one
sparse dot product: score(q, c) = cos(tfidf(q), tfidf(c)), in 0..1.
scikit-learn takes over a second to import, so nothing imports it until the
first question that needs retrieval; small talk and confident intent matches
never wait for it.
"""

from __future__ import annotations

from dataclasses import dataclass
from threading import Lock
from typing import Any

from bot.text import index_terms, words
from bot.types import Chunk, Corpus


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

    def warm(self) -> None:
        """Import scikit-learn and fit now (the chat does this in the background)."""
        with self._lock:
            if self._model is None:
                from sklearn.feature_extraction.text import TfidfVectorizer

                vectorizer = TfidfVectorizer(analyzer=_pre_analysed, sublinear_tf=True)
                docs = [index_terms(words(f"{c.section}\n{c.text}")) for c in self.corpus.chunks]
                self._model = (vectorizer, vectorizer.fit_transform(docs))

    def search(self, terms: list[str], sections: set[str] | None = None) -> list[Passage]:
        """Chunks of `sections` (all if None) by cosine to `terms`, best first; empty if no overlap."""
        self.warm()
        assert self._model is not None
        vectorizer, matrix = self._model
        scores = (matrix @ vectorizer.transform([terms]).T).toarray().ravel()
        ranked = sorted(range(len(scores)), key=lambda i: -scores[i])
        return [Passage(self.corpus.chunks[i], float(scores[i])) for i in ranked
                if scores[i] > 0 and (sections is None or self.corpus.chunks[i].section in sections)]
