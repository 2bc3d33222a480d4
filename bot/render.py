"""Reply -> what a person reads: wrapped text in styled fragments, or a JSON line.

Fragments are plain (style, text) pairs so that `ask` and pipes can print them
without importing prompt_toolkit; the chat turns the same fragments into
coloured output. All text passes through `text.clean`, so nothing from the
corpus, the data files or the user can write escape sequences to the terminal.
"""

from __future__ import annotations

import json
import textwrap
from typing import Any

from bot.corpus import BULLETS
from bot.text import clean
from bot.types import Reply

Fragment = tuple[str, str]
MIN_WIDTH = 20
MAX_WIDTH = 100
"""Answers wider than this are hard to read, however wide the terminal."""


def _wrap_line(line: str, width: int) -> list[str]:
    stripped = line.strip()
    if stripped.startswith(BULLETS):
        body = stripped[1:].strip()
        return textwrap.wrap(body, width, initial_indent="  • ", subsequent_indent="    ") or ["  •"]
    indent = line[: len(line) - len(line.lstrip())]
    return textwrap.wrap(stripped, width, initial_indent=indent, subsequent_indent=indent) or [""]


def wrap(text: str, width: int) -> str:
    """`text` wrapped to `width`, keeping paragraphs, bullets and hanging indents."""
    width = max(MIN_WIDTH, width)
    return "\n".join(w for line in clean(text).split("\n") for w in _wrap_line(line, width))


def fragments(reply: Reply, width: int) -> list[Fragment]:
    """The reply as styled pieces: the answer, its sections, then suggested questions."""
    parts: list[Fragment] = [(f"kind-{reply.kind}", wrap(reply.answer, width) + "\n")]
    if reply.sections:
        parts.append(("source", wrap("— from: " + "; ".join(reply.sections), width) + "\n"))
    if reply.suggestions:
        parts.append(("suggestion", "You could ask:\n"))
        parts.extend(("suggestion", wrap(f"  • {q}", width) + "\n") for q in reply.suggestions)
    return parts


def plain(reply: Reply, width: int = 80) -> str:
    """The reply as plain text, for `careerbot ask` and non-terminal output."""
    return "".join(text for _, text in fragments(reply, width))


def json_line(reply: Reply) -> str:
    """The reply as one JSON line (the --json contract)."""
    return json_text(reply.to_json())


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
