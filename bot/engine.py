"""The answer engine: one pure function from (message, state) to (reply, state).

A message first meets the conversation's protocol, which needs no judgment: an
empty line, an answer to the /choose walk ("yes", "2"), the number of a suggested
question ("1"; unless a question was asked back, which the number answers), a
/command, the answer to a question the bot asked back ("2", "coding"), "tell me
more" and "help me choose". Everything else is weighed: the message is read
(matcher), every reply that could be given is listed (candidates), each is
described by numbers (features) and scored by one fitted linear model (scorer);
the most probable wins, and an answer less probable than the model's cutoff is
declined instead. compose.py writes the chosen reply from the article.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np

from bot import commands
from bot.advice import Advisor, Verdict
from bot.candidates import DECLINE, Candidate, candidates
from bot.compose import Composer
from bot.corpus import load_corpus
from bot.data import default_model_path
from bot.features import Evidence, features
from bot.grid import Grid
from bot.index import Index
from bot.intents import TOPIC_ORDER, Intents, load_intents
from bot.lexicon import Lexicon, content_stems, sides, topics
from bot.matcher import Analysis, Matcher
from bot.model import Model, load_model
from bot.rarity import rarity
from bot.regression import TopicRegression
from bot.scorer import likeliest
from bot.suggest import Suggester
from bot.text import MAX_INPUT_CHARS, clean, index_terms, pairs, stem, words
from bot.types import ChatState, Clarify, Corpus, Reply
from bot.walk import Walker, answer_of

MORE_LIKENESS = 0.85
"""How much a message must be like "tell me more" (fuzz.ratio, 0..1) to continue the subject."""
MIN_RARITY = 0.25
"""An everyday word the article never uses still counts a quarter of a rare one for coverage."""
CHOICE_WORDS = 3
ORDINALS = {"first": 1, "second": 2, "1st": 1, "2nd": 2}
CHOICE_FILLER = frozenset({"option", "number", "the", "one", "please", "for", "i", "mean", "think", "ok", "okay",
                           "side"})
"""Words around a choice that do not change it: "option 2 please", "the second one"."""
"""A reply naming a role in at most this many words answers "billing or coding?"."""

SUGGESTION_NUMBER = re.compile(r"(\d{1,3})[.)]?")
"""A message that is only the number of a suggested question: "1", "2.", "2)"."""

NEW_CONVERSATION = ChatState()
TRUNCATED_NOTE = f"(Your message was long, so I read only its last {MAX_INPUT_CHARS} characters.)\n\n"


@dataclass(frozen=True)
class Unsettled:
    """A message the protocol leaves to the scorer: its reading, and the state to weigh it in."""

    analysis: Analysis
    state: ChatState


@dataclass(frozen=True)
class Weighing:
    """A message's evidence, its candidate replies, and each candidate's features."""

    evidence: Evidence
    candidates: tuple[Candidate, ...]
    features: tuple[dict[str, float], ...]


def read_message(text: str) -> tuple[str, bool]:
    """The part of a message that is read, safe to show, and whether it was cut.

    A long message keeps its end, from a word's start: the question is usually there.
    """
    text = clean(text[-MAX_INPUT_CHARS * 4:]).strip()  # cleaning only shortens: read no more
    if len(text) <= MAX_INPUT_CHARS:
        return text, False
    return text[-MAX_INPUT_CHARS:].split(maxsplit=1)[-1], True


def lexical(a: Analysis, lexicon: Lexicon, regression: TopicRegression) -> dict[str, Any]:
    """The fitted readers' reading of a message: P(topic | words) by the lexicon and by the
    regression, and how many of its unknown words the lexicon never saw either."""
    probabilities = lexicon.probabilities(a.question)
    return {"lexicon": topics(probabilities), "sides": sides(probabilities),
            "asking": topics(lexicon.probabilities(a.asking)),
            "regression": regression.probabilities(a.question),
            "novel": sum(not lexicon.knows(stem(w)) for w in a.unknown)}


def _per_section(corpus: Corpus, stems: dict[int, list[str]],
                 read: Callable[[list[str]], list[str]]) -> dict[str, frozenset[str]]:
    """Per section, what `read` makes of the stems of its title and of each of its passages
    (the stems, or their adjacent pairs)."""
    return {s: frozenset(read(index_terms(words(s)))).union(*(read(stems[c.id]) for c in corpus.chunks_of(s)))
            for s in corpus.sections}


def _remembered(said: tuple[Reply, ChatState]) -> tuple[Reply, ChatState]:
    """An answer's state keeps the questions it suggests: typing "1" next asks the first."""
    reply, state = said
    return reply, replace(state, suggestions=reply.suggestions)


class Bot:
    """Answers from one corpus with one set of intents and one fitted model; holds no conversation."""

    def __init__(self, corpus: Corpus, intents: Intents, model: Model) -> None:
        self.corpus = corpus
        self.intents = intents
        self.model = model
        self.grid = Grid(intents)
        self.matcher = Matcher(intents, corpus)
        self.index = Index(corpus)
        stems = {c.id: index_terms(words(c.text)) for c in corpus.chunks}
        self.chunk_terms = {i: frozenset(found) for i, found in stems.items()}
        self.section_terms = _per_section(corpus, stems, list)
        self.section_pairs = _per_section(corpus, stems, pairs)
        # Per chunk, the place of its section among the grid's: a section's best cosine is then
        # one vectorised maximum, however many chunks a large corpus has.
        place = {s: n for n, s in enumerate(self.grid.all_sections)}
        self.chunk_place = np.array([place.get(c.section, -1) for c in corpus.chunks])
        self.in_grid = self.chunk_place >= 0
        # How telling a word is: its smoothed idf over the passages; a word in none of them
        # (the article never uses it) tells the most.
        counts = Counter(t for terms in self.chunk_terms.values() for t in terms)
        n = len(corpus.chunks)
        self.idf = {t: math.log((1 + n) / (1 + df)) + 1 for t, df in counts.items()}
        self.unseen_weight = math.log(1 + n) + 1
        self.cells = {t: self.grid.sections(t, self.grid.roles) for t in self.grid.per_role_topics}
        self.advisor = Advisor(corpus, intents, self.grid)
        self.self_words = frozenset(intents.words.self)
        self.walker = Walker(intents, self.advisor)
        self.suggester = Suggester(intents, self.grid)
        self.composer = Composer(corpus, intents, self.grid, self.chunk_terms, self.suggester, self.advisor)

    @classmethod
    def from_paths(cls, corpus_dir: Path, intents_path: Path, model_path: Path | None = None) -> Bot:
        """The bot of these files; the shipped model unless another is given."""
        corpus = load_corpus(corpus_dir)
        return cls(corpus, load_intents(intents_path, corpus), load_model(model_path or default_model_path()))

    def warm(self) -> None:
        """Load what the first answer needs now (the chat does this while the user types)."""
        self.index.warm()

    # ------------------------------------------------------------ entry point

    def reply(self, text: str, state: ChatState = NEW_CONVERSATION) -> tuple[Reply, ChatState]:
        """The reply to one message and the conversation state after it."""
        text, truncated = read_message(text)
        settled = self.settle(text, state)
        if isinstance(settled, Unsettled):
            reply, new_state = _remembered(self.decide(self.weigh(settled.analysis, settled.state)))
        else:
            reply, new_state = settled
        if truncated:
            reply = replace(reply, answer=TRUNCATED_NOTE + reply.answer)
        return reply, new_state

    def settle(self, text: str, state: ChatState) -> tuple[Reply, ChatState] | Unsettled:
        """The reply the conversation's protocol gives `text` (already read) without weighing,
        or the message's reading and the state it is to be weighed in."""
        if not text:
            return Reply(self.intents.empty, "fallback"), state
        if state.walk and not commands.is_command(text):
            if answer := answer_of(text):
                return self.walker.step(answer, state)
            state = replace(state, walk=None)  # a question instead of an answer: the walk is dropped
        if commands.find(text) == commands.CHOOSE:
            return self.walker.start(state)
        if state.suggestions and not state.pending and (number := SUGGESTION_NUMBER.fullmatch(text)):
            return self._pick_suggestion(int(number[1]), state)
        if commands.is_command(text):
            return commands.respond(text, state, self.corpus, self.suggester)
        analysis = self.matcher.analyse(text)
        if settled := self.protocol(analysis, state):
            return _remembered(settled)
        if not (content_stems(analysis.question) or analysis.roles or analysis.chat):
            return Reply(self.intents.empty, "fallback"), state  # "s", "?!": nothing to weigh
        return Unsettled(analysis, state)

    def _pick_suggestion(self, number: int, state: ChatState) -> tuple[Reply, ChatState]:
        """The reply to suggested question `number` (from 1), as if it had been typed."""
        if not 1 <= number <= len(state.suggestions):
            span = "1" if len(state.suggestions) == 1 else f"a number from 1 to {len(state.suggestions)}"
            return Reply(f"There is no suggestion {number}: type {span}, or ask a question.", "fallback"), state
        question = state.suggestions[number - 1]
        reply, new_state = self.reply(question, replace(state, suggestions=()))
        return replace(reply, asked=question), new_state

    def protocol(self, a: Analysis, state: ChatState) -> tuple[Reply, ChatState] | None:
        """The replies that need no weighing: a choice after asking back, and "tell me more"."""
        if state.pending and (choice := self._choice(a, state.pending)):
            chosen = Candidate("answer", state.pending.topic, choice,
                               self.grid.sections(state.pending.topic, choice))
            return self.composer.reply(chosen, self.evidence(a, state), 1.0, None)
        if a.more >= MORE_LIKENESS and not (a.roles or a.topics or a.compares):
            return self._more(a, state)
        if a.choose >= MORE_LIKENESS:  # "help me choose", "which one is right for me?"
            return self.walker.start(state)
        return None

    # ------------------------------------------------------------ weighing

    def evidence(self, a: Analysis, state: ChatState) -> Evidence:
        """Everything the candidates are weighed by, for this message in this state."""
        lexicon = self.model.lexicon
        scores = self.index.scores(a.terms)
        named = () if a.field else a.roles  # "medical billing and coding" names the field, not a side
        if a.other and not a.roles and len(state.roles) == 1:  # "the other one"
            named = tuple(r for r in self.grid.roles if r not in state.roles)
        return Evidence(
            analysis=a, state=replace(state, pending=None), named=named,
            absent_gap=any(not self.intents.by_tag(h.tag).topic for h in a.gaps),
            cosine=self._section_cosines(scores),
            section_terms=self.section_terms,
            section_pairs=self.section_pairs,
            pairs=tuple(p for p in pairs(a.terms) if not set(p.split()).isdisjoint(a.asked)),
            term_weight=self._weights(a),
            rare=max((rarity(w) for w in a.unknown), default=0.0),
            unknown_mass=sum(rarity(w) for w in a.unknown),
            **lexical(a, lexicon, self.model.regression),
            everyday=frozenset(w for w in a.unknown if lexicon.answerable_word(stem(w))),
            cells=self.cells,
            verdict=self._verdict(a),
            self_words=bool(self.self_words & set(a.words)),
            topic_terms={h.tag: frozenset(h.terms) for h in a.topics},
        )

    def _section_cosines(self, scores: Any) -> dict[str, float]:
        """The best passage's cosine in each section of the grid."""
        best = np.zeros(len(self.grid.all_sections))
        np.maximum.at(best, self.chunk_place[self.in_grid], scores[self.in_grid])
        return dict(zip(self.grid.all_sections, best.tolist(), strict=True))

    def _weights(self, a: Analysis) -> dict[str, float]:
        """How much each asked word counts for coverage: its idf in the article; a word the
        article never uses counts as the rarest article word, less as it is an everyday one."""
        spelled = {stem(w): w for w in reversed(a.words)}
        return {t: self.idf[t] if t in self.idf else self.unseen_weight * max(MIN_RARITY, rarity(spelled.get(t, t)))
                for t in a.asked}

    def _verdict(self, a: Analysis) -> Verdict | None:
        """What the strengths and dislikes a message names match in each side's skills; when
        a person asks which suits them in words the article never uses ("I'm bad at math"),
        the skills side by side."""
        liked, disliked = self.advisor.traits_in(a.text)
        speaks_of_self = bool(self.self_words & set(a.words)) and bool(a.unknown or a.unknown_before)
        return self.advisor.weigh(liked, disliked) if liked or disliked or speaks_of_self else None

    def weigh(self, a: Analysis, state: ChatState) -> Weighing:
        ev = self.evidence(a, state)
        fits = [Candidate("fit", "skills", order, self.advisor.sections(replace(ev.verdict, order=order)))
                for order in (ev.verdict.order, ev.verdict.order[::-1])] if ev.verdict else []
        found = tuple(candidates(a, ev.state, self.grid, self.intents, fits))
        return Weighing(ev, found, tuple(features(c, ev) for c in found))

    def decide(self, w: Weighing) -> tuple[Reply, ChatState]:
        """The likeliest reply of the likeliest kind; an answer whose kind is less probable
        than the cutoff is declined. A decline is told what comes close (the nearest answer)
        and what the question asks that the article lacks (the likeliest gap)."""
        scorer = self.model.scorer
        probabilities = scorer.probabilities(w.features)
        best, score = likeliest([c.kind for c in w.candidates], probabilities)
        chosen = w.candidates[best]
        if chosen.action in ("answer", "compare") and score < scorer.cutoff:
            chosen, score = DECLINE, 1.0 - score
        if chosen.action != "decline":
            return self.composer.reply(chosen, w.evidence, score, None)
        # What a decline quotes: the likeliest reply but declining, each answer weighed by how
        # much of what was asked its first section holds (the coders' list for "what is
        # ICD-10?", whoever was discussed); a reply on the asker's strengths by the strengths
        # it read, so "I'm bad at math, which one suits me?" quotes what each job needs.
        near = [i for i, c in enumerate(w.candidates) if c.action in ("answer", "compare", "fit")]
        nearest = w.candidates[max(near, key=lambda i: self._relevance(w, i) * probabilities[i])] if near else None
        gaps = [i for i, c in enumerate(w.candidates) if c.action == "gap"]
        gap = w.candidates[max(gaps, key=probabilities.__getitem__)] if gaps else None
        return self.composer.reply(chosen, w.evidence, score, nearest, gap)

    @staticmethod
    def _relevance(w: Weighing, i: int) -> float:
        """How near candidate i comes to what was asked, for a decline to quote it."""
        c = w.candidates[i]
        return 1.0 if c.action == "fit" else w.evidence.coverage(c.sections[:1])

    # ------------------------------------------------------------ protocol

    def _choice(self, a: Analysis, pending: Clarify) -> tuple[str, ...] | None:
        """The role(s) a reply to "billing or coding?" picks: '1', '2', 'coding', 'both'."""
        said = [w for w in a.words if w not in CHOICE_FILLER]
        if len(said) > CHOICE_WORDS:
            return None
        picked = [ORDINALS.get(w, int(w) if w.isdigit() else 0) for w in said]
        if len(said) == 1 and 1 <= picked[0] <= len(pending.options):  # "2", "option 2", "the second one"
            return (pending.options[picked[0] - 1],)
        if "both" in said:
            return pending.options
        if a.roles and not a.topics and not a.asked:
            return a.roles
        return None

    def _more(self, a: Analysis, state: ChatState) -> tuple[Reply, ChatState]:
        """The next unseen passage of the current sections; then the next topic for the same roles."""
        if not state.sections:
            return self.composer.decline("There is nothing to go on with yet: ask me a question first.", state), state
        unseen = tuple(c for s in state.sections
                       if (c := next((c for c in self.corpus.chunks_of(s) if c.id not in state.shown), None)))
        if unseen:
            reply = self.composer.answer(unseen, state.topic, 1.0, intent="more")
            return reply, replace(state, shown=state.shown + tuple(c.id for c in unseen))
        topic = state.topic if state.topic in TOPIC_ORDER else TOPIC_ORDER[-1]
        following = TOPIC_ORDER[(TOPIC_ORDER.index(topic) + 1) % len(TOPIC_ORDER)]
        sections = self.grid.sections(following, state.roles or self.grid.roles)
        under = ", ".join(f'"{s}"' for s in state.sections)
        chunks = tuple(self.corpus.chunks_of(s)[0] for s in sections)
        reply = self.composer.answer(chunks, following, 1.0, f"That is all the article says under {under}. Next:\n\n",
                                     intent="more")
        return reply, ChatState(state.roles, following, sections, tuple(c.id for c in chunks))

    # ------------------------------------------------------------ for the faces

    def example_questions(self) -> tuple[str, ...]:
        """Every example question in intents.json, for both roles (completion, /topics)."""
        return self.suggester.examples()

    def describe(self, state: ChatState) -> str:
        """The conversation's subject in a few words, e.g. 'medical coding: skills'."""
        if state.walk:
            return self.walker.progress(state)
        roles = " and ".join(self.intents.role(r).label for r in state.roles)
        return ": ".join(part for part in (roles, state.topic) if part) or "nothing yet"
