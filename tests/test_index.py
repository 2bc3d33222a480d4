"""The retriever's scores are scikit-learn's TF-IDF cosine, computed faster."""

import pytest

from helpers import shipped_bot


@pytest.mark.parametrize("terms", [["claim", "deni", "appeal", "claim"], ["skill", "coder"], ["insur", "verifi"]])
def test_query_weighting_matches_the_fitted_vectorizer(terms):
    index = shipped_bot().index
    index.warm()
    vectorizer, matrix = index._model
    expected = (matrix @ vectorizer.transform([terms]).T).toarray().ravel()
    best = index.search(terms)
    assert best is not None
    assert best.score == pytest.approx(expected.max())
    assert best.chunk.id == int(expected.argmax())


def test_words_the_article_never_uses_find_nothing():
    assert shipped_bot().index.search(["pharmacist", "lasagna"]) is None
