"""The JSON-lines contract (`careerbot --json`), as a script driving it sees it."""

import json
import os
import signal
import subprocess
import sys

import pytest

from helpers import ROOT, careerbot

KEYS = {"answer", "kind", "intent", "sections", "score"}


def replies(stdout: bytes) -> list[dict]:
    return [json.loads(line) for line in stdout.decode().splitlines()]


def test_one_object_per_message_with_the_contract_keys():
    out = careerbot("--json", stdin="hi\nwhat does a biller do?\nhow do I fix my car's brakes\n")
    assert out.returncode == 0 and out.stderr == b""
    got = replies(out.stdout)
    assert [r["kind"] for r in got] == ["smalltalk", "answer", "fallback"]
    for reply in got:
        assert KEYS <= reply.keys()
        assert 0.0 <= reply["score"] <= 1.0
        assert (reply["sections"] != []) == (reply["kind"] == "answer")
    assert got[1]["sections"][0] == "What is Medical Billing?"


def test_blank_lines_get_no_reply():
    got = replies(careerbot("--json", stdin="\n   \nhello\n\n").stdout)
    assert len(got) == 1 and got[0]["intent"] == "greeting"


def test_conversation_carries_across_lines_and_reset_forgets():
    got = replies(careerbot("--json", stdin="what skills do billers need\nand coders?\n/reset\nand coders?\n").stdout)
    assert got[0]["sections"] == ["Key Skills for Medical Billers"]
    assert got[1]["sections"] == ["Key Skills for Medical Coders"]
    assert got[2]["kind"] == "command"
    assert got[3]["sections"] == ["What is Medical Coding?"], "after /reset the skills topic is forgotten"


def test_invalid_utf8_is_replaced_not_fatal():
    out = careerbot("--json", stdin=b"what does a coder do\xff\xfe?\n")
    assert out.returncode == 0
    assert replies(out.stdout)[0]["sections"] == ["What is Medical Coding?"]


def test_control_characters_never_reach_the_output():
    out = careerbot("--json", stdin="\x1b[31mwhat is \x07medical coding\x1b]0;pwned\x07\n")
    reply = replies(out.stdout)[0]
    assert reply["kind"] == "answer"
    assert not any(ch in out.stdout.decode() for ch in "\x1b\x07")


def test_plain_text_mode_when_input_is_not_a_terminal():
    out = careerbot(stdin="what does a biller do?\n")
    text = out.stdout.decode()
    assert "Appealing denied claims." in text
    assert "— from: What is Medical Billing?" in text


def test_a_reader_that_stops_early_ends_it_quietly(tmp_path):
    questions = tmp_path / "questions.txt"
    questions.write_text("what does a biller do?\n" * 3000, encoding="utf-8")
    run = subprocess.run(f"{sys.executable} -m bot --json < {questions} | head -1", shell=True,
                         capture_output=True, cwd=ROOT, timeout=60)
    assert run.returncode == 0
    assert json.loads(run.stdout)["kind"] == "answer"
    assert run.stderr == b""


def test_ctrl_c_exits_130_without_a_traceback():
    bot = subprocess.Popen([sys.executable, "-m", "bot", "--json"], stdin=subprocess.PIPE,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT)
    bot.stdin.write(b"hello\n")
    bot.stdin.flush()
    assert json.loads(bot.stdout.readline())["intent"] == "greeting"  # it is up and waiting for input
    bot.send_signal(signal.SIGINT)
    _, err = bot.communicate(timeout=30)
    assert bot.returncode == 130
    assert b"Traceback" not in err


def test_answers_do_not_depend_on_the_hash_seed():
    questions = "\n".join(["how do I get a copy of my own medical records?", "what does a medical codr do",
                           "which organizations offer coding certification", "is coding hard, how long is school?",
                           "how much do coders make working from home", "skills vs training for billers"]) + "\n"
    outputs = {
        subprocess.run([sys.executable, "-m", "bot", "--json"], input=questions.encode(), capture_output=True,
                       cwd=ROOT, env={**os.environ, "PYTHONHASHSEED": seed}).stdout
        for seed in ("1", "2", "3")
    }
    assert len(outputs) == 1


def test_each_json_reply_carries_the_question_it_answers():
    got = replies(careerbot("--json", stdin="  what does a biller do?  \n1\nhi\x1b[31m\n").stdout)
    assert [r["question"] for r in got] == ["what does a biller do?", got[0]["suggestions"][0], "hi"]
    assert json.loads(careerbot("ask", "--json", "hello").stdout)["question"] == "hello"


def test_plain_replies_are_separated_by_a_line_of_dashes():
    text = careerbot(stdin="what does a biller do?\nhi\n\nwhat does a coder do?\n").stdout.decode()
    parts = text.split("\n\n---\n\n")
    assert len(parts) == 3
    assert parts[0].startswith("Medical billing involves") and parts[1].startswith("Hello!")
    assert parts[2].startswith("Medical coding is the process") and parts[2].endswith("\n\n")


def test_the_intent_field_is_cleaned_like_every_other_text(tmp_path):
    intents = json.loads((ROOT / "intents.json").read_text(encoding="utf-8"))
    thanks = next(i for i in intents["intents"] if i["tag"] == "thanks")
    thanks["tag"] = "thanks\u2028\x9b31m\u202e"
    path = tmp_path / "intents.json"
    path.write_text(json.dumps(intents, ensure_ascii=False), encoding="utf-8")
    out = careerbot("--json", "--intents", str(path), stdin="thank you\nthanks a lot\n")
    assert out.returncode == 0
    text = out.stdout.decode()
    assert not any(ch in text for ch in "\u2028\x9b\u202e"), repr(text)
    assert [r["intent"] for r in replies(out.stdout)] == ["thanks\n31m"] * 2, "one line per reply"


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_input_gets_one_reply_per_line_and_no_more(encoding):
    out = careerbot("--json", stdin="hi\nwhat does a biller do?\n".encode(encoding))
    got = replies(out.stdout)
    assert len(got) == 2
    assert got[0]["intent"] == "greeting" and got[1]["sections"][0] == "What is Medical Billing?"


def test_lines_may_end_in_a_lone_carriage_return():
    got = replies(careerbot("--json", stdin="hi\rwhat does a biller do?\r\rand coders?\r\n").stdout)
    assert [r["question"] for r in got] == ["hi", "what does a biller do?", "and coders?"]


def test_a_line_of_100_mb_is_read_in_pieces_and_its_end_answered():
    out = careerbot("--json", stdin=b"x" * 100_000_000 + b" what does a biller do?\nhi\n")
    first, second = replies(out.stdout)
    assert first["answer"].startswith("(Your message was long") and first["sections"][0] == "What is Medical Billing?"
    assert second["intent"] == "greeting"
