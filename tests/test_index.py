"""Searching: the stored index answers exactly as scikit-learn's freshly fitted model would."""

import numpy as np
import pytest
from sklearn.feature_extraction.text import TfidfVectorizer

from bot.evaluate import load_dialogs
from bot.index import Index
from bot.tfidf import document
from bot.types import Chunk, Corpus
from helpers import ROOT, shipped_bot

LABELED = [ROOT / "tests" / "data" / "dialogs.jsonl", *sorted((ROOT / "benchmarks").glob("*.jsonl"))]


def searched_terms() -> list[tuple[str, ...]]:
    """What the engine searches for, for every labeled question: its terms, and those beyond role names."""
    matcher = shipped_bot().matcher
    analyses = [matcher.analyse(turn.q) for path in LABELED for d in load_dialogs(path) for turn in d.turns]
    return sorted({t for a in analyses for t in (a.terms, a.residual)})


def test_the_stored_index_scores_every_labeled_question_as_a_fresh_fit():
    corpus, index = shipped_bot().corpus, shipped_bot().index
    vectorizer = TfidfVectorizer(analyzer=lambda doc: doc, sublinear_tf=True)
    matrix = vectorizer.fit_transform([document(c.section, c.text) for c in corpus.chunks])
    queries = searched_terms()
    expected = (matrix @ vectorizer.transform([list(q) for q in queries]).T).toarray().T

    assert len(queries) > 1000
    for terms, fitted in zip(queries, expected):
        np.testing.assert_allclose(index.scores(terms), fitted, rtol=0, atol=1e-9, err_msg=str(terms))
        best = index.search(terms)
        if fitted.max() > 0:
            assert best is not None and best.chunk.id == int(fitted.argmax()), terms
            assert best.score == pytest.approx(fitted.max(), abs=1e-9)
        else:
            assert best is None, terms


def test_a_search_within_sections_keeps_to_them():
    index = shipped_bot().index
    everywhere = index.search(["claim", "deni", "appeal"])
    coding = {"What is Medical Coding?", "Key Skills for Medical Coders"}
    within = index.search(["claim", "deni", "appeal"], coding)
    assert everywhere is not None and everywhere.chunk.section not in coding
    assert within is not None and within.chunk.section in coding
    assert within.score < everywhere.score


def test_words_the_article_never_uses_find_nothing():
    assert shipped_bot().index.search(["pharmacist", "lasagna"]) is None


def test_a_corpus_with_no_indexable_word_finds_nothing():
    corpus = Corpus(("What",), (Chunk(0, "What", "The of and."),))
    assert Index(corpus).search(["what", "the"]) is None
