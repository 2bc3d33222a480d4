"""Every reply that could be given to a message in a conversation state.

The engine does not decide with rules which kind of reply a message gets: it
lists the candidates here, the features module describes each by numbers, and
one fitted scorer picks. A candidate is only what the reply would be about;
compose.py turns the chosen one into text.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from bot.grid import Grid
from bot.intents import OVERVIEW_TOPIC, TOPIC_ORDER, Intents
from bot.matcher import Analysis
from bot.types import ChatState, Kind

Action = Literal["answer", "compare", "fit", "gap", "chat", "clarify", "decline"]

DEFAULT_TOPIC = TOPIC_ORDER[0]
"""What a message naming only a role asks about: what the job is."""


@dataclass(frozen=True)
class Candidate:
    """One possible reply: its action, what it is about, and the sections it would cite."""

    action: Action
    topic: str | None = None
    roles: tuple[str, ...] = ()
    sections: tuple[str, ...] = ()
    """The sections an answer would quote, the main one first."""
    tag: str | None = None
    """The intent behind it: a gap or a small-talk tag."""

    @property
    def kind(self) -> Kind:
        """The reply kind of the contract this candidate becomes."""
        kinds: dict[Action, Kind] = {"answer": "answer", "compare": "answer", "fit": "answer", "chat": "smalltalk",
                                     "clarify": "clarify", "gap": "fallback", "decline": "fallback"}
        return kinds[self.action]

    @property
    def cited(self) -> tuple[str, ...]:
        """The sections the reply names in the contract's `sections` (answers only)."""
        return self.sections if self.kind == "answer" else ()


DECLINE = Candidate("decline")


def candidates(a: Analysis, state: ChatState, grid: Grid, intents: Intents,
               fits: list[Candidate] | None = None) -> list[Candidate]:
    """Every reply worth weighing for this message in this state, in a fixed order; `fits`
    weigh the strengths the message names against the skills, each side first, if it names any."""
    found = [Candidate("answer", grid.topic_of(s), _role_of(grid, s), (s,)) for s in grid.all_sections]
    roles = _mentioned_first(a, state, grid.roles)
    for topic in grid.per_role_topics:
        cells = grid.sections(topic, roles)
        lead = grid.shared(OVERVIEW_TOPIC)
        if topic == DEFAULT_TOPIC and lead and not a.topic_weight(DEFAULT_TOPIC) and state.topic != DEFAULT_TOPIC:
            # "billing vs coding": the article's introduction, then each job.
            cells = (lead, *cells)
        found.append(Candidate("compare", topic, roles, cells))
    found.extend(fits or ())
    for hit in a.gaps:
        gap = intents.by_tag(hit.tag)
        gap_roles = (gap.role,) if gap.role else ()
        sections = grid.sections(gap.topic, gap_roles or a.roles or state.roles) if gap.topic else ()
        found.append(Candidate("gap", gap.topic, gap_roles, sections, gap.tag))
    found.extend(Candidate("chat", tag=chat.tag) for chat in a.chat)
    found.extend(Candidate("clarify", topic, grid.roles, grid.sections(topic, grid.roles))
                 for topic in grid.per_role_topics if a.topic_weight(topic))
    found.append(DECLINE)
    return found


def _role_of(grid: Grid, section: str) -> tuple[str, ...]:
    role = grid.role_of(section)
    return (role,) if role else ()


def _mentioned_first(a: Analysis, state: ChatState, roles: tuple[str, ...]) -> tuple[str, ...]:
    """Both roles, the one the message (else the conversation) names first: a comparison
    leads with the side asked about."""
    return tuple(dict.fromkeys(a.roles + state.roles + roles))
