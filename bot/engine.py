"""The answer engine: one pure function from (message, state) to (reply, state).

Decision order for a message (first that applies wins):

1. empty                      -> a polite nudge (fallback)
2. /command, or "exit"/"quit" -> the command's reply
3. the answer to a question asked back ("1", "coding") -> that topic for that role;
   any other message drops the question
4. small talk naming no role ("hi", "thanks", "what can you do?") -> its response
5. "tell me more"             -> the next unseen passage of the current subject
6. off topic: words the article never uses, outweighing what ties the message to
   it (see _off_topic)        -> fallback with questions to ask instead
7. a gap, something the article does not cover -> say so; with `answers`, then
   answer from the closest topic (pay -> the outlook), else quote it in a fallback
8. a topic (role x topic, the conversation filling in a missing role) -> its
   section; two roles or a comparison -> both side by side, a general one led by
   the article's introduction; a topic that needs a role and has none -> the role
   the words point to (CLARIFY_RATIO), else ask back which role
9. a role and no topic        -> the topic under discussion if the message only
   switches role ("and coders?"), else TF-IDF retrieval within that role
   (RETRIEVAL_MIN), else what the job is
10. no role and no topic      -> retrieval over everything (RETRIEVAL_ALONE and
    MIN_SHARED_TERMS), then within the current subject; "why?" or "why does it
    matter?" -> the current subject again
11. otherwise                 -> fallback with questions the user could ask
"""

from __future__ import annotations

from collections.abc import Set as AbstractSet
from dataclasses import replace
from pathlib import Path

from bot import commands
from bot.corpus import load_corpus
from bot.grid import Grid
from bot.index import Index, Passage
from bot.intents import OVERVIEW_TOPIC, TOPIC_ORDER, Intents, load_intents
from bot.matcher import Analysis, Matcher
from bot.text import MAX_INPUT_CHARS, QUESTION_WORDS, clean, index_terms, words
from bot.types import ChatState, Chunk, Clarify, Corpus, Intent, Reply

RETRIEVAL_MIN = 0.12
"""Cosine a passage needs when the message names a role (the search is narrowed to it)."""
RETRIEVAL_ALONE = 0.2
"""Cosine a passage needs when retrieval is the only evidence."""
CLARIFY_RATIO = 1.5
"""Without a role, the best role's passage must beat the other's by this factor, else ask back."""
DEFAULT_TOPIC = TOPIC_ORDER[0]
"""What a message that names only a role asks about: what the job is."""
MAX_UNKNOWN_WITH_FIELD = 3
"""Unknown words that make "coding" or "billing" without a medical word another sense."""
TOPIC_SUPPORT = 2
"""How many known words a matched topic ("skills", "demand") counts for against unknown ones."""
MIN_SHARED_TERMS = 2
"""Words a passage must share with a message that names no role or topic."""
CHOICE_WORDS = 3
"""A reply naming a role in at most this many words answers "billing or coding?"."""
OTHER = "other"
"""'the other one', 'and the other job?': the role the conversation is not about."""
PRONOUNS = frozenset("it they them that this those their there he she two both same ones".split())
"""Words that point back at what the conversation is about."""

NEW_CONVERSATION = ChatState()
TRUNCATED_NOTE = f"(Your message was long, so I read only its last {MAX_INPUT_CHARS} characters.)\n\n"


class Bot:
    """Answers from one corpus with one set of intents; holds no conversation itself."""

    def __init__(self, corpus: Corpus, intents: Intents) -> None:
        self.corpus = corpus
        self.intents = intents
        self.matcher = Matcher(intents, corpus)
        self.index = Index(corpus)
        self.chunk_terms = {c.id: frozenset(index_terms(words(c.text))) for c in corpus.chunks}
        self.section_terms = {s: frozenset(index_terms(words(f"{s} {corpus.section_text(s)}")))
                              for s in corpus.sections}
        self.grid = Grid(intents)
        self.role_names = self.grid.roles

    @classmethod
    def from_paths(cls, corpus_dir: Path, intents_path: Path) -> Bot:
        corpus = load_corpus(corpus_dir)
        return cls(corpus, load_intents(intents_path, corpus))

    # ------------------------------------------------------------ entry point

    def reply(self, text: str, state: ChatState = NEW_CONVERSATION) -> tuple[Reply, ChatState]:
        """The reply to one message and the conversation state after it."""
        text = clean(text[-MAX_INPUT_CHARS * 4:]).strip()  # cleaning only shortens: read no more
        truncated = len(text) > MAX_INPUT_CHARS
        if truncated:  # the question is usually at the end: keep that, from a word's start
            text = text[-MAX_INPUT_CHARS:].split(maxsplit=1)[-1]
        if not text:
            return Reply(self.intents.empty, "fallback"), state
        if text.startswith("/") or commands.find(text) == commands.QUIT:
            return self._command(text, state)
        reply, new_state = self._respond(self.matcher.analyse(text), state)
        if truncated:
            reply = replace(reply, answer=TRUNCATED_NOTE + reply.answer)
        return reply, new_state

    def _respond(self, a: Analysis, state: ChatState) -> tuple[Reply, ChatState]:
        if state.pending and (choice := self._choice(a, state.pending)):
            return self._grid(state.pending.topic, choice, a, state, state.pending.topic)
        state = replace(state, pending=None)  # a question asked back is answered now or never
        if a.smalltalk and not a.roles and not a.compare:
            intent = self.intents.by_tag(a.smalltalk.tag)
            return Reply(intent.responses[0], "smalltalk", intent.tag, score=a.smalltalk.score), state
        if a.more and not a.has_domain:
            if state.sections:
                return self._more(a, state)
            return self._fallback(a, state, "There is nothing to go on with yet: ask me a question first.")
        if self._off_topic(a, state):
            return self._fallback(a, state, self._unknown_note(a))
        if a.gap:
            return self._gap(self.intents.by_tag(a.gap.tag), a, state)
        return self._route(a, state)

    def _off_topic(self, a: Analysis, state: ChatState) -> bool:
        """Words the article never uses, and too little that ties the message to it.

        A job holder ("coders"), both roles, or a role beside a medical word tie a
        message to the article. With nothing at all that ties it ("how do I fix my
        car", "what is morse code") any unknown word makes it off topic; so it does
        when a topic that needs a role has none ("how do I become a pilot").
        Otherwise the unknown words must outnumber what the message says that the
        bot knows, a matched topic counting for TOPIC_SUPPORT words.
        """
        if not a.unknown:
            return False
        if a.weak_role and not a.named:
            return len(a.unknown) > a.known_residual  # "did the senate pass the healthcare bill?"
        if a.named or len(a.roles) > 1 or (a.roles and a.anchored):
            return False
        asked = [h.tag for h in a.topics] + ([self.intents.by_tag(a.gap.tag).topic] if a.gap else [])
        needs_role = bool(a.topics) and not any(t and self.grid.shared(t) for t in asked)
        if not (a.roles or state.roles) and (not (a.anchored or a.topic) or needs_role):
            return True
        if a.roles and not a.topic and len(a.unknown) >= MAX_UNKNOWN_WITH_FIELD:
            return True  # "what coding language should I learn, python or javascript"
        support = a.known_residual + (TOPIC_SUPPORT if a.topic else 0)
        if (set(a.words) & PRONOUNS and state.roles) or a.anchored:
            return len(a.unknown) > support  # "what affects their pay", "... sent to the insurer?"
        return len(a.unknown) >= support

    # ------------------------------------------------------------ routing

    def _roles(self, a: Analysis, state: ChatState, extra: tuple[str, ...] = ()) -> tuple[str, ...]:
        """The roles a message is about: named ones, else the conversation's ("the other one":
        the one it is not); both if comparing."""
        roles = self._named_roles(a, state) or extra or state.roles
        if len(roles) > 1 or self._compares(a, state):
            return tuple(dict.fromkeys(roles + self.role_names))
        return roles

    def _named_roles(self, a: Analysis, state: ChatState) -> tuple[str, ...]:
        if not a.roles and OTHER in a.words and len(state.roles) == 1:
            return tuple(r for r in self.role_names if r not in state.roles)
        return a.roles

    def _route(self, a: Analysis, state: ChatState) -> tuple[Reply, ChatState]:
        roles = self._roles(a, state)
        if a.topic:
            topic = self._pick_topic(a, roles)
            return self._grid(topic, roles, a, state, topic)
        compares = self._compares(a, state)
        if self._named_roles(a, state) or compares:
            if state.topic and self._continues(a, compares):
                return self._grid(state.topic, roles, a, state, state.topic)
            if a.residual and len(roles) == 1:
                # Words the article never uses make a weak match likelier to be a coincidence.
                found = self._retrieve(a, roles, RETRIEVAL_ALONE if a.unknown else RETRIEVAL_MIN)
                if found:
                    return self._from_passage(found, roles)
                if a.unknown:  # "can medical coders work nights?": say so, then what it does say
                    return self._grid(DEFAULT_TOPIC, roles, a, state, None,
                                      f"{self._unknown_note(a)} Here is what it says:\n\n")
            return self._grid(DEFAULT_TOPIC, roles, a, state, None)
        if a.residual:
            found = (self._retrieve(a, (), RETRIEVAL_ALONE, MIN_SHARED_TERMS, None)
                     or self._retrieve(a, (), RETRIEVAL_MIN, 1, set(state.sections))
                     or self._retrieve(a, state.roles, RETRIEVAL_MIN))
            if found:
                return self._from_passage(found, state.roles)
            if state.topic and set(a.words) & PRONOUNS:  # "why does it matter?": the subject again
                return self._grid(state.topic, state.roles, a, state, None)
        elif state.topic and a.words and set(a.words) <= QUESTION_WORDS | {"so", "really"}:
            return self._grid(state.topic, state.roles, a, state, None)  # "why?", "how so?"
        elif state.roles and set(a.words) & (PRONOUNS | {"what"}):
            return self._grid(DEFAULT_TOPIC, state.roles, a, state, None)
        return self._fallback(a, state, "")

    @staticmethod
    def _continues(a: Analysis, compares: bool) -> bool:
        """A message naming only a role keeps the topic: "and coders?", "how does that compare?"."""
        refers_back = bool(set(a.words) & PRONOUNS) or len(a.words) <= 2
        return a.followup or (compares and refers_back) or (not a.residual and refers_back)

    @staticmethod
    def _compares(a: Analysis, state: ChatState) -> bool:
        """A comparison of the two jobs: a comparison word with a role named or under
        discussion, or with nothing else to compare ("which should I choose?") - not
        "what's the difference between AAPC and AHIMA?"."""
        if not a.compare:
            return False
        others = set(a.residual) - a.compare_terms - {t for hit in a.topics for t in hit.terms}
        return bool(a.roles or state.roles or not others)

    def _pick_topic(self, a: Analysis, roles: tuple[str, ...]) -> str:
        """Of equally specific topics ("organizations offering certification", "does
        certification affect pay"), the one whose section shares most of the message's
        words; the earliest named on a tie."""
        wanted = set(a.residual)

        def overlap(tag: str) -> int:
            sections = self.grid.sections(tag, roles or self.role_names)
            return max((len(wanted & self.section_terms[s]) for s in sections), default=0)

        return max(a.topics, key=lambda h: (overlap(h.tag), -h.position)).tag

    def _grid(self, topic: str, roles: tuple[str, ...], a: Analysis, state: ChatState,
              tag: str | None, preface: str = "") -> tuple[Reply, ChatState]:
        """Answer `topic` for `roles`: one cell, both cells side by side, or ask which role."""
        sections = self.grid.sections(topic, roles)
        if not sections:
            return self._clarify_or_pick(topic, a, state, tag, preface)
        if len(sections) > 1 and topic == DEFAULT_TOPIC and (overview := self.grid.shared(OVERVIEW_TOPIC)):
            # "billing vs coding": the article's introduction, then each job; it goes last
            # when the duties were asked for ("compare their day-to-day responsibilities").
            sections = sections + (overview,) if tag == DEFAULT_TOPIC else (overview,) + sections
        chunks = tuple(c for s in sections if (c := self._best_chunk(s, a, state.shown)))
        reply = self._answer(chunks, tag, 1.0 if tag else 0.8, preface)
        return reply, ChatState(roles, topic, sections, tuple(c.id for c in chunks))

    def _clarify_or_pick(self, topic: str, a: Analysis, state: ChatState, tag: str | None,
                         preface: str) -> tuple[Reply, ChatState]:
        """Pick the role the message's words clearly point to ("what is AHIMA?"), else ask back."""
        evidence = list(a.residual)
        best = {role: self._best_score(evidence, set(self.grid.sections(topic, (role,)))) for role in self.role_names}
        ranked = sorted(best, key=lambda r: -best[r])
        top, runner = best[ranked[0]], best[ranked[1]] if len(ranked) > 1 else 0.0
        if evidence and top >= RETRIEVAL_MIN and top >= CLARIFY_RATIO * runner:
            return self._grid(topic, (ranked[0],), a, state, tag, preface)
        labels = [self.intents.role(r).label for r in self.role_names]
        question = f"Do you mean {' or '.join(labels)}?\n" + "\n".join(
            f"  {n}) {label}" for n, label in enumerate(labels, 1))
        pending = Clarify(topic, self.role_names)
        return Reply(question, "clarify", tag, score=0.5), ChatState(state.roles, topic, state.sections,
                                                                   state.shown, pending)

    def _choice(self, a: Analysis, pending: Clarify) -> tuple[str, ...] | None:
        """The role(s) a reply to "billing or coding?" picks: '1', '2', 'coding', 'both'."""
        said = a.words
        if len(said) == 1 and said[0].isdigit() and 1 <= int(said[0]) <= len(pending.options):
            return (pending.options[int(said[0]) - 1],)
        if "both" in said:
            return pending.options
        if a.roles and not a.topic and not a.residual and len(said) <= CHOICE_WORDS:
            return a.roles
        return None

    def _retrieve(self, a: Analysis, roles: tuple[str, ...], cutoff: float, shared: int = 1,
                  sections: set[str] | None = None) -> Passage | None:
        """The best passage for the message's words, within `sections`, else the roles' sections.

        It must reach `cutoff` and share `shared` distinct words with the message.
        With neither sections nor roles it searches everything.
        """
        allowed = self.grid.open_to(roles) if roles and sections is None else sections
        top = self.index.search(list(a.terms), allowed)
        if not top or top.score < cutoff or len(set(a.residual) & self.chunk_terms[top.chunk.id]) < shared:
            return None
        return top

    def _from_passage(self, passage: Passage, roles: tuple[str, ...]) -> tuple[Reply, ChatState]:
        """Answer with a retrieved passage; its section's role and topic become the subject."""
        section = passage.chunk.section
        role = self.grid.role_of(section)
        reply = self._answer((passage.chunk,), None, passage.score, "")
        return reply, ChatState((role,) if role else roles, self.grid.topic_of(section), (section,),
                                (passage.chunk.id,))

    def _best_score(self, terms: list[str], sections: set[str]) -> float:
        top = self.index.search(terms, sections) if terms else None
        return top.score if top else 0.0

    # ------------------------------------------------------------ answers

    def _best_chunk(self, section: str, a: Analysis, shown: tuple[int, ...] = (), unseen: bool = False) -> Chunk | None:
        """The passage of `section` sharing most words with the question; on a tie one not
        shown yet, then the first. With `unseen`, only passages not shown yet.

        Role words are left out: every passage of a billing section says "billing".
        """
        wanted = set(a.residual)
        candidates = [c for c in self.corpus.chunks_of(section) if not (unseen and c.id in shown)]
        return max(candidates, key=lambda c: (len(wanted & self.chunk_terms[c.id]), c.id not in shown, -c.id),
                   default=None)

    def _answer(self, chunks: tuple[Chunk, ...], tag: str | None, score: float, preface: str) -> Reply:
        sections = tuple(dict.fromkeys(c.section for c in chunks))
        # Side by side, each passage under its section's name; a single one needs no heading.
        body = chunks[0].text if len(chunks) == 1 else "\n\n".join(f"{c.section}\n{c.text}" for c in chunks)
        return Reply(preface + body, "answer", tag, sections, min(1.0, score), self._suggest(sections))

    def _more(self, a: Analysis, state: ChatState) -> tuple[Reply, ChatState]:
        """The next unseen passage of the current sections; then the next topic for the same roles."""
        chunks = tuple(c for s in state.sections if (c := self._best_chunk(s, a, state.shown, unseen=True)))
        if chunks:
            reply = self._answer(chunks, "more", 1.0, "")
            return reply, replace(state, shown=state.shown + tuple(c.id for c in chunks))
        topic = state.topic if state.topic in TOPIC_ORDER else TOPIC_ORDER[-1]
        following = TOPIC_ORDER[(TOPIC_ORDER.index(topic) + 1) % len(TOPIC_ORDER)]
        under = ", ".join(f'"{s}"' for s in state.sections)
        note = f"That is all the article says under {under}. Next:\n\n"
        return self._grid(following, state.roles, a, state, "more", note)

    def _gap(self, gap: Intent, a: Analysis, state: ChatState) -> tuple[Reply, ChatState]:
        """Say plainly what the article lacks; add what it does say when a topic comes close."""
        note = f"The article does not cover {gap.missing}."
        if not gap.topic:
            return self._fallback(a, state, note)
        roles = self._roles(a, state, (gap.role,) if gap.role else ())
        # "how long until a biller is promoted" asks no training question; but "does
        # certification affect how much I earn" is a pay question, which the outlook answers.
        conflicting = a.topic and gap.topic not in {h.tag for h in a.topics} and not gap.answers
        if conflicting or not self.grid.sections(gap.topic, roles):
            return self._fallback(a, state, note)
        if gap.answers:  # the section speaks to the question, if not in figures ("salaries vary")
            return self._grid(gap.topic, roles, a, state, gap.tag, f"{note} Here is what it does say:\n\n")
        partial, new_state = self._grid(gap.topic, roles, a, state, gap.tag)
        # A "does not know" reply, with what the article says nearby, its section named in the text.
        under = ", ".join(f'"{s}"' for s in partial.sections)
        text = f"{note} What it does say, under {under}:\n\n{partial.answer}"
        return replace(partial, answer=text, kind="fallback", sections=(), score=0.0), new_state

    def _unknown_note(self, a: Analysis) -> str:
        quoted = ", ".join(f'"{w}"' for w in tuple(dict.fromkeys(a.unknown))[:3])
        return f"The article does not mention {quoted}."

    def _fallback(self, a: Analysis, state: ChatState, note: str) -> tuple[Reply, ChatState]:
        lead = note + " " if note else ""
        text = lead + self.intents.fallback
        return Reply(text, "fallback", None, (), 0.0, self._examples(state.roles, limit=3)), state

    # ------------------------------------------------------------ suggestions and commands

    def example_questions(self) -> tuple[str, ...]:
        """Every example question in intents.json, for both roles (completion, /topics)."""
        return self._examples((), limit=1000)

    def describe(self, state: ChatState) -> str:
        """The conversation's subject in a few words, e.g. 'medical coding: skills'."""
        roles = " and ".join(self.intents.role(r).label for r in state.roles)
        return ": ".join(part for part in (roles, state.topic) if part) or "nothing yet"

    def _examples(self, roles: tuple[str, ...], limit: int, skip: AbstractSet[str] = frozenset()) -> tuple[str, ...]:
        """Example questions from intents.json, for the given roles (both if none)."""
        nouns = [self.intents.role(r).noun for r in (roles or self.role_names)]
        found: list[str] = []
        for intent in self.intents.of_kind("topic") + self.intents.of_kind("compare"):
            if intent.tag in skip:
                continue
            for example in intent.examples:
                found.extend(dict.fromkeys(example.format(noun=n) for n in nouns))
        return tuple(dict.fromkeys(found))[:limit]

    def _suggest(self, sections: tuple[str, ...]) -> tuple[str, ...]:
        topics = {self.grid.topic_of(s) for s in sections}
        roles = tuple(dict.fromkeys(r for s in sections if (r := self.grid.role_of(s))))
        return self._examples(roles, limit=2, skip={t for t in topics if t})

    def _command(self, text: str, state: ChatState) -> tuple[Reply, ChatState]:
        command = commands.find(text)
        if command is None:
            name = clean(text.split()[0])[:40]
            return Reply(f"Unknown command {name}. Type /help for the list.", "command", None), state
        if command == commands.RESET:
            return Reply("Starting over: I have forgotten what we were talking about.", "command", "reset"), ChatState()
        if command == commands.TOPICS:
            lines = [f"  • {s}" for s in self.corpus.sections]
            examples = [f"  • {q}" for q in self._examples((), limit=6)]
            text = "The article's sections:\n" + "\n".join(lines) + "\n\nTry asking:\n" + "\n".join(examples)
            return Reply(text, "command", "topics"), state
        if command == commands.SOURCE:
            if not state.sections:
                return Reply("Nothing to show yet: ask a question first.", "command", "source"), state
            text = "\n\n".join(f"{s}\n\n{self.corpus.section_text(s)}" for s in state.sections)
            return Reply(text, "command", "source"), state
        if command == commands.QUIT:
            return Reply("Goodbye!", "command", commands.QUIT_INTENT), state
        return Reply(commands.help_text(), "command", "help"), state
