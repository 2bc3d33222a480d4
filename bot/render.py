"""Reply -> what a person reads: wrapped text in styled fragments, or a JSON line.

Fragments are plain (style, text) pairs so that `ask` and pipes can print them
without importing prompt_toolkit; the chat turns the same fragments into
coloured output. All text passes through `text.clean`, so nothing from the
corpus, the data files or the user can write escape sequences to the terminal.
"""

from __future__ import annotations

import json
import textwrap
import unicodedata
from itertools import groupby
from operator import itemgetter
from typing import Any

from bot.corpus import BULLETS
from bot.engine import read_message
from bot.text import clean
from bot.types import Reply

Fragment = tuple[str, str]
MIN_WIDTH = 20
MAX_WIDTH = 100
"""Answers wider than this are hard to read, however wide the terminal."""


WIDE_FILLER = "\x00"
"""Follows each double-width character while wrapping, so textwrap's len() counts display
columns; `text.clean` removes NUL from all text, so it never stands for anything else."""


def _wrap_line(line: str, width: int) -> list[str]:
    stripped = line.strip()
    if stripped.startswith(BULLETS):
        body = stripped[1:].strip()
        return _wrap_columns(body, width, "  • ", "    ") or ["  •"]
    indent = line[: len(line) - len(line.lstrip())]
    return _wrap_columns(stripped, width, indent, indent) or [""]


def _wrap_columns(text: str, width: int, first: str, rest: str) -> list[str]:
    """textwrap.wrap by display width: CJK characters and emoji take two columns."""
    if text.isascii():
        return textwrap.wrap(text, width, initial_indent=first, subsequent_indent=rest)
    padded = "".join(ch + WIDE_FILLER if unicodedata.east_asian_width(ch) in "WF" else ch for ch in text)
    lines = textwrap.wrap(padded, width, initial_indent=first, subsequent_indent=rest)
    return [line.replace(WIDE_FILLER, "") for line in lines]


def wrap(text: str, width: int) -> str:
    """`text` wrapped to `width`, keeping paragraphs, bullets and hanging indents."""
    width = max(MIN_WIDTH, width)
    return "\n".join(w for line in clean(text).split("\n") for w in _wrap_line(line, width))


def fragments(reply: Reply, width: int) -> list[Fragment]:
    """The reply as styled pieces: the suggestion it answers, the answer (a comparison's
    section names as headings), one source line per section, then numbered suggestions."""
    parts: list[Fragment] = []
    if reply.asked:
        parts.append(("asked", wrap(f"→ {reply.asked}", width) + "\n"))
    headings = set(reply.sections) if len(reply.sections) > 1 else set()
    kind = f"kind-{reply.kind}"
    lines = [("heading" if line in headings else kind, wrap(line, width) + "\n") for line in reply.answer.split("\n")]
    parts.extend((style, "".join(text for _, text in group)) for style, group in groupby(lines, key=itemgetter(0)))
    parts.extend(("source", wrap(f"— from: {s}", width) + "\n") for s in reply.sections)
    if reply.suggestions:
        parts.append(("suggestion", "You could ask:\n"))
        parts.extend(("suggestion", wrap(f"  {n}) {q}", width) + "\n") for n, q in enumerate(reply.suggestions, 1))
    return parts


def plain(reply: Reply, width: int = 80) -> str:
    """The reply as plain text, for `careerbot ask` and non-terminal output."""
    return "".join(text for _, text in fragments(reply, width))


def json_line(reply: Reply, typed: str) -> str:
    """The reply to the message `typed` as one JSON line (the --json contract), with the
    question it answers (the part of the message read, or the suggestion a number asked);
    its texts free of control codes."""
    return json_text({"question": reply.asked or read_message(typed)[0], **reply.to_json()})


def json_text(data: Any, indent: int | None = None) -> str:
    """`data` as JSON with every string in it (keys, the intent tag, section names) cleaned:
    json.dumps escapes C0 controls but writes C1 controls and line separators raw."""
    return json.dumps(_cleaned(data), ensure_ascii=False, indent=indent)


def _cleaned(data: Any) -> Any:
    if isinstance(data, str):
        return clean(data)
    if isinstance(data, dict):
        return {_cleaned(k): _cleaned(v) for k, v in data.items()}
    if isinstance(data, (list, tuple)):
        return [_cleaned(v) for v in data]
    return data
