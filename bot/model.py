"""The fitted model (model.json): the lexicon, the topic regression and the scorer, as
JSON (the regression's terms and table as blocks of bytes in base64).

Written by `careerbot fit`, read at start-up and checked whole: a mistake is one
error naming the file, never a wrong answer later. No pickle: the file is data.
"""

from __future__ import annotations

import base64
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from bot.datafile import parse_json, read_text
from bot.errors import DataFileError
from bot.features import FEATURES
from bot.lexicon import SIDE, Lexicon
from bot.regression import TopicRegression
from bot.scorer import Scorer
from bot.text import MAX_INPUT_CHARS

FORMAT = 5
"""The version of model.json's layout; a file of another version is refused."""
MAX_FILE_BYTES = 20_000_000


class ModelError(DataFileError):
    """model.json is missing, not valid JSON, or not a model of this version."""


@dataclass(frozen=True)
class Model:
    lexicon: Lexicon
    regression: TopicRegression
    scorer: Scorer

    def to_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "lexicon": {"classes": list(self.lexicon.classes), "log_prior": list(self.lexicon.log_prior),
                        "log_totals": list(self.lexicon.log_totals), "smoothing": self.lexicon.smoothing,
                        "said": list(self.lexicon.said),
                        "counts": {t: list(row) for t, row in sorted(self.lexicon.counts.items())}},
            "regression": _regression_json(self.regression),
            "scorer": {"cutoff": self.scorer.cutoff,
                       "weights": {name: self.scorer.weights.get(name, 0.0) for name in FEATURES}},
        }


def _regression_json(regression: TopicRegression) -> dict[str, Any]:
    """The terms as one block of fixed-width UTF-8 (`term_bytes` each, sorted) and the numbers
    as one block of little-endian float32, both in base64: read straight into arrays, where
    25,000 terms and 176,000 numbers as JSON would cost the start-up tens of ms and MB."""
    return {"topics": list(regression.topics), "intercepts": list(regression.intercepts),
            "term_bytes": regression.terms.dtype.itemsize, "terms": _base64(regression.terms.tobytes()),
            "table": _base64(regression.table.astype("<f4").tobytes())}


def _base64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def load_model(path: Path) -> Model:
    """Read and check `path`; every problem is a ModelError naming the file."""
    data = parse_json(read_text(path, ModelError, MAX_FILE_BYTES), path, ModelError)
    try:
        return _model(data)
    except (KeyError, TypeError, ValueError, OverflowError) as err:
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


def _names(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
        raise ValueError("names are not a non-empty list of strings")
    if len(set(value)) != len(value):
        raise ValueError("a name is listed twice")
    return tuple(value)


FLOAT_BYTES = 4
"""The size of one number of the regression's table: a little-endian float32."""


def _regression(data: Any, topics: set[str]) -> TopicRegression:
    """The regression `_regression_json` wrote, over topics the lexicon knows."""
    names = _names(data["topics"])
    if not set(names) <= topics:
        raise ValueError("the regression's topics are not the lexicon's")
    width = data["term_bytes"]
    # No message is read past MAX_INPUT_CHARS, so no wider term could be said (and every
    # question would be compared at that width).
    if not isinstance(width, int) or isinstance(width, bool) or not 1 <= width <= MAX_INPUT_CHARS:
        raise ValueError(f"the regression's term width is not a whole number from 1 to {MAX_INPUT_CHARS}")
    raw_terms = _block(data["terms"], "block of terms")
    if len(raw_terms) % width:
        raise ValueError("the regression's terms do not fit their width")
    terms = np.frombuffer(raw_terms, f"S{width}")
    if not (terms[1:] > terms[:-1]).all() or (terms == b"").any():
        raise ValueError("the regression's terms are not sorted, each once")
    raw = _block(data["table"], "table")
    if len(raw) != FLOAT_BYTES * len(terms) * (len(names) + 1):
        raise ValueError("the regression's table does not fit its topics and terms")
    table = np.frombuffer(raw, "<f4").reshape(len(terms), len(names) + 1)
    if not np.isfinite(table).all() or (table[:, 0] < 1).any():
        raise ValueError("the regression's numbers are not all finite, or an idf is below 1")
    return TopicRegression(names, _numbers(data["intercepts"], len(names)), terms, table)


def _block(value: Any, name: str) -> bytes:
    """One base64 block of the file, decoded (binascii.Error is a ValueError)."""
    if not isinstance(value, str):
        raise ValueError(f"the regression's {name} is not text")
    return base64.b64decode(value, validate=True)


def _model(data: Any) -> Model:
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ValueError("wrong format")
    lex, reg, sc = data["lexicon"], data["regression"], data["scorer"]
    classes = _names(lex["classes"])
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
                 _regression(reg, {c.split(SIDE)[0] for c in classes}),
                 Scorer(dict(zip(weights, values, strict=False)), values[-1]))
