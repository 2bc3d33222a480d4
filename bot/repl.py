"""The chat in a terminal: a prompt_toolkit session around `Bot.reply`.

The loop keeps the conversation state and nothing else: the engine answers,
`render` lays the answer out, this module styles and prints it (and decides
where the history file lives and what happens when it cannot). Everything
the user sees goes through one prompt_toolkit Output, so tests can drive the
real PromptSession (pipe input, recording output) and read back the screen.
The contract is ptpython's: Ctrl-D, `exit`, `quit`, /quit or "bye" leave; Ctrl-C
clears the line; an error while answering is one line and the chat goes on.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import stat
import threading
from collections.abc import Callable, Iterable
from pathlib import Path

from prompt_toolkit import PromptSession, print_formatted_text
from prompt_toolkit.application import get_app
from prompt_toolkit.auto_suggest import AutoSuggestFromHistory
from prompt_toolkit.completion import Completer, FuzzyCompleter, WordCompleter
from prompt_toolkit.filters import Condition
from prompt_toolkit.formatted_text import FormattedText
from prompt_toolkit.history import FileHistory, History, InMemoryHistory
from prompt_toolkit.input import Input
from prompt_toolkit.output import Output
from prompt_toolkit.styles import Style, merge_styles

from bot import commands
from bot.conversation import WELCOME, Conversation, ends_chat, one_line
from bot.engine import Bot
from bot.errors import ExitCode
from bot.pager import ansi, taller_than
from bot.render import MAX_WIDTH, fragments, wrap
from bot.toolbar import toolbar

PROMPT = FormattedText([("class:prompt", "you> ")])
MAX_HISTORY_BYTES = 1_000_000
"""A bigger history file is loaded into the prompt on every start: refuse it instead."""

STYLE = Style.from_dict({
    "prompt": "bold ansicyan",
    "welcome": "bold",
    "kind-answer": "",
    "kind-smalltalk": "ansigreen",
    "kind-clarify": "bold ansiyellow",
    "kind-fallback": "ansiyellow",
    "kind-command": "ansicyan",
    "source": "dim italic",
    "heading": "bold",
    "asked": "italic",
    "suggestion": "ansiblue",
    "warning": "ansiyellow",
    "error": "ansired",
    "bottom-toolbar.subject": "bold",
})
PLAIN = Style([])
"""NO_COLOR: the answer's text only (prompt_toolkit itself drops colour from its own UI)."""
NO_COLOR_PROMPT = merge_styles([STYLE, Style.from_dict({"auto-suggestion": "underline"})])
"""NO_COLOR: the history suggestion, grey in colour, would look typed: underline it instead."""


def run(bot: Bot, *, input: Input | None = None, output: Output | None = None,
        history_path: Path | None = None, pager: Callable[[str], bool] | None = None) -> int:
    """Chat until the user leaves; always ExitCode.OK, since Ctrl-C never ends the chat.

    `pager` shows an answer taller than the window (False if it could not); None prints all."""
    notes: list[str] = []
    no_color = bool(os.environ.get("NO_COLOR"))
    conversation = Conversation(bot)
    session: PromptSession[str] = PromptSession(
        PROMPT, input=input, output=output,
        history=open_history(history_path, notes.append),
        auto_suggest=AutoSuggestFromHistory(),
        completer=completer(bot),
        complete_while_typing=_typing_a_command,
        bottom_toolbar=lambda: toolbar(bot.describe(conversation.state), get_app().output.get_size().columns),
        style=NO_COLOR_PROMPT if no_color else STYLE,
    )
    style = PLAIN if no_color else STYLE

    def styled(parts: Iterable[tuple[str, str]]) -> FormattedText:
        return FormattedText([(f"class:{s}", t) for s, t in parts])

    def say(parts: Iterable[tuple[str, str]]) -> None:
        print_formatted_text(styled(parts), style=style, output=session.output)

    def show(parts: list[tuple[str, str]]) -> None:
        """A reply: through the pager when it is taller than the window."""
        size = session.output.get_size()
        if pager and taller_than("".join(t for _, t in parts), size.rows) \
                and pager(ansi(styled(parts), style, size.columns)):
            return
        say(parts)

    def width() -> int:  # asked each time: the terminal may have been resized
        return min(MAX_WIDTH, session.output.get_size().columns)

    say([("welcome", wrap(WELCOME, width()) + "\n")])
    warm_up = _once_drawn(bot.warm)
    while True:
        for note in notes:
            say([("warning", f"careerbot: {note}\n")])
        notes.clear()
        try:
            text = session.prompt(pre_run=warm_up)
        except KeyboardInterrupt:
            conversation.interrupt()
            continue
        except EOFError:
            return ExitCode.OK
        if not text.strip():
            continue
        reply = conversation.attempt(text)  # the one place a bug in answering may surface
        if isinstance(reply, str):
            say([("error", reply + "\n")])
            continue
        show(fragments(reply, width()))
        if ends_chat(reply):
            return ExitCode.OK


def completer(bot: Bot) -> Completer:
    """Fuzzy completion of the whole line: slash commands (with their help) and example questions."""
    names = [c.name for c in commands.COMMANDS]
    inner = WordCompleter(names + list(bot.example_questions()), ignore_case=True, sentence=True,
                          meta_dict={c.name: c.help for c in commands.COMMANDS})
    return FuzzyCompleter(inner, pattern=r"^.*")


@Condition
def _typing_a_command() -> bool:
    """Show the menu unasked only for slash commands; questions complete on Tab."""
    return get_app().current_buffer.text.startswith("/")


def _once_drawn(task: Callable[[], None]) -> Callable[[], None]:
    """A `pre_run` hook that starts `task` in a daemon thread after the first prompt is drawn.

    `pre_run` runs just before the first draw; `call_soon` defers the thread to
    the event loop's next turn, which comes after it.
    """
    thread = threading.Thread(target=_quietly(task), name="careerbot-warm", daemon=True)

    def start() -> None:
        if thread.ident is None:
            thread.start()

    def hook() -> None:
        if thread.ident is None:  # not started yet: a loop that closed early may have dropped it
            asyncio.get_running_loop().call_soon(start)

    return hook


def _quietly(task: Callable[[], None]) -> Callable[[], None]:
    """`task`, its errors dropped: a traceback would land on the prompt, and the
    same error recurs (and is shown as one line) when an answer needs the task."""
    def call() -> None:
        with contextlib.suppress(Exception):
            task()

    return call


# ------------------------------------------------------------------ history

def default_history_path() -> Path:
    """$XDG_DATA_HOME/careerbot/history, else ~/.local/share/careerbot/history (a relative
    XDG_DATA_HOME is ignored, as the XDG spec says)."""
    base = os.environ.get("XDG_DATA_HOME", "")
    root = Path(base) if os.path.isabs(base) else Path.home() / ".local" / "share"
    return root / "careerbot" / "history"


def open_history(path: Path | None, warn: Callable[[str], None]) -> History:
    """The history file (default_history_path() if None), private to the user (0600).

    If it cannot be created, read and written, is not a regular file, or is too
    big, `warn` is called once and the history lives in memory for this session.
    """
    try:
        path = path or default_history_path()
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NONBLOCK, 0o600)
        try:
            info = os.fstat(fd)
            if stat.S_ISREG(info.st_mode) and stat.S_IMODE(info.st_mode) != 0o600:
                os.fchmod(fd, 0o600)
        finally:
            os.close(fd)
    except (OSError, RuntimeError) as err:  # RuntimeError: Path.home() with no home at all
        warn(f"history will not be saved ({_problem(err)})")
        return InMemoryHistory()
    if not stat.S_ISREG(info.st_mode):
        warn(f"history will not be saved ({path} is not a regular file)")
    elif info.st_size > MAX_HISTORY_BYTES:
        warn(f"history will not be saved ({path} is over {MAX_HISTORY_BYTES // 1_000_000} MB: "
             "move it aside to start a new one)")
    else:
        return _FileHistory(path, warn)
    return InMemoryHistory()


class _FileHistory(FileHistory):
    """FileHistory that, if the disk fails mid-chat, warns once and carries on in memory
    (prompt_toolkit would raise out of `prompt()` and end the chat)."""

    def __init__(self, path: Path, warn: Callable[[str], None]) -> None:
        super().__init__(path)
        self._warn = warn
        self._failed = False

    def load_history_strings(self) -> Iterable[str]:
        try:
            return super().load_history_strings()
        except OSError as err:
            self._fail(err)
            return []

    def store_string(self, string: str) -> None:
        if not self._failed:
            try:
                super().store_string(string)
            except OSError as err:
                self._fail(err)

    def _fail(self, err: OSError) -> None:
        self._failed = True
        self._warn(f"history will not be saved from now on ({_problem(err)})")


def _problem(err: BaseException) -> str:
    if isinstance(err, OSError) and err.strerror:
        return f"{err.filename}: {err.strerror}" if err.filename else err.strerror
    return one_line(err)
