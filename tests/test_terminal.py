"""Terminals as people have them: TERM=dumb, `careerbot | tee log`, the line chat's
transcript, signals, huge pastes, and the history file's safety.

The subprocess tests give careerbot a real pseudo-terminal (helpers.Terminal) for
what must be a terminal, read what the person would see there, and afterwards
the terminal's mode and the files on disk.
"""

from __future__ import annotations

import io
import os
import shutil
import signal
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import Terminal, Typed, readme_session, shipped_bot

from bot import history, linechat
from bot.conversation import WELCOME
from bot.terminal import choose_mode


@pytest.fixture
def terminal():
    term = Terminal()
    yield term
    term.close()


def start(terminal: Terminal, env: dict[str, str], stdout: int | None = None) -> subprocess.Popen:
    return terminal.start(env=env, stdout=stdout)


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
    shown, printed = readme_session("A session, exactly as it prints", "### Piped and JSON output")
    assert printed == shown


@pytest.mark.parametrize("no_pager", [False, True])
def test_the_chat_pages_a_long_answer_unless_told_not_to(terminal: Terminal, tmp_path, no_pager: bool) -> None:
    paged = tmp_path / "paged"
    script = "import sys; open(sys.argv[1], 'w').write(sys.stdin.read())"
    env = {"PAGER": f"{sys.executable} -c \"{script}\" {paged}", "NO_COLOR": "1"}
    bot = terminal.start(*(["--no-pager"] if no_pager else []), env=env)
    terminal.read_until(b"you> ")
    terminal.type("billing vs coding training\r")
    terminal.read_while(lambda: not paged.exists() and b"Denial management" not in terminal.seen)
    terminal.type("/quit\r")
    assert bot.wait(timeout=30) == 0

    if no_pager:
        assert not paged.exists() and b"Denial management" in terminal.seen
    else:
        assert "Denial management" in paged.read_text() and b"Denial management" not in terminal.seen


# ------------------------------------------------------------------ signals, pastes, the history file

PASTE_START, PASTE_END = "\x1b[200~", "\x1b[201~"
BRACKETED_PASTE_ON, BRACKETED_PASTE_OFF = b"\x1b[?2004h", b"\x1b[?2004l"


@pytest.fixture
def history_file(hermetic_home: Path) -> Path:
    return Path(os.environ["XDG_DATA_HOME"]) / "careerbot" / "history"


def ask_then(terminal: Terminal, question: str, section: str) -> None:
    terminal.expect("you> ")
    terminal.type(question + "\r")
    terminal.expect(section)
    terminal.expect("you> ")


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
def test_a_signal_ends_the_chat_with_the_terminal_restored_and_the_history_saved(
        terminal: Terminal, history_file: Path, signum: int) -> None:
    bot = terminal.start()
    ask_then(terminal, "what does a biller do?", "What is Medical Billing?")
    terminal.type("half a quest")
    bot.send_signal(signum)

    assert terminal.wait(bot) == 128 + signum
    assert terminal.cooked(), "line editing and echo are back on"
    last_prompt = terminal.seen.rindex(BRACKETED_PASTE_ON)
    assert BRACKETED_PASTE_OFF in terminal.seen[last_prompt:]
    assert b"Traceback" not in terminal.seen
    assert "+what does a biller do?\n" in history_file.read_text()


def test_a_terminal_window_closed_under_the_chat_ends_it_as_a_hangup(terminal: Terminal, history_file: Path) -> None:
    bot = terminal.start()
    ask_then(terminal, "what does a biller do?", "What is Medical Billing?")
    terminal.hang_up()

    assert bot.wait(timeout=30) == 128 + signal.SIGHUP
    assert "+what does a biller do?\n" in history_file.read_text()


def test_a_10_mb_paste_is_cut_as_it_is_read_and_answered_at_once(terminal: Terminal) -> None:
    bot = terminal.start()
    terminal.expect("you> ")
    terminal.type(PASTE_START + "blah " * 2_000_000 + "so, what does a biller do?" + PASTE_END + "\r")
    terminal.expect("(Your message was long, so I read only its last 500 characters.)", timeout=30)
    terminal.expect("What is Medical Billing?")
    terminal.expect("you> ")
    terminal.type("\x04")
    assert terminal.wait(bot) == 0


def test_a_1_mb_paste_is_stored_bounded_and_clean_and_history_keeps_working(
        terminal: Terminal, history_file: Path) -> None:
    bot = terminal.start()
    terminal.expect("you> ")
    terminal.type(PASTE_START + "\x1b]0;TITLE\x07\x1b[2J" + "x" * 1_000_000 + " what does a biller do?"
                  + PASTE_END + "\r")
    terminal.expect("What is Medical Billing?")
    terminal.expect("you> ")
    terminal.type("\x04")
    terminal.wait(bot)
    stored = history_file.read_bytes()
    assert len(stored) < 3 * history.MAX_BYTES // 1000
    assert b"\x1b" not in stored and b"\x07" not in stored
    assert stored.endswith(b" what does a biller do?\n")

    bot = terminal.start()
    ask_then(terminal, "and coders?", "What is Medical Coding?")
    terminal.type("\x04")
    terminal.wait(bot)
    assert b"history will not be saved" not in terminal.seen
    assert history_file.read_text().endswith("+and coders?\n")


def test_a_history_file_that_links_elsewhere_is_never_followed(
        terminal: Terminal, history_file: Path, tmp_path: Path) -> None:
    target = tmp_path / "someone-elses-file"
    target.write_text("precious\n")
    target.chmod(0o644)
    history_file.parent.mkdir(parents=True)
    history_file.symlink_to(target)

    bot = terminal.start()
    terminal.expect("history will not be saved")
    terminal.expect("is a symbolic link")
    ask_then(terminal, "what does a biller do?", "What is Medical Billing?")
    terminal.type("\x04")
    assert terminal.wait(bot) == 0

    assert target.read_text() == "precious\n", "nothing appended"
    assert stat.S_IMODE(target.stat().st_mode) == 0o644, "its mode untouched"
    assert history_file.is_symlink()


def test_a_dangling_history_link_creates_nothing(terminal: Terminal, history_file: Path, tmp_path: Path) -> None:
    target = tmp_path / "not-yet"
    history_file.parent.mkdir(parents=True)
    history_file.symlink_to(target)

    bot = terminal.start()
    terminal.expect("is a symbolic link")
    ask_then(terminal, "hi", "Hello!")
    terminal.type("\x04")
    terminal.wait(bot)

    assert not target.exists()


LONG_QUESTION, LONG_ANSWER_LINE = "billing vs coding training", "Denial management"
"""An answer taller than 24 rows, so the chat shows it through the pager."""


@pytest.fixture
def less(monkeypatch: pytest.MonkeyPatch) -> None:
    if shutil.which("less") is None:
        pytest.skip("less is not installed")
    monkeypatch.delenv("PAGER", raising=False)
    monkeypatch.delenv("LESS", raising=False)


def test_a_signal_while_an_answer_is_paged_lets_the_pager_restore_the_terminal(
        terminal: Terminal, less: None) -> None:
    bot = terminal.start()
    terminal.expect("you> ")
    terminal.type(LONG_QUESTION + "\r")
    terminal.expect(LONG_ANSWER_LINE)
    assert not terminal.cooked(), "the pager has the terminal"
    bot.send_signal(signal.SIGTERM)

    assert terminal.wait(bot) == 128 + signal.SIGTERM
    assert terminal.cooked()


def test_ctrl_c_in_the_pager_is_the_pagers_and_the_chat_goes_on(terminal: Terminal, less: None) -> None:
    bot = terminal.start()
    terminal.expect("you> ")
    terminal.type(LONG_QUESTION + "\r")
    terminal.expect(LONG_ANSWER_LINE)
    terminal.type("\x03")
    shown = len(terminal.seen)
    for _ in range(60):  # less may drop keys typed while it handles Ctrl-C: press q until it has quit
        terminal.type("q")
        if b"you> " in terminal.read_while(lambda: b"you> " not in terminal.seen[shown:], 0.5)[shown:]:
            break
    terminal.type("\x15")  # Ctrl-U: a q that reached the chat's prompt is cleared
    ask_then(terminal, "what does a coder do?", "What is Medical Coding?")
    terminal.type("\x04")

    assert terminal.wait(bot) == 0
    assert terminal.cooked()


def test_an_escape_sequence_pasted_unbracketed_is_dropped_not_a_crash(terminal: Terminal) -> None:
    """Where a terminal does not bracket pastes, "\\x1b[31m" arrives as keys, and prompt_toolkit
    took it for a mouse report and failed in its handler ("Unhandled exception", Press ENTER)."""
    bot = terminal.start()
    ask_then(terminal, "\x1b[31mwhat does a biller do?", "What is Medical Billing?")
    terminal.type("\x04")

    assert terminal.wait(bot) == 0
    assert b"Unhandled exception" not in terminal.seen and b"Press ENTER" not in terminal.seen
