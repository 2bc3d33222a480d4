"""P(topic | words) from a logistic regression over the lexicon's terms and the words' letter
runs, beside naive Bayes.

Naive Bayes (bot/lexicon.py) takes each word as independent evidence, so a few
words that one batch of labeled questions happened to share ("american",
"association", "state") can outvote the rest. A logistic regression fits all
the terms' weights together: a word whose topic the other words already give
gains little weight of its own. Neither reading is better everywhere, so the
scorer weighs both for the topic of an answer, a comparison, asking back and a
fit reply. Its P(oos) is not read: as features of declining it lifted the
ten-fold figure (9,622 against 9,606 of 10,251) but declined "Is medical coding a
good fit for introverts?" and "I'm bad at math, which one suits me?" instead of
showing the skills lists.

It reads the runs of three to five letters in each word too: real people's
wordforms are often ones no labeled question used ("growth", "expansion",
"hiring"), and their runs still carry their relatives' weight. With them the
ten-fold figure rose from 9,606 to 9,626 of 10,251 turns and the never-fitted
holdouts from 1,348 to 1,350 of 1,439.

Fitted by `careerbot fit` (bot/fitting.py: scikit-learn's TfidfVectorizer and
LogisticRegression) and applied here as scikit-learn computes it: each term's
tf-idf (1 + log of its count, times its idf), the vector scaled to length 1, a
dot product with each topic's weights, and a softmax.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from bot.lexicon import OOS, lexicon_terms

GRAMS = range(3, 6)
"""The lengths of the letter runs the regression reads in each word, its edges marked."""
GRAM = "~"
"""Marks a letter run, so it is never taken for a term of the lexicon."""


def regression_terms(question: Sequence[str]) -> list[str]:
    """What the regression reads in a question: the lexicon's terms, and the runs of three
    to five letters in each of its words, edges marked by a space ("growth" shares " gro" and
    "grow" with "grow"; "verify" shares "verif" with "verification"), so wordforms no labeled
    question used still weigh as their relatives do. The runs are scikit-learn's "char_wb"
    n-grams: a word no longer than a run is read whole, once."""
    return [*lexicon_terms(question), *(GRAM + gram for word in question for gram in _runs(f" {word} "))]


def _runs(padded: str) -> list[str]:
    """The letter runs of one word padded with a space each side, as "char_wb" cuts them."""
    found: list[str] = []
    for n in GRAMS:
        found.extend(padded[i:i + n] for i in range(max(1, len(padded) - n + 1)))
        if len(padded) <= n:
            break
    return found


@dataclass(frozen=True)
class TopicRegression:
    """A fitted multinomial logistic regression: per topic an intercept; per term a row of
    `table` (float32) holding its idf, then one weight per topic. The terms are one sorted
    array of UTF-8 bytes (row n is term n), looked up by binary search: 25,000 terms as
    Python strings in a dict would cost every start-up 3.8 MB."""

    topics: tuple[str, ...]
    intercepts: tuple[float, ...]
    terms: np.ndarray
    table: np.ndarray

    def probabilities(self, question: Sequence[str]) -> dict[str, float]:
        """P(topic | the question's words); the intercepts alone when none was seen."""
        scores = np.array(self.intercepts)
        width = self.terms.dtype.itemsize
        said = Counter(b for t in regression_terms(question) if len(b := t.encode("utf-8")) <= width)
        if said and len(self.terms):
            keys = np.array(list(said), dtype=self.terms.dtype)
            rows = np.searchsorted(self.terms, keys).clip(max=len(self.terms) - 1)
            known = self.terms[rows] == keys
            if known.any():
                seen = self.table[rows[known]].astype(float)
                values = (1.0 + np.log(np.fromiter(said.values(), float)[known])) * seen[:, 0]
                scores = scores + values @ seen[:, 1:] / np.linalg.norm(values)
        exps = np.exp(scores - scores.max())
        return dict(zip(self.topics, (exps / exps.sum()).tolist(), strict=True))


BLANK = TopicRegression((OOS,), (0.0,), np.zeros(0, "S1"), np.zeros((0, 2), np.float32))
"""A regression that has seen no question: everything is "oos", as the blank lexicon has it."""
