"""The loop for input that is not a person at a terminal: one message per line.

With --json this is the JSON-lines contract shared with the evaluation scripts:
blank lines get no reply, every other line gets one object on one line,
flushed at once (even /quit, which reads as any other message here: the
loop ends with the input), and the conversation carries from line to line. Without --json the same
loop prints plain answers, so `careerbot < questions.txt` works too.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import IO

from bot.engine import Bot
from bot.types import ChatState, Reply


def run(bot: Bot, stdin: IO[str], stdout: IO[str], show: Callable[[Reply], str]) -> None:
    state = ChatState()
    for line in stdin:
        if not line.strip():
            continue
        reply, state = bot.reply(line, state)
        stdout.write(show(reply) + "\n")
        stdout.flush()
