"""The loop for input that is not a person at a terminal: one message per line.

With --json this is the JSON-lines contract shared with the evaluation scripts:
blank lines get no reply, every other line gets one object on one line (with
the `question` it answers), flushed at once (even /quit, which reads as any
other message here: the loop ends with the input), and the conversation carries
from line to line. Without --json the same loop prints plain answers, so
`careerbot < questions.txt` works too; a line `---` between blank lines
separates one reply from the next.

A line is read in bounded pieces and only its end is kept (the engine reads no
more), so a 100 MB line, or /dev/zero that never ends one, needs no more memory
than a short one. A line that is blank once cleaned (a NUL left over from UTF-16
input) is blank.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import IO

from bot import streams
from bot.engine import Bot
from bot.render import json_line, plain
from bot.text import MAX_MESSAGE_CHARS, clean
from bot.types import ChatState

SEPARATOR = "---\n\n"
"""Between plain replies (each ends with a blank line): no answer has a line of only ---."""
READ_CHARS = 1 << 16
"""How much of a line is read at a time."""


def run(bot: Bot, stdin: IO[str], stdout: IO[str], as_json: bool, width: int) -> None:
    state = ChatState()
    between = ""
    for line in messages(stdin):
        if not clean(line).strip():
            continue
        reply, state = bot.reply(line, state)
        streams.write(stdout, json_line(reply, line) + "\n" if as_json else between + plain(reply, width) + "\n")
        between = SEPARATOR


def messages(stdin: IO[str], keep: int = MAX_MESSAGE_CHARS) -> Iterator[str]:
    """The lines of `stdin`, each cut to its last `keep` characters."""
    line = ""
    while piece := stdin.readline(READ_CHARS):
        line = (line + piece)[-keep:]
        if piece.endswith("\n"):
            yield line
            line = ""
    if line:
        yield line
