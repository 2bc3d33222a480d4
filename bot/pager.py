"""Answers taller than the window go through a pager, so their start stays in view (as pgcli does).

The pager is $PAGER, else `less`; `less` is told to keep colours, to quit at
once when the text fits after all, and to leave the text on the screen (LESS=RFX,
unless LESS is set). If no pager can be run, the chat prints the answer itself.
"""

from __future__ import annotations

import io
import os
import re
import shlex
import signal
import subprocess

from prompt_toolkit import print_formatted_text
from prompt_toolkit.data_structures import Size
from prompt_toolkit.formatted_text import FormattedText
from prompt_toolkit.output.vt100 import Vt100_Output
from prompt_toolkit.styles import BaseStyle

DEFAULT_PAGER = "less"
LESS_OPTIONS = "RFX"
_NOT_SGR = re.compile(r"\x1b\[[0-?]*[ -/]*[@-ln-~]")
"""Escape codes other than colours and attributes (`less -R` would show them raw)."""


def page(text: str) -> bool:
    """Show `text` (which may hold colour codes) in the pager; False if none could be run.

    While the pager runs it owns the terminal: Ctrl-C is its key (less stops a
    search with it), so the chat ignores SIGINT meanwhile, as git does; and if a
    signal ends the chat (an exception raised here), the pager is asked to quit
    (SIGTERM) and waited for, so that it restores the terminal it put in raw mode
    (subprocess.run would kill it with SIGKILL, leaving the terminal raw).
    """
    command = shlex.split(os.environ.get("PAGER", "")) or [DEFAULT_PAGER]
    env = {**os.environ, "LESS": os.environ.get("LESS", LESS_OPTIONS)}
    try:
        pager = subprocess.Popen(command, stdin=subprocess.PIPE, env=env)
    except (OSError, ValueError):
        return False
    ctrl_c = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        pager.communicate(text.encode("utf-8", "replace"))
    except BaseException:
        pager.terminate()
        pager.wait()
        raise
    finally:
        signal.signal(signal.SIGINT, ctrl_c)
    return True


def ansi(text: FormattedText, style: BaseStyle, columns: int) -> str:
    """`text` as a terminal would receive it: styles as escape codes (none if the style has none)."""
    out = io.StringIO()
    terminal = Vt100_Output(out, lambda: Size(rows=24, columns=columns), term="xterm")
    print_formatted_text(text, style=style, output=terminal, end="")
    return _NOT_SGR.sub("", out.getvalue()).replace("\r\n", "\n")


def taller_than(text: str, rows: int) -> bool:
    """Whether `text` would push its own first line off a window `rows` high (the prompt needs one)."""
    return text.count("\n") >= rows - 1
