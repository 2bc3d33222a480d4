"""The chat as a user meets it: the real PromptSession, fed keystrokes through a pipe.

Keys go in through prompt_toolkit's `create_pipe_input()`, one chunk per
prompt, sent as that prompt attaches to the input: like a person, each line is
typed once its prompt is on the screen (keys sent all at once would reach later
prompts as typeahead, answered before their toolbar is ever drawn). The screen
is a DummyOutput that keeps every string written and the style attributes it
was written in, so tests assert on what the user would read and how it looks.
"""

from __future__ import annotations

import os
import stat
import threading
import time
from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from prompt_toolkit.completion import CompleteEvent
from prompt_toolkit.data_structures import Size
from prompt_toolkit.document import Document
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import ColorDepth, DummyOutput
from prompt_toolkit.styles import Attrs

from bot import commands, history, repl
from bot.conversation import ends_chat
from bot.data import default_corpus_dir, default_intents_path
from bot.engine import Bot
from bot.errors import ExitCode
from bot.text import MAX_MESSAGE_CHARS
from bot.toolbar import toolbar
from bot.types import ChatState, Reply

UP, CTRL_C, CTRL_D = "\x1b[A", "\x03", "\x04"
PASTE_START, PASTE_END = "\x1b[200~", "\x1b[201~"


class Screen(DummyOutput):
    """A terminal that remembers what was written to it, and in which attributes."""

    def __init__(self, columns: int = 80) -> None:
        self.columns = columns
        self.writes: list[tuple[Attrs | None, str]] = []
        self._attrs: Attrs | None = None

    def write(self, data: str) -> None:
        self.writes.append((self._attrs, data))

    def set_attributes(self, attrs: Attrs, color_depth: ColorDepth) -> None:
        self._attrs = attrs

    def reset_attributes(self) -> None:
        self._attrs = None

    def get_size(self) -> Size:
        return Size(rows=30, columns=self.columns)

    @property
    def text(self) -> str:
        return "".join(data for _, data in self.writes).replace("\r\n", "\n")

    def attrs_of(self, fragment: str) -> Attrs | None:
        """The attributes the first write containing `fragment` was made in."""
        return next(attrs for attrs, data in self.writes if fragment in data)


class Spy:
    """The shipped bot, recording each message it is asked and the state it is given."""

    def __init__(self, bot: Bot, fail: dict[str, BaseException] | None = None) -> None:
        self.bot = bot
        self.fail = fail or {}
        self.asked: list[tuple[str, ChatState]] = []
        self.index = bot.index

    def reply(self, text: str, state: ChatState) -> tuple[Reply, ChatState]:
        self.asked.append((text, state))
        if text in self.fail:
            raise self.fail[text]
        return self.bot.reply(text, state)

    def __getattr__(self, name: str) -> object:
        return getattr(self.bot, name)

    @property
    def messages(self) -> list[str]:
        return [text for text, _ in self.asked]


@pytest.fixture(scope="module")
def shipped() -> Bot:
    return Bot.from_paths(default_corpus_dir(), default_intents_path())


@pytest.fixture
def warmed(shipped: Bot, monkeypatch: pytest.MonkeyPatch) -> list[threading.Thread]:
    """Record the threads the engine's warm-up runs in (it still loads the index)."""
    threads: list[threading.Thread] = []
    load = shipped.warm

    def warm() -> None:
        threads.append(threading.current_thread())
        load()

    monkeypatch.setattr(shipped, "warm", warm)
    return threads


@pytest.fixture
def bot(shipped: Bot, warmed: list[threading.Thread]) -> Spy:
    return Spy(shipped)


@pytest.fixture
def history_file(hermetic_home: Path) -> Path:
    return Path(os.environ["XDG_DATA_HOME"]) / "careerbot" / "history"


def chat(bot: Bot | Spy, *keys: str, columns: int = 80, screen: Screen | None = None,
         history_path: Path | None = None, on_screen: tuple[str, str] | None = None,
         pager: Callable[[str], bool] | None = None) -> tuple[Screen, int]:
    """Type `keys` into a fresh chat, one string per prompt; the screen afterwards and the exit code.

    When the keys run out the input is closed, which ends the chat like Ctrl-D,
    so a test that forgets to leave fails instead of hanging. `on_screen`,
    (text, keys): once `text` is on the screen, type `keys` (within the prompt
    where it appeared; after 10 s, type them anyway).
    """
    screen = screen or Screen(columns)
    typed = iter(keys)
    with create_pipe_input() as pipe:
        if on_screen:
            seen, later = on_screen
            threading.Thread(target=_type_once_shown, args=(screen, seen, lambda: pipe.send_text(later)),
                             daemon=True).start()
        attach = pipe.attach

        def type_then_attach(callback: Callable[[], None]) -> AbstractContextManager[None]:
            if (chunk := next(typed, None)) is None:
                pipe.close()
            else:
                pipe.send_text(chunk)
            return attach(callback)

        pipe.attach = type_then_attach  # type: ignore[method-assign]
        code = repl.run(bot, input=pipe, output=screen, history_path=history_path,  # type: ignore[arg-type]
                        pager=pager)
    return screen, code


def _type_once_shown(screen: Screen, text: str, type_keys: Callable[[], None]) -> None:
    for _ in range(1000):
        if text in screen.text:
            break
        time.sleep(0.01)
    type_keys()


def styled(attrs: Attrs | None) -> bool:
    """Whether text written in `attrs` looks any different from plain text."""
    return bool(attrs and any(attrs._replace(bgcolor=None)))


def in_order(text: str, *parts: str) -> bool:
    """Whether every part occurs in `text`, each after the one before."""
    at = 0
    for part in parts:
        at = text.find(part, at)
        if at < 0:
            return False
        at += len(part)
    return True


# ------------------------------------------------------------------ the conversation

def test_a_scripted_conversation_shows_each_answer_in_turn(bot: Spy) -> None:
    screen, code = chat(bot, "what does a biller do?\r", "and coders?\r", "/help\r", "/source\r",
                        "how much do" + CTRL_C, CTRL_D)

    assert code == ExitCode.OK
    assert bot.messages == ["what does a biller do?", "and coders?", "/help", "/source"]
    assert in_order(
        screen.text,
        repl.WELCOME,
        "Medical billing involves", "— from: What is Medical Billing?", "You could ask:",
        "Medical coding is the process", "— from: What is Medical Coding?",
        "Commands:", "/source  the whole article section", "/quit",
        "What is Medical Coding?\n\nMedical coding is the process",
    )
    assert screen.text.count(repl.WELCOME) == 1


def test_the_conversation_state_is_carried_from_turn_to_turn(bot: Spy) -> None:
    chat(bot, "what does a biller do?\r", "and coders?\r", CTRL_D)

    (_, first), (_, second) = bot.asked
    assert first == ChatState()
    assert second.roles == ("billing",) and second.topic == "duties"


def test_the_toolbar_names_the_subject_as_it_changes(bot: Spy) -> None:
    screen, _ = chat(bot, "what does a biller do?\r", "and coders?\r", CTRL_D)

    assert in_order(screen.text, "On: ", "nothing yet", "medical billing: duties", "medical coding: duties")
    assert "Ctrl-D quit" in screen.text


def test_the_source_line_is_dim_and_the_answer_is_not(bot: Spy) -> None:
    screen, _ = chat(bot, "what does a biller do?\r", CTRL_D)

    assert screen.attrs_of("— from: What is Medical Billing?").dim
    assert not styled(screen.attrs_of("Medical billing involves"))


def test_no_color_prints_answers_without_styles(bot: Spy, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    screen, _ = chat(bot, "what does a biller do?\r", CTRL_D)

    for fragment in ("— from: What is Medical Billing?", "You could ask:", repl.WELCOME):
        assert not styled(screen.attrs_of(fragment))


def test_no_color_underlines_the_history_suggestion_so_it_does_not_look_typed(
        bot: Spy, history_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    chat(bot, "what skills does a biller need\r", CTRL_D)
    screen, _ = chat(bot, "what s", CTRL_D, on_screen=("kills does a biller need", CTRL_C))

    underlined = "".join(data for attrs, data in screen.writes if attrs and attrs.underline)
    assert "kills does a biller need" in underlined
    assert "what s" not in underlined
    assert bot.messages == ["what skills does a biller need"], "the suggestion was only shown, not sent"


def test_answers_are_wrapped_to_a_narrow_terminal(bot: Spy) -> None:
    screen, _ = chat(bot, "what does a biller do?\r", CTRL_D, columns=40)

    text = screen.text
    answer = text[text.index("Medical billing involves"):text.index("You could ask:")]
    assert max(len(line) for line in answer.splitlines()) <= 40
    assert "  • " in answer  # bullets survive the wrapping


@pytest.mark.parametrize("leave", ["exit", "quit", "/quit", " Exit "])
def test_exit_words_leave_with_status_0(bot: Spy, leave: str) -> None:
    screen, code = chat(bot, leave + "\r", "what does a biller do?\r")

    assert code == ExitCode.OK
    assert "Goodbye!" in screen.text
    assert "Medical billing involves" not in screen.text  # nothing is read after leaving


@pytest.mark.parametrize("farewell", ["bye", "goodbye!"])
def test_a_goodbye_ends_the_chat_after_the_farewell(bot: Spy, farewell: str) -> None:
    screen, code = chat(bot, farewell + "\r", "what does a biller do?\r")

    assert code == ExitCode.OK
    assert "Goodbye, and good luck" in screen.text
    assert bot.messages == [farewell]


def test_typing_a_suggestions_number_asks_it(bot: Spy) -> None:
    screen, _ = chat(bot, "what does a biller do?\r", "1\r", CTRL_D)

    assert in_order(screen.text, "You could ask:\n  1) What skills does a medical biller need?\n  2) ",
                    "→ What skills does a medical biller need?", "Medical billers also require",
                    "— from: Key Skills for Medical Billers")


def test_a_comparison_shows_each_section_as_a_heading_with_a_source_line_each(bot: Spy) -> None:
    screen, _ = chat(bot, "billing vs coding skills\r", CTRL_D)

    for section in ("Key Skills for Medical Billers", "Key Skills for Medical Coders"):
        heading = screen.attrs_of(section)
        assert heading is not None and heading.bold
        assert f"\n— from: {section}\n" in screen.text
    assert ";" not in screen.text[screen.text.index("— from:"):screen.text.index("You could ask:")]


def test_save_writes_the_conversation_and_will_not_overwrite(
        bot: Spy, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    screen, _ = chat(bot, "what does a biller do?\r", "/help\r", "1\r", "/save\r", "/save notes.md\r",
                     "/save notes.md\r", "/save! notes.md\r", CTRL_D)

    [dated] = tmp_path.glob("careerbot-*.md")
    saved = dated.read_text(encoding="utf-8")
    assert in_order(saved, "# careerbot conversation, ", "## what does a biller do?\n\nMedical billing involves",
                    "*From: What is Medical Billing?*", "## What skills does a medical biller need?\n\n",
                    "Medical billers also require", "*From: Key Skills for Medical Billers*")
    assert "Commands:" not in saved, "command replies are not the conversation"
    assert (tmp_path / "notes.md").read_text(encoding="utf-8") == saved
    said = "".join(screen.text.split())  # a long path is wrapped: compare without the breaks
    assert in_order(said, f"Savedtheconversationto{dated}.", f"Savedtheconversationto{tmp_path}/notes.md.",
                    "notes.mdalreadyexists:/save!notes.mdreplacesit.", "Savedtheconversationto")
    assert bot.messages == ["what does a biller do?", "/help", "1"], "/save is the chat's, not the engine's"


def test_save_before_any_question_saves_nothing(bot: Spy, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    screen, _ = chat(bot, "/save\r", CTRL_D)

    assert "Nothing to save yet" in screen.text
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("pager_works", [True, False])
def test_an_answer_taller_than_the_window_goes_through_the_pager(bot: Spy, pager_works: bool) -> None:
    paged: list[str] = []
    screen, _ = chat(bot, "billing vs coding training\r", "what does a biller do?\r", CTRL_D,
                     pager=lambda text: paged.append(text) or pager_works, columns=60)

    [long] = paged  # the short answer is printed, not paged
    assert in_order(long, "Medical Billing Schools and Training", "Medical Coding Schools and Training",
                    "— from: Medical Coding Schools and Training")
    assert ("Denial management" in screen.text) == (not pager_works), "printed only if no pager ran"
    assert "Medical billing involves" in screen.text


def test_ctrl_c_clears_the_line_and_the_chat_goes_on(bot: Spy, history_file: Path) -> None:
    screen, code = chat(bot, "what do" + CTRL_C, CTRL_C, "what does a biller do?\r", CTRL_D)

    assert code == ExitCode.OK
    assert bot.messages == ["what does a biller do?"]
    assert "Medical billing involves" in screen.text
    assert "what do\n" not in history_file.read_text()  # a cleared line is not history


def test_ctrl_d_on_an_empty_line_leaves(bot: Spy) -> None:
    _, code = chat(bot, CTRL_D, "what does a biller do?\r")

    assert code == ExitCode.OK
    assert bot.messages == []


def test_blank_lines_are_not_sent_to_the_bot(bot: Spy) -> None:
    chat(bot, "\r", "   \r", CTRL_D)

    assert bot.messages == []


def test_an_error_while_answering_is_one_line_and_the_chat_goes_on(shipped: Bot, warmed: list) -> None:
    bot = Spy(shipped, fail={"boom": RuntimeError("the index broke\nTraceback: noise")})
    screen, code = chat(bot, "boom\r", "what does a biller do?\r", CTRL_D)

    assert code == ExitCode.OK
    assert "Sorry, that failed: RuntimeError: the index broke\n" in screen.text
    assert "noise" not in screen.text
    assert in_order(screen.text, "the index broke", "Medical billing involves")


def test_ctrl_c_while_answering_stops_that_answer_only(shipped: Bot, warmed: list) -> None:
    bot = Spy(shipped, fail={"slow question": KeyboardInterrupt()})
    screen, code = chat(bot, "slow question\r", "what does a biller do?\r", CTRL_D)

    assert code == ExitCode.OK
    assert in_order(screen.text, "(stopped)", "Medical billing involves")


def test_the_engine_warms_up_once_in_the_background_after_the_prompt_is_drawn(
        shipped: Bot, monkeypatch: pytest.MonkeyPatch) -> None:
    screen = Screen()
    seen: list[tuple[threading.Thread, bool]] = []
    done = threading.Event()

    def warm() -> None:
        seen.append((threading.current_thread(), "you> " in screen.text))
        done.set()

    monkeypatch.setattr(shipped, "warm", warm)
    chat(shipped, "what does a biller do?\r", "and coders?\r", CTRL_D, screen=screen)
    assert done.wait(5)
    [(thread, prompt_was_drawn)] = seen
    assert thread is not threading.main_thread() and thread.daemon
    assert prompt_was_drawn


# ------------------------------------------------------------------ history

def test_history_is_saved_privately_under_xdg_data_home(bot: Spy, history_file: Path) -> None:
    chat(bot, "what does a biller do?\r", CTRL_D)

    assert stat.S_IMODE(history_file.stat().st_mode) == 0o600
    assert "+what does a biller do?\n" in history_file.read_text()


def test_a_history_file_others_can_read_is_recalled_but_never_written_nor_chmodded(
        bot: Spy, history_file: Path) -> None:
    history_file.parent.mkdir(parents=True)
    history_file.write_text("\n# earlier\n+what does a biller do?\n")
    history_file.chmod(0o644)
    screen, _ = chat(bot, UP + "\r", "and coders?\r", CTRL_D)

    assert screen.text.count("history will not be saved") == 1
    assert "chmod 600" in screen.text
    assert bot.messages == ["what does a biller do?", "and coders?"]
    assert stat.S_IMODE(history_file.stat().st_mode) == 0o644
    assert history_file.read_text() == "\n# earlier\n+what does a biller do?\n"


def test_a_history_directory_others_can_write_to_is_not_used(bot: Spy, history_file: Path) -> None:
    history_file.parent.mkdir(parents=True)
    history_file.parent.chmod(0o777)
    screen, _ = chat(bot, "hi\r", CTRL_D)

    assert "history will not be saved" in screen.text and "is writable by others" in screen.text
    assert not history_file.exists()


@pytest.mark.skipif(os.geteuid() != 0, reason="giving a directory to another user needs root")
def test_a_history_directory_of_another_user_is_not_used(bot: Spy, history_file: Path) -> None:
    history_file.parent.mkdir(parents=True, mode=0o755)
    os.chown(history_file.parent, 65534, -1)
    screen, _ = chat(bot, "hi\r", CTRL_D)

    assert "belongs to another user" in screen.text
    assert not history_file.exists()


def test_an_empty_home_is_no_home(bot: Spy, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("XDG_DATA_HOME")
    monkeypatch.setenv("HOME", "")
    monkeypatch.chdir(tmp_path)
    existed = Path("/.local/share/careerbot").exists()
    screen, code = chat(bot, "what does a biller do?\r", UP + "\r", CTRL_D)

    assert code == ExitCode.OK
    assert screen.text.count("history will not be saved (HOME is not set to a directory)") == 1
    assert bot.messages == ["what does a biller do?"] * 2, "history still works, in memory"
    assert Path("/.local/share/careerbot").exists() == existed
    assert list(tmp_path.iterdir()) == []


def test_history_entries_are_stored_clean_and_bounded(bot: Spy, history_file: Path) -> None:
    pasted = PASTE_START + "\x1b]0;TITLE\x07what does a \x1b[31mbiller do?" + PASTE_END
    chat(bot, pasted + "\r", "x" * 5000 + "\r", CTRL_D)

    stored = history_file.read_text()
    assert "\x1b" not in stored and "\x07" not in stored
    assert "+what does a biller do?\n" in stored
    assert stored.endswith("\n+" + "x" * MAX_MESSAGE_CHARS + "\n"), "typing stops at the line's limit"


def test_a_history_past_its_limit_keeps_its_newest_part(bot: Spy, history_file: Path) -> None:
    history_file.parent.mkdir(parents=True)
    entries = [f"question number {n:06d} " + "x" * 80 for n in range(history.MAX_BYTES // 100)]
    history_file.write_text("".join(f"\n# 2026\n+{e}\n" for e in entries))
    history_file.chmod(0o600)
    inode = history_file.stat().st_ino
    assert history_file.stat().st_size > history.MAX_BYTES
    screen, _ = chat(bot, UP + "\r", "hi\r", CTRL_D)

    assert "history will not be saved" not in screen.text
    assert bot.messages == [entries[-1], "hi"], "the newest entry is recalled"
    kept = history_file.read_text()
    assert history.KEEP_BYTES // 2 < len(kept) <= history.KEEP_BYTES + 1000
    assert kept.startswith("\n# 2026\n+question number ") and f"+{entries[0]}\n" not in kept
    assert kept.endswith("+hi\n")
    assert history_file.stat().st_ino != inode, "rewritten as a new file, renamed over the old one"
    assert stat.S_IMODE(history_file.stat().st_mode) == 0o600
    assert [p.name for p in history_file.parent.iterdir()] == ["history"], "no temporary file left"


def test_history_falls_back_to_home_without_xdg_data_home(
        bot: Spy, hermetic_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("XDG_DATA_HOME")
    chat(bot, "hi\r", CTRL_D)

    assert "+hi\n" in (hermetic_home / ".local/share/careerbot/history").read_text()


def test_an_explicit_history_path_is_used(bot: Spy, tmp_path: Path, history_file: Path) -> None:
    chat(bot, "hi\r", CTRL_D, history_path=tmp_path / "h")

    assert "+hi\n" in (tmp_path / "h").read_text()
    assert not history_file.exists()


def test_up_recalls_a_question_from_an_earlier_session(bot: Spy) -> None:
    chat(bot, "what does a biller do?\r", CTRL_D)
    screen, _ = chat(bot, UP + "\r", CTRL_D)

    assert bot.messages == ["what does a biller do?", "what does a biller do?"]
    assert "Medical billing involves" in screen.text


def test_a_corrupt_history_file_does_not_stop_the_chat(bot: Spy, history_file: Path) -> None:
    history_file.parent.mkdir(parents=True)
    history_file.write_bytes(b"\xff\xfe\x00garbage\n+\x1b[31mred\n\n# 2026\n+what skills do coders need\n")
    screen, code = chat(bot, UP + "\r", CTRL_D)

    assert code == ExitCode.OK
    assert bot.messages == ["what skills do coders need"]
    assert "\x1b[31m" not in screen.text


def _careerbot_is_a_file(history: Path) -> None:
    history.parent.parent.mkdir(parents=True)
    history.parent.write_text("not a directory")


def _history_is_a_directory(history: Path) -> None:
    history.mkdir(parents=True)


def _history_is_a_fifo(history: Path) -> None:
    history.parent.mkdir(parents=True)
    os.mkfifo(history, 0o600)


@pytest.mark.parametrize("break_it", [_careerbot_is_a_file, _history_is_a_directory, _history_is_a_fifo])
def test_an_unusable_history_gives_one_warning_and_the_chat_still_works(
        bot: Spy, history_file: Path, break_it: Callable[[Path], None]) -> None:
    break_it(history_file)
    before = history_file.stat().st_size if history_file.is_file() else None
    screen, code = chat(bot, "what does a biller do?\r", "and coders?\r", UP + UP + "\r", CTRL_D)

    assert code == ExitCode.OK
    assert screen.text.count("history will not be saved") == 1
    assert in_order(screen.text, "careerbot: history will not be saved", "you> ")
    assert bot.messages == ["what does a biller do?", "and coders?", "what does a biller do?"]
    assert (history_file.stat().st_size if history_file.is_file() else None) == before


def test_a_disk_failing_mid_chat_gives_one_warning_and_history_stays_in_memory(
        bot: Spy, monkeypatch: pytest.MonkeyPatch) -> None:
    def full(fd: int, data: bytes) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(history, "_write_all", full)
    screen, code = chat(bot, "what does a biller do?\r", "and coders?\r", UP + UP + "\r", CTRL_D)

    assert code == ExitCode.OK
    assert screen.text.count("history will not be saved") == 1
    assert "No space left on device" in screen.text
    assert bot.messages[-1] == "what does a biller do?"


# ------------------------------------------------------------------ completion and toolbar

def completions(bot: Bot, typed: str) -> list[str]:
    found = repl.completer(bot).get_completions(Document(typed), CompleteEvent(completion_requested=True))
    return [c.text for c in found]


def test_tab_completes_slash_commands(shipped: Bot) -> None:
    assert completions(shipped, "/he")[0] == "/help"
    assert completions(shipped, "/src") == ["/source"]  # fuzzy: letters in order


def test_tab_completes_example_questions_fuzzily_whatever_the_case(shipped: Bot) -> None:
    assert "What skills does a medical coder need?" in completions(shipped, "SKILS CODER")
    assert completions(shipped, "zzz") == []


def test_tab_on_an_empty_line_offers_everything(shipped: Bot) -> None:
    offered = completions(shipped, "")
    assert "/quit" in offered and set(shipped.example_questions()) <= set(offered)


@given(subject=st.text(st.characters(min_codepoint=32, max_codepoint=126), max_size=80),
       width=st.integers(min_value=1, max_value=250))
def test_the_toolbar_fills_the_width_and_always_shows_the_whole_subject(subject: str, width: int) -> None:
    line = "".join(text for _, text in toolbar(subject, width))

    assert f" On: {subject} " in line
    assert len(line) == max(width, len(f" On: {subject} ") + 1)  # only a subject too long overflows


def test_the_toolbar_keeps_its_full_hints_when_there_is_room() -> None:
    line = "".join(text for _, text in toolbar("nothing yet", 80))

    assert "Tab complete" in line and "↑ history" in line and "Ctrl-D quit" in line


@settings(max_examples=60, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(line=st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=300))
def test_any_typed_line_leaves_the_chat_running_and_the_screen_clean(shipped: Bot, warmed: list,
                                                                     line: str) -> None:
    """Whatever text is typed (bidi overrides, zero-width marks, emoji, any script), the chat
    answers it, carries on to the next prompt, and never prints a raw control code.
    (Control characters typed at a terminal are keys, not text: Ctrl-C, Ctrl-D and Up
    have tests of their own.) A line that says goodbye ("exit", "bye") ends it, as it should."""
    assume(commands.find(line) is not commands.QUIT and not ends_chat(shipped.reply(line, ChatState())[0]))
    screen, code = chat(Spy(shipped), line + "\r", "what does a coder do?\r", CTRL_D)

    assert code == ExitCode.OK
    assert "Medical coding is the process" in screen.text
    assert not any(ch in screen.text for ch in "\x00\x07\x1b\x9b\u202e\u2066")


def test_the_walk_in_the_chat_shows_its_step_and_ctrl_c_leaves_it(bot: Spy) -> None:
    screen, code = chat(bot, "/choose\r", "yes\r", CTRL_C, "yes\r", CTRL_D)

    assert code == ExitCode.OK
    assert in_order(screen.text, "Question 1 of", "Question 2 of", "choosing: question 2 of")
    assert "Goodbye" not in screen.text
    assert "Question 3 of" not in screen.text, "after Ctrl-C a yes is no answer to the walk"
