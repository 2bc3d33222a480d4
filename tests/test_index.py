"""Searching: the stored index answers exactly as scikit-learn's freshly fitted model would,
and answering never imports scikit-learn or scipy (a second or more)."""

import subprocess
import sys

import numpy as np
import pytest
from sklearn.feature_extraction.text import TfidfVectorizer

from bot.evaluate import labels, load_dialogs
from bot.index import Index
from bot.tfidf import document
from bot.types import Chunk, Corpus
from helpers import ROOT, shipped_bot

LABELED = sorted((ROOT / "tests" / "data").glob("*/*.jsonl"))


def searched_terms() -> list[tuple[str, ...]]:
    """What the engine searches for, for every labeled question: its terms, and those beyond role names."""
    matcher = shipped_bot().matcher
    known = labels(shipped_bot())
    analyses = [matcher.analyse(turn.q) for path in LABELED for d in load_dialogs(path, known) for turn in d.turns]
    return sorted({t for a in analyses for t in (a.terms, a.asked)})


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


CHILD = """
import sys, threading
from bot.index import Index

searched = []
score = Index.scores
Index.scores = lambda index, terms: searched.append(terms) or score(index, terms)
QUESTION = "who appeals denied claims?"
{path}
for thread in threading.enumerate():  # the chat's background warm-up
    if thread is not threading.main_thread():
        thread.join(10)
heavy = sorted(name for name in sys.modules if name.split(".")[0] in ("sklearn", "scipy"))
print(len(searched), heavy)
"""
ANSWERING_PATHS = {
    "ask": "from bot.cli import main\nmain(['ask', QUESTION])",
    "--json": "import io\nfrom bot.cli import main\nsys.stdin = io.StringIO(QUESTION + '\\n')\nmain(['--json'])",
    "the chat's first answer": (
        "from prompt_toolkit.input import create_pipe_input\nfrom prompt_toolkit.output import DummyOutput\n"
        "from bot import repl\nfrom bot.engine import Bot\nfrom bot.data import default_corpus_dir, default_intents_path\n"
        "with create_pipe_input() as keys:\n"
        "    keys.send_text(QUESTION + '\\r\\x04')\n"
        "    repl.run(Bot.from_paths(default_corpus_dir(), default_intents_path()), input=keys, output=DummyOutput())"),
}


@pytest.mark.parametrize("path", ANSWERING_PATHS)
def test_answering_imports_neither_scikit_learn_nor_scipy(path):
    child = subprocess.run([sys.executable, "-c", CHILD.format(path=ANSWERING_PATHS[path])], cwd=ROOT,
                           capture_output=True, text=True, timeout=60)
    assert child.returncode == 0, child.stderr
    searches, heavy = child.stdout.splitlines()[-1].split(" ", 1)
    assert int(searches) > 0, "the question did not reach the index: the check would prove nothing"
    assert heavy == "[]"
