"""Property tests: any text on any input path gets a reply, fast, with nothing unsafe in it."""

import io
import json
import time
from contextlib import redirect_stderr, redirect_stdout

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot import cli, commands, pipe
from bot.render import plain
from bot.text import clean
from bot.types import ChatState
from helpers import shipped_bot

KINDS = {"answer", "smalltalk", "clarify", "fallback", "command"}
UNSAFE = [chr(c) for c in range(32) if chr(c) not in "\n"] + ["\x7f", "\x9b", "\u202e", "\u2066"]
PROPERTY = settings(max_examples=300, deadline=None, derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.too_slow])

# Any Unicode, weighted towards what breaks terminals and parsers.
PIECES = ["\x00", "\x1b", "[31m", "]0;title\x07", "\u202e", "\u200f", "🙂", "é", "\r", "\n", "\x9b", "\ud7ff",
          "biller", "coder", " ", "/", "\t", "what", "?", "ﷺ", "\u2028"]
hostile = st.one_of(
    st.text(),
    st.lists(st.sampled_from(PIECES), max_size=40).map("".join),
    st.builds(lambda a, b: a + b, st.sampled_from(["what does a biller do", "/reset", "and coders?", ""]), st.text()),
)


def assert_safe(text: str) -> None:
    assert not any(ch in text for ch in UNSAFE), repr(text[:200])


@PROPERTY
@given(st.lists(hostile, max_size=4))
def test_core_replies_to_anything_with_a_valid_safe_reply(messages):
    bot, state = shipped_bot(), ChatState()
    for message in messages:
        reply, state = bot.reply(message, state)
        assert reply.kind in KINDS
        assert 0.0 <= reply.score <= 1.0
        assert_safe(reply.answer)
        assert_safe(plain(reply))
        assert (reply.kind == "answer") == bool(reply.sections)


@PROPERTY
@given(hostile)
def test_json_lines_mode_answers_every_non_blank_line_with_one_object(text):
    stdin, stdout = io.StringIO(text, newline=None), io.StringIO()
    pipe.run(shipped_bot(), stdin, stdout, as_json=True, width=80)
    messages = [line for line in io.StringIO(text, newline=None) if clean(line).strip()]
    quits = [n for n, line in enumerate(messages) if commands.find(line) == commands.QUIT]
    out_lines = stdout.getvalue().split("\n")[:-1]
    assert len(out_lines) == (quits[0] + 1 if quits else len(messages))
    for line in out_lines:
        reply = json.loads(line)
        assert reply["kind"] in KINDS
        assert_safe(line)


@settings(max_examples=100, deadline=None, derandomize=True, database=None)
@given(hostile)
def test_ask_prints_a_reply_or_a_usage_line_never_a_traceback(text):
    out_buffer, err_buffer = io.StringIO(), io.StringIO()
    with redirect_stdout(out_buffer), redirect_stderr(err_buffer):
        code = cli.main(["ask", "--", text])
    out, err = out_buffer.getvalue(), err_buffer.getvalue()
    assert "Traceback" not in err
    if text.strip():
        assert code == 0 and out.strip()
        assert_safe(out.replace("\n", ""))
    else:
        assert code == 2 and err.count("\n") == 1


def test_a_megabyte_of_text_is_cut_and_answered_quickly():
    started = time.perf_counter()
    reply, _ = shipped_bot().reply("blah " * 200_000 + "so, what does a biller do?")
    assert time.perf_counter() - started < 5, "bounded, with room for a slow shared machine"
    assert reply.answer.startswith("(Your message was long, so I read only its last 500 characters.)")
    assert reply.sections == ("What is Medical Billing?",), "the question at the end is what is read"


@pytest.mark.parametrize("message, same_as", [
    ("what does a bil\ufeffler do", "what does a biller do"),
    ("what does a co\u2060der do", "what does a coder do"),
    ("what does a bil\u00adler do", "what does a biller do"),
    ("what skills does a\u2028coder need", "what skills does a coder need"),
    ("what skills does a\u2029biller need", "what skills does a biller need"),
    ("billing\u2028vs\u0085coding", "billing vs coding"),
])
def test_invisible_characters_join_and_line_separators_split_words(message, same_as):
    reply, _ = shipped_bot().reply(message)
    expected, _ = shipped_bot().reply(same_as)
    assert (reply.kind, reply.sections) == (expected.kind, expected.sections)
    assert reply.kind == "answer"
