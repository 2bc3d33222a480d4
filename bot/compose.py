"""A chosen candidate -> the reply's text, and the conversation state after it.

Answers are passages of the article, never written text: one passage per section,
the one sharing most words with the question (the first on a tie, so the same
question gets the same passage). A comparison lines up the same kind of passage
on each side, each under its section's name. Declines say what the article
lacks and, when a section shares words with the question, quote it.
"""

from __future__ import annotations

from dataclasses import replace

from bot.advice import SKILLS_TOPIC, Advisor, Verdict
from bot.candidates import Candidate
from bot.features import Evidence
from bot.grid import Grid
from bot.intents import Intents
from bot.rarity import rarity
from bot.suggest import Suggester
from bot.types import ChatState, Chunk, Clarify, Corpus, Reply

MAX_NAMED_UNKNOWN = 3
"""A decline names at most this many of the words the article never uses."""
NOTED_RARITY = 0.5
"""A word the article never uses is named as missing only if it is at least this rare in
English ("auditor", "campus"), or a name ("HIPAA"): "has", "five" or "matter" are not
what a question is about, and naming them before a right answer misleads."""


class Composer:
    """Turns candidates into replies from one corpus and one set of intents."""

    def __init__(self, corpus: Corpus, intents: Intents, grid: Grid, chunk_terms: dict[int, frozenset[str]],
                 suggester: Suggester, advisor: Advisor) -> None:
        self.advisor = advisor
        self.corpus = corpus
        self.intents = intents
        self.grid = grid
        self.chunk_terms = chunk_terms
        self.suggest = suggester

    def reply(self, c: Candidate, ev: Evidence, score: float, nearest: Candidate | None,
              gap: Candidate | None = None) -> tuple[Reply, ChatState]:
        """The reply for candidate `c` (chosen with probability `score`); `nearest` is the
        best answer that was not chosen, quoted when a decline has something close; `gap`
        the likeliest gap the question names, which a decline with no missing word to
        name speaks through ("The article does not cover pay figures")."""
        state = replace(ev.state, pending=None)
        if c.action in ("answer", "compare"):
            chunks = self.passages(c.sections, ev)
            reply = self.answer(chunks, c.topic, score, self._unknown_preface(ev))
            roles = c.roles or state.roles
            return reply, ChatState(roles, c.topic, c.sections, tuple(ch.id for ch in chunks))
        if c.action == "fit" and ev.verdict:
            return self.fit(replace(ev.verdict, order=c.roles), self._fit_lead(ev), score, state)
        if c.action == "chat":
            intent = self.intents.by_tag(c.tag or "")
            return Reply(intent.responses[0], "smalltalk", intent.tag, score=score), state
        if c.action == "clarify":
            return self._clarify(c, score, state)
        if c.action == "gap":
            note = f"The article does not cover {self.intents.by_tag(c.tag or '').missing}."
            if c.sections:
                return self._decline_quoting(note, c, ev, score)
            return self.decline(note, state, score), state
        note = self._unknown_note(ev, story=ev.self_words)
        if not note and gap is not None:
            # Declining and a gap are one act: the labels never tell them apart, so the
            # scorer cannot either. What is missing is worth saying, when nothing else is.
            return self.reply(gap, ev, score, None)
        lead = note or "The article does not answer that exactly."
        if nearest is not None and nearest.action == "fit":
            return self._skills_quoted(lead, ev, score)
        if nearest is not None and ev.coverage(nearest.sections) > 0:
            return self._decline_quoting(lead, nearest, ev, score)
        if ev.verdict and note:  # strengths the article never names ("math")
            return self._skills_quoted(note, ev, score)
        return self.decline(note, state, score), state

    def _skills_quoted(self, note: str, ev: Evidence, score: float) -> tuple[Reply, ChatState]:
        """A decline on the asker's strengths, quoting what each job (or the one named) needs."""
        sections = self.grid.sections(SKILLS_TOPIC, ev.named or self.grid.roles)
        skills = Candidate("answer", SKILLS_TOPIC, ev.named, sections)
        return self._decline_quoting(note, skills, ev, score, quoted=len(skills.sections))

    # ------------------------------------------------------------ passages

    def passages(self, sections: tuple[str, ...], ev: Evidence) -> tuple[Chunk, ...]:
        """One passage per section. Sides of a comparison (the sections of one role each)
        take the passage at the same place, where the question's words are most found;
        a shared section (the introduction) takes its own best passage."""
        wanted = frozenset(ev.analysis.asked)
        sides = [s for s in sections if self.grid.role_of(s)]
        place = 0
        if len(sides) > 1:
            common = min(len(self.corpus.chunks_of(s)) for s in sides)
            place = max(range(common), key=lambda p: (sum(self._overlap(self.corpus.chunks_of(s)[p], wanted)
                                                          for s in sides), -p))
        return tuple(self.corpus.chunks_of(s)[place] if s in sides and len(sides) > 1
                     else self._best(s, wanted) for s in sections)

    def _overlap(self, chunk: Chunk, wanted: frozenset[str]) -> int:
        return len(wanted & self.chunk_terms[chunk.id])

    def _best(self, section: str, wanted: frozenset[str]) -> Chunk:
        chunks = self.corpus.chunks_of(section)
        return max(chunks, key=lambda ch: (self._overlap(ch, wanted), -ch.id))

    def answer(self, chunks: tuple[Chunk, ...], topic: str | None, score: float, preface: str = "",
               intent: str | None = None) -> Reply:
        """An answer quoting `chunks`; side by side, each passage goes under its section's name."""
        sections = tuple(dict.fromkeys(c.section for c in chunks))
        body = chunks[0].text if len(chunks) == 1 else _side_by_side(chunks)
        return Reply(preface + body, "answer", intent or topic, sections, min(1.0, score),
                     self.suggest.after(sections))

    def fit(self, verdict: Verdict, lead: str, score: float, state: ChatState) -> tuple[Reply, ChatState]:
        """Which side named strengths point to, with the article's lines that name them."""
        sections = self.advisor.sections(verdict)
        reply = Reply(self.advisor.text(verdict, lead), "answer", "fit", sections, min(1.0, score),
                      self.suggest.after(sections))
        return reply, ChatState(verdict.order, "skills", sections[:len(verdict.order)], ())

    def _fit_lead(self, ev: Evidence) -> str:
        assert ev.verdict is not None
        said = "; ".join(part for part in (
            ", ".join(t.name for t in ev.verdict.traits),
            ("not " + ", ".join(t.name for t in ev.verdict.disliked)) if ev.verdict.disliked else "") if part)
        missing = self._unknown_note(ev, story=True)
        return " ".join(part for part in (missing, f"From what you say ({said}), " if said else "") if part)

    # ------------------------------------------------------------ declining

    def decline(self, note: str, state: ChatState, score: float = 0.0) -> Reply:
        lead = note + " " if note else ""
        return Reply(lead + self.intents.fallback, "fallback", None, (), score, self.suggest.instead(state.roles))

    def _decline_quoting(self, note: str, c: Candidate, ev: Evidence, score: float,
                         quoted: int = 1) -> tuple[Reply, ChatState]:
        """A decline that quotes what the article says nearby (the first `quoted` of the
        candidate's sections), each section named in the text."""
        sections = c.sections[:quoted]
        chunks = self.passages(sections, ev)
        if len(chunks) == 1:
            text = f'{note} What it does say, under "{chunks[0].section}":\n\n{chunks[0].text}'
        else:
            text = f"{note} What it does say:\n\n{_side_by_side(chunks)}"
        roles = c.roles or ev.named or ev.state.roles
        reply = Reply(text, "fallback", c.tag, (), score, self.suggest.after(sections))
        return reply, ChatState(roles, c.topic, sections, tuple(ch.id for ch in chunks))

    def _unknown_note(self, ev: Evidence, story: bool = False, answering: bool = False) -> str:
        """Which words the article never uses: names first, then the rarest (what a question
        is about, not its everyday words); with `story`, from what the person says of
        themselves before the question too ("I feel math is not my strong point, ...").
        Before an answer (`answering`), not the everyday words of the questions it answers
        (Evidence.everyday: "what happens if...?"): the answer covers what they ask."""
        a = ev.analysis
        said = a.unknown + a.unknown_before if story else a.unknown
        rare = {w: rarity(w) for w in said}
        noted = [w for w in said if w in a.names or (
            rare[w] >= NOTED_RARITY and not (answering and w in ev.everyday))]
        unknown = sorted(noted, key=lambda w: (w not in a.names, -rare[w]))[:MAX_NAMED_UNKNOWN]
        if not unknown:
            return ""
        quoted = ", ".join(f'"{w}"' for w in unknown)
        return f"The article does not mention {quoted}."

    def _unknown_preface(self, ev: Evidence) -> str:
        """Before an answer despite words the article never uses: say so, then what it says."""
        note = self._unknown_note(ev, answering=True)
        return f"{note} Here is what it says:\n\n" if note else ""

    # ------------------------------------------------------------ asking back

    def _clarify(self, c: Candidate, score: float, state: ChatState) -> tuple[Reply, ChatState]:
        labels = [self.intents.role(r).label for r in c.roles]
        question = f"Do you mean {' or '.join(labels)}?\n" + "\n".join(
            f"  {n}) {label}" for n, label in enumerate(labels, 1))
        return Reply(question, "clarify", c.topic, score=score), replace(state, pending=Clarify(c.topic or "", c.roles))


def _side_by_side(chunks: tuple[Chunk, ...]) -> str:
    """Passages one after another, each under its section's name (a heading in the chat)."""
    return "\n\n".join(f"{c.section}\n{c.text}" for c in chunks)
