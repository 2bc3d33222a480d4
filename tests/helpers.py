"""Shared test helpers: the shipped bot, built once, and a way to run a conversation."""

from __future__ import annotations

import fcntl
import os
import pty
import select
import struct
import subprocess
import sys
import termios
import time
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


class Terminal:
    """careerbot's chat in a real pseudo-terminal (80 x 24), driven as a person would.

    The parent keeps the terminal's own end open, so after the chat exits its
    mode (raw or cooked) can still be read with termios.
    """

    def __init__(self, *args: str, env: dict[str, str] | None = None) -> None:
        self.master, self.terminal = pty.openpty()
        fcntl.ioctl(self.terminal, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
        environment = {**os.environ, "TERM": "xterm", "PROMPT_TOOLKIT_NO_CPR": "1", **(env or {})}
        self.process = subprocess.Popen([sys.executable, "-m", "bot", *args], cwd=ROOT, env=environment,
                                        stdin=self.terminal, stdout=self.terminal, stderr=self.terminal)
        self.output = b""
        self._seen = 0

    def __enter__(self) -> "Terminal":
        return self

    def __exit__(self, *exc: object) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        os.close(self.master)
        os.close(self.terminal)

    def _read(self, timeout: float) -> None:
        if select.select([self.master], [], [], timeout)[0]:
            self.output += os.read(self.master, 1 << 16)

    def expect(self, text: str, timeout: float = 30) -> None:
        """Wait until `text` appears on the screen after what was expected before."""
        wanted = text.encode()
        deadline = time.monotonic() + timeout
        while (at := self.output.find(wanted, self._seen)) < 0:
            if time.monotonic() > deadline or self.process.poll() is not None and not self._pending():
                raise AssertionError(f"{text!r} never appeared; the screen ends {self.output[-500:]!r}")
            self._read(0.1)
        self._seen = at + len(wanted)

    def _pending(self) -> bool:
        return bool(select.select([self.master], [], [], 0)[0])

    def type(self, text: str, timeout: float = 30) -> None:
        """Send keys; while a long text is sent, the screen is read so the chat never blocks.
        A chat that takes longer than `timeout` to read them all fails the test."""
        data = memoryview(text.encode())
        deadline = time.monotonic() + timeout
        while data:
            if time.monotonic() > deadline:
                raise AssertionError(f"the chat read only part of the keys in {timeout} s")
            readable, writable, _ = select.select([self.master], [self.master], [], 1)
            if readable:
                self._read(0)
            if writable:
                data = data[os.write(self.master, data[:1 << 14]):]

    def wait(self, timeout: float = 30) -> int:
        """The exit status, once the chat has exited (and all it wrote is read)."""
        deadline = time.monotonic() + timeout
        while self.process.poll() is None or self._pending():
            if time.monotonic() > deadline:
                raise AssertionError(f"the chat did not exit; the screen ends {self.output[-500:]!r}")
            self._read(0.1)
        return self.process.returncode

    def cooked(self) -> bool:
        """Whether the terminal is back in the mode a shell expects (line editing and echo)."""
        flags = termios.tcgetattr(self.terminal)[3]
        return bool(flags & termios.ICANON and flags & termios.ECHO)
