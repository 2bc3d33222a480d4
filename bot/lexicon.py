"""What people's own words say about the topic of a question, learned from labeled questions.

The article says "promising career opportunities"; people ask whether the job is
"viable", "worth it" or "dying". A naive Bayes model over the stems of labeled
questions, and their phrases (adjacent pairs: "inform manag", and pairs with an
everyday word: "still need", "it take"), learns which words point to which topic,
and which to questions the article does not answer ("oos"). It is fitted
by `careerbot fit` (bot/fitting.py) and applied here with plain arithmetic.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from bot.text import STOPWORDS, pairs, stem

OOS = "oos"
"""The class of questions the article does not answer."""
SIDE = ":"
"""Joins a topic and a role in a class name: "skills:billing" is the billers' skills."""


def side_class(topic: str, role: str) -> str:
    return f"{topic}{SIDE}{role}"


ROLE = "@role"
"""Stands for a word naming a role in what the lexicon reads: "a @role do" asks about duties
whichever role is named, and the side is learned from the other words."""
FUNCTION_STEMS = frozenset(stem(w) for w in STOPWORDS) - {"do"}
"""Everyday words read only as part of a phrase: "still be needed", "what it takes"."""


ANSWERABLE_RATIO = 2.0
"""A word the article lacks is an everyday word of answerable questions (not named as
missing before an answer) when they say it at least twice as often as the others."""
OVERLAP = 2.0
"""Naive Bayes takes every term as new evidence, but the lexicon reads each word several
times: alone and in the pairs either side of it ("take", "it take", "take to"). The words'
log likelihoods are divided by OVERLAP (the prior is not), so its probabilities are no
surer than its words warrant. Chosen by leave-one-set-out over the training sets: 1, 1.5,
2, 3, 4 and 6 scored 92.4, 92.7, 92.9, 93.0, 93.0 and 93.0%; above 2 the never-fitted
holdouts gained nothing (876 of 951 at 2 and 3, 873 at 4) and "how does it help the
hospitals?" was lost."""


def content_stems(said: Sequence[str]) -> list[str]:
    """The stems that say what a question is about: no everyday words, no roles."""
    return [t for t in said if t not in FUNCTION_STEMS and t != ROLE]


def lexicon_terms(said: Sequence[str]) -> list[str]:
    """The lexicon's features of a question (the stems of all its words, in order): its
    content stems, each adjacent pair of them ("inform manag"), and each adjacent pair of
    words that holds an everyday word or a role ("still need", "it take", "@role do")."""
    content = content_stems(said)
    return [*content, *pairs(content),
            *(f"{a} {b}" for a, b in zip(said, said[1:], strict=False) if {a, b} & FUNCTION_STEMS or ROLE in (a, b))]


@dataclass(frozen=True)
class Lexicon:
    """A fitted multinomial naive Bayes model, kept as what it was counted from: per class a
    log prior and the log of its smoothed word total, per term how often each class said it.
    Counts are small integers, so the model is small on disk and in memory; a term's log
    likelihood, log(count + smoothing) - log total, is worked out when a message asks."""

    classes: tuple[str, ...]
    log_prior: tuple[float, ...]
    log_totals: tuple[float, ...]
    smoothing: float
    counts: dict[str, tuple[int, ...]]
    said: tuple[int, ...]
    """Per class, how many terms its questions said (the counts' column totals, unsmoothed)."""

    def knows(self, term: str) -> bool:
        """Whether `term` was seen in the labeled questions."""
        return term in self.counts

    def answerable_word(self, term: str) -> bool:
        """Whether labeled questions the article answers use `term` at least ANSWERABLE_RATIO
        times as often (per word said) as those it does not: "happens" or "driving" is an
        everyday word of answerable questions; "superbill" or "saturated" is what a question
        may turn on. The classes are pooled and smoothed once, so a word said twice is
        evidence of nothing."""
        row = self.counts.get(term)
        if row is None or OOS not in self.classes:
            return False
        out = self.classes.index(OOS)
        said_out, total_out = row[out], self.said[out]
        said_in, total_in = sum(row) - said_out, sum(self.said) - total_out
        return (said_in + self.smoothing) * total_out >= ANSWERABLE_RATIO * (said_out + self.smoothing) * total_in

    def probabilities(self, question: Sequence[str]) -> dict[str, float]:
        """P(class | the question's words); the prior alone when none of its words was seen."""
        seen = [row for term in lexicon_terms(question) if (row := self.counts.get(term)) is not None]
        scores = np.array(self.log_prior)
        if seen:
            likelihoods = np.log(np.array(seen) + self.smoothing) - np.array(self.log_totals)
            scores = scores + likelihoods.sum(axis=0) / OVERLAP
        exps = np.exp(scores - scores.max())
        return dict(zip(self.classes, (exps / exps.sum()).tolist(), strict=True))


def topics(probabilities: dict[str, float]) -> dict[str, float]:
    """P(topic | words): each topic's classes summed over the sides."""
    found: dict[str, float] = {}
    for name, p in probabilities.items():
        topic = name.split(SIDE)[0]
        found[topic] = found.get(topic, 0.0) + p
    return found


def sides(probabilities: dict[str, float]) -> dict[str, float]:
    """P(role | words, one side is meant): what people's words say about the side ("insurance",
    "the phone" point to billing; "anatomy", "charts" to coding); empty when nothing does."""
    found: dict[str, float] = {}
    for name, p in probabilities.items():
        if SIDE in name:
            role = name.split(SIDE)[1]
            found[role] = found.get(role, 0.0) + p
    total = sum(found.values())
    return {role: p / total for role, p in found.items()} if total > 0 else {}
