"""The chat in a real pseudo-terminal: signals, huge pastes, and the history file's safety.

Each test starts `python -m bot` on a pty (tests/helpers.Terminal), waits for
what a person would see before typing, and afterwards reads the terminal's mode
and the files on disk.
"""

from __future__ import annotations

import os
import signal
import stat
from pathlib import Path

import pytest

from bot import history
from helpers import Terminal

PASTE_START, PASTE_END = "\x1b[200~", "\x1b[201~"
BRACKETED_PASTE_ON, BRACKETED_PASTE_OFF = b"\x1b[?2004h", b"\x1b[?2004l"


@pytest.fixture
def history_file(hermetic_home: Path) -> Path:
    return Path(os.environ["XDG_DATA_HOME"]) / "careerbot" / "history"


def ask_then(term: Terminal, question: str, section: str) -> None:
    term.expect("you> ")
    term.type(question + "\r")
    term.expect(section)
    term.expect("you> ")


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
def test_a_signal_ends_the_chat_with_the_terminal_restored_and_the_history_saved(
        history_file: Path, signum: int) -> None:
    with Terminal() as term:
        ask_then(term, "what does a biller do?", "What is Medical Billing?")
        term.type("half a quest")
        term.process.send_signal(signum)
        code = term.wait()

        assert code == 128 + signum
        assert term.cooked(), "line editing and echo are back on"
        last_prompt = term.output.rindex(BRACKETED_PASTE_ON)
        assert BRACKETED_PASTE_OFF in term.output[last_prompt:]
        assert b"Traceback" not in term.output
    assert "+what does a biller do?\n" in history_file.read_text()


def test_a_10_mb_paste_is_cut_as_it_is_read_and_answered_at_once(history_file: Path) -> None:
    with Terminal() as term:
        term.expect("you> ")
        term.type(PASTE_START + "blah " * 2_000_000 + "so, what does a biller do?" + PASTE_END + "\r")
        term.expect("(Your message was long, so I read only its last 500 characters.)", timeout=30)
        term.expect("What is Medical Billing?")
        term.expect("you> ")
        term.type("\x04")
        assert term.wait() == 0


def test_a_1_mb_paste_is_stored_bounded_and_clean_and_history_keeps_working(history_file: Path) -> None:
    with Terminal() as term:
        term.expect("you> ")
        term.type(PASTE_START + "\x1b]0;TITLE\x07\x1b[2J" + "x" * 1_000_000 + " what does a biller do?"
                  + PASTE_END + "\r")
        term.expect("What is Medical Billing?")
        term.expect("you> ")
        term.type("\x04")
        term.wait()
    stored = history_file.read_bytes()
    assert len(stored) < 3 * history.MAX_BYTES // 1000
    assert b"\x1b" not in stored and b"\x07" not in stored
    assert stored.endswith(b" what does a biller do?\n")

    with Terminal() as term:
        ask_then(term, "and coders?", "What is Medical Coding?")
        term.type("\x04")
        term.wait()
        assert b"history will not be saved" not in term.output
    assert history_file.read_text().endswith("+and coders?\n")


def test_a_history_file_that_links_elsewhere_is_never_followed(history_file: Path, tmp_path: Path) -> None:
    target = tmp_path / "someone-elses-file"
    target.write_text("precious\n")
    target.chmod(0o644)
    history_file.parent.mkdir(parents=True)
    history_file.symlink_to(target)

    with Terminal() as term:
        term.expect("history will not be saved")
        term.expect("is a symbolic link")
        ask_then(term, "what does a biller do?", "What is Medical Billing?")
        term.type("\x04")
        assert term.wait() == 0

    assert target.read_text() == "precious\n", "nothing appended"
    assert stat.S_IMODE(target.stat().st_mode) == 0o644, "its mode untouched"
    assert history_file.is_symlink()


def test_a_dangling_history_link_creates_nothing(history_file: Path, tmp_path: Path) -> None:
    target = tmp_path / "not-yet"
    history_file.parent.mkdir(parents=True)
    history_file.symlink_to(target)

    with Terminal() as term:
        term.expect("is a symbolic link")
        ask_then(term, "hi", "Hello!")
        term.type("\x04")
        term.wait()

    assert not target.exists()
