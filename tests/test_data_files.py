"""Broken data files: each gives one line on stderr naming the file and the problem, exit 2.

Nothing is written to the data files, and nothing in them is executed.
"""

import copy
import hashlib
import io
import json
import os
import shutil
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest

from bot import cli
from helpers import CORPUS, INTENTS

GOOD = json.loads(INTENTS.read_text(encoding="utf-8"))


def run(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = cli.main([*args, "ask", "what does a biller do?"])
    return code, out.getvalue(), err.getvalue()


def broken_intents(tmp_path: Path, edit) -> Path:
    data = copy.deepcopy(GOOD)
    edit(data)
    path = tmp_path / "intents.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def assert_one_line_error(code: int, err: str, *needles: str) -> None:
    assert code == 2
    assert err.count("\n") == 1 and err.startswith("careerbot: "), err
    for needle in needles:
        assert needle in err, err


def first(data, tag):
    return next(i for i in data["intents"] if i["tag"] == tag)


INTENT_BREAKS = {
    "intents-not-a-list": (lambda d: d.update({"intents": 3}), "'intents' must be a non-empty list"),
    "wrong-type-patterns": (lambda d: first(d, "skills").update(patterns="skills"), "(skills): 'patterns' must be"),
    "missing-responses": (lambda d: first(d, "greeting").pop("responses"), "'responses' must be"),
    "unknown-kind": (lambda d: first(d, "thanks").update(kind="banter"), "'kind' must be one of"),
    "duplicate-tag": (lambda d: first(d, "thanks").update(tag="greeting"), "tag 'greeting': used by two intents"),
    "duplicate-pattern": (lambda d: first(d, "thanks")["patterns"].append("hello"), "is also a pattern of 'greeting'"),
    "missing-section": (lambda d: first(d, "outlook").update(section="Salaries"), "section 'Salaries' is not a heading"),
    "role-not-mapped": (lambda d: first(d, "skills")["sections"].pop("coding"), "'sections' must map each role"),
    "gap-unknown-topic": (lambda d: first(d, "remote_work").update(topic="weather"), "'topic' 'weather' is not a topic"),
    "no-roles": (lambda d: d.pop("roles"), "'roles' must be a non-empty list"),
}


@pytest.mark.parametrize("name", INTENT_BREAKS)
def test_each_broken_intents_file_is_named_in_one_line(tmp_path, name):
    edit, needle = INTENT_BREAKS[name]
    path = broken_intents(tmp_path, edit)
    before = path.read_bytes()
    code, out, err = run("--intents", str(path))
    assert_one_line_error(code, err, str(path), needle)
    assert out == "" and path.read_bytes() == before


def test_intents_that_are_not_json_say_line_and_column(tmp_path):
    path = tmp_path / "intents.json"
    path.write_text('{\n  "roles": [,]\n}', encoding="utf-8")
    assert_one_line_error(*run("--intents", str(path))[::2], "not valid JSON", "line 2 column")


def test_intents_that_are_not_utf8(tmp_path):
    path = tmp_path / "intents.json"
    path.write_bytes(b'{"roles": "\xff"}')
    assert_one_line_error(*run("--intents", str(path))[::2], "not UTF-8")


@pytest.mark.parametrize("setup,needle", [
    (lambda d: None, "corpus directory not found"),
    (lambda d: d.mkdir(), "no .txt or .md documents"),
    (lambda d: (d.mkdir(), (d / "a.txt").write_text("   \n\n")), "the document is empty"),
    (lambda d: (d.mkdir(), (d / "a.txt").write_text("Title\n\nJust one paragraph of text.\n")), "no headings found"),
])
def test_each_broken_corpus_is_named_in_one_line(tmp_path, setup, needle):
    corpus = tmp_path / "corpus"
    setup(corpus)
    code, _, err = run("--corpus", str(corpus))
    assert_one_line_error(code, err, needle)


def test_unreadable_corpus_file(tmp_path, monkeypatch):
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus)

    real_open = os.open

    def denied(path, *args, **kwargs):
        if str(path).endswith(".txt"):
            raise PermissionError(13, "Permission denied")
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", denied)  # root ignores chmod, so refuse the open itself
    assert_one_line_error(*run("--corpus", str(corpus))[::2], "cannot be read (Permission denied)")


def test_a_corpus_file_that_is_not_utf8_is_named_with_its_encoding(tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus)
    doc = corpus / "medical-billing-vs-coding.txt"
    doc.write_bytes(doc.read_bytes().replace(b"Appealing", b"Appe\xffaling"))
    assert_one_line_error(*run("--corpus", str(corpus))[::2], str(doc), "not UTF-8 text (byte ", "save it as UTF-8")


def test_shipped_data_is_untouched_by_a_session():
    digest = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in [INTENTS, *CORPUS.iterdir()]}
    run()
    run("--intents", str(INTENTS))
    assert digest == {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in [INTENTS, *CORPUS.iterdir()]}


def test_code_in_a_data_file_is_text_never_run(tmp_path):
    payload = "__import__('os').system('touch {}')".format(tmp_path / "pwned")
    path = broken_intents(tmp_path, lambda d: first(d, "greeting").update(responses=[payload, "{0.__class__}"]))
    out = io.StringIO()
    with redirect_stdout(out):
        assert cli.main(["--intents", str(path), "ask", "--json", "hello"]) == 0
    assert json.loads(out.getvalue())["answer"] == payload, "shown as text"
    assert not (tmp_path / "pwned").exists(), "never executed"
