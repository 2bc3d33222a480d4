"""P(topic | words) from a logistic regression over the lexicon's terms, beside naive Bayes.

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


@dataclass(frozen=True)
class TopicRegression:
    """A fitted multinomial logistic regression: per topic an intercept; per term (`rows`
    gives its row) a row of `table` (float32) holding its idf, then one weight per topic."""

    topics: tuple[str, ...]
    intercepts: tuple[float, ...]
    rows: dict[str, int]
    table: np.ndarray

    def probabilities(self, question: Sequence[str]) -> dict[str, float]:
        """P(topic | the question's words); the intercepts alone when none was seen."""
        counts = Counter(t for t in lexicon_terms(question) if t in self.rows)
        scores = np.array(self.intercepts)
        if counts:
            seen = self.table[[self.rows[t] for t in counts]].astype(float)
            values = (1.0 + np.log(np.fromiter(counts.values(), float))) * seen[:, 0]
            scores = scores + values @ seen[:, 1:] / np.linalg.norm(values)
        exps = np.exp(scores - scores.max())
        return dict(zip(self.topics, (exps / exps.sum()).tolist(), strict=True))


BLANK = TopicRegression((OOS,), (0.0,), {}, np.zeros((0, 2), np.float32))
"""A regression that has seen no question: everything is "oos", as the blank lexicon has it."""
