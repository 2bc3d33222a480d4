"""The slash commands: one registry that the engine, `/help` and Tab completion all read."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Command:
    """A slash command and the line `/help` shows for it."""

    name: str
    help: str


HELP = Command("/help", "list these commands")
TOPICS = Command("/topics", "what the article covers, with example questions")
SOURCE = Command("/source", "the whole article section behind the last answer")
RESET = Command("/reset", "forget the conversation and start over")
QUIT = Command("/quit", "leave the chat (also: exit, quit, Ctrl-D)")
COMMANDS: tuple[Command, ...] = (HELP, TOPICS, SOURCE, RESET, QUIT)


QUIT_INTENT = "quit"
"""The intent of the reply to /quit: the chat ends after showing it."""
LEAVE_WORDS = frozenset({"exit", "quit"})
"""What people type to leave a shell, said alone: the same as /quit."""


def find(text: str) -> Command | None:
    """The command `text` invokes (its first word, any case), or None if it names none."""
    said = text.strip().lower()
    if said in LEAVE_WORDS:
        return QUIT
    name = said.split(maxsplit=1)[0] if said else ""
    return next((c for c in COMMANDS if c.name == name), None)


def help_text() -> str:
    width = max(len(c.name) for c in COMMANDS)
    return "Commands:\n" + "\n".join(f"  {c.name:<{width}}  {c.help}" for c in COMMANDS)
