"""Shared test helpers: the shipped bot, built once, and a way to run a conversation."""

from __future__ import annotations

import contextlib
import fcntl
import io
import os
import pty
import select
import struct
import subprocess
import sys
import termios
import time
from collections.abc import Callable
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
    """A pseudo-terminal (80 x 24): what careerbot writes to it, a keyboard to type into
    it, and its mode. The test keeps the terminal's own end open, so after careerbot
    exits its mode (raw or cooked) can still be read."""

    def __init__(self) -> None:
        self.master, self.slave = pty.openpty()
        fcntl.ioctl(self.slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
        self.seen = b""
        self._expected = 0

    def start(self, *args: str, env: dict[str, str] | None = None,
              stdout: int | None = None) -> subprocess.Popen:
        """`python -m bot ARGS` on this terminal (stdout elsewhere if given), which is its
        controlling terminal, as a shell's is: Ctrl-C typed there is SIGINT. TERM=xterm unless
        `env` says otherwise; no cursor-position queries, since no terminal here answers them."""
        environment = {**os.environ, "TERM": "xterm", "PROMPT_TOOLKIT_NO_CPR": "1", **(env or {})}
        return subprocess.Popen([sys.executable, "-m", "bot", *args], stdin=self.slave,
                                stdout=self.slave if stdout is None else stdout, stderr=self.slave,
                                cwd=ROOT, env=environment, start_new_session=True, preexec_fn=_own_terminal)

    def read_until(self, wanted: bytes, timeout: float = 30) -> bytes:
        """Everything shown so far, once `wanted` is among it (or the time is up)."""
        return self.read_while(lambda: wanted not in self.seen, timeout)

    def read_while(self, waiting: Callable[[], bool], timeout: float = 30) -> bytes:
        """Everything shown so far, once `waiting()` is false (or the time is up)."""
        deadline = time.monotonic() + timeout
        while waiting() and time.monotonic() < deadline:
            if not self._read(0.1):
                break
        return self.seen

    def _read(self, timeout: float) -> bool:
        """Read what is shown within `timeout`; False once the other side has closed."""
        if select.select([self.master], [], [], timeout)[0]:
            try:
                self.seen += os.read(self.master, 1 << 16)
            except OSError:
                return False
        return True

    def expect(self, text: str, timeout: float = 30) -> None:
        """Wait until `text` is shown after what was expected before; fail if it never is."""
        wanted = text.encode()
        self.read_while(lambda: self.seen.find(wanted, self._expected) < 0, timeout)
        at = self.seen.find(wanted, self._expected)
        if at < 0:
            raise AssertionError(f"{text!r} never appeared; the screen ends {self.seen[-500:]!r}")
        self._expected = at + len(wanted)

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

    def wait(self, process: subprocess.Popen, timeout: float = 30) -> int:
        """`process`'s exit status, once it has exited and all it showed is read."""
        deadline = time.monotonic() + timeout
        while process.poll() is None or select.select([self.master], [], [], 0)[0]:
            if time.monotonic() > deadline:
                process.kill()
                raise AssertionError(f"careerbot did not exit; the screen ends {self.seen[-500:]!r}")
            if not self._read(0.1):
                break
        return process.wait()

    def cooked(self) -> bool:
        """Whether the terminal is back in the mode a shell expects (line editing and echo)."""
        flags = termios.tcgetattr(self.slave)[3]
        return bool(flags & termios.ICANON and flags & termios.ECHO)

    def hang_up(self) -> None:
        """The terminal window closes: careerbot's controlling terminal is gone (SIGHUP)."""
        self.close()

    def close(self) -> None:
        for fd in (self.master, self.slave):
            with contextlib.suppress(OSError):  # closed already by hang_up()
                os.close(fd)


def _own_terminal() -> None:
    """In the child, a session leader: make its standard input its controlling terminal."""
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)


class Typed(io.StringIO):
    """Keys typed at a terminal, echoed onto the screen as a terminal does."""

    def __init__(self, keys: str, screen: io.StringIO) -> None:
        super().__init__(keys)
        self.screen = screen

    def readline(self, size: int | None = -1) -> str:
        line = super().readline(size)
        self.screen.write(line)
        return line


def readme_session(start: str, end: str) -> tuple[str, str]:
    """A chat session the README shows (between two phrases of it), and what the line chat
    prints when the same lines are typed: (shown, printed), both ending in one newline."""
    from bot import linechat

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme[readme.index(start):readme.index(end)]
    shown = "\n".join(line[4:] for line in block.split("\n")[2:]).strip("\n") + "\n"
    typed = "".join(line[len("you> "):] + "\n" for line in shown.split("\n") if line.startswith("you> "))
    screen = io.StringIO()
    linechat.run(shipped_bot(), Typed(typed, screen), screen, screen, 80)
    return shown, screen.getvalue().rstrip().removesuffix("you>").strip("\n") + "\n"
