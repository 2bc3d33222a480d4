"""A chat line never holds more than text.MAX_MESSAGE_CHARS, however much is pasted.

The engine reads no more than the end of a message, so the chat keeps no more,
and keeps it from the start: a 10 MB paste took 71 s before any answer, spent in
two places that each saw the whole paste. prompt_toolkit's input parser appends
every 1 kB chunk of a bracketed paste to one string and searches all of it for
the end mark (quadratic: 25 s for 10 MB); then the prompt laid the whole text
out, wrapping every line of it, on each redraw. `CappedPaste` replaces the parser's
paste handling with a linear one that keeps only the paste's end, and `bindings`
insert at most what fits in the line and refuse typing past it (and drop escape
sequences pasted unbracketed that prompt_toolkit would take for mouse reports).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable

from prompt_toolkit.application import get_app
from prompt_toolkit.filters import Condition
from prompt_toolkit.input import Input
from prompt_toolkit.input.vt100_parser import Vt100Parser
from prompt_toolkit.key_binding import KeyBindings, KeyPressEvent
from prompt_toolkit.key_binding.key_processor import KeyPress
from prompt_toolkit.keys import Keys

from bot.text import MAX_MESSAGE_CHARS

PASTE_START, PASTE_END = "\x1b[200~", "\x1b[201~"
"""The marks a terminal in bracketed-paste mode puts around pasted text."""


class CappedPaste(Vt100Parser):
    """Vt100Parser that reads a bracketed paste in linear time and keeps its last `keep`
    characters. A mark split between two reads is held back until the next one (or
    until the input is flushed: a lone Esc key looks like the start of a mark)."""

    def __init__(self, feed_key_callback: Callable[[KeyPress], None], keep: int = MAX_MESSAGE_CHARS) -> None:
        super().__init__(feed_key_callback)
        self._keep = keep
        self._held = ""
        self._paste: deque[str] | None = None  # None: not in a paste
        self._pasted = 0

    def feed(self, data: str) -> None:
        data, self._held = self._held + data, ""
        while data:
            mark = PASTE_END if self._paste is not None else PASTE_START
            at = data.find(mark)
            if at < 0:
                self._held = data[len(data) - _partial_mark(data, mark):]
                self._pass(data[: len(data) - len(self._held)])
                return
            self._pass(data[:at])
            data = data[at + len(mark):]
            if self._paste is None:
                self._paste, self._pasted = deque(), 0
            else:
                text = "".join(self._paste)[-self._keep:]
                self._paste = None
                self.feed_key_callback(KeyPress(Keys.BracketedPaste, text))

    def flush(self) -> None:
        if self._paste is None and self._held:
            held, self._held = self._held, ""
            super().feed(held)
        super().flush()

    def _pass(self, data: str) -> None:
        """Outside a paste, to the parser; inside, to the paste, whose oldest pieces go
        once the rest holds `keep` characters."""
        if self._paste is None:
            if data:
                super().feed(data)
            return
        self._paste.append(data)
        self._pasted += len(data)
        while self._pasted - len(self._paste[0]) >= self._keep:
            self._pasted -= len(self._paste.popleft())


def _partial_mark(data: str, mark: str) -> int:
    """The length of the longest end of `data` that begins `mark`."""
    return next((n for n in range(min(len(mark) - 1, len(data)), 0, -1) if mark.startswith(data[-n:])), 0)


def cap(input: Input) -> None:
    """Give `input` (a terminal or a test's pipe) the linear, capped paste reader."""
    parser = getattr(input, "vt100_parser", None)
    if isinstance(parser, Vt100Parser):
        input.vt100_parser = CappedPaste(parser.feed_key_callback)  # type: ignore[attr-defined]


def bindings(limit: int = MAX_MESSAGE_CHARS) -> KeyBindings:
    """Keys that keep the line within `limit` characters."""
    keys = KeyBindings()

    @Condition
    def full() -> bool:
        return len(get_app().current_buffer.text) >= limit

    @keys.add(Keys.BracketedPaste)
    def paste(event: KeyPressEvent) -> None:
        """As prompt_toolkit's paste (line endings made \\n), keeping the end of what fits."""
        room = limit - len(event.current_buffer.text)
        if room > 0:  # twice the room before "\r\n" becomes "\n"
            text = event.data[-room * 2:].replace("\r\n", "\n").replace("\r", "\n")
            event.current_buffer.insert_text(text[-room:])

    @keys.add(Keys.Any, filter=full)
    def refuse(event: KeyPressEvent) -> None:
        """Typing into a full line: nothing is inserted."""

    @keys.add(Keys.Vt100MouseEvent)
    def not_a_mouse(event: KeyPressEvent) -> None:
        """The chat asks for no mouse reports, so what looks like one is text pasted where
        a terminal does not bracket pastes ("\\x1b[31m"), on which prompt_toolkit's mouse
        handler fails with a traceback. It is dropped, as other escape sequences are."""

    return keys
