"""Load intents.json, check it, and read a message for roles, topics and small talk.

The file is validated whole at start-up so a typo in it is reported once, with
the file and the entry, instead of surfacing as a wrong answer later.
Matching is fuzzy at two levels (both rapidfuzz): misspelt words are corrected
against the bot's vocabulary (Damerau-Levenshtein), and small talk is a
whole-message similarity (`fuzz.ratio`). A topic pattern fires when all its
word stems occur in the corrected message, so "skills" fires for "what skills
do coders need" and "how long" for "how long does billing school take".
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz, process
from rapidfuzz.distance import DamerauLevenshtein, Hamming

from bot.errors import IntentsError
from bot.text import QUESTION_WORDS, STOPWORDS, stem, terms, words
from bot.types import Corpus, Intent, Role

KINDS = ("smalltalk", "topic", "gap", "compare", "followup", "more")
GENERIC_TERMS = frozenset(stem(w) for w in ("medical", "healthcare", "field", "career", "job"))
"""Words that name the domain, not a question about it: 'medical coding' asks no more than 'coding'."""

SMALLTALK_CUTOFF = 85
"""fuzz.ratio (0..100) a whole message needs to count as a small-talk pattern."""
MORE_CUTOFF = 85
"""fuzz.ratio a whole message needs to count as 'tell me more'."""
MIN_CORRECTABLE = 4
"""Words shorter than this are never spell-corrected: too many neighbours."""
SHORT_WORD = 5
"""Up to this length a one-letter substitution is taken as a different word, not a typo."""


@dataclass(frozen=True)
class Intents:
    """The validated contents of intents.json."""

    roles: tuple[Role, ...]
    intents: tuple[Intent, ...]

    def of_kind(self, kind: str) -> tuple[Intent, ...]:
        return tuple(i for i in self.intents if i.kind == kind)

    def by_tag(self, tag: str) -> Intent:
        return next(i for i in self.intents if i.tag == tag)

    def role(self, name: str) -> Role:
        return next(r for r in self.roles if r.name == name)


@dataclass(frozen=True)
class Hit:
    """An intent that fired: how specific the pattern was, and where it began."""

    tag: str
    weight: int
    position: int
    score: float


@dataclass(frozen=True)
class Analysis:
    """What a message says, as far as the intents can tell."""

    words: tuple[str, ...]
    terms: tuple[str, ...]
    roles: tuple[str, ...]
    topic: Hit | None
    gap: Hit | None
    compare: bool
    followup: bool
    more: Hit | None
    smalltalk: Hit | None
    unknown: tuple[str, ...]
    residual: tuple[str, ...]

    @property
    def has_domain(self) -> bool:
        """Whether the message talks about the article's subject at all."""
        return bool(self.roles or self.topic or self.compare)


# ---------------------------------------------------------------- loading


def load_intents(path: Path, corpus: Corpus) -> Intents:
    """Read and validate `path`; every problem is an IntentsError naming the entry."""
    try:
        raw = path.read_bytes().decode("utf-8")
    except OSError as err:
        raise IntentsError(path, f"cannot be read ({err.strerror})") from None
    except UnicodeDecodeError as err:
        raise IntentsError(path, f"not UTF-8 text (byte {err.start})") from None
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as err:
        raise IntentsError(path, f"not valid JSON: {err.msg} at line {err.lineno} column {err.colno}") from None
    return _Validator(path, corpus).intents(data)


class _Validator:
    """Turns parsed JSON into Intents, or raises one IntentsError naming the entry."""

    def __init__(self, path: Path, corpus: Corpus) -> None:
        self.path = path
        self.sections = set(corpus.sections)

    def fail(self, where: str, problem: str) -> IntentsError:
        return IntentsError(self.path, f"{where}: {problem}")

    def strings(self, entry: dict[str, Any], key: str, where: str, required: bool = True) -> tuple[str, ...]:
        value = entry.get(key, None if required else [])
        if not isinstance(value, list) or (required and not value) or not all(
            isinstance(v, str) and v.strip() for v in value
        ):
            raise self.fail(where, f"'{key}' must be a non-empty list of non-empty strings")
        return tuple(value)

    def text(self, entry: dict[str, Any], key: str, where: str, required: bool = True) -> str | None:
        value = entry.get(key)
        if value is None and not required:
            return None
        if not isinstance(value, str) or not value.strip():
            raise self.fail(where, f"'{key}' must be a non-empty string")
        return value

    def section(self, name: str, where: str) -> str:
        if name not in self.sections:
            raise self.fail(where, f"section {name!r} is not a heading of the corpus")
        return name

    def intents(self, data: Any) -> Intents:
        if not isinstance(data, dict):
            raise self.fail("top level", "must be an object with 'roles' and 'intents'")
        roles = self.roles(data.get("roles"))
        entries = data.get("intents")
        if not isinstance(entries, list) or not entries:
            raise self.fail("top level", "'intents' must be a non-empty list")
        intents = tuple(self.intent(e, f"intents[{n}]", roles) for n, e in enumerate(entries))
        self.check_unique(intents)
        topics = {i.tag for i in intents if i.kind == "topic"}
        for n, intent in enumerate(intents):
            if intent.topic and intent.topic not in topics:
                raise self.fail(f"intents[{n}] ({intent.tag})", f"'topic' {intent.topic!r} is not a topic tag")
        return Intents(roles, intents)

    def roles(self, entries: Any) -> tuple[Role, ...]:
        if not isinstance(entries, list) or not entries:
            raise self.fail("top level", "'roles' must be a non-empty list")
        roles = []
        for n, entry in enumerate(entries):
            where = f"roles[{n}]"
            if not isinstance(entry, dict):
                raise self.fail(where, "must be an object")
            name = self.text(entry, "name", where)
            roles.append(Role(name, self.text(entry, "label", where), self.text(entry, "noun", where),
                              self.strings(entry, "words", where)))
        if len({r.name for r in roles}) != len(roles):
            raise self.fail("roles", "two roles share a name")
        return tuple(roles)

    def intent(self, entry: Any, where: str, roles: tuple[Role, ...]) -> Intent:
        if not isinstance(entry, dict):
            raise self.fail(where, "must be an object")
        tag = self.text(entry, "tag", where)
        where = f"{where} ({tag})"
        kind = entry.get("kind")
        if kind not in KINDS:
            raise self.fail(where, f"'kind' must be one of {', '.join(KINDS)}")
        fields: dict[str, Any] = {"tag": tag, "kind": kind, "patterns": self.strings(entry, "patterns", where),
                                  "examples": self.strings(entry, "examples", where, required=False)}
        if kind == "smalltalk":
            fields["responses"] = self.strings(entry, "responses", where)
        elif kind == "topic":
            fields.update(self.topic_sections(entry, where, roles))
        elif kind == "gap":
            fields["missing"] = self.text(entry, "missing", where)
            fields["topic"] = self.text(entry, "topic", where, required=False)
            role = self.text(entry, "role", where, required=False)
            if role is not None and role not in {r.name for r in roles}:
                raise self.fail(where, f"'role' {role!r} is not a role name")
            fields["role"] = role
        return Intent(**fields)

    def topic_sections(self, entry: dict[str, Any], where: str, roles: tuple[Role, ...]) -> dict[str, Any]:
        if ("section" in entry) == ("sections" in entry):
            raise self.fail(where, "a topic needs exactly one of 'section' or 'sections'")
        if "section" in entry:
            return {"section": self.section(self.text(entry, "section", where), where)}
        per_role = entry["sections"]
        names = {r.name for r in roles}
        if not isinstance(per_role, dict) or set(per_role) != names:
            raise self.fail(where, f"'sections' must map each role ({', '.join(sorted(names))}) to a section")
        if not all(isinstance(s, str) for s in per_role.values()):
            raise self.fail(where, "'sections' values must be section names")
        return {"sections": tuple((role, self.section(s, where)) for role, s in per_role.items())}

    def check_unique(self, intents: Iterable[Intent]) -> None:
        tags: set[str] = set()
        owner: dict[str, str] = {}
        for intent in intents:
            if intent.tag in tags:
                raise self.fail(f"tag {intent.tag!r}", "used by two intents")
            tags.add(intent.tag)
            for pattern in intent.patterns:
                key = " ".join(words(pattern))
                if not key or (
                    intent.kind in ("topic", "gap", "compare") and not set(terms(key.split())) - QUESTION_WORDS
                ):
                    raise self.fail(f"tag {intent.tag!r}", f"pattern {pattern!r} has no words to match")
                if owner.get(key, intent.tag) != intent.tag:
                    raise self.fail(f"tag {intent.tag!r}", f"pattern {pattern!r} is also a pattern of {owner[key]!r}")
                owner[key] = intent.tag


# ---------------------------------------------------------------- matching


class Matcher:
    """Reads messages against the intents and the article's vocabulary."""

    def __init__(self, intents: Intents, corpus: Corpus) -> None:
        self.intents = intents
        self.role_of = {stem(w): r.name for r in intents.roles for w in r.words}
        pattern_words = [w for i in intents.intents for p in i.patterns for w in words(p)]
        role_words = [w for r in intents.roles for w in r.words]
        corpus_words = [w for c in corpus.chunks for w in words(c.text)]
        # Domain words first: a tie in spelling distance goes to the word the bot knows best.
        self.vocabulary = list(dict.fromkeys(w for w in role_words + pattern_words + corpus_words
                                             if w not in STOPWORDS and len(w) >= 2))
        self.known = frozenset(self.vocabulary)
        self.known_terms = frozenset(stem(w) for w in self.vocabulary)
        self.patterns = {
            kind: [(i.tag, tuple(dict.fromkeys(terms(words(p))))) for i in intents.of_kind(kind) for p in i.patterns]
            for kind in ("topic", "gap", "compare")
        }
        self.smalltalk = [(i.tag, " ".join(words(p))) for i in intents.of_kind("smalltalk") for p in i.patterns]
        self.smalltalk_words = frozenset(w for _, p in self.smalltalk for w in p.split())
        self.more = [" ".join(words(p)) for i in intents.of_kind("more") for p in i.patterns]
        self.followups = [tuple(words(p)) for i in intents.of_kind("followup") for p in i.patterns]
        self.correct = lru_cache(maxsize=4096)(self._correct)

    def _correct(self, word: str) -> str:
        """The vocabulary word `word` was probably meant to be (itself if known or unsure)."""
        if word in STOPWORDS or word in self.known or len(word) < MIN_CORRECTABLE or not word.isalpha():
            return word
        if stem(word) in self.known_terms:
            return word
        limit = 1 if len(word) <= 6 else 2
        for candidate, _, _ in process.extract(word, self.vocabulary, scorer=DamerauLevenshtein.distance,
                                               score_cutoff=limit, limit=8):
            # In a short word one changed letter makes another real word (rules/roles):
            # there only a missing, extra or swapped letter counts as a typo.
            if len(word) > SHORT_WORD or Hamming.distance(word, candidate, pad=True) != 1:
                return candidate
        return word

    def analyse(self, text: str) -> Analysis:
        said = tuple(self.correct(w) for w in words(text))
        content = tuple(terms(list(said)))
        roles = tuple(dict.fromkeys(self.role_of[t] for t in content if t in self.role_of))
        topic = self._best(self.patterns["topic"], content)
        gap = self._best(self.patterns["gap"], content)
        compare = self._best(self.patterns["compare"], content) is not None
        asked = [t for t in content if t not in QUESTION_WORDS]
        residual = tuple(t for t in asked if t not in self.role_of and t not in GENERIC_TERMS)
        unknown = tuple(w for w in said if w not in STOPWORDS and w not in QUESTION_WORDS
                        and stem(w) not in self.known_terms)
        utterance = " ".join(said)
        return Analysis(
            words=said, terms=tuple(asked), roles=roles, topic=topic, gap=gap, compare=compare,
            followup=any(said[: len(p)] == p for p in self.followups),
            more=self._whole(utterance, [("more", m) for m in self.more], MORE_CUTOFF),
            smalltalk=self._smalltalk(utterance, said),
            unknown=unknown, residual=residual,
        )

    @staticmethod
    def _best(patterns: list[tuple[str, tuple[str, ...]]], content: tuple[str, ...]) -> Hit | None:
        """The most specific pattern whose stems all occur; ties go to the earliest in the message."""
        present = set(content)
        hits = [Hit(tag, len(p), min(content.index(t) for t in p), 1.0)
                for tag, p in patterns if p and present.issuperset(p)]
        return min(hits, key=lambda h: (-h.weight, h.position), default=None)

    @staticmethod
    def _whole(utterance: str, choices: list[tuple[str, str]], cutoff: float) -> Hit | None:
        """The choice most like the whole message, if it is like enough."""
        if not utterance:
            return None
        best = process.extractOne(utterance, [c for _, c in choices], scorer=fuzz.ratio, score_cutoff=cutoff)
        return Hit(choices[best[2]][0], 0, 0, best[1] / 100) if best else None

    def _smalltalk(self, utterance: str, said: tuple[str, ...]) -> Hit | None:
        hit = self._whole(utterance, self.smalltalk, SMALLTALK_CUTOFF)
        if hit or not said or not set(said) <= self.smalltalk_words | STOPWORDS:
            return hit
        # Every word is a small-talk word ("thanks so much!"): take the pattern it contains.
        best = process.extractOne(utterance, [p for _, p in self.smalltalk], scorer=fuzz.token_set_ratio)
        return Hit(self.smalltalk[best[2]][0], 0, 0, best[1] / 100) if best and best[1] >= 90 else None
