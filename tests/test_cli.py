"""The command line: answers, --help, and the exit codes of errors a user can cause."""

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import CORPUS, INTENTS, careerbot


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
