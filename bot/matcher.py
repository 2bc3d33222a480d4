"""Read a message against the intents: the words it uses, the roles it names, and
every pattern it matches.

Reading decides nothing: it reports what is there (the scorer weighs it). Matching
is fuzzy at two levels (both rapidfuzz): misspelt words are corrected against the
bot's vocabulary (Damerau-Levenshtein), and small talk is a whole-message
similarity. A topic, gap or comparison pattern fires when its word stems occur in
the corrected message in order, so "skills" fires for "what skills do coders
need" and "how long" for "how long does billing school take".
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz, process
from rapidfuzz.distance import DamerauLevenshtein, Hamming

from bot.intents import Intents
from bot.lexicon import ROLE
from bot.rarity import rarity
from bot.text import QUESTION_WORDS, STOPWORDS, stem, terms, words
from bot.types import Corpus

Filed = dict[str, list[tuple[str, tuple[str, ...]]]]
"""Patterns (tag, stems) filed under their first stem."""

MIN_CORRECTABLE = 3
"""Words shorter than this are never spell-corrected: too many neighbours."""
SHORT_WORD = 5
"""Up to this length only a missing or swapped letter is taken as a typo."""
LONG_WORD = 7
"""From this length two edits still count as a typo ("medicle", "difrence")."""
EVERYDAY_RARITY = 0.75
"""A word at least this common in English (Zipf 4: 10 uses per million and up) is what
its writer meant, never a typo for an article word: "retail" is not "detail", "table" not
"stable". The price: a real word typed for another ("a good carrier") is read as written."""
MIN_TARGET_COUNT = 2
"""An article word needs this many uses to be a spelling target."""
SMALLTALK_FLOOR = 60
"""Small-talk similarity (0..100) below which a tag is not worth weighing at all."""


@dataclass(frozen=True)
class Hit:
    """A pattern that fired: its intent, how specific it was, where it began, its stems."""

    tag: str
    weight: int
    position: int
    terms: tuple[str, ...]
    in_question: bool = True
    """Whether it is in the question clause, not only in a preamble."""


@dataclass(frozen=True)
class Chat:
    """How much a message is like one small-talk intent, as a whole and by its words (0..1)."""

    tag: str
    whole: float
    words: float
    clause: float
    """How much its closest clause is like it: "cool, bye!" says goodbye in its last clause."""
    last: float
    """How much the last clause is like it: what a message ends on is what it means."""


@dataclass(frozen=True)
class Analysis:
    """What a message says, as far as the intents and the article's vocabulary can tell."""

    text: str
    """The message as it was read (cleaned, not corrected): where clauses and negations are."""
    words: tuple[str, ...]
    """The message's words, spell-corrected."""
    terms: tuple[str, ...]
    """Stems of its content words (no filler, no question words): what retrieval searches for."""
    asked: tuple[str, ...]
    """Stems of the question clause's content words, role and field names left out:
    what the message asks beyond "billing" or "coding"."""
    question: tuple[str, ...]
    """Stems of all the message's words in order, a role's name as ROLE: what the lexicon
    reads (its content words, and its phrases: "how long", "still be needed", "@role do").
    The whole message, as a preamble says what the question is about ("I worked in
    insurance claims. Which one?")."""
    asking: tuple[str, ...]
    """The same of the question clause alone: what is asked, without the story around it."""
    roles: tuple[str, ...]
    """Roles named, in the order named."""
    holders: tuple[str, ...]
    """Roles named by their job holder ("coders"), a word with no other sense."""
    weak: tuple[str, ...]
    """Roles named only by an everyday word ("bill", "codes") beside a medical one."""
    other: bool
    """It asks about "the other one"."""
    field: bool
    """It names both roles as one field: "medical billing and coding"."""
    alternatives: bool
    """It names both roles as a choice: "billing or coding?"."""
    anchored: bool
    """It names the medical domain ("medical", "insurance"), so "coding" is not programming."""
    topics: tuple[Hit, ...]
    gaps: tuple[Hit, ...]
    compares: tuple[Hit, ...]
    followup: bool
    """It opens like a follow-up: "and ...", "what about ..."."""
    refers_back: bool
    """It points back at the conversation: "it", "they", "that"."""
    more: float
    """How much the whole message is like "tell me more" (0..1)."""
    choose: float
    """How much the whole message is like "help me choose" (0..1)."""
    chat: tuple[Chat, ...]
    unknown: tuple[str, ...]
    """Words of the question that neither the article nor the intents ever use."""
    unknown_before: tuple[str, ...]
    """Such words before the question clause ("Epic or Cerner: which do coders use?")."""
    names: tuple[str, ...]
    """Unknown words written with a capital inside a sentence ("Canada", "HIPAA", "Kareo"):
    names, which a question is about, where an everyday word is not."""

    def topic_weight(self, tag: str) -> int:
        """The weight of the most specific pattern of topic `tag` that fired (0 if none)."""
        return max((h.weight for h in self.topics if h.tag == tag), default=0)

    @property
    def top_topics(self) -> frozenset[str]:
        """The topics whose patterns are the most specific that fired."""
        top = max((h.weight for h in self.topics), default=0)
        return frozenset(h.tag for h in self.topics if h.weight == top)


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
        self.holder_stems = frozenset(stem(r.noun) for r in intents.roles)
        self.domain = frozenset(stem(w) for w in intents.words.domain)
        # 'medical billing specialist' asks no more than 'billing'.
        self.generic = frozenset(stem(w) for w in intents.words.generic)
        self.refer = frozenset(intents.words.refer)
        self.other = frozenset(intents.words.other)
        intent_words = [w for r in intents.roles for w in r.words + r.ambiguous] + [
            w for i in intents.intents for p in i.patterns for w in words(p)
        ] + list(intents.words.domain + intents.words.generic + intents.words.refer + intents.words.other)
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
        self.more = [" ".join(words(p)) for i in intents.of_kind("more") for p in i.patterns]
        self.choose = [" ".join(words(p)) for i in intents.of_kind("choose") for p in i.patterns]
        self.followups = [tuple(words(p)) for i in intents.of_kind("followup") for p in i.patterns]
        self.correct = lru_cache(maxsize=4096)(self._correct)

    def _correct(self, word: str) -> str:
        """The word `word` was probably meant to be (itself if it is known, or unsure)."""
        if word in self.known or len(word) < MIN_CORRECTABLE or not word.isalpha():
            return word
        if stem(word) in self.known_terms or rarity(word) <= EVERYDAY_RARITY:
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
        what is asked (topics, gaps, other words) is read from the question clause, so a
        preamble ("my aunt told me about medical coding, what is it exactly?") is context."""
        said = self._read(text)
        focus = self._read(question_clause(text)) or said
        content = tuple(terms(list(said)))
        focus_content = tuple(terms(list(focus)))
        anchored = bool(self.domain & set(content))
        naming = [(w, role) for w in said if (role := self._role(w, anchored))]
        roles = tuple(dict.fromkeys(role for _, role in naming))
        strong = {role for w, role in naming if w in self.role_words or stem(w) in self.role_stems}
        utterance = " ".join(said)
        unknown = self._unknown(focus)
        capitalised = _capitalised(text) if unknown else frozenset()
        asked = [t for t in focus_content if t not in QUESTION_WORDS and t not in self.role_terms
                 and t not in self.generic]
        return Analysis(
            text=text,
            words=said,
            terms=tuple(t for t in content if t not in QUESTION_WORDS),
            # A word the article never uses is asked about, however short ("E/M", "what s").
            asked=tuple(dict.fromkeys(asked + [stem(w) for w in unknown])),
            question=tuple(ROLE if t in self.role_terms else t for t in _lexicon_words(said)),
            asking=tuple(ROLE if t in self.role_terms else t for t in _lexicon_words(focus)),
            roles=roles,
            holders=tuple(dict.fromkeys(role for w, role in naming if stem(w) in self.holder_stems)),
            weak=tuple(r for r in roles if r not in strong),
            other=bool(self.other & set(said)),
            field=_joined(said, [None if stem(w) in self.holder_stems else self._role(w, anchored) for w in said],
                          FIELD_JOINS),
            alternatives=_joined(said, [self._role(w, anchored) for w in said], CHOICE_JOINS),
            anchored=anchored,
            topics=self._hits("topic", content, focus_content),
            gaps=self._hits("gap", content, focus_content),
            compares=self._hits("compare", content, content),
            followup=any(said[: len(p)] == p for p in self.followups),
            refers_back=bool(self.refer & set(said)),
            more=_likeness(utterance, self.more),
            choose=_likeness(utterance, self.choose),
            chat=self._chat(utterance, said, [" ".join(c) for c in map(words, clauses(text)) if c]),
            unknown=unknown,
            names=tuple(w for w in unknown if w in capitalised),
            unknown_before=tuple(w for w in self._unknown(said) if w not in unknown),
        )

    def _hits(self, kind: str, content: tuple[str, ...], focus: tuple[str, ...]) -> tuple[Hit, ...]:
        """Every pattern of `kind` in the message, one hit per intent (its most specific),
        marked as in the question clause or only in the preamble."""
        asked = {h.tag: h for h in self._all(self.patterns[kind], focus)}
        whole = {h.tag: h for h in self._all(self.patterns[kind], content)}
        hits = [asked.get(tag) or Hit(h.tag, h.weight, h.position, h.terms, in_question=False)
                for tag, h in whole.items()]
        return tuple(sorted(hits, key=_specific_first))

    def _unknown(self, said: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(dict.fromkeys(w for w in said if w not in self.known and not w.isdigit()
                                   and stem(w) not in self.known_terms))

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
        """Every intent with a pattern whose stems all occur in `content` in order: its most
        specific such pattern, then its earliest."""
        candidates = [entry for first in dict.fromkeys(content) for entry in patterns.get(first, ())]
        hits = sorted((Hit(tag, self._weight(p), start, p) for tag, p in candidates
                       if (start := _find_in_order(p, content)) >= 0), key=_specific_first)
        return list({h.tag: h for h in reversed(hits)}.values())

    def _weight(self, pattern: tuple[str, ...]) -> int:
        """How specific a pattern is: its words that say something ("what job involve" -> 1)."""
        return sum(1 for t in pattern if t not in QUESTION_WORDS and t not in self.generic) or 1

    def _chat(self, utterance: str, said: tuple[str, ...], parts: list[str]) -> tuple[Chat, ...]:
        """Each small-talk intent the message resembles: as a whole (fuzz.ratio), by the
        words it shares with a pattern (token_set_ratio over words that are not filler), and,
        when it has several, clause by clause ("thanks, I'll pass that along")."""
        if not utterance:
            return ()
        best: dict[str, Chat] = {}
        meaningful = [w for w in said if w not in STOPWORDS] or list(said)
        for tag, pattern in self.smalltalk:
            whole = fuzz.ratio(utterance, pattern)
            # Shared words count as much as the pattern is all the message says:
            # "help" is small talk, "how does it help the hospitals" is not.
            share = min(1.0, len(pattern.split()) / len(meaningful))
            shared = fuzz.token_set_ratio(" ".join(meaningful), pattern) * share
            # A message of one clause is read as a whole already.
            clause = max((fuzz.ratio(part, pattern) for part in parts), default=0.0) if len(parts) > 1 else 0.0
            last = fuzz.ratio(parts[-1], pattern) if len(parts) > 1 else 0.0
            if max(whole, shared, clause) < SMALLTALK_FLOOR:
                continue
            seen = best.get(tag, Chat(tag, 0.0, 0.0, 0.0, 0.0))
            best[tag] = Chat(tag, max(seen.whole, whole / 100), max(seen.words, shared / 100),
                             max(seen.clause, clause / 100), max(seen.last, last / 100))
        return tuple(sorted(best.values(), key=lambda c: (-c.whole, -c.words, c.tag)))


FIELD_JOINS = frozenset({"and"})
"""Words that join two roles into one field ("billing and coding", "billing/coding")."""
CHOICE_JOINS = frozenset({"or"})
"""Words that set two roles as a choice ("billing or coding?")."""


def _joined(said: tuple[str, ...], roles: list[str | None], joins: frozenset[str]) -> bool:
    """Two different roles named side by side, joined by one of `joins`: "medical billing and
    coding" is one field of study, "billing or coding?" a choice (next to each other, as in
    "billing/coding", they are a field)."""
    named = [(n, r) for n, r in enumerate(roles) if r]
    return any(r1 != r2 and ((n2 - n1 == 1 and "and" in joins) or
                             (n2 - n1 > 1 and all(w in joins for w in said[n1 + 1:n2])))
               for (n1, r1), (n2, r2) in zip(named, named[1:], strict=False))


def _likeness(utterance: str, choices: list[str]) -> float:
    """How much the whole message is like the closest of `choices` (fuzz.ratio, 0..1)."""
    if not utterance or not choices:
        return 0.0
    best = process.extractOne(utterance, choices, scorer=fuzz.ratio)
    return best[1] / 100 if best else 0.0


_CLAUSE_BREAK = re.compile(r"[.,;:!?\n]+|\s[-\u2013\u2014]+\s")
_QUESTION_START = frozenset("is are am was were do does did can could should would will how what which who why "
                            "when where whats hows".split())


DOING = frozenset("do does did doing done".split())
"""The forms of "do", read as one word by the lexicon: "what do coders do?" asks about duties."""


def _lexicon_words(said: tuple[str, ...]) -> list[str]:
    """The stems the lexicon reads: every word's, in order, the forms of "do" as one."""
    return ["do" if w in DOING else stem(w) for w in said if len(w) > 1]


_INSIDE_SENTENCE = re.compile(r"(?<![.!?]\s)(?<!^)\b([A-Z][\w'-]*)")


def _capitalised(text: str) -> frozenset[str]:
    """The words written with a capital letter that do not start a sentence, lower-cased;
    in a headline ("Why Is HIPAA Important for Billers"), where most words have one, only
    those written all in capitals."""
    found = _INSIDE_SENTENCE.findall(text.strip())
    if 2 * len(found) > len(text.split()):
        found = [w for w in found if w.isupper() and len(w) > 1]
    return frozenset(w.lower() for w in found)


def clauses(text: str) -> list[str]:
    """The message cut at its punctuation and dashes: "cool, bye!" -> "cool", "bye"."""
    return [part for part in _CLAUSE_BREAK.split(text) if part.strip()]


def question_clause(text: str) -> str:
    """The message from its first asking clause (one that starts like a question or ends
    in "?") to its last question mark: what comes before is a preamble ("my aunt is a
    coder, what is it like?"), what comes after a question mark is an aside ("can I study
    online? I work nights"). The whole message if no clause asks."""
    starts = [0] + [m.end() for m in _CLAUSE_BREAK.finditer(text)]
    for start, match in zip(starts, [*_CLAUSE_BREAK.finditer(text), None], strict=False):
        clause = text[start: match.start() if match else len(text)]
        first = words(clause)[:1]
        if (match and "?" in match.group()) or (first and first[0] in _QUESTION_START):
            end = text.rfind("?")
            return text[start: end + 1 if end >= start else len(text)]
    return text


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
