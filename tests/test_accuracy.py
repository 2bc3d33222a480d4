"""How often the answers are right, on questions the model was never fitted to.

The model is fitted on the labeled sets in tests/data/train/. Each of them is
scored here by a model fitted without it: the sets are dealt into FOLDS groups,
each group scored by a model fitted on the others (the lexicon and the
regression fitted without the group too), so these floors hold figures of
generalisation, not of memory.
tests/data/holdout/ is never fitted on at all: it is scored by
the shipped model. The floors sit three points under each set's figure in a
ten-fold run (the holdouts': under the shipped model's), so noise in a refit does
not fail CI but a real regression does.
"""

from __future__ import annotations

import base64
import json
from pathlib import Path

import numpy as np
import pytest

from bot import fitting
from bot.evaluate import Report, evaluate, labels, load_dialogs
from bot.lexicon import SIDE, lexicon_terms
from bot.model import load_model
from bot.regression import GRAM, GRAMS
from helpers import ROOT, shipped_bot

TRAIN = sorted((ROOT / "tests" / "data" / "train").glob("*.jsonl"))
HOLDOUT = sorted((ROOT / "tests" / "data" / "holdout").glob("*.jsonl"))
FOLDS = 10
"""Groups of sets rather than one fold per set: ten fits instead of one per set keep CI
fast as the training data grows (`careerbot eval --cv` still leaves one set out)."""
HELD_OUT_FLOORS = {
    "blind1": 0.93, "blind2": 0.94, "blind3": 0.94, "blind4": 0.94, "blind5": 0.94, "blind6": 0.94,
    "blind7": 0.93, "blind8": 0.94, "blind9": 0.94, "chat-edge": 0.92, "conversation": 0.88, "conversation-b": 0.84,
    "conversation-c": 0.85, "conversation-d": 0.85, "conversation-e": 0.81, "conversation-f": 0.88, "fit-a": 0.94,
    "fit-b": 0.91, "fit-c": 0.84, "fit-d": 0.82, "fit-e": 0.92, "fit-f": 0.88, "fit-g": 0.91, "fit-h": 0.91,
    "real-a": 0.93, "real-b": 0.90, "real-c": 0.92, "real-d": 0.93, "real-e": 0.87, "real-f": 0.90, "real-g": 0.94,
    "real-h": 0.93, "real-i": 0.95, "real-j": 0.92, "real-k": 0.89, "real-l": 0.90, "real-m": 0.94, "real-n": 0.92,
    "real-o": 0.89, "real-p": 0.87, "real-q": 0.92, "real-r": 0.92, "real-s": 0.92, "real-t": 0.87, "real-u": 0.92,
    "real-v": 0.87, "real-w": 0.89, "real-x": 0.91, "real-y": 0.88, "real-z": 0.91, "real-zb": 0.91, "real-zc": 0.89,
    "real-zd": 0.91, "real-ze": 0.92, "real-zf": 0.83, "real-zg": 0.92, "real-zh": 0.92, "real-zi": 0.84,
    "real-zj": 0.92, "real-zk": 0.94, "real-zl": 0.89, "team-outlook": 0.92, "team-phrasings": 0.71,
}
HOLDOUT_FLOORS = {"real": 0.89, "real2": 0.90, "real3": 0.92, "real4": 0.92, "real5": 0.89, "real6": 0.91, "real7": 0.89,
                  "real8": 0.90, "fit": 0.97, "fit2": 0.89}


@pytest.fixture(scope="module")
def held_out() -> dict[str, Report]:
    return fitting.held_out(fitting.unfitted(shipped_bot()), fitting.load_sets(TRAIN, labels(shipped_bot())), FOLDS)


def test_every_training_set_has_a_floor() -> None:
    assert {p.stem for p in TRAIN} == set(HELD_OUT_FLOORS)
    assert {p.stem for p in HOLDOUT} == set(HOLDOUT_FLOORS)


@pytest.mark.parametrize("name", HELD_OUT_FLOORS)
def test_each_set_scored_by_a_model_fitted_without_it(held_out: dict[str, Report], name: str) -> None:
    report = held_out[name]
    assert report.accuracy >= HELD_OUT_FLOORS[name], report.to_text()[-3000:]


@pytest.mark.parametrize("path", HOLDOUT, ids=[p.stem for p in HOLDOUT])
def test_sets_never_fitted_on(path: Path) -> None:
    report = evaluate(shipped_bot(), load_dialogs(path, labels(shipped_bot())))
    assert report.accuracy >= HOLDOUT_FLOORS[path.stem], report.to_text()[-3000:]


def test_the_shipped_model_is_the_fit_of_the_training_sets(tmp_path: Path) -> None:
    """A stale model.json (the data, the features or the fitting changed) fails here:
    run `careerbot fit` in the checkout and commit model.json."""
    shipped = json.loads((ROOT / "model.json").read_text(encoding="utf-8"))
    refit = fitting.fit(fitting.unfitted(shipped_bot()), fitting.load_sets(TRAIN, labels(shipped_bot())))
    fitting.write_model(refit, tmp_path / "model.json")
    fresh = json.loads((tmp_path / "model.json").read_text(encoding="utf-8"))
    assert fresh["lexicon"] == shipped["lexicon"], "stale lexicon: run `careerbot fit`"
    for key in ("topics", "term_bytes", "terms"):
        assert fresh["regression"][key] == shipped["regression"][key], "stale regression: run `careerbot fit`"
    assert np.allclose(table(fresh), table(shipped), atol=1e-4), "stale regression: run `careerbot fit`"
    assert np.allclose(fresh["regression"]["intercepts"], shipped["regression"]["intercepts"], atol=1e-4), \
        "stale regression: run `careerbot fit`"
    assert fresh["scorer"].keys() == shipped["scorer"].keys()
    for name, weight in shipped["scorer"]["weights"].items():
        assert fresh["scorer"]["weights"][name] == pytest.approx(weight, abs=1e-4), f"stale weight {name}"
    assert fresh["scorer"]["cutoff"] == pytest.approx(shipped["scorer"]["cutoff"], abs=1e-3)


def test_the_regression_reads_a_question_as_scikit_learn_does() -> None:
    """The regression is fitted with scikit-learn and applied with plain numpy at run time:
    both must give every question the same probabilities, its letter runs read as
    scikit-learn's own "char_wb" analyzer reads them."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    runs = TfidfVectorizer(analyzer="char_wb", ngram_range=(min(GRAMS), max(GRAMS))).build_analyzer()

    def analyzer(question: tuple[str, ...]) -> list[str]:
        return [*lexicon_terms(question), *(GRAM + run for run in runs(" ".join(question)))]

    known = labels(shipped_bot())
    batch = [e for e in fitting.examples(fitting.unfitted(shipped_bot()), fitting.load_sets(TRAIN[:3], known))
             if e.label and e.question]
    regression = fitting.fit_regression(batch)
    vectorizer = TfidfVectorizer(analyzer=analyzer, min_df=fitting.MIN_TERM_COUNT, sublinear_tf=True)
    x = vectorizer.fit_transform([e.question for e in batch])
    fitted = LogisticRegression(C=fitting.REGRESSION_C, max_iter=3000).fit(x, [e.label.split(SIDE)[0] for e in batch])
    questions = [e.question for e in batch] + [(), ("zzqx",), ("code", "code", "code", "anatomi"), ("x", "growth")]
    for question, expected in zip(questions, fitted.predict_proba(vectorizer.transform(questions)), strict=True):
        got = regression.probabilities(question)
        np.testing.assert_allclose([got[t] for t in fitted.classes_], expected, rtol=0, atol=1e-5, err_msg=str(question))


def table(model: dict) -> np.ndarray:
    return np.frombuffer(base64.b64decode(model["regression"]["table"]), "<f4")
