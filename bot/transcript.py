"""The conversation so far as Markdown, and `/save [FILE]`, which writes it to disk.

The chat keeps the turns (what was typed, and the reply); the engine stays pure
and never touches the disk. A file is never overwritten unless asked (`/save!`).
"""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

from bot.text import clean
from bot.types import Reply

Turn = tuple[str, Reply]
"""What the person typed, and the reply to it."""


def to_markdown(turns: list[Turn], when: datetime) -> str:
    """Each question as a heading, its answer, the sections it cites; commands left out."""
    parts = [f"# careerbot conversation, {when:%Y-%m-%d %H:%M}\n"]
    for typed, reply in turns:
        if reply.kind == "command":
            continue
        question = clean(reply.asked or typed).strip().replace("\n", " ")
        parts.append(f"## {question}\n\n{clean(reply.answer).strip()}\n")
        if reply.sections:
            parts.append("\n".join(f"*From: {s}*  " for s in reply.sections).rstrip() + "\n")
    return "\n".join(parts)


def default_name(when: datetime) -> str:
    return f"careerbot-{when:%Y-%m-%d-%H%M%S}.md"


def save(turns: list[Turn], name: str, overwrite: bool, when: datetime) -> str:
    """Write the conversation to `name` (a dated file in the current directory if empty);
    one line saying where it went, or why it did not."""
    if not any(reply.kind != "command" for _, reply in turns):
        return "Nothing to save yet: ask a question first."
    path = Path(os.path.expanduser(clean(name).strip() or default_name(when)))
    try:
        with path.open("w" if overwrite else "x", encoding="utf-8") as out:
            out.write(to_markdown(turns, when))
    except FileExistsError:
        return f"{path} already exists: /save! {path} replaces it."
    except OSError as err:
        return f"Could not save to {path}: {err.strerror or err}."
    return f"Saved the conversation to {path.resolve()}."
