"""The loop for input that is not a person at a terminal: one message per line.

With --json this is the JSON-lines contract shared with the evaluation scripts:
blank lines get no reply, every other line gets one object on one line (with
the `question` it answers), flushed at once (even /quit, which reads as any
other message here: the loop ends with the input), and the conversation carries
from line to line. Without --json the same loop prints plain answers, so
`careerbot < questions.txt` works too; a line `---` between blank lines
separates one reply from the next.
"""

from __future__ import annotations

from typing import IO

from bot.engine import Bot
from bot.render import json_line, plain
from bot.types import ChatState

SEPARATOR = "---\n\n"
"""Between plain replies (each ends with a blank line): no answer has a line of only ---."""


def run(bot: Bot, stdin: IO[str], stdout: IO[str], as_json: bool, width: int) -> None:
    state = ChatState()
    between = ""
    for line in stdin:
        if not line.strip():
            continue
        reply, state = bot.reply(line, state)
        stdout.write(json_line(reply, line) + "\n" if as_json else between + plain(reply, width) + "\n")
        stdout.flush()
        between = SEPARATOR
