"""Load intents.json and check it whole, at start-up.

A mistake in the file is reported once, as one error naming the file and the
entry, instead of surfacing later as a wrong answer.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from bot.datafile import parse_json, read_text
from bot.errors import IntentsError
from bot.text import QUESTION_WORDS, terms, words
from bot.types import Corpus, Intent, Role

KINDS = ("smalltalk", "topic", "gap", "compare", "followup", "more", "choose")
STEMMED_KINDS = ("topic", "gap", "compare")
"""Kinds whose patterns match as ordered word stems (the others match whole messages)."""
TOPIC_ORDER = ("duties", "skills", "training", "outlook")
"""The topics every intents file must define: the engine walks them in this order for
"tell me more", and answers a message naming only a role with the first."""
OVERVIEW_TOPIC = "overview"
"""The topic whose section introduces both jobs: the lead of a general comparison."""
MAX_FILE_BYTES = 5_000_000


@dataclass(frozen=True)
class WordLists:
    """The word lists of intents.json: what single words tell about a message."""

    domain: tuple[str, ...]
    """Words that put a message in the medical domain: "codes" there is the job."""
    generic: tuple[str, ...]
    """Words that name the field or a job holder, not a question: "medical", "specialist"."""
    refer: tuple[str, ...]
    """Words that point back at the conversation: "it", "they", "that"."""
    other: tuple[str, ...]
    """Words that ask about the role not under discussion: "the other one"."""
    self: tuple[str, ...]
    """Words of a person speaking of themselves ("I", "my"): strengths, not a job's."""
    dislike: tuple[str, ...]
    """Words that turn a strength named after them into a dislike ("I hate the phone")."""


@dataclass(frozen=True)
class Trait:
    """A strength people name in their own words ("I like people"), and the article's words
    for it in the skills it lists ("communication")."""

    name: str
    words: tuple[str, ...]
    skills: tuple[str, ...]


@dataclass(frozen=True)
class WalkQuestion:
    """One question of the guided comparison (/choose): its wording, and the trait a yes shows."""

    ask: str
    trait: str


@dataclass(frozen=True)
class Walk:
    intro: str
    questions: tuple[WalkQuestion, ...]


@dataclass(frozen=True)
class Intents:
    """The validated contents of intents.json."""

    roles: tuple[Role, ...]
    words: WordLists
    traits: tuple[Trait, ...]
    walk: Walk
    fallback: str
    """What the bot says it can talk about, when it cannot answer."""
    empty: str
    """The reply to an empty message."""
    intents: tuple[Intent, ...]

    def of_kind(self, kind: str) -> tuple[Intent, ...]:
        return tuple(i for i in self.intents if i.kind == kind)

    @cached_property
    def _tags(self) -> dict[str, Intent]:
        return {i.tag: i for i in self.intents}

    def by_tag(self, tag: str) -> Intent:
        return self._tags[tag]

    def role(self, name: str) -> Role:
        return next(r for r in self.roles if r.name == name)


def load_intents(path: Path, corpus: Corpus) -> Intents:
    """Read and validate `path`; every problem is an IntentsError naming the entry."""
    data = parse_json(read_text(path, IntentsError, MAX_FILE_BYTES), path, IntentsError)
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

    def text(self, entry: dict[str, Any], key: str, where: str) -> str:
        value = entry.get(key)
        if not isinstance(value, str) or not value.strip():
            raise self.fail(where, f"'{key}' must be a non-empty string")
        return value

    def examples(self, entry: dict[str, Any], where: str) -> tuple[str, ...]:
        """Example questions; "{noun}" is the only placeholder ("What does a medical {noun} do?")."""
        examples = self.strings(entry, "examples", where, required=False)
        for example in examples:
            try:
                example.format(noun="biller")
            except (KeyError, IndexError, ValueError):
                raise self.fail(where, f"example {example!r}: the only placeholder allowed is {{noun}}") from None
        return examples

    def optional_text(self, entry: dict[str, Any], key: str, where: str) -> str | None:
        return None if entry.get(key) is None else self.text(entry, key, where)

    def section(self, name: str, where: str) -> str:
        if name not in self.sections:
            raise self.fail(where, f"section {name!r} is not a heading of the corpus")
        return name

    def intents(self, data: Any) -> Intents:
        if not isinstance(data, dict):
            raise self.fail("top level", "must be an object with 'roles' and 'intents'")
        roles = self.roles(data.get("roles"))
        lists = WordLists(*(self.strings(data, f"{name}_words", "top level")
                            for name in ("domain", "generic", "refer", "other", "self", "dislike")))
        messages = data.get("messages")
        if not isinstance(messages, dict):
            raise self.fail("top level", "'messages' must be an object with 'fallback' and 'empty'")
        intents = tuple(self.intent(e, where, roles) for where, e in self.objects(data.get("intents"), "intents"))
        self.check_unique(intents)
        topics = {i.tag for i in intents if i.kind == "topic"}
        for n, intent in enumerate(intents):
            if intent.topic and intent.topic not in topics:
                raise self.fail(f"intents[{n}] ({intent.tag})", f"'topic' {intent.topic!r} is not a topic tag")
        missing = [t for t in (*TOPIC_ORDER, OVERVIEW_TOPIC) if t not in topics]
        if missing:
            raise self.fail("intents", f"topic intents {', '.join(missing)} are required")
        traits = self.traits(data.get("traits"))
        return Intents(roles, lists, traits, self.walk(data.get("walk"), traits),
                       self.text(messages, "fallback", "messages"), self.text(messages, "empty", "messages"), intents)

    def objects(self, entries: Any, name: str) -> list[tuple[str, dict[str, Any]]]:
        """A non-empty list of objects, each with where it is ("traits[2]") for errors."""
        if not isinstance(entries, list) or not entries:
            raise self.fail("top level", f"'{name}' must be a non-empty list")
        for n, entry in enumerate(entries):
            if not isinstance(entry, dict):
                raise self.fail(f"{name}[{n}]", "must be an object")
        return [(f"{name}[{n}]", entry) for n, entry in enumerate(entries)]

    def traits(self, entries: Any) -> tuple[Trait, ...]:
        found = [Trait(self.text(entry, "name", where), self.strings(entry, "words", where),
                       self.strings(entry, "skills", where)) for where, entry in self.objects(entries, "traits")]
        if len({t.name for t in found}) != len(found):
            raise self.fail("traits", "two traits share a name")
        return tuple(found)

    def walk(self, entry: Any, traits: tuple[Trait, ...]) -> Walk:
        if not isinstance(entry, dict) or not isinstance(entry.get("questions"), list) or not entry["questions"]:
            raise self.fail("walk", "must be an object with 'intro' and a non-empty list of 'questions'")
        names = {t.name for t in traits}
        questions = []
        for where, question in self.objects(entry["questions"], "walk.questions"):
            trait = self.text(question, "trait", where)
            if trait not in names:
                raise self.fail(where, f"'trait' {trait!r} is not the name of a trait")
            questions.append(WalkQuestion(self.text(question, "ask", where), trait))
        return Walk(self.text(entry, "intro", "walk"), tuple(questions))

    def roles(self, entries: Any) -> tuple[Role, ...]:
        roles = []
        for where, entry in self.objects(entries, "roles"):
            name = self.text(entry, "name", where)
            roles.append(Role(name, self.text(entry, "label", where), self.text(entry, "noun", where),
                              self.strings(entry, "words", where),
                              self.strings(entry, "ambiguous", where, required=False)))
        if len({r.name for r in roles}) != len(roles):
            raise self.fail("roles", "two roles share a name")
        return tuple(roles)

    def intent(self, entry: dict[str, Any], where: str, roles: tuple[Role, ...]) -> Intent:
        tag = self.text(entry, "tag", where)
        where = f"{where} ({tag})"
        kind = entry.get("kind")
        if kind not in KINDS:
            raise self.fail(where, f"'kind' must be one of {', '.join(KINDS)}")
        fields: dict[str, Any] = {"tag": tag, "kind": kind, "patterns": self.strings(entry, "patterns", where),
                                  "examples": self.examples(entry, where)}
        if kind == "smalltalk":
            fields["responses"] = self.strings(entry, "responses", where)
        elif kind == "topic":
            fields.update(self.topic_sections(entry, where, roles))
        elif kind == "gap":
            fields["missing"] = self.text(entry, "missing", where)
            fields["topic"] = self.optional_text(entry, "topic", where)
            role = self.optional_text(entry, "role", where)
            if role is not None and role not in {r.name for r in roles}:
                raise self.fail(where, f"'role' {role!r} is not a role name")
            fields["role"] = role
            answers = entry.get("answers", False)
            if not isinstance(answers, bool) or (answers and not fields["topic"]):
                raise self.fail(where, "'answers' must be true or false, and true needs a 'topic'")
            fields["answers"] = answers
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
                # Patterns that match by stems clash when their stems do ("cpc" and "cpc b").
                stemmed = intent.kind in STEMMED_KINDS
                said = words(pattern)
                key = " ".join(terms(said) if stemmed else said)
                if not key or (stemmed and not set(key.split()) - QUESTION_WORDS):
                    raise self.fail(f"tag {intent.tag!r}", f"pattern {pattern!r} has no words to match")
                if stemmed and len(said) > 1 and len(key.split()) == 1:
                    # "need to know" is matched as "know" alone, and fires on every "know".
                    raise self.fail(f"tag {intent.tag!r}", f"pattern {pattern!r} is matched as the one word "
                                    f"{key!r} (the others are filler): write that word alone, or more words")
                if owner.get(key, intent.tag) != intent.tag:
                    raise self.fail(f"tag {intent.tag!r}", f"pattern {pattern!r} is also a pattern of {owner[key]!r}")
                owner[key] = intent.tag
