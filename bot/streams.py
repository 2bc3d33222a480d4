"""The standard streams, as the command line uses them (the chat writes through prompt_toolkit).

Everything written here passes `text.clean`: answers, JSON, eval reports, error
messages and argparse's usage lines, which echo the user's arguments. Errors go
to stderr only: with stderr closed they are dropped, never mixed into stdout's
JSON lines. A write that fails (a full disk) is a BotError, so it ends as one
line and exit 1 instead of a traceback or a success that lost the output.
"""

from __future__ import annotations

import codecs
import os
import sys
from collections.abc import Callable
from typing import IO

from bot.errors import BotError
from bot.text import clean


def prepare() -> None:
    """Make the standard streams safe to use: see `_plug_closed` and `_utf8`."""
    _plug_closed()
    _utf8()


def _plug_closed() -> None:
    """Put /dev/null on file descriptors 0-2 that were closed at start.

    Python leaves sys.stdin/stdout/stderr None for them (so callers still see
    they are closed), but the next file opened would take the free number, and
    whatever a library writes to fd 2 would land in it (the history file).
    """
    for fd in (0, 1, 2):
        try:
            os.fstat(fd)
        except OSError:
            os.open(os.devnull, os.O_RDWR)  # the lowest free descriptor: this one


def _utf8() -> None:
    """UTF-8 in and out, bad bytes replaced; input lines may end in \\n, \\r\\n or a lone \\r."""
    for stream in (sys.stdin, sys.stdout, sys.stderr):
        if stream is not None and hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8", errors="replace")
    if sys.stdin is not None and hasattr(sys.stdin, "reconfigure"):
        sys.stdin.reconfigure(newline=None)


def follow_byte_order_mark(stream: IO[str]) -> None:
    """Read `stream` as UTF-16 if it starts with UTF-16's byte-order mark (Windows tools
    write it); without one, UTF-16 reads as text with NULs between, which clean() drops."""
    buffer = getattr(stream, "buffer", None)
    marked = buffer is not None and hasattr(buffer, "peek") and \
        buffer.peek(2)[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
    if marked and hasattr(stream, "reconfigure"):
        stream.reconfigure(encoding="utf-16", errors="replace")


def write(stream: IO[str] | None, text: str) -> None:
    """Write cleaned `text` to `stream` now (nothing, if it is closed)."""
    if stream is not None:
        _guarded(stream, lambda: stream.write(clean(text)))
        flush(stream)


def flush(stream: IO[str] | None) -> None:
    """Send what `stream` holds now. BrokenPipeError passes through (the reader left:
    the caller stops quietly); any other failure is a BotError, and the stream is
    silenced so that the exit does not fail on it again."""
    if stream is not None:
        _guarded(stream, stream.flush)


def _guarded(stream: IO[str], action: Callable[[], object]) -> None:
    try:
        action()
    except BrokenPipeError:
        raise
    except OSError as err:
        silence(stream)
        raise BotError(f"cannot write the output ({err.strerror})") from None


def to_stderr(text: str) -> None:
    """`text` on stderr, if there is a stderr that takes it; never on stdout."""
    try:
        write(sys.stderr, text)
    except (BotError, OSError):
        silence(sys.stderr)


def error(message: str) -> None:
    """An error, as one line on stderr."""
    to_stderr(f"careerbot: {message}\n")


def silence(stream: IO[str] | None) -> None:
    """Send what is left in `stream`'s buffer, and anything later, to /dev/null: the
    final flush at exit would fail again and print "Exception ignored"."""
    if stream is None:
        return
    try:
        target = stream.fileno()
    except (OSError, ValueError):  # not backed by a file (tests' StringIO)
        return
    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, target)
    os.close(null)
