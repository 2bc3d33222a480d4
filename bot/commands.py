"""The slash commands: one registry that the engine, `/help` and Tab completion all read."""

from __future__ import annotations

from dataclasses import dataclass

from bot.suggest import Suggester
from bot.text import clean
from bot.types import ChatState, Corpus, Reply


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


def is_command(text: str) -> bool:
    """A /command, or a word that leaves ("exit"): answered by the registry, never weighed."""
    return text.startswith("/") or find(text) == QUIT


def help_text() -> str:
    width = max(len(c.name) for c in COMMANDS)
    return "Commands:\n" + "\n".join(f"  {c.name:<{width}}  {c.help}" for c in COMMANDS)


def respond(text: str, state: ChatState, corpus: Corpus, suggester: Suggester) -> tuple[Reply, ChatState]:
    """The reply to a slash command (or "exit"), and the state after it."""
    command = find(text)
    if command is None:
        name = clean(text.split()[0])[:40]
        return Reply(f"Unknown command {name}. Type /help for the list.", "command", None), state
    if command == RESET:
        return Reply("Starting over: I have forgotten what we were talking about.", "command", "reset"), ChatState()
    if command == TOPICS:
        lines = [f"  • {s}" for s in corpus.sections]
        examples = [f"  • {q}" for q in suggester.examples(limit=6)]
        return Reply("The article's sections:\n" + "\n".join(lines) + "\n\nTry asking:\n" + "\n".join(examples),
                     "command", "topics"), state
    if command == SOURCE:
        if not state.sections:
            return Reply("Nothing to show yet: ask a question first.", "command", "source"), state
        return Reply("\n\n".join(f"{s}\n\n{corpus.section_text(s)}" for s in state.sections),
                     "command", "source"), state
    if command == QUIT:
        return Reply("Goodbye!", "command", QUIT_INTENT), state
    return Reply(help_text(), "command", "help"), state
