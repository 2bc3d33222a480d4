"""The index on disk: the shipped one fresh, another corpus's cached once, anything damaged rebuilt."""

import io
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import numpy as np
import pytest

from bot import data, tfidf
from bot.cli import main
from bot.corpus import load_corpus
from bot.index import Index
from bot.index_file import cache_path, encode, index_key, read
from bot.text import index_terms, words
from bot.tfidf import TfidfArrays, fit
from bot.types import Corpus
from helpers import CORPUS, INTENTS, ROOT

STALE = ("index.npz no longer matches corpus/ and bot/text.py: regenerate it with "
         "`python -m bot index` at the top of the checkout, then commit index.npz")
NURSING = "Nursing\n\nWhat Nurses Do\n\nNurses care for patients and give medicine.\n\n" \
          "Nurse Training\n\nA nursing degree, then the licence exam.\n"
QUESTION = index_terms(words("what exam gives a nursing licence?"))
EXTRA_PARAGRAPH = "\n\nBillers who work from home still chase unpaid claims every morning.\n"
"""Appended to a copy of the article: the shipped intents still fit it, the shipped index does not."""


def same_model(a: TfidfArrays, b: TfidfArrays) -> bool:
    return (a.terms == b.terms and a.chunks == b.chunks and np.array_equal(a.indptr, b.indptr)
            and np.array_equal(a.indices, b.indices) and np.allclose(a.idf, b.idf, rtol=0, atol=1e-12)
            and np.allclose(a.data, b.data, rtol=0, atol=1e-12))


def load_corpus_text(text: str, folder: Path) -> Corpus:
    folder.mkdir()
    (folder / "article.txt").write_text(text)
    return load_corpus(folder)


def cached_files() -> list[Path]:
    folder = Path(os.environ["XDG_CACHE_HOME"]) / "careerbot"
    return sorted(folder.iterdir()) if folder.is_dir() else []


@pytest.fixture
def nursing(tmp_path: Path) -> Corpus:
    return load_corpus_text(NURSING, tmp_path / "nursing")


@pytest.fixture
def edited_article(tmp_path: Path) -> Path:
    """A copy of the article with one more paragraph."""
    folder = tmp_path / "article"
    folder.mkdir()
    text = (CORPUS / "medical-billing-vs-coding.txt").read_text(encoding="utf-8")
    (folder / "medical-billing-vs-coding.txt").write_text(text.rstrip("\n") + EXTRA_PARAGRAPH, encoding="utf-8")
    return folder


def test_the_shipped_index_matches_the_article_and_the_tokenizer():
    corpus = load_corpus(CORPUS)
    stored = read(ROOT / "index.npz", index_key(corpus), len(corpus.chunks))
    assert stored is not None, STALE
    assert same_model(stored, fit(corpus)), STALE


def test_another_corpus_is_fitted_once_then_read_from_the_cache(nursing, monkeypatch):
    first = Index(nursing).search(QUESTION)
    assert first is not None and "licence exam" in first.chunk.text
    [cached] = cached_files()
    assert cached == cache_path(index_key(nursing))

    monkeypatch.setattr(tfidf, "fit", lambda corpus: pytest.fail("fitted again instead of reading the cache"))
    assert Index(nursing).search(QUESTION) == first


class Trap:
    """Touches a file if it is ever unpickled."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def __reduce__(self):
        return Path.touch, (self.path,)


def replaced(good: bytes, name: str, change) -> bytes:
    """The file with one member's array changed by `change`."""
    source, buffer = zipfile.ZipFile(io.BytesIO(good)), io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as target:
        for info in source.infolist():
            if info.filename == f"{name}.npy":
                with target.open(info.filename, "w") as member:
                    array = change(np.load(io.BytesIO(good), allow_pickle=False)[name])
                    np.lib.format.write_array(member, array, allow_pickle=True)
            else:
                target.writestr(info, source.read(info))
    return buffer.getvalue()


def earlier_version(good: bytes, key: str, trap: Path) -> bytes:
    """The index of the same corpus before one word changed: as many chunks, another key."""
    earlier = load_corpus_text(NURSING.replace("licence", "nursing"), trap.parent / "earlier")
    return encode(fit(earlier), index_key(earlier))


DAMAGE = {
    "empty": lambda good, key, trap: b"",
    "not a zip": lambda good, key, trap: b"careerbot index, honest\n",
    "truncated": lambda good, key, trap: good[: len(good) // 2],
    "bytes changed": lambda good, key, trap: good[:600] + bytes(b ^ 0xFF for b in good[600:640]) + good[640:],
    "another corpus's": lambda good, key, trap: (ROOT / "index.npz").read_bytes(),
    "an earlier version's": earlier_version,
    "an older format": lambda good, key, trap: replaced(good, "format", lambda a: a - 1),
    "rows past the last chunk": lambda good, key, trap: replaced(good, "indices", lambda a: a + 2),
    "a pickle": lambda good, key, trap: replaced(good, "terms", lambda a: np.array([Trap(trap)], dtype=object)),
}


@pytest.mark.parametrize("damage", DAMAGE)
def test_a_damaged_cache_file_is_rebuilt_not_trusted(nursing, damage, tmp_path):
    key = index_key(nursing)
    good = encode(fit(nursing), key)
    path, trap = cache_path(key), tmp_path / "unpickled"
    path.parent.mkdir(parents=True)
    path.write_bytes(DAMAGE[damage](good, key, trap))
    warnings: list[str] = []

    found = Index(nursing, warn=warnings.append).search(QUESTION)
    assert found is not None and "licence exam" in found.chunk.text
    assert path.read_bytes() == good
    assert not warnings and not trap.exists()
    assert [p.name for p in cached_files()] == [path.name]


def test_a_stale_cache_file_is_not_used_after_the_corpus_changes(nursing, tmp_path):
    Index(nursing).search(QUESTION)
    changed = load_corpus_text(NURSING.replace("licence exam", "board exam"), tmp_path / "changed")
    found = Index(changed).search(index_terms(words("board exam")))
    assert found is not None and "board exam" in found.chunk.text
    assert len(cached_files()) == 2


def test_an_unwritable_cache_warns_once_and_answers_from_memory(edited_article, tmp_path, monkeypatch, capsys):
    blocker = tmp_path / "a file"
    blocker.write_text("")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker / "cache"))
    monkeypatch.setattr(sys, "stdin", io.StringIO("who appeals denied claims?\nwho talks to insurance companies?\n"))

    assert main(["--corpus", str(edited_article), "--intents", str(INTENTS), "--json"]) == 0
    out, err = capsys.readouterr()
    assert [json.loads(line)["kind"] for line in out.splitlines()] == ["answer", "answer"]
    cache = blocker / "cache" / "careerbot"
    assert err == f"careerbot: the search index cannot be cached in {cache} (Not a directory): building it in memory\n"
    assert blocker.read_text() == ""


def test_two_processes_building_at_once_leave_one_good_file(edited_article):
    ask = [sys.executable, "-m", "bot", "--corpus", str(edited_article), "--intents", str(INTENTS),
           "ask", "who appeals denied claims?"]
    runs = [subprocess.Popen(ask, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in range(2)]
    results = [(run.wait(60), *run.communicate()) for run in runs]

    assert all(code == 0 and out and not err for code, out, err in results), results
    corpus = load_corpus(edited_article)
    assert cached_files() == [cache_path(index_key(corpus))]
    assert read(cached_files()[0], index_key(corpus), len(corpus.chunks)) is not None


def test_careerbot_index_builds_a_corpus_index_and_says_where(edited_article, capsys):
    corpus = load_corpus(edited_article)
    path = cache_path(index_key(corpus))

    assert main(["index", "--corpus", str(edited_article)]) == 0
    assert capsys.readouterr().out == f"search index of {len(corpus.chunks)} passages written to {path}\n"
    assert read(path, index_key(corpus), len(corpus.chunks)) is not None
    assert main(["index", "--corpus", str(edited_article), "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"index": str(path), "passages": len(corpus.chunks), "written": False}


def test_careerbot_index_regenerates_the_shipped_index_in_place(tmp_path, monkeypatch, capsys):
    shipped = tmp_path / "index.npz"
    monkeypatch.setattr(data, "default_index_path", lambda: shipped)
    corpus = load_corpus(CORPUS)

    assert main(["index"]) == 0
    assert capsys.readouterr().out == f"search index of {len(corpus.chunks)} passages written to {shipped}\n"
    assert shipped.read_bytes() == (ROOT / "index.npz").read_bytes()


def test_careerbot_index_that_cannot_write_is_one_line_exit_1(edited_article, tmp_path, monkeypatch, capsys):
    blocker = tmp_path / "a file"
    blocker.write_text("")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))

    assert main(["index", "--corpus", str(edited_article)]) == 1
    out, err = capsys.readouterr()
    path = cache_path(index_key(load_corpus(edited_article)))
    assert not out and err == f"careerbot: cannot write the search index to {path} (Not a directory)\n"


def test_a_write_that_fails_midway_leaves_no_partial_file(nursing, monkeypatch):
    def disk_full(source, target):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", disk_full)
    warnings: list[str] = []
    assert Index(nursing, warn=warnings.append).search(QUESTION) is not None
    assert len(warnings) == 1 and "(No space left on device)" in warnings[0]
    assert cached_files() == []


@pytest.mark.parametrize("home", ["", "relative/home"])
def test_no_home_directory_means_no_cache_and_one_warning(nursing, monkeypatch, home):
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", home)  # not the root directory, nor the current one
    warnings: list[str] = []
    assert Index(nursing, warn=warnings.append).search(QUESTION) is not None
    assert warnings == ["the search index cannot be cached (HOME is not set to a directory): building it in memory"]
