"""The guided comparison (/choose): a few yes/no questions on a person's strengths, then
which side the article's skills say they point to.

The questions' wording lives in intents.json; what a "yes" means is a trait, read
against the skills the article lists (bot/advice.py), so the summary quotes the
article's own bullets. The walk is conversation state like any other: every face
(the chat, JSON lines) drives it the same way, one message per answer.
"""

from __future__ import annotations

from dataclasses import replace

from bot.advice import Advisor
from bot.intents import Intents, Trait
from bot.text import words
from bot.types import ChatState, Reply, Walk

ANSWERS = {
    "yes": frozenset({"yes", "y", "yeah", "yep", "yup", "sure", "definitely", "absolutely", "1", "true", "ok", "okay"}),
    "no": frozenset({"no", "n", "nope", "nah", "not", "never", "2", "false"}),
    "unsure": frozenset({"unsure", "maybe", "dunno", "idk", "perhaps", "3", "sometimes", "depends"}),
}
"""The words that answer a question of the walk; "not sure" is read as unsure before "not" as no."""
CHOICES = "  1) yes   2) no   3) not sure"


def answer_of(text: str) -> str | None:
    """"yes", "no" or "unsure" if `text` answers a yes/no question ("yeah", "2", "not sure"), else None."""
    said = words(text)
    if not said or len(said) > 4:
        return None
    if {"sure", "know"} & set(said) and {"not", "dont", "do"} & set(said[:2]):
        return "unsure"
    return next((answer for answer, known in ANSWERS.items() if said[0] in known), None)


class Walker:
    """Asks the walk's questions in turn and sums up the answers."""

    def __init__(self, intents: Intents, advisor: Advisor) -> None:
        self.walk = intents.walk
        self.traits = {t.name: t for t in intents.traits}
        self.advisor = advisor

    def progress(self, state: ChatState) -> str:
        """Where the walk is, for the chat's toolbar: "choosing: question 2 of 5"."""
        done = len(state.walk.answers) if state.walk else 0
        return f"choosing: question {done + 1} of {len(self.walk.questions)}"

    def start(self, state: ChatState) -> tuple[Reply, ChatState]:
        started = replace(state, walk=Walk(), pending=None)
        return self._ask(self.walk.intro + "\n\n", started), started

    def step(self, answer: str, state: ChatState) -> tuple[Reply, ChatState]:
        """Record `answer` to the current question; ask the next, or sum up after the last."""
        assert state.walk is not None
        answers = state.walk.answers + (answer,)
        if len(answers) < len(self.walk.questions):
            moved = replace(state, walk=Walk(answers))
            return self._ask("", moved), moved
        return self._summary(answers, replace(state, walk=None))

    def _ask(self, lead: str, state: ChatState) -> Reply:
        assert state.walk is not None
        n = len(state.walk.answers)
        question = self.walk.questions[n]
        text = f"{lead}Question {n + 1} of {len(self.walk.questions)}: {question.ask}\n{CHOICES}"
        return Reply(text, "clarify", "choose", score=1.0)

    def _summary(self, answers: tuple[str, ...], state: ChatState) -> tuple[Reply, ChatState]:
        said = list(zip(self.walk.questions, answers, strict=True))
        liked = _traits([self.traits[q.trait] for q, a in said if a == "yes"])
        disliked = _traits([self.traits[q.trait] for q, a in said if a == "no"])
        verdict = self.advisor.weigh(liked, disliked)
        sections = self.advisor.sections(verdict)
        names = ", ".join(t.name for t in liked) or "none of them"
        text = self.advisor.text(verdict, f"You said yes to: {names}. From your answers, ")
        reply = Reply(text, "answer", "choose", sections, 1.0)
        return reply, replace(state, roles=verdict.order, topic="skills", sections=sections[:len(verdict.order)],
                              shown=())


def _traits(found: list[Trait]) -> tuple[Trait, ...]:
    return tuple(dict.fromkeys(found))
