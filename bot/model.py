"""The fitted model (model.json): the lexicon and the scorer, as plain JSON numbers.

Written by `careerbot fit`, read at start-up and checked whole: a mistake is one
error naming the file, never a wrong answer later. No pickle: the file is data.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.datafile import parse_json, read_text
from bot.errors import DataFileError
from bot.features import FEATURES
from bot.lexicon import Lexicon
from bot.scorer import Scorer

FORMAT = 3
"""The version of model.json's layout; a file of another version is refused."""
MAX_FILE_BYTES = 20_000_000


class ModelError(DataFileError):
    """model.json is missing, not valid JSON, or not a model of this version."""


@dataclass(frozen=True)
class Model:
    lexicon: Lexicon
    scorer: Scorer

    def to_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "lexicon": {"classes": list(self.lexicon.classes), "log_prior": list(self.lexicon.log_prior),
                        "log_totals": list(self.lexicon.log_totals), "smoothing": self.lexicon.smoothing,
                        "said": list(self.lexicon.said),
                        "counts": {t: list(row) for t, row in sorted(self.lexicon.counts.items())}},
            "scorer": {"cutoff": self.scorer.cutoff,
                       "weights": {name: self.scorer.weights.get(name, 0.0) for name in FEATURES}},
        }


def load_model(path: Path) -> Model:
    """Read and check `path`; every problem is a ModelError naming the file."""
    data = parse_json(read_text(path, ModelError, MAX_FILE_BYTES), path, ModelError)
    try:
        return _model(data)
    except (KeyError, TypeError, ValueError) as err:
        raise ModelError(path, f"not a careerbot model of format {FORMAT} ({err})") from None


def _numbers(value: Any, length: int | None = None) -> tuple[float, ...]:
    if not isinstance(value, list) or (length is not None and len(value) != length):
        raise ValueError("a list of numbers has the wrong length")
    numbers = tuple(float(x) for x in value if isinstance(x, int | float) and not isinstance(x, bool))
    if len(numbers) != len(value) or not all(math.isfinite(x) for x in numbers):
        raise ValueError("not all finite numbers")
    return numbers


def _counts(value: Any, length: int) -> tuple[int, ...]:
    if not isinstance(value, list) or len(value) != length:
        raise ValueError("a row of counts has the wrong length")
    if not all(isinstance(n, int) and not isinstance(n, bool) and n >= 0 for n in value):
        raise ValueError("counts are not all whole numbers")
    return tuple(value)


def _model(data: Any) -> Model:
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ValueError("wrong format")
    lex, sc = data["lexicon"], data["scorer"]
    classes = tuple(lex["classes"])
    if not classes or not all(isinstance(c, str) for c in classes):
        raise ValueError("lexicon classes")
    counts = {str(term): _counts(row, len(classes)) for term, row in dict(lex["counts"]).items()}
    smoothing = _numbers([lex["smoothing"]])[0]
    if smoothing <= 0:
        raise ValueError("the smoothing must be positive")
    weights = dict(sc["weights"])
    unknown = set(weights) - set(FEATURES)
    if unknown:
        raise ValueError(f"unknown features {sorted(unknown)[:3]}")
    values = _numbers([*weights.values(), sc["cutoff"]])
    return Model(Lexicon(classes, _numbers(lex["log_prior"], len(classes)), _numbers(lex["log_totals"], len(classes)),
                         smoothing, counts, _counts(lex["said"], len(classes))),
                 Scorer(dict(zip(weights, values, strict=False)), values[-1]))
