"""Shared test helpers: the shipped bot, built once, and a way to run a conversation."""

from __future__ import annotations

import subprocess
import sys
from functools import cache
from pathlib import Path

from bot.engine import Bot
from bot.types import ChatState, Reply

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
INTENTS = ROOT / "intents.json"


@cache
def shipped_bot() -> Bot:
    return Bot.from_paths(CORPUS, INTENTS)


def converse(*messages: str, bot: Bot | None = None) -> list[Reply]:
    """The replies to `messages` sent in order within one conversation."""
    bot = bot or shipped_bot()
    state, replies = ChatState(), []
    for message in messages:
        reply, state = bot.reply(message, state)
        replies.append(reply)
    return replies


def careerbot(*args: str, stdin: str | bytes = b"", cwd: Path = ROOT, timeout: float = 60) -> subprocess.CompletedProcess:
    """Run `python -m bot ARGS` as a user would, capturing bytes."""
    data = stdin.encode() if isinstance(stdin, str) else stdin
    return subprocess.run([sys.executable, "-m", "bot", *args], input=data, capture_output=True,
                          cwd=cwd, timeout=timeout)
