"""Questions to ask next: the example questions of intents.json, for the roles at hand.

An answer suggests the same roles' other topics; a decline offers what can be
asked instead. The examples are intents.json's, with "{noun}" filled in per role.
"""

from __future__ import annotations

from collections.abc import Set as AbstractSet

from bot.grid import Grid
from bot.intents import Intents

AFTER_ANSWER = 2
"""Suggestions under an answer."""
INSTEAD = 3
"""Suggestions under a decline."""


class Suggester:
    """Example questions per role and topic."""

    def __init__(self, intents: Intents, grid: Grid) -> None:
        self.intents = intents
        self.grid = grid

    def examples(self, roles: tuple[str, ...] = (), limit: int | None = None,
                 skip: AbstractSet[str] = frozenset()) -> tuple[str, ...]:
        """Example questions for `roles` (both if none), topics in `skip` left out."""
        nouns = [self.intents.role(r).noun for r in (roles or self.grid.roles)]
        found: list[str] = []
        for intent in self.intents.of_kind("topic") + self.intents.of_kind("compare"):
            if intent.tag not in skip:
                for example in intent.examples:
                    found.extend(dict.fromkeys(example.format(noun=n) for n in nouns))
        return tuple(dict.fromkeys(found))[:limit]

    def after(self, sections: tuple[str, ...]) -> tuple[str, ...]:
        """What to ask after an answer from `sections`: the same roles' other topics."""
        topics = {t for s in sections if (t := self.grid.topic_of(s))}
        roles = tuple(dict.fromkeys(r for s in sections if (r := self.grid.role_of(s))))
        return self.examples(roles, AFTER_ANSWER, topics)

    def instead(self, roles: tuple[str, ...]) -> tuple[str, ...]:
        """What to ask instead of a question the article does not answer."""
        return self.examples(roles, INSTEAD)
