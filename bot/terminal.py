"""Which face runs when `careerbot` is started with no command: decided from the terminal.

    --json, or input that is not a terminal   JSON lines / plain answers, one per input line
    a terminal that can draw (stdout too)      the full chat (prompt_toolkit)
    TERM=dumb, or output not a terminal        the line chat: plain lines, no escape codes,
                                               the welcome and prompts where the person sees
                                               them (stderr when stdout is a pipe: `| tee log`)
"""

from __future__ import annotations

from typing import Literal

Mode = Literal["pipe", "chat", "lines"]
DUMB_TERMS = frozenset({"dumb", "unknown"})
"""Terminals that cannot move the cursor or show colour (prompt_toolkit's own list)."""


def choose_mode(as_json: bool, stdin_tty: bool, stdout_tty: bool, term: str) -> Mode:
    if as_json or not stdin_tty:
        return "pipe"
    if stdout_tty and term.lower() not in DUMB_TERMS:
        return "chat"
    return "lines"
