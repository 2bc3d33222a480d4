"""The chat's bottom toolbar: the conversation's subject on the left, key hints on the right.

The hints shrink to fit a narrow terminal rather than push the subject off
the line: the subject is what changes, so it is what the user looks for.
"""

from __future__ import annotations

from prompt_toolkit.formatted_text import FormattedText

HINTS = (
    "Tab complete · ↑ history · → accept suggestion · /help · Ctrl-D quit",
    "Tab complete · ↑ history · /help · Ctrl-D quit",
    "/help · Ctrl-D quit",
)
"""Longest first; the first that fits is shown."""


def toolbar(subject: str, width: int) -> FormattedText:
    """The toolbar line for a terminal `width` columns wide."""
    left = f" On: {subject} "
    room = width - len(left) - 1
    hints = next((h for h in HINTS if len(h) + 2 <= room), "")
    return FormattedText([
        ("class:bottom-toolbar", " On: "),
        ("class:bottom-toolbar.subject", subject),
        ("class:bottom-toolbar", " " + " " * max(0, room - len(hints)) + hints + " "),
    ])
