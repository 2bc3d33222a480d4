"""The evidence for each candidate reply, as numbers the scorer weighs.

Every feature is named `<action>.<what>` and is zero for candidates of other
actions, so each kind of reply has weights of its own: how much a passage's
cosine counts for an answer says nothing about how much it counts against
declining. Values lie in 0..1.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

from bot.advice import Verdict
from bot.candidates import DEFAULT_TOPIC, Candidate
from bot.lexicon import OOS
from bot.matcher import Analysis
from bot.types import ChatState

MAX_COUNTED = 3
"""Counts (pattern words, unknown words) are read as min(n, MAX_COUNTED) / MAX_COUNTED."""
ODDS = 4.0
"""The lexicon's log odds are read within +-ODDS (P from 1.8% to 98.2%): beyond, naive
Bayes is surer than its words warrant. Chosen by 10-fold over the training sets: clipped
at 3, 4 and 9.2 (P 0.01%), 9,576, 9,581 and 9,577 of 10,251 turns (raw probabilities
9,576); checked on the never-fitted holdouts: 888, 891 and 890 of 951 (885)."""
_CLIP = 1.0 / (1.0 + math.exp(ODDS))

FEATURES: tuple[str, ...] = (
    "answer.bias", "answer.lexicon", "answer.asking", "answer.regression", "answer.side", "answer.pattern",
    "answer.pattern_top", "answer.pattern_preamble", "answer.cosine", "answer.cosine_top", "answer.coverage",
    "answer.phrase", "answer.unknown", "answer.unknown_before", "answer.novel", "answer.rare", "answer.names",
    "answer.role_named", "answer.role_holder", "answer.role_weak", "answer.role_carried", "answer.role_other",
    "answer.role_missing", "answer.role_missing_lead", "answer.covers_more", "answer.covers_less", "answer.shared",
    "answer.both_roles", "answer.field", "answer.topic_carried", "answer.topic_carried_cued", "answer.default_topic",
    "answer.default_topic_bare", "answer.compare_word", "answer.gap_word", "answer.overview", "answer.outlook",
    "answer.traits",
    "compare.bias", "compare.lexicon", "compare.asking", "compare.regression", "compare.pattern",
    "compare.pattern_top", "compare.cosine", "compare.coverage", "compare.phrase", "compare.unknown", "compare.novel",
    "compare.rare", "compare.names", "compare.compare_word", "compare.both_roles", "compare.field",
    "compare.one_role", "compare.role_carried", "compare.spans", "compare.topic_carried",
    "compare.topic_carried_cued", "compare.default_topic", "compare.gap_word", "compare.traits",
    "compare.alternatives",
    "gap.bias", "gap.weight", "gap.in_question", "gap.absent", "gap.topic_named", "gap.topic_other", "gap.coverage",
    "gap.lexicon_oos", "gap.asking_oos", "gap.unknown", "gap.novel", "gap.rare", "gap.names", "gap.role_named",
    "fit.bias", "fit.traits", "fit.side", "fit.rule_first", "fit.even", "fit.self", "fit.choosing", "fit.lexicon",
    "fit.regression", "fit.topic_other", "fit.unknown", "fit.roles_named", "fit.alternatives", "fit.named_other",
    "chat.bias", "chat.whole", "chat.words", "chat.clause", "chat.last", "chat.domain", "chat.asked", "chat.long",
    "chat.unknown", "chat.novel", "chat.refers_back",
    "clarify.bias", "clarify.lexicon", "clarify.asking", "clarify.regression", "clarify.side_margin",
    "clarify.pattern", "clarify.pattern_top", "clarify.no_role", "clarify.margin", "clarify.compare_word",
    "clarify.traits", "clarify.coverage", "clarify.unknown", "clarify.rare", "clarify.novel",
    "decline.bias", "decline.unknown", "decline.novel", "decline.rare", "decline.names", "decline.unknown_before",
    "decline.coverage", "decline.phrase", "decline.cosine", "decline.no_domain", "decline.lexicon_oos",
    "decline.asking_oos", "decline.gap_absent", "decline.traits",
)


@dataclass(frozen=True)
class Evidence:
    """What one message in one state offers every candidate: its reading, how well each
    section's best passage matches it, how much of it each section covers, and the
    lexicon's reading of its words."""

    analysis: Analysis
    state: ChatState
    named: tuple[str, ...]
    """The roles the message names ("the other one" names the role not under discussion)."""
    absent_gap: bool
    """A gap fired that nothing in the article comes close to (other careers, remote work)."""
    cosine: Mapping[str, float]
    """The best passage's cosine per section."""
    section_terms: Mapping[str, frozenset[str]]
    section_pairs: Mapping[str, frozenset[str]]
    """Per section, its adjacent pairs of stems: the phrases it uses."""
    pairs: tuple[str, ...]
    """The message's adjacent pairs of stems that hold an asked word ("billing software",
    "information management"): phrases that, found in a section, say it is the one meant."""
    term_weight: Mapping[str, float]
    """How much each asked word counts towards coverage (idf; unknown words the most)."""
    lexicon: Mapping[str, float]
    """P(topic | words), and P(oos | words), from the fitted lexicon."""
    asking: Mapping[str, float]
    """P(topic | words of the question clause alone)."""
    regression: Mapping[str, float]
    """P(topic | words), and P(oos | words), from the fitted regression (bot/regression.py)."""
    sides: Mapping[str, float]
    """P(role | words) where one side is meant, from the fitted lexicon."""
    rare: float
    """How rare in English the rarest word of the question the article never uses is (0..1)."""
    unknown_mass: float
    """The words of the question the article never uses, each counted by its rarity (0..1)."""
    verdict: Verdict | None
    """What the strengths the message names match in each side's skills, if it names any."""
    self_words: bool
    """The message speaks of the asker ("I", "me", "my"): strengths to weigh, not a job's."""
    novel: int
    """Words of the question that neither the article nor any labeled question ever used:
    names and jargon ("superbill", "Kareo"), where everyday words the lexicon knows are not."""
    everyday: frozenset[str]
    """Words of the question the article never uses that are everyday words of the labeled
    questions it answers ("what happens if...?"): not what the question turns on."""
    cells: Mapping[str, tuple[str, ...]]
    """Per topic answered per role, its sections (one per role)."""
    topic_terms: Mapping[str, frozenset[str]]
    """Per topic, the stems of its patterns that fired: words a topic explains."""

    def coverage(self, sections: tuple[str, ...], extra: frozenset[str] = frozenset()) -> float:
        """The share of the question's weight whose words `sections` (or `extra`) contain."""
        asked = dict.fromkeys(self.analysis.asked)
        if not asked:
            return 1.0
        known = extra.union(*(self.section_terms[s] for s in sections))
        total = sum(self.term_weight[t] for t in asked)
        return sum(self.term_weight[t] for t in asked if t in known) / total

    def phrase(self, sections: tuple[str, ...]) -> float:
        """The share of the message's phrases that one of `sections` uses too."""
        if not self.pairs:
            return 0.0
        return max(sum(p in self.section_pairs[s] for p in self.pairs) for s in sections) / len(self.pairs)


def features(c: Candidate, ev: Evidence) -> dict[str, float]:
    """The named features of candidate `c`; absent names are zero."""
    return {**read(c, ev), **learned(c, ev)}


def read(c: Candidate, ev: Evidence) -> dict[str, float]:
    """The features the message, the conversation and the article give, without the
    fitted readers (the lexicon, the regression): fitting computes these once per turn,
    however many readers it tries."""
    return _BY_ACTION[c.action](c, ev)


def learned(c: Candidate, ev: Evidence) -> dict[str, float]:
    """The features the fitted lexicon and regression give: what people's words say about the
    topic, or that the article does not answer them, and how many unknown words it never saw."""
    action = c.action
    values: dict[str, float] = {}
    if action in ("answer", "compare", "clarify"):
        values[f"{action}.lexicon"] = _odds(ev.lexicon.get(c.topic or "", 0.0))
        values[f"{action}.asking"] = _odds(ev.asking.get(c.topic or "", 0.0))
        values[f"{action}.regression"] = _odds(ev.regression.get(c.topic or "", 0.0))
    if action == "fit":
        values["fit.lexicon"] = _odds(ev.lexicon.get("skills", 0.0))
        values["fit.regression"] = _odds(ev.regression.get("skills", 0.0))
        values["fit.side"] = ev.sides.get(c.roles[0], 0.0)
    if action == "answer" and c.roles:
        values["answer.side"] = ev.sides.get(c.roles[0], 0.0)
    if action == "clarify" and ev.sides:
        values["clarify.side_margin"] = max(ev.sides.values()) - min(ev.sides.values())
    if action in ("gap", "decline"):
        values[f"{action}.lexicon_oos"] = _odds(ev.lexicon.get(OOS, 0.0))
        values[f"{action}.asking_oos"] = _odds(ev.asking.get(OOS, 0.0))
    if action in ("answer", "compare", "gap", "decline", "chat", "clarify"):
        values[f"{action}.novel"] = _count(ev.novel)
    return values


def _odds(p: float) -> float:
    """A reader's probability as log odds, clipped to +-ODDS and scaled to 0..1. Naive
    Bayes adds its words' evidence in log odds, and a logistic regression its words'
    weights, so the scorer's sum weighs both on the same scale: as a probability, 0.9 and
    0.999 differ little; as odds, three words more."""
    p = min(max(p, _CLIP), 1.0 - _CLIP)
    return (math.log(p / (1.0 - p)) + ODDS) / (2 * ODDS)


def _count(n: int) -> float:
    return min(n, MAX_COUNTED) / MAX_COUNTED


def _mass(ev: Evidence) -> float:
    """The unknown words, each counted by its rarity, read as a count."""
    return min(ev.unknown_mass, MAX_COUNTED) / MAX_COUNTED


def _explained(c: Candidate, ev: Evidence) -> frozenset[str]:
    """Words the candidate's topic explains (its patterns' stems that fired): covered by it."""
    return ev.topic_terms.get(c.topic or "", frozenset())


def _pattern(a: Analysis, topic: str | None) -> float:
    return _count(a.topic_weight(topic)) if topic else 0.0


def _pattern_in_preamble(a: Analysis, topic: str | None) -> bool:
    return any(h.tag == topic and not h.in_question for h in a.topics)


def _topic_carried(a: Analysis, state: ChatState, topic: str | None) -> bool:
    """The message names no topic, and the conversation is on this one."""
    return not a.topics and topic is not None and topic == state.topic


SHORT = 3
"""A message of at most this many words leans on the conversation ("and coders?")."""


def _cued(a: Analysis) -> bool:
    """The message reads like a follow-up: "and coders?", "the other one", "what about it"."""
    return a.followup or a.other or a.refers_back or len(a.words) <= SHORT


def _traits(ev: Evidence) -> float:
    """How many strengths or dislikes the message names (0..1)."""
    return _count(len(ev.verdict.traits) + len(ev.verdict.disliked)) if ev.verdict else 0.0


def _strong(ev: Evidence) -> tuple[str, ...]:
    """The roles named by a word with no everyday sense ("billing", not the "bill" of "GI Bill")."""
    return tuple(r for r in ev.named if r not in ev.analysis.weak)


def _lead(ev: Evidence, c: Candidate) -> float:
    """How far this role's section of the topic matches the message better than the other
    roles' (0 when it does not lead): words can settle a role nobody named."""
    mine = ev.cosine[c.sections[0]]
    others = [ev.cosine[s] for s in ev.cells.get(c.topic or "", ()) if s != c.sections[0]]
    return max(0.0, mine - max(others, default=0.0))


def _covers(ev: Evidence, c: Candidate) -> float:
    """How much more of the question this role's section of the topic covers than the other
    roles' (negative when less): "what does AHIMA stand for?" after billing is about coding."""
    others = [ev.coverage((s,)) for s in ev.cells.get(c.topic or "", ()) if s != c.sections[0]]
    return ev.coverage(c.sections[:1]) - max(others) if others else 0.0


def _answer(c: Candidate, ev: Evidence) -> dict[str, float]:
    a, state = ev.analysis, ev.state
    named = ev.named
    role = c.roles[0] if c.roles else None
    carried = not named and role is not None and role in state.roles
    section = c.sections[0]
    best = max(ev.cosine.values(), default=0.0)
    topic_carried = _topic_carried(a, state, c.topic)
    missing = role is not None and not named and not state.roles
    return {
        "answer.bias": 1.0,
        "answer.pattern": _pattern(a, c.topic),
        "answer.pattern_top": float(c.topic in a.top_topics),
        "answer.pattern_preamble": float(_pattern_in_preamble(a, c.topic)),
        "answer.cosine": ev.cosine[section],
        "answer.cosine_top": float(best > 0 and ev.cosine[section] == best),
        "answer.coverage": ev.coverage(c.sections, _explained(c, ev)),
        "answer.phrase": ev.phrase(c.sections),
        "answer.unknown": _mass(ev),
        "answer.rare": ev.rare,
        "answer.names": _count(len(ev.analysis.names)),
        "answer.unknown_before": _count(len(a.unknown_before)),
        "answer.role_named": float(role in named),
        "answer.role_holder": float(role in a.holders),
        "answer.role_weak": float(role in a.weak),
        "answer.role_carried": float(carried),
        "answer.role_other": float(role is not None and bool(named) and role not in named),
        "answer.role_missing": float(missing),
        "answer.role_missing_lead": _lead(ev, c) if missing else 0.0,
        "answer.covers_more": max(0.0, _covers(ev, c)),
        "answer.covers_less": max(0.0, -_covers(ev, c)),
        "answer.shared": float(role is None),
        "answer.both_roles": float(len(_strong(ev)) > 1),
        "answer.field": float(a.field),
        "answer.topic_carried": float(topic_carried and not _cued(a)),
        "answer.topic_carried_cued": float(topic_carried and _cued(a)),
        "answer.default_topic": float(c.topic == DEFAULT_TOPIC and not a.topics),
        "answer.default_topic_bare": float(c.topic == DEFAULT_TOPIC and not a.topics and not a.asked),
        "answer.compare_word": float(bool(a.compares)),
        "answer.gap_word": float(bool(a.gaps)),
        "answer.overview": float(c.topic == "overview"),
        "answer.outlook": float(c.topic == "outlook"),
        "answer.traits": _traits(ev),
    }


def _compare(c: Candidate, ev: Evidence) -> dict[str, float]:
    a, state = ev.analysis, ev.state
    named = ev.named
    compared = frozenset(t for h in a.compares for t in h.terms)
    return {
        "compare.bias": 1.0,
        "compare.pattern": _pattern(a, c.topic),
        "compare.pattern_top": float(c.topic in a.top_topics),
        "compare.cosine": min(ev.cosine[s] for s in c.sections),
        "compare.coverage": ev.coverage(c.sections, compared | _explained(c, ev)),
        "compare.phrase": ev.phrase(c.sections),
        "compare.unknown": _mass(ev),
        "compare.rare": ev.rare,
        "compare.names": _count(len(ev.analysis.names)),
        "compare.compare_word": float(bool(a.compares)),
        "compare.both_roles": float(len(_strong(ev)) > 1),
        "compare.field": float(a.field),
        "compare.one_role": float(len(named) == 1),
        "compare.role_carried": float(not named and len(state.roles) > 1),
        "compare.spans": float(len(set(named) | set(state.roles)) > 1 and len(named) < 2),
        "compare.topic_carried": float(_topic_carried(a, state, c.topic) and not _cued(a)),
        "compare.topic_carried_cued": float(_topic_carried(a, state, c.topic) and _cued(a)),
        "compare.default_topic": float(c.topic == DEFAULT_TOPIC and not a.topics),
        "compare.gap_word": float(bool(a.gaps)),
        "compare.traits": _traits(ev),
        "compare.alternatives": float(a.alternatives),
    }


def _gap(c: Candidate, ev: Evidence) -> dict[str, float]:
    a = ev.analysis
    hit = next(h for h in a.gaps if h.tag == c.tag)
    stronger = any(h.weight > hit.weight and h.tag != c.topic for h in a.topics)
    return {
        "gap.bias": 1.0,
        "gap.weight": _count(hit.weight),
        "gap.in_question": float(hit.in_question),
        "gap.absent": float(c.topic is None),
        "gap.topic_named": float(c.topic is not None and a.topic_weight(c.topic) > 0),
        "gap.topic_other": float(stronger),
        "gap.coverage": ev.coverage(c.sections, frozenset(hit.terms)),
        "gap.unknown": _mass(ev),
        "gap.rare": ev.rare,
        "gap.names": _count(len(ev.analysis.names)),
        "gap.role_named": float(bool(a.roles)),
    }


def _fit(c: Candidate, ev: Evidence) -> dict[str, float]:
    a, verdict = ev.analysis, ev.verdict
    assert verdict is not None, "a fit candidate comes with the verdict on the traits"
    return {
        "fit.bias": 1.0,
        "fit.traits": _count(len(verdict.traits)),
        "fit.even": float(verdict.even),
        "fit.rule_first": float(not verdict.even and c.roles[:1] == verdict.order[:1]),
        "fit.self": float(ev.self_words),
        "fit.choosing": float(bool(a.compares)),
        "fit.topic_other": float(any(h.tag != "skills" for h in a.topics)),
        "fit.unknown": _mass(ev),
        "fit.roles_named": _count(len(ev.named)),
        "fit.alternatives": float(a.alternatives),
        # "what's this coding thing people talk about?" names coding: billers first is off.
        "fit.named_other": float(len(ev.named) == 1 and c.roles[:1] != ev.named),
    }


SHARPNESS = 3
"""Fuzzy likeness is read as likeness ** SHARPNESS: only a close match means the same thing
("what is 17 times 3" is 63% like "what is your name" and means nothing like it)."""


def _sharp(likeness: float) -> float:
    return likeness ** SHARPNESS


def _chat(c: Candidate, ev: Evidence) -> dict[str, float]:
    a = ev.analysis
    chat = next(ch for ch in a.chat if ch.tag == c.tag)
    return {
        "chat.bias": 1.0,
        "chat.whole": _sharp(chat.whole),
        "chat.words": _sharp(chat.words),
        "chat.clause": _sharp(chat.clause),
        "chat.last": _sharp(chat.last),
        "chat.domain": float(bool(a.roles or a.topics or a.compares or a.anchored)),
        # Asked words a close match does not explain: "what is 17 times 3" is not "what is your name".
        "chat.asked": _count(len(a.asked)) * (1 - _sharp(max(chat.whole, chat.clause))),
        "chat.long": _count(max(0, len(a.words) - 4)),
        "chat.unknown": _mass(ev),
        # "how does it help?" after an answer asks about what "it" is, not for the bot's help.
        "chat.refers_back": float(a.refers_back and bool(ev.state.topic)),
    }


def _clarify(c: Candidate, ev: Evidence) -> dict[str, float]:
    a, state = ev.analysis, ev.state
    cells = [ev.cosine[s] for s in c.sections]
    return {
        "clarify.bias": 1.0,
        "clarify.pattern": _pattern(a, c.topic),
        "clarify.pattern_top": float(c.topic in a.top_topics),
        "clarify.no_role": float(not ev.named and not state.roles),
        "clarify.margin": max(cells) - min(cells),
        "clarify.compare_word": float(bool(a.compares)),
        "clarify.traits": _traits(ev),
        "clarify.coverage": ev.coverage(c.sections, _explained(c, ev)),
        "clarify.unknown": _mass(ev),
        "clarify.rare": ev.rare,
    }


def _decline(c: Candidate, ev: Evidence) -> dict[str, float]:
    a = ev.analysis
    sections = tuple(ev.cosine)
    return {
        "decline.bias": 1.0,
        "decline.unknown": _mass(ev),
        "decline.rare": ev.rare,
        "decline.names": _count(len(ev.analysis.names)),
        "decline.unknown_before": _count(len(a.unknown_before)),
        "decline.coverage": max((ev.coverage((s,)) for s in sections), default=0.0),
        "decline.phrase": ev.phrase(sections),
        "decline.cosine": max(ev.cosine.values(), default=0.0),
        "decline.no_domain": float(not (a.roles or a.anchored or a.topics or a.compares)),
        "decline.gap_absent": float(ev.absent_gap),
        "decline.traits": _traits(ev),
    }


_BY_ACTION = {"answer": _answer, "compare": _compare, "fit": _fit, "gap": _gap, "chat": _chat,
              "clarify": _clarify, "decline": _decline}
