"""Broken data files: each gives one line on stderr naming the file and the problem, exit 2.

Nothing is written to the data files, and nothing in them is executed.
"""

import base64
import codecs
import copy
import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import numpy as np
import pytest

from bot import cli
from bot import corpus as corpus_module
from helpers import CORPUS, INTENTS, ROOT

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


# ------------------------------------------------------------------ a model.json that is not careerbot's

MODEL = json.loads((ROOT / "model.json").read_text(encoding="utf-8"))
MODEL_BREAKS = {
    "older-format": (lambda m: m.update(format=3), "not a careerbot model of format"),
    "no-regression": (lambda m: m.pop("regression"), "'regression'"),
    "table-cut-short": (lambda m: m["regression"].update(table=m["regression"]["table"][:-8]),
                        "does not fit its topics and terms"),
    "table-not-base64": (lambda m: m["regression"].update(table="*not base64*"), "not a careerbot model"),
    "table-not-finite": (lambda m: m["regression"].update(table=nan_table(m["regression"]["table"])),
                         "not all finite"),
    "unknown-feature": (lambda m: m["scorer"]["weights"].update({"answer.luck": 1.0}), "unknown features"),
    "topics-a-string": (lambda m: m["regression"].update(topics="duties"), "not a non-empty list of strings"),
    "topic-unknown": (lambda m: m["regression"]["topics"].__setitem__(0, "pay"), "not the lexicon's"),
    "term-twice": (lambda m: m["regression"].update(terms=terms_with(m["regression"], 1, 0)), "each once"),
    "terms-cut-short": (lambda m: m["regression"].update(terms=m["regression"]["terms"][:-4]), "fit their width"),
    "term-width-a-bool": (lambda m: m["regression"].update(term_bytes=True), "term width is not a whole number"),
    "term-width-huge": (lambda m: m["regression"].update(term_bytes=3_000_000, terms=base64.b64encode(b"x" * 3_000_000)
                                                         .decode(), table=table_of_one(m["regression"])),
                        "term width is not a whole number"),
    "terms-a-list": (lambda m: m["regression"].update(terms=["code"]), "block of terms is not text"),
    "intercept-a-bool": (lambda m: m["regression"]["intercepts"].__setitem__(0, True), "not all finite numbers"),
    "intercept-too-big": (lambda m: m["regression"]["intercepts"].__setitem__(0, 10 ** 400), "not a careerbot model"),
    "idf-zero": (lambda m: m["regression"].update(table=table_with(m["regression"]["table"], 0, 0.0)), "idf"),
}


def nan_table(table: str) -> str:
    """A regression table of the same size, every number NaN."""
    return base64.b64encode(np.full(len(base64.b64decode(table)) // 4, np.nan, "<f4").tobytes()).decode()


def terms_with(regression: dict, at: int, copied: int) -> str:
    """The regression's block of terms with term `at` replaced by a copy of term `copied`."""
    terms = np.frombuffer(base64.b64decode(regression["terms"]), f"S{regression['term_bytes']}").copy()
    terms[at] = terms[copied]
    return base64.b64encode(terms.tobytes()).decode()


def table_of_one(regression: dict) -> str:
    """A regression table for one term."""
    return base64.b64encode(np.ones(len(regression["topics"]) + 1, "<f4").tobytes()).decode()


def table_with(table: str, at: int, value: float) -> str:
    """The regression table with its number `at` set to `value` (number 0: the first term's idf)."""
    numbers = np.frombuffer(base64.b64decode(table), "<f4").copy()
    numbers[at] = value
    return base64.b64encode(numbers.tobytes()).decode()


@pytest.mark.parametrize("name", MODEL_BREAKS)
def test_a_broken_model_file_is_one_line_naming_it(tmp_path, name):
    edit, needle = MODEL_BREAKS[name]
    data = copy.deepcopy(MODEL)
    edit(data)
    path = tmp_path / "model.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    assert_one_line_error(*run("--model", str(path))[::2], str(path), needle)


# ------------------------------------------------------------------ files that are not files, or too much

def careerbot_exits(*args: str, timeout: float = 30) -> subprocess.CompletedProcess:
    """`python -m bot ARGS` in a subprocess: a data file that hangs it fails the test, not the suite."""
    return subprocess.run([sys.executable, "-m", "bot", *args], capture_output=True, cwd=ROOT,
                          timeout=timeout, stdin=subprocess.DEVNULL)


def assert_one_line_exit_2(out: subprocess.CompletedProcess, *needles: str) -> None:
    assert_one_line_error(out.returncode, out.stderr.decode(), *needles)


@pytest.fixture
def fifo(tmp_path: Path) -> Path:
    path = tmp_path / "pipe.json"
    os.mkfifo(path)
    return path


@pytest.mark.parametrize("option", ["--intents", "--model", "eval"])
@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_a_device_given_as_a_data_file_is_refused_at_once(option, device):
    args = ["eval", device] if option == "eval" else [option, device, "ask", "hi"]
    assert_one_line_exit_2(careerbot_exits(*args), f"careerbot: {device}: is a device, not a regular file")


@pytest.mark.parametrize("option", ["--intents", "--model", "eval"])
def test_a_fifo_with_no_writer_given_as_a_data_file_is_refused_without_waiting(option, fifo):
    args = ["eval", str(fifo)] if option == "eval" else [option, str(fifo), "ask", "hi"]
    assert_one_line_exit_2(careerbot_exits(*args), f"{fifo}: is a named pipe, not a regular file")


def test_a_fifo_or_a_device_among_the_corpus_documents_is_named(tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus)
    os.mkfifo(corpus / "notes.txt")
    assert_one_line_exit_2(careerbot_exits("--corpus", str(corpus), "ask", "hi"), "notes.txt: is a named pipe")
    (corpus / "notes.txt").unlink()
    (corpus / "zero.md").symlink_to("/dev/zero")
    assert_one_line_exit_2(careerbot_exits("--corpus", str(corpus), "ask", "hi"), "zero.md: is a device")


def test_a_corpus_document_over_its_size_limit_is_refused(tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus)
    with open(corpus / "big.txt", "wb") as big:
        big.truncate(corpus_module.MAX_FILE_BYTES + 1)  # sparse: no disk used
    assert_one_line_error(*run("--corpus", str(corpus))[::2], "big.txt: larger than 5 MB")


def test_a_long_run_of_letters_in_the_data_is_read_in_linear_time(tmp_path):
    """-isation spelled the British way was matched by a quadratic pattern: 150 kB of letters
    in the corpus took minutes, 20,000 in an intents pattern seconds."""
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus)
    (corpus / "appendix.txt").write_text("Appendix\n\nNotes\n\n" + "a" * 150_000 + ".\n", encoding="utf-8")
    data = copy.deepcopy(GOOD)
    first(data, "greeting")["patterns"].append("b" * 20_000)
    intents = tmp_path / "intents.json"
    intents.write_text(json.dumps(data), encoding="utf-8")
    out = careerbot_exits("--corpus", str(corpus), "--intents", str(intents), "ask", "what does a biller do?",
                          timeout=60)
    assert out.returncode == 0, out.stderr.decode()
    assert "What is Medical Billing?" in out.stdout.decode()


# ------------------------------------------------------------------ JSON that Python cannot hold

@pytest.mark.parametrize("text,needle", [
    ("[" * 100_000 + "]" * 100_000, "JSON nested too deeply"),
    ('{"roles": ' + "1" * 5000 + "}", "a number with too many digits"),
])
def test_json_python_cannot_hold_is_one_line_naming_the_file(tmp_path, text, needle):
    intents = tmp_path / "intents.json"
    intents.write_text(text, encoding="utf-8")
    assert_one_line_error(*run("--intents", str(intents))[::2], str(intents), needle)
    assert_one_line_error(*run("--model", str(intents))[::2], str(intents), needle)
    dialogs = tmp_path / "dialogs.jsonl"
    dialogs.write_text('{"turns": [{"q": "hi", "expect": ["@greeting"]}]}\n' + text + "\n", encoding="utf-8")
    code, _, err = run_eval(str(dialogs))
    assert_one_line_error(code, err, f"{dialogs}: line 2: {needle}")


def run_eval(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = cli.main(["eval", *args])
    return code, out.getvalue(), err.getvalue()


# ------------------------------------------------------------------ encodings

def test_a_corpus_saved_with_a_utf8_byte_order_mark_is_read(tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus)
    doc = corpus / "medical-billing-vs-coding.txt"
    doc.write_bytes(codecs.BOM_UTF8 + doc.read_bytes())
    code, out, err = run("--corpus", str(corpus))
    assert code == 0 and "What is Medical Billing?" in out, err


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le"])
def test_a_corpus_saved_as_utf16_is_named_with_its_encoding(tmp_path, encoding):
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus)
    doc = corpus / "medical-billing-vs-coding.txt"
    doc.write_bytes(doc.read_text(encoding="utf-8").encode(encoding))
    code, _, err = run("--corpus", str(corpus))
    assert_one_line_error(code, err, str(doc), "UTF-16" if encoding == "utf-16" else "NUL bytes", "save it as UTF-8")
    assert "intents" not in err, "the corpus is blamed, not intents.json"


# ------------------------------------------------------------------ escape sequences in what is reported

TITLE_AND_CLEAR = "\x1b]0;TITLE\x07\x1b[2J\x9b31m\u202e"


def test_escape_sequences_in_a_data_file_never_reach_the_terminal_in_its_error(tmp_path):
    path = broken_intents(tmp_path, lambda d: first(d, "thanks").update(tag="thanks" + TITLE_AND_CLEAR, kind="banter"))
    code, _, err = run("--intents", str(path))
    assert code == 2 and "'kind' must be one of" in err
    assert not any(ch in err for ch in "\x1b\x07\x9b\u202e"), repr(err)


def test_escape_sequences_in_a_corpus_file_name_never_reach_the_terminal(tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus)
    (corpus / f"evil{TITLE_AND_CLEAR}.txt").write_text("   \n", encoding="utf-8")
    out = careerbot_exits("--corpus", str(corpus), "ask", "hi")
    assert out.returncode == 2 and b"the document is empty" in out.stderr
    assert not any(ch in out.stderr.decode() for ch in "\x1b\x07\x9b\u202e"), out.stderr
