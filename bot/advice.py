"""Which career a person's strengths point to, read against the skills the article lists.

People say "I like people" or "I'm a detail person"; the article says "Communication
Skills" and "Attention to detail". intents.json's traits map the one to the other;
the lines quoted are the article's own: the bullets of each role's skills section
and the sentences of its "what is" section that name the same skills. The article
describes jobs and recommends nothing to a person, and every reply says so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.corpus import BULLETS
from bot.grid import Grid
from bot.intents import Intents, Trait
from bot.text import stem, words
from bot.types import Corpus

SKILLS_TOPIC = "skills"
DUTIES_TOPIC = "duties"
NO_RECOMMENDATION = ("The article describes the two jobs; it makes no recommendation for a person, "
                     "so the choice is yours.")
_SENTENCE_END = re.compile(r"(?<=[.!?:])\s+")
_CLAUSE = re.compile(r"[.,;:!?\n]+|\b(?:but|though|however|and|while|whereas)\b", re.IGNORECASE)
POSITIVE_TURNS = frozenset({"mind", "bother", "bothers", "afraid", "scare", "scares"})
"""Words after which a dislike word is praise: "I don't mind", "doesn't bother me"."""


@dataclass(frozen=True)
class Line:
    """One line of the article that names a skill: a bullet, or a sentence."""

    section: str
    text: str
    words: frozenset[str]


@dataclass(frozen=True)
class Verdict:
    """What the named traits match on each side, and the order the sides come in (favoured first)."""

    traits: tuple[Trait, ...]
    disliked: tuple[Trait, ...]
    matches: dict[str, tuple[Line, ...]]
    """Per role, the lines its traits match."""
    order: tuple[str, ...]
    even: bool
    """The traits point to both sides equally."""


class Advisor:
    """Reads traits in a message and weighs them against each role's skills."""

    def __init__(self, corpus: Corpus, intents: Intents, grid: Grid) -> None:
        self.intents = intents
        self.grid = grid
        self.trait_stems = {t.name: frozenset(stem(w) for w in t.words) for t in intents.traits}
        self.dislike = frozenset(intents.words.dislike)
        self.role_words = frozenset(w for r in intents.roles for w in r.words + r.ambiguous)
        # The article's own words for a skill, matched as words: "organizational" skills are not
        # the "organizations" that set coding guidelines, though both stem to "organiz".
        self.skill_words = {t.name: frozenset(t.skills) for t in intents.traits}
        self.lines: dict[str, tuple[Line, ...]] = {}
        for role in grid.roles:
            found = [Line(s, text, frozenset(words(text)))
                     for s in grid.sections(SKILLS_TOPIC, (role,)) for text in _bullets(corpus.section_text(s))]
            found += [Line(s, text, frozenset(words(text)))
                      for s in grid.sections(DUTIES_TOPIC, (role,)) for text in _sentences(corpus.section_text(s))]
            self.lines[role] = tuple(found)

    def traits_in(self, text: str) -> tuple[tuple[Trait, ...], tuple[Trait, ...]]:
        """The traits a message names as strengths and as dislikes ("I hate the phone",
        "biology was never my thing": a dislike word in the same clause), each in
        intents.json's order."""
        liked: dict[str, Trait] = {}
        disliked: dict[str, Trait] = {}
        for clause in _CLAUSE.split(text):
            said = words(clause)
            for word in said:
                for trait in self.intents.traits:
                    if stem(word) in self.trait_stems[trait.name] and word not in self.role_words:
                        # "I don't mind the phone", "calls don't bother me" like it.
                        negative = bool(self.dislike & set(said)) and not POSITIVE_TURNS & set(said)
                        (disliked if negative else liked).setdefault(trait.name, trait)
        order = [t.name for t in self.intents.traits]
        return (tuple(sorted(liked.values(), key=lambda t: order.index(t.name))),
                tuple(sorted(disliked.values(), key=lambda t: order.index(t.name))))

    def weigh(self, traits: tuple[Trait, ...], disliked: tuple[Trait, ...] = ()) -> Verdict:
        """The lines each side's skills match, and which side the traits point to: a strength
        counts for the sides whose skills name it, a dislike against them."""
        matches: dict[str, tuple[Line, ...]] = {}
        counts: dict[str, int] = {}
        for role in self.grid.roles:
            hit = [(t, line) for t in traits for line in self.lines[role] if self.skill_words[t.name] & line.words]
            against = {t.name for t in disliked for line in self.lines[role] if self.skill_words[t.name] & line.words}
            matches[role] = tuple(dict.fromkeys(line for _, line in hit))
            counts[role] = len({t.name for t, _ in hit}) - len(against)
        order = tuple(sorted(self.grid.roles, key=lambda r: -counts[r]))
        return Verdict(traits, disliked, matches, order, len(set(counts.values())) == 1)

    def _skills_only(self) -> dict[str, tuple[Line, ...]]:
        """Every bullet of each role's skills section: what the article says each job needs."""
        return {role: tuple(line for line in self.lines[role]
                            if line.section in self.grid.sections(SKILLS_TOPIC, (role,))) for role in self.grid.roles}

    def sections(self, verdict: Verdict) -> tuple[str, ...]:
        """The favoured side's skills section first, then the other sides' skills sections
        that a trait matches (all of them when none does), then any other section quoted."""
        quiet = not any(verdict.matches.values())
        skills = [s for n, role in enumerate(verdict.order) if n == 0 or quiet or verdict.matches[role]
                  for s in self.grid.sections(SKILLS_TOPIC, (role,))]
        quoted = [line.section for role in verdict.order for line in verdict.matches[role]]
        return tuple(dict.fromkeys(skills + quoted))

    def text(self, verdict: Verdict, lead: str) -> str:
        """The reply: which side the traits point to, each side's matching lines under its
        sections' names, and that the choice is the person's. A `lead` ending in ", " leads
        into the pointer's sentence; any other lead stands before it."""
        labels = [self.intents.role(r).label for r in verdict.order]
        if not any(verdict.matches.values()):
            pointer = "the article's skills lists do not settle it either way."
        elif verdict.even:
            pointer = f"the skills the article lists fit both {' and '.join(labels)}."
        else:
            pointer = f"the skills the article lists point to {labels[0]} first."
        sentence = pointer[0].upper() + pointer[1:]
        parts = [lead + pointer if lead.endswith(", ") else " ".join(filter(None, (lead, sentence)))]
        if not any(verdict.matches.values()):  # nothing named that the article lists: its skills, side by side
            verdict = Verdict(verdict.traits, verdict.disliked, self._skills_only(), verdict.order, verdict.even)
        for role in verdict.order:
            lines = verdict.matches[role]
            for section in dict.fromkeys(line.section for line in lines):
                bullets = "\n".join(f"  • {line.text}" for line in lines if line.section == section)
                parts.append(f"{section}\n{bullets}")
        parts.append(NO_RECOMMENDATION)
        return "\n\n".join(parts)


def _bullets(text: str) -> list[str]:
    """The bullet lines of a section, without their bullet marks."""
    return [line.strip().lstrip("".join(BULLETS)).strip() for line in text.splitlines()
            if line.strip().startswith(BULLETS)]


def _sentences(text: str) -> list[str]:
    """The sentences of a section's paragraphs (its bullets left out)."""
    prose = " ".join(line.strip() for line in text.splitlines() if not line.strip().startswith(BULLETS))
    return [s for s in _SENTENCE_END.split(prose) if s and not s.endswith(":")]
