"""Read a message against the intents: its roles, topic, gaps and small talk.

Matching is fuzzy at two levels (both rapidfuzz): misspelt words are corrected
against the bot's vocabulary (Damerau-Levenshtein), and small talk is a
whole-message similarity (`fuzz.ratio`). A topic pattern fires when its word
stems occur in the corrected message in order, so "skills" fires for "what
skills do coders need" and "how long" for "how long does billing school take".
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz, process
from rapidfuzz.distance import DamerauLevenshtein, Hamming

from bot.intents import Intents
from bot.text import QUESTION_WORDS, STOPWORDS, stem, terms, words
from bot.types import Corpus

Filed = dict[str, list[tuple[str, tuple[str, ...]]]]
"""Patterns (tag, stems) filed under their first stem."""

SMALLTALK_CUTOFF = 85
"""fuzz.ratio (0..100) a whole message needs to count as a small-talk pattern."""
SMALLTALK_WORDS = 8
"""A longer message is a question, even if it contains "thanks"."""
CONTAINS_CUTOFF = 90
"""fuzz.token_set_ratio a short message needs with a small-talk pattern it contains."""
MORE_CUTOFF = 85
"""fuzz.ratio a whole message needs to count as 'tell me more'."""
MIN_CORRECTABLE = 3
"""Words shorter than this are never spell-corrected: too many neighbours."""
SHORT_WORD = 5
"""Up to this length only a missing or swapped letter is taken as a typo."""
LONG_WORD = 7
"""From this length two edits still count as a typo ("medicle", "difrence")."""
MIN_TARGET_COUNT = 2
"""An article word needs this many uses to be a spelling target."""


@dataclass(frozen=True)
class Hit:
    """An intent that fired: how specific the pattern was, and where it began."""

    tag: str
    weight: int
    position: int
    score: float
    terms: tuple[str, ...] = ()


@dataclass(frozen=True)
class Analysis:
    """What a message says, as far as the intents can tell."""

    words: tuple[str, ...]
    """The message's words, spell-corrected."""
    terms: tuple[str, ...]
    """Stems of its content words: what retrieval searches for."""
    residual: tuple[str, ...]
    """Those terms less role and domain names: what it asks beyond "billing" or "coding"."""
    roles: tuple[str, ...]
    named: bool
    """A role is named by its job holder ("coders"), which has no other sense."""
    weak_role: bool
    """The roles come only from words with an everyday sense ("bill", "codes")."""
    anchored: bool
    """It names the medical domain ("medical", "insurance"), so "coding" is not programming."""
    topics: tuple[Hit, ...]
    """The topics its most specific patterns point at, earliest first (usually one)."""
    gap: Hit | None
    compare: bool
    compare_terms: frozenset[str]
    """The words that made it a comparison ("difference", "vs")."""
    followup: bool
    more: Hit | None
    smalltalk: Hit | None
    unknown: tuple[str, ...]
    """Words neither the article nor the intents ever use, in the question itself."""

    @property
    def topic(self) -> Hit | None:
        return self.topics[0] if self.topics else None

    @property
    def known_residual(self) -> int:
        return len(self.residual) - len({stem(w) for w in self.unknown} & set(self.residual))

    @property
    def has_domain(self) -> bool:
        """Whether the message talks about the article's subject at all."""
        return bool(self.roles or self.topic or self.compare)


class Matcher:
    """Reads messages against the intents and the article's vocabulary."""

    def __init__(self, intents: Intents, corpus: Corpus) -> None:
        self.intents = intents
        self.role_words = {w: r.name for r in intents.roles for w in r.words}
        self.ambiguous_words = {w: r.name for r in intents.roles for w in r.ambiguous}
        self.ambiguous_stems = {stem(w): role for w, role in self.ambiguous_words.items()}
        # Other forms of a role word ("billers'") are recognised by their stem, unless the
        # stem is also an everyday word's ("billing" -> "bill"): then only in a medical context.
        self.role_stems = {stem(w): role for w, role in self.role_words.items()
                           if stem(w) not in self.ambiguous_stems}
        self.role_terms = frozenset(stem(w) for w in self.role_words | self.ambiguous_words)
        self.domain = frozenset(stem(w) for w in intents.domain_words)
        # 'medical billing specialist' asks no more than 'billing'.
        self.generic = frozenset(stem(w) for w in intents.generic_words)
        intent_words = [w for r in intents.roles for w in r.words + r.ambiguous] + [
            w for i in intents.intents for p in i.patterns for w in words(p)
        ] + list(intents.domain_words + intents.generic_words)
        corpus_counts = Counter(w for c in corpus.chunks for w in words(c.text))
        # Spelling targets: the words questions are made of. Domain words come first, so a
        # tie in distance goes to them; rare article words are left out, because a real
        # word one letter away from one of them ("getting", "setting") is no typo.
        self.targets = list(dict.fromkeys(
            intent_words + sorted(STOPWORDS | QUESTION_WORDS)
            + [w for w, n in corpus_counts.most_common() if n >= MIN_TARGET_COUNT]))
        known = set(intent_words) | set(corpus_counts)
        self.known = frozenset(known | STOPWORDS | QUESTION_WORDS)
        self.known_terms = frozenset(stem(w) for w in known)
        # Patterns filed under their first stem: a message is checked only against
        # the patterns that can start somewhere in it.
        self.patterns: dict[str, Filed] = {}
        for kind in ("topic", "gap", "compare"):
            filed = self.patterns.setdefault(kind, {})
            for intent in intents.of_kind(kind):
                for pattern in intent.patterns:
                    stems = tuple(terms(words(pattern)))
                    filed.setdefault(stems[0], []).append((intent.tag, stems))
        self.smalltalk = [(i.tag, " ".join(words(p))) for i in intents.of_kind("smalltalk") for p in i.patterns]
        self.nouns = frozenset(stem(r.noun) for r in intents.roles)
        self.more = [("more", " ".join(words(p))) for i in intents.of_kind("more") for p in i.patterns]
        self.followups = [tuple(words(p)) for i in intents.of_kind("followup") for p in i.patterns]
        self.correct = lru_cache(maxsize=4096)(self._correct)

    def _correct(self, word: str) -> str:
        """The word `word` was probably meant to be (itself if it is known, or unsure)."""
        if word in self.known or len(word) < MIN_CORRECTABLE or not word.isalpha():
            return word
        if stem(word) in self.known_terms:
            return word
        limit = 1 if len(word) < LONG_WORD else 2
        for candidate, distance, _ in process.extract(word, self.targets, scorer=DamerauLevenshtein.distance,
                                                      score_cutoff=limit, limit=8):
            # Two edits are a typo only if the first letter is right ("difrence", not "deduction").
            if distance == 2 and word[0] != candidate[0]:
                continue
            # In a short word a changed or dropped letter makes another real word
            # (rules/roles, told/old): there only a missing or swapped letter is a typo.
            inserted = len(candidate) > len(word)
            swapped = len(candidate) == len(word) and Hamming.distance(word, candidate) == 2
            if len(word) > SHORT_WORD or inserted or swapped:
                return candidate
        return word

    def analyse(self, text: str) -> Analysis:
        """Read a message. Roles, the domain and comparisons count wherever they are said;
        what is asked (topic, gap, other words) is read from the question itself, so a
        preamble ("my aunt told me about medical coding, what is it exactly?") is context."""
        said = self._read(text)
        focus = self._read(_question_clause(text)) or said
        content = tuple(terms(list(said)))
        asked_content = tuple(terms(list(focus)))
        asked = tuple(t for t in content if t not in QUESTION_WORDS)
        residual = tuple(t for t in asked if t not in self.role_terms and t not in self.generic)
        anchored = bool(self.domain & set(content))
        named = any(stem(w) in self.nouns for w in said)
        naming = [(w, role) for w in said if (role := self._role(w, anchored))]
        roles = tuple(dict.fromkeys(role for _, role in naming))
        # In a message about a role or the domain, a preamble's odd words are context.
        unknown = self._unknown(focus if anchored or named or roles else said)
        utterance = " ".join(said)
        compare_hits = self._best(self.patterns["compare"], content)
        compare = bool(compare_hits)
        topics = self._best(self.patterns["topic"], asked_content) or self._best(self.patterns["topic"], content)
        return Analysis(
            words=said, terms=asked, residual=residual, roles=roles, anchored=anchored, topics=topics,
            gap=self._gap(content, asked_content, compare), compare=compare,
            compare_terms=frozenset(t for h in compare_hits for t in h.terms),
            followup=any(said[: len(p)] == p for p in self.followups),
            more=self._whole(utterance, self.more, MORE_CUTOFF),
            smalltalk=self._smalltalk(utterance, said, bool(unknown or roles or topics or compare or anchored)),
            unknown=unknown, named=named,
            weak_role=bool(naming) and not any(w in self.role_words or stem(w) in self.role_stems
                                               for w, _ in naming),
        )

    def _gap(self, content: tuple[str, ...], asked: tuple[str, ...], compare: bool) -> Hit | None:
        """What the message asks that the article does not cover, if anything.

        Something with no place in the article at all outranks a partial match: "how
        much do nurses make" is about nurses before it is about pay. It must be in the
        question, unless the message compares ("medical assistant vs biller, which?").
        A gap with a topic may also come from a preamble that names the subject ("CPC
        or CCS, which should I get?"); "my friend works in a clinic, ..." is context.
        """
        def outside(hit: Hit) -> bool:
            return not self.intents.by_tag(hit.tag).topic

        absent = sorted(filter(outside, self._all(self.patterns["gap"], content if compare else asked)),
                        key=_specific_first)
        partial = self._best(self.patterns["gap"], asked) or tuple(
            h for h in self._best(self.patterns["gap"], content) if not outside(h))
        return next(iter(absent or partial), None)

    def _unknown(self, said: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(w for w in said if w not in self.known and not w.isdigit() and stem(w) not in self.known_terms)

    def _read(self, text: str) -> tuple[str, ...]:
        return tuple(self.correct(w) for w in words(text))

    def _role(self, word: str, anchored: bool) -> str | None:
        """The role `word` names: "coder" always, "code" only in a medical context."""
        if word in self.role_words:
            return self.role_words[word]
        if anchored and word in self.ambiguous_words:
            return self.ambiguous_words[word]
        return self.role_stems.get(stem(word)) or (self.ambiguous_stems.get(stem(word)) if anchored else None)

    def _all(self, patterns: Filed, content: tuple[str, ...]) -> list[Hit]:
        """Every pattern whose stems all occur in `content`, in order."""
        candidates = [entry for first in dict.fromkeys(content) for entry in patterns.get(first, ())]
        return [Hit(tag, self._weight(p), start, 1.0, p) for tag, p in candidates
                if (start := _find_in_order(p, content)) >= 0]

    def _weight(self, pattern: tuple[str, ...]) -> int:
        """How specific a pattern is: its words that say something ("what job involve" -> 1)."""
        return sum(1 for t in pattern if t not in QUESTION_WORDS and t not in self.generic) or 1

    def _best(self, patterns: Filed, content: tuple[str, ...]) -> tuple[Hit, ...]:
        """The most specific patterns whose stems all occur in order, earliest first."""
        hits = self._all(patterns, content)
        top = max((h.weight for h in hits), default=0)
        best = sorted((h for h in hits if h.weight == top), key=_specific_first)
        return tuple(h for n, h in enumerate(best) if h.tag not in {b.tag for b in best[:n]})

    @staticmethod
    def _whole(utterance: str, choices: list[tuple[str, str]], cutoff: float) -> Hit | None:
        """The choice most like the whole message, if it is like enough."""
        if not utterance:
            return None
        best = process.extractOne(utterance, [c for _, c in choices], scorer=fuzz.ratio, score_cutoff=cutoff)
        return Hit(choices[best[2]][0], 0, 0, best[1] / 100) if best else None

    def _smalltalk(self, utterance: str, said: tuple[str, ...], other: bool) -> Hit | None:
        """A message like a small-talk pattern as a whole, or a short one containing one
        ("thanks, that helped a lot") with nothing `other` in it (a topic, an unknown word)."""
        hit = self._whole(utterance, self.smalltalk, SMALLTALK_CUTOFF)
        if hit or other or not said or len(said) > SMALLTALK_WORDS:
            return hit
        best = process.extractOne(utterance, [p for _, p in self.smalltalk], scorer=fuzz.token_set_ratio,
                                  score_cutoff=CONTAINS_CUTOFF)
        return Hit(self.smalltalk[best[2]][0], 0, 0, best[1] / 100) if best else None


_CLAUSE_BREAK = re.compile(r"[.,;:!?\n]+|\s[-\u2013\u2014]+\s")
_QUESTION_START = frozenset("is are am was were do does did can could should would will how what which who why "
                            "when where whats hows".split())


def _question_clause(text: str) -> str:
    """The message from its last asking clause on (one that starts like a question or
    ends in "?"): what comes before is a preamble. The whole message if none asks."""
    starts, asking = [0] + [m.end() for m in _CLAUSE_BREAK.finditer(text)], 0
    for start, match in zip(starts, [*_CLAUSE_BREAK.finditer(text), None], strict=False):
        clause = text[start: match.start() if match else len(text)]
        first = words(clause)[:1]
        if (match and "?" in match.group()) or (first and first[0] in _QUESTION_START):
            asking = start
    return text[asking:]


def _specific_first(hit: Hit) -> tuple[int, int, str]:
    """A total order on hits: most specific, then earliest, then by tag (never by hash order)."""
    return (-hit.weight, hit.position, hit.tag)


def _find_in_order(pattern: tuple[str, ...], content: tuple[str, ...]) -> int:
    """Where `pattern` occurs as an ordered subsequence of `content`, or -1.

    The place is that of its first telling word: "what ... like" is placed at "like".
    """
    position, start = 0, -1
    for term in pattern:
        try:
            position = content.index(term, position) + 1
        except ValueError:
            return -1
        if start < 0 and term not in QUESTION_WORDS:
            start = position - 1
    return max(start, 0)
