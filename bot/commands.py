"""The slash commands: one registry that the engine, `/help` and Tab completion all read."""

from __future__ import annotations

from dataclasses import dataclass, replace

from rapidfuzz import fuzz, process

from bot.suggest import Suggester
from bot.text import STOPWORDS, clean, words
from bot.types import ChatState, Corpus, Reply


@dataclass(frozen=True)
class Command:
    """A slash command and the line `/help` shows for it."""

    name: str
    help: str


HELP = Command("/help", "list these commands")
TOPICS = Command("/topics", "the article's sections, numbered, with example questions")
SOURCE = Command("/source", "the whole article section behind the last answer (/source 2, /source skills: that one)")
SAVE = Command("/save", "save the conversation as Markdown (/save FILE; /save! FILE overwrites)")
CHOOSE = Command("/choose", "a few questions on your strengths, then which side they point to")
CANCEL = Command("/cancel", "stop the /choose questions")
RESET = Command("/reset", "forget the conversation and start over")
QUIT = Command("/quit", "leave the chat (also: exit, quit, bye, Ctrl-D)")
COMMANDS: tuple[Command, ...] = (HELP, TOPICS, SOURCE, CHOOSE, CANCEL, SAVE, RESET, QUIT)

NEAR_COMMAND = 75
"""How like a command (fuzz.ratio, 0..100) an unknown one must be to be suggested: /hlep -> /help."""
NEAR_SECTION = 75
"""How like a section's name /source's words must be, on average (fuzz.ratio per word, 0..100)."""


QUIT_INTENT = "quit"
"""The intent of the reply to /quit: the chat ends after showing it."""
LEAVING_INTENTS = frozenset({QUIT_INTENT, "goodbye"})
"""Replies after which the chat ends: /quit, and small talk saying goodbye ("bye")."""
LEAVE_WORDS = frozenset({"exit", "quit"})
"""What people type to leave a shell, said alone: the same as /quit."""


def find(text: str) -> Command | None:
    """The command `text` invokes (its first word, any case), or None if it names none."""
    said = text.strip().lower()
    if said in LEAVE_WORDS:
        return QUIT
    name = said.split(maxsplit=1)[0].rstrip("!") if said else ""
    return next((c for c in COMMANDS if c.name == name), None)


def argument(text: str) -> str:
    """What follows the command's name: "/source 2" -> "2"."""
    parts = text.strip().split(maxsplit=1)
    return parts[1].strip() if len(parts) > 1 else ""


def overwrites(text: str) -> bool:
    """Whether the command was given with "!" ("/save! FILE"): do what it would refuse to."""
    return text.strip().split(maxsplit=1)[0].endswith("!")


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
        return Reply(_unknown(text), "command", None), state
    if command == RESET:
        return Reply("Starting over: I have forgotten what we were talking about.", "command", "reset"), ChatState()
    if command == CANCEL:
        said = "Stopped the questions: ask anything, or /choose to start them again." if state.walk else \
            "There is nothing to cancel."
        return Reply(said, "command", "cancel"), replace(state, walk=None)
    if command == TOPICS:
        lines = [f"  {n}) {s}" for n, s in enumerate(corpus.sections, 1)]
        examples = [f"  • {q}" for q in suggester.examples(limit=6)]
        return Reply("The article's sections (/source 1 shows the first):\n" + "\n".join(lines)
                     + "\n\nTry asking:\n" + "\n".join(examples), "command", "topics"), state
    if command == SOURCE:
        return Reply(_source(argument(text), state, corpus), "command", "source"), state
    if command == SAVE:
        return Reply("/save works in the chat only: here, send the output to a file instead.",
                     "command", "save"), state
    if command == QUIT:
        return Reply("Goodbye!", "command", QUIT_INTENT), state
    return Reply(help_text(), "command", "help"), state


def _unknown(text: str) -> str:
    """"Unknown command", naming the nearest command when one is close (a typo)."""
    name = clean(text.split()[0])[:40]
    near = process.extractOne(name.lower(), [c.name for c in COMMANDS], scorer=fuzz.ratio, score_cutoff=NEAR_COMMAND)
    hint = f"Did you mean {near[0]}?" if near else "Type /help for the list."
    return f"Unknown command {name}. {hint}"


def nearest_section(wanted: str, sections: tuple[str, ...]) -> str | None:
    """The section whose name has the words of `wanted`, each spelt nearly alike ("billing
    skills" -> "Key Skills for Medical Billers"); the shorter name on a tie; None if none is near."""
    asked = _name_words(wanted)
    if not asked:
        return None

    def likeness(section: str) -> tuple[float, int]:
        own = _name_words(section)
        return sum(max(fuzz.ratio(a, o) for o in own) for a in asked) / len(asked), -len(own)

    best = max(sections, key=likeness)
    return best if likeness(best)[0] >= NEAR_SECTION else None


def _name_words(text: str) -> list[str]:
    return [w for w in words(text) if w not in STOPWORDS]


def _source(wanted: str, state: ChatState, corpus: Corpus) -> str:
    """The text of the sections /source asks for: by number, by name, else the last answer's."""
    if not wanted:
        if not state.sections:
            return "Nothing to show yet: ask a question first (or /source 1 for the first section)."
        return "\n\n".join(f"{s}\n\n{corpus.section_text(s)}" for s in state.sections)
    count = len(corpus.sections)
    if wanted.isdigit():
        if not 1 <= int(wanted) <= count:
            return f"There is no section {wanted}: the article has {count} (/topics lists them)."
        section = corpus.sections[int(wanted) - 1]
    else:
        found = nearest_section(wanted, corpus.sections)
        if found is None:
            return f"No section is called anything like {clean(wanted)[:40]!r}: /topics lists them."
        section = found
    return f"{section}\n\n{corpus.section_text(section)}"
