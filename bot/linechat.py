"""The chat for a terminal that cannot draw (TERM=dumb) or whose answers go to a pipe.

Plain lines only: no escape sequence, no cursor movement, every line visible.
The welcome and the prompts go to `prompts` (the terminal the person reads),
answers to `out` (which may be `| tee log`). Ctrl-D, /quit or "bye" leave;
Ctrl-C at the prompt starts a new line.
"""

from __future__ import annotations

from typing import IO

from bot import streams
from bot.conversation import WELCOME, Conversation, ends_chat
from bot.engine import Bot
from bot.errors import ExitCode
from bot.render import plain, wrap

PROMPT = "you> "


def run(bot: Bot, stdin: IO[str], out: IO[str], prompts: IO[str], width: int) -> int:
    """Chat line by line until the input ends or the person leaves."""
    conversation = Conversation(bot)
    _show(prompts, wrap(WELCOME, width) + "\n\n")
    while True:
        _show(prompts, PROMPT)
        try:
            line = stdin.readline()
        except KeyboardInterrupt:
            _show(prompts, "\n")
            conversation.interrupt()
            continue
        if not line:
            _show(prompts, "\n")
            return ExitCode.OK
        if not line.strip():
            continue
        reply = conversation.attempt(line)
        if isinstance(reply, str):
            _show(prompts, reply + "\n")
            continue
        _show(out, plain(reply, width) + "\n")
        if ends_chat(reply):
            return ExitCode.OK


def _show(stream: IO[str], text: str) -> None:
    streams.write(stream, text)
