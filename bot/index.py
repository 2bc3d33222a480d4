"""TF-IDF search over the article's chunks, answered from stored arrays with numpy alone.

scikit-learn fits the model (bot/tfidf.py, where the weighting is spelled out);
answering reads the fitted arrays from a file (bot/index_file.py: the shipped
index, else a cache) and never imports scikit-learn or scipy, which take over
a second to load. A question is weighed as the vectorizer would weigh it
(sublinear tf x idf, L2-normalised), and its cosine to every chunk is one pass
over the matrix columns of its own terms:

    scores[chunks of term t] += weight(t) * tfidf(t, chunk)

so a search costs in proportion to how many chunks hold the question's words,
not to the size of the vocabulary.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from threading import Lock

import numpy as np

from bot import index_file, streams
from bot.tfidf import Floats, TfidfArrays
from bot.types import Chunk, Corpus

CACHED_QUERIES = 16
"""One message may be searched several times (narrowed to different sections): score it once."""


@dataclass(frozen=True)
class Passage:
    """A chunk and how well it matches the question (cosine, 0..1)."""

    chunk: Chunk
    score: float


def warn_on_stderr(message: str) -> None:
    """The default way to say the index could not be cached: one line, as the command line's
    errors (and, as they are, never on stdout when stderr is closed)."""
    streams.error(message)


class Index:
    """Cosine search over chunks; the fitted arrays are loaded (or built) on first use or `warm()`."""

    def __init__(self, corpus: Corpus, warn: Callable[[str], None] = warn_on_stderr) -> None:
        self.corpus = corpus
        self._warn = warn
        self._lock = Lock()
        self._model: TfidfArrays | None = None
        self._columns: dict[str, int] = {}
        numbering = {s: n for n, s in enumerate(corpus.sections)}
        self._section_numbers = np.array([numbering[c.section] for c in corpus.chunks], dtype=np.int64)
        self._cached_scores = lru_cache(maxsize=CACHED_QUERIES)(self._score_all)

    def warm(self) -> None:
        """Load the index now (the chat does this in the background, in case it must be built)."""
        with self._lock:
            if self._model is None:
                model = index_file.load(self.corpus, self._warn)
                self._columns = {term: column for column, term in enumerate(model.terms)}
                self._model = model

    def scores(self, terms: Sequence[str]) -> Floats:
        """Cosine of the query `terms` to every chunk, in corpus order (read-only)."""
        return self._cached_scores(tuple(terms))

    def _score_all(self, terms: tuple[str, ...]) -> Floats:
        self.warm()
        model = self._model
        assert model is not None
        scores = np.zeros(model.chunks)
        counts = Counter(self._columns[t] for t in terms if t in self._columns)
        if counts:
            columns = np.array(sorted(counts))
            weights = (1.0 + np.log([counts[c] for c in columns])) * model.idf[columns]
            weights /= np.linalg.norm(weights)
            for column, weight in zip(columns.tolist(), weights.tolist()):
                start, end = model.indptr[column], model.indptr[column + 1]
                scores[model.indices[start:end]] += model.data[start:end] * weight
        scores.flags.writeable = False  # cached: shared by every caller asking the same question
        return scores

    def search(self, terms: Sequence[str], sections: set[str] | None = None) -> Passage | None:
        """The chunk of `sections` (all if None) most like `terms`; None if none shares a word."""
        scores = self.scores(terms)
        if sections is not None:
            wanted = [n for n, s in enumerate(self.corpus.sections) if s in sections]
            scores = np.where(np.isin(self._section_numbers, wanted), scores, 0.0)
        best = int(scores.argmax()) if len(scores) else 0
        if not len(scores) or scores[best] <= 0:
            return None
        return Passage(self.corpus.chunks[best], float(scores[best]))
