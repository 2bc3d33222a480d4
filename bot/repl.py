"""The chat in a terminal: a prompt_toolkit session around `Bot.reply`.

The loop keeps the conversation state and nothing else: the engine answers,
`render` lays the answer out, this module styles and prints it (`history` keeps
the questions, `paste` keeps the line short). Everything the user sees goes
through one prompt_toolkit Output, cleaned, so tests can drive the real
PromptSession (pipe input, recording output) and read back the screen.
The contract is ptpython's: Ctrl-D, `exit`, `quit`, /quit or "bye" leave; Ctrl-C
clears the line; an error while answering is one line and the chat goes on.
SIGTERM and SIGHUP end the chat as Ctrl-D does (the terminal restored, the
history saved), with the exit status 128 + the signal's number.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import threading
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from types import FrameType
from typing import Any

from prompt_toolkit import PromptSession, print_formatted_text
from prompt_toolkit.application import Application, get_app
from prompt_toolkit.auto_suggest import AutoSuggestFromHistory
from prompt_toolkit.completion import Completer, FuzzyCompleter, WordCompleter
from prompt_toolkit.filters import Condition
from prompt_toolkit.formatted_text import FormattedText
from prompt_toolkit.input import Input
from prompt_toolkit.output import Output
from prompt_toolkit.styles import Style, merge_styles

from bot import commands, paste
from bot.conversation import WELCOME, Conversation, ends_chat
from bot.engine import Bot
from bot.errors import ExitCode
from bot.history import open_history
from bot.pager import ansi, taller_than
from bot.render import MAX_WIDTH, fragments, wrap
from bot.text import clean
from bot.toolbar import toolbar

PROMPT = FormattedText([("class:prompt", "you> ")])
ENDING_SIGNALS = (signal.SIGTERM, signal.SIGHUP)
"""Signals that end the chat as Ctrl-D does (`kill`, a closed terminal window)."""

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
    """Chat until the user leaves: ExitCode.OK (Ctrl-C never ends the chat), or 128 + the
    number of the signal that ended it.

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
        key_bindings=paste.bindings(),
        style=NO_COLOR_PROMPT if no_color else STYLE,
    )
    paste.cap(session.input)
    style = PLAIN if no_color else STYLE

    def styled(parts: Iterable[tuple[str, str]]) -> FormattedText:
        return FormattedText([(f"class:{s}", clean(t)) for s, t in parts])

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
    received: list[int] = []
    try:
        with _ended_by_signals(session.app, received):
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
    except _Ended as ended:
        return 128 + ended.signum
    except OSError:
        if not received:
            raise
        return 128 + received[0]  # the terminal hung up: the chat cannot even restore it


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


class _Ended(BaseException):
    """One of ENDING_SIGNALS arrived. A BaseException, as KeyboardInterrupt is: no
    `except Exception` around an answer may take it for a failed answer."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


@contextlib.contextmanager
def _ended_by_signals(app: Application[Any], received: list[int]) -> Iterator[None]:
    """While the chat runs, ENDING_SIGNALS raise _Ended out of the loop (and are noted
    in `received`: after a hangup, the terminal fails before _Ended is raised).

    At a prompt, the prompt_toolkit app is asked to exit with it, so the app
    restores the terminal (cooked mode, bracketed paste off) on its way out, as
    on Ctrl-D; anywhere else (answering, printing, paging) it is raised where the
    loop is, as Ctrl-C's KeyboardInterrupt is. Questions are saved as they are asked.
    """
    def end(signum: int, frame: FrameType | None) -> None:
        received.append(signum)
        loop = app.loop
        if app.is_running and loop is not None and not loop.is_closed():
            loop.call_soon_threadsafe(_exit, app, signum)
        else:
            raise _Ended(signum)

    if threading.current_thread() is not threading.main_thread():  # only the main thread may set handlers
        yield
        return
    previous = {number: signal.signal(number, end) for number in ENDING_SIGNALS}
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


def _exit(app: Application[Any], signum: int) -> None:
    if app.is_running and not app.is_done:
        app.exit(exception=_Ended(signum))
