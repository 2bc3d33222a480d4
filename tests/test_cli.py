"""The command line: answers, --help, and the exit codes of errors a user can cause."""

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import CORPUS, INTENTS, ROOT, careerbot


def test_ask_prints_the_answer_and_names_the_section():
    out = careerbot("ask", "what does a biller do?")
    assert out.returncode == 0
    text = out.stdout.decode()
    assert "Preparing and submitting claims to insurance companies." in text
    assert "What is Medical Billing?" in text


def test_ask_json_prints_the_reply_object():
    out = careerbot("ask", "--json", "what skills do coders need")
    reply = json.loads(out.stdout)
    assert reply["sections"] == ["Key Skills for Medical Coders"]


def test_ask_words_need_no_quotes():
    out = careerbot("ask", "what", "does", "a", "coder", "do")
    assert "What is Medical Coding?" in out.stdout.decode()


def test_help_and_version():
    usage = careerbot("--help")
    assert usage.returncode == 0 and b"ask" in usage.stdout and b"--json" in usage.stdout
    assert careerbot("--version").stdout.startswith(b"careerbot ")


def test_empty_question_is_a_usage_error():
    out = careerbot("ask", "   ")
    assert out.returncode == 2
    assert out.stderr.decode().strip() == "careerbot: ask: the question is empty"


def test_unknown_option_is_a_usage_error():
    assert careerbot("--frobnicate").returncode == 2


def test_broken_intents_file_is_one_line_exit_2(tmp_path):
    bad = tmp_path / "intents.json"
    bad.write_text('{"roles": [}', encoding="utf-8")
    out = careerbot("--intents", str(bad), "ask", "hi")
    assert out.returncode == 2
    lines = out.stderr.decode().strip().splitlines()
    assert len(lines) == 1 and str(bad) in lines[0] and "line 1 column" in lines[0]
    assert b"Traceback" not in out.stderr


def test_missing_corpus_is_one_line_exit_2(tmp_path):
    out = careerbot("--corpus", str(tmp_path / "nowhere"), "ask", "hi")
    assert out.returncode == 2
    assert "corpus directory not found" in out.stderr.decode()


def test_other_data_can_be_pointed_at(tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus)
    out = careerbot("--corpus", str(corpus), "--intents", str(INTENTS), "ask", "what does a coder do")
    assert out.returncode == 0 and "What is Medical Coding?" in out.stdout.decode()


def test_eval_reports_per_category_and_fails_below_min(tmp_path):
    dialogs = tmp_path / "d.jsonl"
    dialogs.write_text(
        '{"id": "a", "turns": [{"q": "what does a biller do", "expect": ["What is Medical Billing?"]}]}\n'
        '{"id": "b", "turns": [{"q": "hello", "expect": ["@thanks"]}]}\n', encoding="utf-8")
    out = careerbot("eval", str(dialogs), "--min", "0.9")
    text = out.stdout.decode()
    assert out.returncode == 1
    assert "in-scope" in text and "small talk" in text and "overall 1/2 50.0%" in text
    assert "FAIL b: 'hello'" in text
    report = json.loads(careerbot("eval", str(dialogs), "--json").stdout)
    assert report["overall"] == {"passed": 1, "total": 2, "accuracy": 0.5}


def test_python_dash_m_and_the_script_are_the_same_command():
    script = Path(sys.executable).parent / "careerbot"
    if not script.exists():
        pytest.skip("careerbot is not installed next to this interpreter")
    a = subprocess.run([script, "ask", "--json", "hi"], capture_output=True)
    b = subprocess.run([sys.executable, "-m", "bot", "ask", "--json", "hi"], capture_output=True)
    assert a.stdout == b.stdout


# ------------------------------------------------------------------ streams that are closed or full

def shell(command: str, stdin: bytes = b"") -> subprocess.CompletedProcess:
    """`command` run by sh, where `careerbot` is `python -m bot` (for redirections like >&-)."""
    return subprocess.run(command.replace("careerbot", f"{sys.executable} -m bot"), shell=True, input=stdin,
                          capture_output=True, cwd=ROOT, timeout=60)


def assert_one_error_line(out: subprocess.CompletedProcess, code: int, needle: str) -> None:
    err = out.stderr.decode()
    assert out.returncode == code, err
    assert err.count("\n") == 1 and err.startswith("careerbot: ") and needle in err, err


@pytest.mark.parametrize("command,needle", [
    ("careerbot <&-", "standard input is closed"),
    ("careerbot --json <&-", "standard input is closed"),
    ("careerbot --json >&-", "standard output is closed"),
    ("careerbot ask hi >&-", "standard output is closed"),
])
def test_a_closed_standard_stream_is_one_line_and_exit_1(command, needle):
    out = shell(command, stdin=b"hi\n")
    assert_one_error_line(out, 1, needle)
    assert out.stdout == b""


@pytest.mark.parametrize("command,stdin", [
    ("careerbot ask hi", b""),
    ("careerbot ask --json hi", b""),
    ("careerbot --json", b"hi\nwhat does a biller do?\n"),
    ("careerbot", b"hi\nwhat does a biller do?\n"),
    ("careerbot eval tests/data/train/blind1.jsonl", b""),
    ("careerbot --help", b""),
    ("careerbot --version", b""),
])
def test_a_full_disk_fails_the_command_with_one_line(command, stdin):
    out = shell(command + " > /dev/full", stdin=stdin)
    assert_one_error_line(out, 1, "cannot write the output (No space left on device)")


def test_with_stderr_closed_errors_never_reach_stdout(tmp_path):
    bad = tmp_path / "intents.json"
    bad.write_text("{", encoding="utf-8")
    out = shell(f"careerbot --json --intents {bad} 2>&-", stdin=b"hi\n")
    assert out.returncode == 2
    assert out.stdout == b""
    answered = shell("careerbot --json 2>&-", stdin=b"hi\n")
    assert answered.returncode == 0 and json.loads(answered.stdout)["intent"] == "greeting"


def test_with_stderr_closed_a_warning_never_reaches_the_json_stream(tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus)
    (corpus / "extra.txt").write_text("Extra\n\nNotes\n\nA passage of its own, so no shipped index fits.\n")
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("")
    out = shell(f"XDG_CACHE_HOME={blocker} careerbot --json --corpus {corpus} 2>&-",
                stdin=b"what do billers and coders earn\n")
    assert out.returncode == 0
    [line] = out.stdout.decode().splitlines()
    assert json.loads(line)["kind"]


# ------------------------------------------------------------------ Ctrl-C, escape sequences

CTRL_C_WHILE_LOADING = """
import os, signal, sys
from importlib.metadata import entry_points

class CtrlC:
    '''Presses Ctrl-C just as module {module!r} starts to load.'''
    def find_spec(self, name, path=None, target=None):
        if name == {module!r}:
            os.kill(os.getpid(), signal.SIGINT)
        return None

[script] = entry_points(group="console_scripts", name="careerbot")
sys.meta_path.insert(0, CtrlC())
sys.argv[1:] = ["ask", "what does a biller do?"]
main = script.load()  # as the installed `careerbot` script does: import its function, then call it
sys.exit(main())
"""


@pytest.mark.parametrize("module", ["argparse", "bot.errors", "bot.engine"])
def test_ctrl_c_while_the_command_loads_exits_130_without_a_traceback(module):
    out = subprocess.run([sys.executable, "-c", CTRL_C_WHILE_LOADING.format(module=module)],
                         capture_output=True, cwd=ROOT, timeout=60)
    assert out.returncode == 130, out.stderr.decode()
    assert b"Traceback" not in out.stderr and out.stdout == b""


TITLE_AND_CLEAR = "\x1b]0;TITLE\x07\x1b[2J\x9b31m\u202e"


def assert_no_escapes(data: bytes) -> None:
    text = data.decode()
    assert not any(ch in text for ch in "\x1b\x07\x9b\u202e"), repr(text[-300:])


def test_arguments_echoed_in_a_usage_error_are_cleaned():
    out = careerbot("--frobnicate" + TITLE_AND_CLEAR)
    assert out.returncode == 2 and b"unrecognized arguments: --frobnicate" in out.stderr
    assert_no_escapes(out.stderr)


# ------------------------------------------------------------------ eval files

def dialogs_file(tmp_path: Path, *dialogs: dict) -> Path:
    path = tmp_path / "dialogs.jsonl"
    path.write_text("".join(json.dumps(d) + "\n" for d in dialogs), encoding="utf-8")
    return path


def test_eval_shows_ids_and_questions_from_the_file_cleaned(tmp_path):
    path = dialogs_file(tmp_path, {"id": "d" + TITLE_AND_CLEAR,
                                   "turns": [{"q": "hello" + TITLE_AND_CLEAR, "expect": ["@thanks"]}]})
    for args in (["eval", str(path)], ["eval", "--json", str(path)]):
        out = careerbot(*args)
        assert out.returncode == 0 and b"FAIL d" in out.stdout or b'"dialog": "d' in out.stdout
        assert_no_escapes(out.stdout)


@pytest.mark.parametrize("turn,needle", [
    ({"q": "hi", "expect": ["@greting"]}, "'@greting' is not a section of the corpus or a known label "
                                          "(did you mean '@greeting'?)"),
    ({"q": "what do coders do", "expect": ["What is Medical Codding?"]}, "did you mean 'What is Medical Coding?'"),
    ({"q": "billing vs coding", "expect": ["What is Medical Billing?"], "expect_all": ["@oos"]},
     "'expect_all': '@oos' is not a section"),
])
def test_eval_refuses_a_label_that_does_not_exist_with_its_line(tmp_path, turn, needle):
    path = dialogs_file(tmp_path, {"id": "ok", "turns": [{"q": "hi", "expect": ["@greeting"]}]},
                        {"id": "bad", "turns": [turn]})
    out = careerbot("eval", str(path))
    assert_one_error_line(out, 2, f"{path}: line 2: ")
    assert needle in out.stderr.decode()
    assert out.stdout == b""


def test_eval_passes_an_ambiguous_question_asked_back_when_labeled_clarify(tmp_path):
    both = ["Key Skills for Medical Billers", "Key Skills for Medical Coders"]
    path = dialogs_file(tmp_path, {"id": "a", "turns": [{"q": "what skills do I need?", "expect": ["@clarify", *both]}]})
    report = json.loads(careerbot("eval", "--json", str(path)).stdout)
    assert report["overall"]["passed"] == 1, report


def test_cross_validation_needs_two_sets_and_copes_with_tiny_ones(tmp_path):
    one = dialogs_file(tmp_path, {"id": "a", "turns": [{"q": "what does a biller do?",
                                                        "expect": ["What is Medical Billing?"]}]})
    assert_one_error_line(careerbot("eval", "--cv", str(one)), 2, "careerbot: eval --cv: give at least two")
    other = tmp_path / "other.jsonl"
    other.write_bytes(one.read_bytes())
    # Each one-question set is scored by a model fitted on the other alone: tiny, not broken.
    report = json.loads(careerbot("eval", "--cv", "--json", str(one), str(other)).stdout)
    assert report["overall"]["total"] == 2, report
    fitted = careerbot("fit", str(one), "--out", str(tmp_path / "model.json"))
    assert fitted.returncode == 0 and b"Traceback" not in fitted.stderr, fitted
    # No word said twice: nothing for the regression to weigh, still no traceback.
    apart = dialogs_file(tmp_path, {"id": "b", "turns": [{"q": "pharmacist license", "expect": ["@oos"]}]})
    fitted = careerbot("fit", str(one), str(apart), "--out", str(tmp_path / "model.json"))
    assert fitted.returncode == 0 and b"Traceback" not in fitted.stderr, fitted


def test_fitting_on_dialogs_without_a_question_is_a_usage_error(tmp_path):
    commands = tmp_path / "commands.jsonl"
    commands.write_text(json.dumps({"id": "c", "turns": [{"q": "/help", "expect": ["@help"]}]}) + "\n", encoding="utf-8")
    out = careerbot("fit", str(commands), "--out", str(tmp_path / "model.json"))
    assert_one_error_line(out, 2, "careerbot: the labeled dialogs hold no question to fit on")
    assert not (tmp_path / "model.json").exists()
    one = dialogs_file(tmp_path, {"id": "a", "turns": [{"q": "what does a biller do?",
                                                        "expect": ["What is Medical Billing?"]}]})
    report = json.loads(careerbot("eval", "--cv", "--json", str(one), str(commands)).stdout)
    assert report["overall"]["total"] == 2, report


def test_a_bare_question_is_answered_as_ask_would():
    bare = careerbot("what does a biller do?")
    assert bare.returncode == 0
    assert bare.stdout == careerbot("ask", "what does a biller do?").stdout
    assert careerbot("--json", "what", "skills", "do", "coders", "need").stdout == \
        careerbot("ask", "--json", "what skills do coders need").stdout


@pytest.mark.parametrize("typed, meant", [("evl", "eval"), ("indx", "index"), ("Fitt", "fit")])
def test_a_mistyped_command_is_not_taken_for_a_question(typed, meant):
    out = careerbot(typed, "dialogs.jsonl")
    assert out.returncode == 2
    assert out.stderr.decode().strip() == f"careerbot: {typed!r} is not a command; did you mean {meant}?"


def test_an_unknown_option_after_a_command_shows_that_commands_usage():
    out = careerbot("ask", "--jsn", "hi")
    assert out.returncode == 2
    err = out.stderr.decode()
    assert err.startswith("usage: careerbot ask ") and "unrecognized arguments: --jsn" in err
