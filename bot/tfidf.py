"""The fitted TF-IDF model as plain arrays, and the one place scikit-learn fits it.

Each chunk is a document of its section heading and text, read as Snowball
stems without stopwords or question words (`text.index_terms`, the same
function that reads questions). scikit-learn's TfidfVectorizer weighs them:
sublinear tf (1 + log count) x smoothed idf (1 + log((1 + n) / (1 + df))),
each chunk's row L2-normalised. What answering needs of that is three things,
kept here as numpy arrays: the vocabulary (sorted: a term's position is its
column), the idf per term, and the matrix, column by column (CSC), since a
query touches only the columns of its own terms.

scikit-learn (and scipy under it) take over a second to import, so this module
imports it only inside `fit`: reading and searching a stored index never do.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from bot.text import index_terms, words
from bot.types import Corpus

Floats = npt.NDArray[np.float64]
Ints = npt.NDArray[np.int64]
Rows = npt.NDArray[np.int32]


@dataclass(frozen=True, eq=False)
class TfidfArrays:
    """A fitted model: `terms[j]` has weight `idf[j]`; the chunks holding it are
    `indices[indptr[j]:indptr[j + 1]]`, with their weights at the same places of `data`."""

    terms: tuple[str, ...]
    idf: Floats
    indptr: Ints
    indices: Rows
    data: Floats
    chunks: int

    def is_consistent(self) -> bool:
        """Whether the arrays fit together: the check that makes a damaged file safe to refuse."""
        n = len(self.terms)
        kinds = (self.idf.dtype, self.data.dtype, self.indptr.dtype, self.indices.dtype)
        return (kinds == (np.float64, np.float64, np.int64, np.int32)
                and len(set(self.terms)) == n and self.idf.shape == (n,) and self.indptr.shape == (n + 1,)
                and self.indices.shape == self.data.shape == (int(self.indptr[-1]),) and self.indptr[0] == 0
                and bool(np.all(np.diff(self.indptr) >= 0))
                and bool(np.all((self.indices >= 0) & (self.indices < self.chunks)))
                and bool(np.all(np.isfinite(self.idf)) and np.all(np.isfinite(self.data))))


def document(section: str, text: str) -> list[str]:
    """The terms a chunk is indexed by: its section heading's and its own."""
    return index_terms(words(f"{section}\n{text}"))


def _pre_analysed(doc: list[str]) -> list[str]:
    """Documents reach the vectorizer already turned into terms."""
    return doc


def fit(corpus: Corpus) -> TfidfArrays:
    """Fit TF-IDF over the corpus's chunks (imports scikit-learn: a second or more)."""
    docs = [document(c.section, c.text) for c in corpus.chunks]
    if not any(docs):  # scikit-learn refuses an empty vocabulary; nothing can match anyway
        return TfidfArrays((), np.zeros(0), np.zeros(1, np.int64), np.zeros(0, np.int32), np.zeros(0), len(docs))
    from sklearn.feature_extraction.text import TfidfVectorizer

    vectorizer = TfidfVectorizer(analyzer=_pre_analysed, sublinear_tf=True)
    matrix = vectorizer.fit_transform(docs).tocsc()
    matrix.sort_indices()
    return TfidfArrays(tuple(vectorizer.get_feature_names_out().tolist()), vectorizer.idf_.astype(np.float64),
                       matrix.indptr.astype(np.int64), matrix.indices.astype(np.int32),
                       matrix.data.astype(np.float64), len(docs))
