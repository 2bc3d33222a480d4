"""The article as a grid: topics (duties, skills, training...) by roles (billing, coding).

intents.json says which section answers each topic for each role, or for both
(a shared section such as the career outlook). The engine asks this grid, and
never scans the intents itself, which cell answers a question and what a
section is about.
"""

from __future__ import annotations

from bot.intents import Intents


class Grid:
    """Which section answers (topic, role), and the reverse."""

    def __init__(self, intents: Intents) -> None:
        self.roles = tuple(r.name for r in intents.roles)
        topics = intents.of_kind("topic")
        self._cells = {(i.tag, role): section for i in topics for role, section in i.sections}
        self._shared = {i.tag: i.section for i in topics if i.section}
        self._topic_of = {section: topic for topic, section in self._shared.items()}
        self._topic_of.update({section: topic for (topic, _), section in self._cells.items()})
        self._role_of = {section: role for (_, role), section in self._cells.items()}
        self.per_role_topics = tuple(dict.fromkeys(topic for topic, _ in self._cells))
        """Topics answered per role (duties, skills, training), in intents.json's order."""
        self.all_sections = tuple(dict.fromkeys([*self._cells.values(), *self._shared.values()]))
        """Every section some topic answers from."""

    def sections(self, topic: str, roles: tuple[str, ...]) -> tuple[str, ...]:
        """The sections answering `topic` for `roles`: the shared one, or one per role."""
        if topic in self._shared:
            return (self._shared[topic],)
        return tuple(s for r in roles if (s := self._cells.get((topic, r))))

    def shared(self, topic: str) -> str | None:
        """The one section for a topic both roles share (the outlook, the overview)."""
        return self._shared.get(topic)

    def topic_of(self, section: str) -> str | None:
        return self._topic_of.get(section)

    def role_of(self, section: str) -> str | None:
        return self._role_of.get(section)
