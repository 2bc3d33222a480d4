"""The values that flow between modules: frozen, so a reply or a state is never mutated."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any, Literal

Kind = Literal["answer", "smalltalk", "clarify", "fallback", "command"]


@dataclass(frozen=True)
class Chunk:
    """One passage of the article: a paragraph, with the bullet list it introduces."""

    id: int
    section: str
    text: str


@dataclass(frozen=True)
class Corpus:
    """The article(s), split into sections (in reading order) and chunks."""

    sections: tuple[str, ...]
    chunks: tuple[Chunk, ...]

    @cached_property
    def _by_section(self) -> dict[str, tuple[Chunk, ...]]:
        grouped: dict[str, list[Chunk]] = {s: [] for s in self.sections}
        for chunk in self.chunks:
            grouped[chunk.section].append(chunk)
        return {s: tuple(chunks) for s, chunks in grouped.items()}

    def chunks_of(self, section: str) -> tuple[Chunk, ...]:
        return self._by_section.get(section, ())

    def section_text(self, section: str) -> str:
        return "\n\n".join(c.text for c in self.chunks_of(section))


@dataclass(frozen=True)
class Intent:
    """One entry of intents.json.

    `kind` says what a match does: `smalltalk` replies with `responses`; `topic`
    routes to a section (per role in `sections`, or one shared `section`); `gap`
    is something the article does not say (`missing`), optionally tied to the
    topic that comes closest, whose section then `answers` in part or is only
    quoted beside a "does not cover"; `compare`, `followup` and `more` steer the
    conversation.
    """

    tag: str
    kind: str
    patterns: tuple[str, ...]
    responses: tuple[str, ...] = ()
    examples: tuple[str, ...] = ()
    sections: tuple[tuple[str, str], ...] = ()
    section: str | None = None
    missing: str | None = None
    topic: str | None = None
    role: str | None = None
    answers: bool = False


@dataclass(frozen=True)
class Role:
    """A career the article covers, and the words that name it.

    `ambiguous` words name it only in a medical context: "code" in "morse code"
    or "bill" in "electric bill" is not the career.
    """

    name: str
    label: str
    noun: str
    words: tuple[str, ...]
    ambiguous: tuple[str, ...] = ()


@dataclass(frozen=True)
class Clarify:
    """A question the bot asked back: which role the user meant for `topic`."""

    topic: str
    options: tuple[str, ...]


@dataclass(frozen=True)
class Walk:
    """How far the guided comparison (/choose) has come: the answers so far, one per question
    ("yes", "no" or "unsure")."""

    answers: tuple[str, ...] = ()


@dataclass(frozen=True)
class ChatState:
    """What the conversation is about: carried from one message to the next."""

    roles: tuple[str, ...] = ()
    topic: str | None = None
    sections: tuple[str, ...] = ()
    shown: tuple[int, ...] = ()
    pending: Clarify | None = None
    walk: Walk | None = None
    """The guided comparison under way, if any."""
    suggestions: tuple[str, ...] = ()
    """The questions the last answer suggested: typing "1" asks the first."""


@dataclass(frozen=True)
class Reply:
    """What the bot says, and why: the JSON-lines contract's fields plus extras."""

    answer: str
    kind: Kind
    intent: str | None = None
    sections: tuple[str, ...] = ()
    score: float = 0.0
    suggestions: tuple[str, ...] = ()
    asked: str | None = None
    """The suggested question this answers, when the message was its number ("1")."""

    def to_json(self) -> dict[str, Any]:
        return {
            "answer": self.answer,
            "kind": self.kind,
            "intent": self.intent,
            "sections": list(self.sections),
            "score": round(self.score, 3),
            "suggestions": list(self.suggestions),
        }
