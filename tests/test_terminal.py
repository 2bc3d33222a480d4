"""Terminals as people have them: TERM=dumb, `careerbot | tee log`, and the line chat's transcript.

The subprocess tests give careerbot a real pseudo-terminal for what must be a
terminal, and read what the person would see there.
"""

from __future__ import annotations

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

import pytest

from bot import linechat
from bot.conversation import WELCOME
from bot.terminal import choose_mode
from helpers import ROOT, shipped_bot


class Terminal:
    """A pseudo-terminal: what careerbot writes to it, and a keyboard to type into it."""

    def __init__(self) -> None:
        self.master, self.slave = pty.openpty()
        self.seen = b""

    def read_until(self, wanted: bytes, timeout: float = 30) -> bytes:
        """Everything shown so far, once `wanted` is among it (or the time is up)."""
        return self.read_while(lambda: wanted not in self.seen, timeout)

    def read_while(self, waiting: Callable[[], bool], timeout: float = 30) -> bytes:
        """Everything shown so far, once `waiting()` is false (or the time is up)."""
        deadline = time.monotonic() + timeout
        while waiting() and time.monotonic() < deadline:
            ready, _, _ = select.select([self.master], [], [], 0.1)
            if ready:
                try:
                    self.seen += os.read(self.master, 65536)
                except OSError:  # the other side closed
                    break
        return self.seen

    def type(self, text: str) -> None:
        os.write(self.master, text.encode())

    def close(self) -> None:
        for fd in (self.master, self.slave):
            os.close(fd)


@pytest.fixture
def terminal():
    term = Terminal()
    yield term
    term.close()


def start(terminal: Terminal, env: dict[str, str], stdout: int | None = None) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "bot"], stdin=terminal.slave,
                            stdout=terminal.slave if stdout is None else stdout, stderr=terminal.slave,
                            cwd=ROOT, env={**os.environ, **env}, start_new_session=True)


def test_a_dumb_terminal_gets_plain_lines_with_no_escape_codes(terminal: Terminal) -> None:
    bot = start(terminal, {"TERM": "dumb"})
    terminal.read_until(b"you> ")
    terminal.type("what does a biller do?\n")
    terminal.read_until(b"You could ask:")
    terminal.type("bye\n")
    assert bot.wait(timeout=30) == 0
    seen = terminal.read_until(b"good luck").decode()

    assert seen.startswith(WELCOME)
    assert "Medical billing involves" in seen and "— from: What is Medical Billing?" in seen
    assert "Goodbye, and good luck" in seen
    assert "\x1b" not in seen


def test_with_output_to_a_pipe_the_person_still_sees_the_welcome_and_prompts(terminal: Terminal) -> None:
    bot = start(terminal, {"TERM": "xterm-256color"}, stdout=subprocess.PIPE)
    shown = terminal.read_until(b"you> ")
    terminal.type("what does a coder do?\n")
    terminal.read_while(lambda: terminal.seen.count(b"you> ") < 2)
    terminal.type("/quit\n")
    out, _ = bot.communicate(timeout=30)

    assert shown.decode().startswith(WELCOME) and "you> " in shown.decode()
    assert out.decode().startswith("Medical coding is the process")  # the answers go where stdout goes
    assert "Goodbye!" in out.decode()
    assert b"\x1b" not in out + terminal.seen


@pytest.mark.parametrize("as_json, stdin_tty, stdout_tty, term, mode", [
    (False, True, True, "xterm-256color", "chat"),
    (False, True, True, "dumb", "lines"),
    (False, True, False, "xterm", "lines"),
    (False, False, True, "xterm", "pipe"),
    (True, True, True, "xterm", "pipe"),
])
def test_the_mode_follows_the_terminal(as_json: bool, stdin_tty: bool, stdout_tty: bool, term: str,
                                       mode: str) -> None:
    assert choose_mode(as_json, stdin_tty, stdout_tty, term) == mode


class Typed(io.StringIO):
    """Keys typed at a terminal, echoed onto the screen as a terminal does."""

    def __init__(self, keys: str, screen: io.StringIO) -> None:
        super().__init__(keys)
        self.screen = screen

    def readline(self, size: int | None = -1) -> str:
        line = super().readline(size)
        self.screen.write(line)
        return line


def test_the_line_chat_prints_exactly_this_transcript() -> None:
    screen = io.StringIO()
    keys = Typed("what does a biller do?\n\n2\n/hlep\nbye\nnever read\n", screen)
    code = linechat.run(shipped_bot(), keys, screen, screen, 80)

    assert code == 0
    assert screen.getvalue() == TRANSCRIPT


TRANSCRIPT = """\
Ask me about medical billing and coding careers. /help for help, Ctrl-D to quit.

you> what does a biller do?
Medical billing involves the entire process of submitting and following up on
claims with insurance companies to ensure healthcare providers receive payment
for services rendered. This encompasses a variety of tasks, including:
  • Preparing and submitting claims to insurance companies.
  • Verifying insurance coverage.
  • Appealing denied claims.
  • Managing patient billing statements and payments.
  • Following up with insurance companies on outstanding claims.
— from: What is Medical Billing?
You could ask:
  1) What skills does a medical biller need?
  2) How do I train to be a medical biller?

you> 
you> 2
→ How do I train to be a medical biller?
Medical billing schools and training programs focus on teaching students about
insurance regulations, billing procedures, and claims processing. The Difference
Between Medical Billing and Medical Coding Schools here is that billing programs
focus on insurance policies and claim submissions. These programs typically
cover topics such as:
  • Insurance verification
  • Claims submission
  • Denial management
  • Patient billing
— from: Medical Billing Schools and Training
You could ask:
  1) What does a medical biller do?
  2) What skills does a medical biller need?

you> /hlep
Unknown command /hlep. Did you mean /help?

you> bye
Goodbye, and good luck choosing your path!

"""


def test_the_readme_session_is_what_the_chat_prints() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme[readme.index("A session, exactly as it prints"):readme.index("### Piped and JSON output")]
    shown = "\n".join(line[4:] for line in block.split("\n")[2:]).strip("\n") + "\n"
    typed = "".join(line[len("you> "):] + "\n" for line in shown.split("\n") if line.startswith("you> "))
    screen = io.StringIO()
    linechat.run(shipped_bot(), Typed(typed, screen), screen, screen, 80)

    assert screen.getvalue().strip("\n") + "\n" == shown


@pytest.mark.parametrize("no_pager", [False, True])
def test_the_chat_pages_a_long_answer_unless_told_not_to(terminal: Terminal, tmp_path, no_pager: bool) -> None:
    fcntl.ioctl(terminal.slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    paged = tmp_path / "paged"
    script = "import sys; open(sys.argv[1], 'w').write(sys.stdin.read())"
    env = {"TERM": "xterm", "PAGER": f"{sys.executable} -c \"{script}\" {paged}", "NO_COLOR": "1",
           "PROMPT_TOOLKIT_NO_CPR": "1"}  # no terminal here answers where the cursor is
    bot = subprocess.Popen([sys.executable, "-m", "bot", *(["--no-pager"] if no_pager else [])],
                           stdin=terminal.slave, stdout=terminal.slave, stderr=terminal.slave,
                           cwd=ROOT, env={**os.environ, **env}, start_new_session=True)
    terminal.read_until(b"you> ")
    terminal.type("billing vs coding training\r")
    terminal.read_while(lambda: not paged.exists() and b"Denial management" not in terminal.seen)
    terminal.type("/quit\r")
    assert bot.wait(timeout=30) == 0

    if no_pager:
        assert not paged.exists() and b"Denial management" in terminal.seen
    else:
        assert "Denial management" in paged.read_text() and b"Denial management" not in terminal.seen
