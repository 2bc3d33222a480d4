"""One fitted linear score over the features of each candidate, and one cutoff to decline.

P(candidate) = exp(w . features) / sum over the message's candidates of the same:
a softmax over the replies that could be given (a conditional logit). The weights
come from labeled dialogs (bot/fitting.py) and are applied here as dot products,
so answering never imports scikit-learn or scipy.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Scorer:
    """Weights per feature name, and the probability of answering (an answer kind's, see
    `likeliest`) below which an answer is declined."""

    weights: dict[str, float]
    cutoff: float

    def score(self, values: Mapping[str, float]) -> float:
        return sum(self.weights.get(name, 0.0) * value for name, value in values.items())

    def probabilities(self, candidates: Sequence[Mapping[str, float]]) -> list[float]:
        """Each candidate's probability of being the right reply, among these candidates."""
        scores = [self.score(values) for values in candidates]
        top = max(scores, default=0.0)
        exps = [math.exp(s - top) for s in scores]
        total = sum(exps)
        return [e / total for e in exps]


def likeliest(kinds: Sequence[str], probabilities: Sequence[float]) -> tuple[int, float]:
    """The likeliest reply of the likeliest kind, and that kind's probability: the kind is
    decided by all its replies together. When two sections could each answer, their votes
    add up against declining ("what does it take to be a great biller?": the billers' skills
    0.22 and the billing duties 0.21 outweigh a decline at 0.45), instead of splitting."""
    mass: dict[str, float] = {}
    for kind, p in zip(kinds, probabilities, strict=True):
        mass[kind] = mass.get(kind, 0.0) + p
    top = max(mass, key=mass.__getitem__)
    best = max((i for i, kind in enumerate(kinds) if kind == top), key=probabilities.__getitem__)
    return best, mass[top]
