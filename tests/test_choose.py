"""Help choosing (issue 11): questions naming a person's strengths, the guided walk (/choose),
and comparisons that set like beside like. Through the core, JSON lines and the chat."""

from __future__ import annotations

import json

import pytest
from helpers import careerbot, converse, readme_session, shipped_bot

from bot.types import ChatState

BILLER_SKILLS = "Key Skills for Medical Billers"
CODER_SKILLS = "Key Skills for Medical Coders"
NO_RECOMMENDATION = "it makes no recommendation for a person"
QUESTIONS = len(shipped_bot().intents.walk.questions)


def test_strengths_are_read_against_the_skills_the_article_lists() -> None:
    reply = converse("which should I choose if I like people?")[-1]
    assert reply.kind == "answer" and reply.sections[0] == BILLER_SKILLS
    assert "Communication Skills: The ability to effectively communicate with patients" in reply.answer
    assert NO_RECOMMENDATION in reply.answer


def test_strengths_both_sides_list_fit_both() -> None:
    reply = converse("I'm good with computers and details, which fits me?")[-1]
    assert {BILLER_SKILLS, CODER_SKILLS} <= set(reply.sections)
    assert "fit both" in reply.answer
    assert "Billing Software Proficiency" in reply.answer and "Computer Skills" in reply.answer


@pytest.mark.parametrize("question,trait,first_bullet", [
    ("I feel math is not my strong point, would you suggest that I don't pursue medical billing?", "math",
     "Knowledge of Insurance Regulations"),
    ("Is medical coding a good fit for introverts?", "introverts", "Knowledge of Coding Systems"),
    ("I'm bad at math, which one suits me?", "math", "Knowledge of Coding Systems"),
])
def test_a_trait_the_article_never_mentions_is_named_then_the_closest_skills_are_shown(
        question: str, trait: str, first_bullet: str) -> None:
    reply = converse(question)[-1]
    assert reply.answer.startswith("The article does not mention") and f'"{trait}"' in reply.answer.split(".")[0]
    assert first_bullet in reply.answer


def test_a_dislike_counts_against_the_side_that_needs_it() -> None:
    liked, disliked = shipped_bot().advisor.traits_in("I love anatomy but I hate talking on the phone")
    assert [t.name for t in liked] == ["anatomy and medicine"]
    assert [t.name for t in disliked] == ["talking with people"]
    verdict = shipped_bot().advisor.weigh(liked, disliked)
    assert verdict.order[0] == "coding" and not verdict.even


def walk(*answers: str, state: ChatState | None = None) -> list:
    bot, state, replies = shipped_bot(), state or ChatState(), []
    for text in answers:
        reply, state = bot.reply(text, state)
        replies.append((reply, state))
    return replies


def test_choose_asks_each_question_then_sums_up_with_the_articles_bullets() -> None:
    replies = walk("/choose", "yes", "2", "not sure", "no", *["3"] * (QUESTIONS - 4))
    steps, (summary, after) = replies[:-1], replies[-1]
    for n, (reply, state) in enumerate(steps, 1):
        assert reply.kind == "clarify" and f"Question {n} of {QUESTIONS}:" in reply.answer
        assert state.walk is not None
    assert summary.kind == "answer" and summary.sections[0] == BILLER_SKILLS
    assert "You said yes to: talking with people" in summary.answer and NO_RECOMMENDATION in summary.answer
    assert after.walk is None


@pytest.mark.parametrize("start", ["/choose", "help me choose", "which one is right for me?", "which should I choose?",
                                   "Is it right for you?"])
def test_the_walk_starts_from_the_command_or_asking_for_help_choosing(start: str) -> None:
    (reply, state), = walk(start)
    assert reply.kind == "clarify" and "Question 1 of" in reply.answer and state.walk is not None


@pytest.mark.parametrize("leave,kind", [("/cancel", "command"), ("/reset", "command"), ("what does a biller do?", "answer")])
def test_leaving_the_walk_half_way(leave: str, kind: str) -> None:
    *_, (reply, state) = walk("/choose", "yes", leave)
    assert reply.kind == kind and state.walk is None
    if kind == "answer":
        assert reply.sections == ("What is Medical Billing?",), "a full question is answered as asked"


def test_the_walk_is_the_toolbars_subject() -> None:
    (_, state), (_, state2) = walk("/choose", "yes")
    assert shipped_bot().describe(state2) == f"choosing: question 2 of {QUESTIONS}"


def test_the_walk_through_json_lines() -> None:
    lines = "/choose\n" + "yes\n" * QUESTIONS + "/choose\nno\n/cancel\n"
    out = careerbot("--json", stdin=lines)
    got = [json.loads(line) for line in out.stdout.decode().splitlines()]
    assert [r["kind"] for r in got] == ["clarify"] * QUESTIONS + ["answer", "clarify", "clarify", "command"]
    assert got[QUESTIONS]["sections"] and NO_RECOMMENDATION in got[QUESTIONS]["answer"]


def test_a_comparison_sets_the_same_kind_of_passage_side_by_side() -> None:
    reply = converse("compare what billers and coders do")[-1]
    first_billing, first_coding = "Medical billing involves the entire process", "Medical coding is the process"
    assert first_billing in reply.answer and first_coding in reply.answer
    assert "Coders must possess" not in reply.answer and "Medical billers need excellent" not in reply.answer


def test_the_readme_shows_a_strengths_question_and_the_walk_as_they_print() -> None:
    shown, printed = readme_session("A strengths question, then the start of /choose", "The traits (people's")
    assert printed == shown
