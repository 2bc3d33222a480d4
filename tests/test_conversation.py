"""Conversation rules a user relies on: follow-ups, comparisons, asking back, "tell me more"."""

from dataclasses import replace

import pytest

from bot.types import ChatState, Clarify
from helpers import converse, shipped_bot

INTRO = "The Difference Between Medical Billing and Medical Coding Schools and Training"
BILLER_SKILLS = "Key Skills for Medical Billers"
CODER_SKILLS = "Key Skills for Medical Coders"


def sections(*messages: str) -> list[tuple[str, ...]]:
    return [r.sections for r in converse(*messages)]


def test_follow_ups_keep_the_subject_and_change_one_thing():
    assert sections(
        "what does a biller do?", "what skills do they need?", "and coders?",
        "how do I train for that?", "is it a good career?",
    ) == [("What is Medical Billing?",), (BILLER_SKILLS,), (CODER_SKILLS,),
          ("Medical Coding Schools and Training",), ("Career Outlook and Salary Expectations",)]


def test_a_new_full_question_is_not_a_follow_up():
    assert sections("what skills do billers need", "what is medical coding?")[1] == ("What is Medical Coding?",)


def test_general_comparison_leads_with_the_introduction_then_both_sides():
    reply = converse("how is a coder different from a biller?")[0]
    assert reply.sections == (INTRO, "What is Medical Coding?", "What is Medical Billing?")
    assert "these are distinct professions" in reply.answer
    assert reply.answer.index("What is Medical Coding?") < reply.answer.index("What is Medical Billing?")


def test_comparison_of_one_topic_uses_that_topic_for_both_roles():
    assert set(sections("difference between billing and coding school")[0]) == {
        "Medical Billing Schools and Training", "Medical Coding Schools and Training"}


def test_compare_follow_up_keeps_the_topic():
    assert set(sections("what skills do billers need", "how does that compare to coders?")[1]) == {
        BILLER_SKILLS, CODER_SKILLS}


ASKED_BACK = ChatState(pending=Clarify("skills", ("billing", "coding")))


@pytest.mark.parametrize("choice,section", [("2", CODER_SKILLS), ("1", BILLER_SKILLS), ("coding", CODER_SKILLS),
                                            ("medical billing please", BILLER_SKILLS)])
def test_after_asking_back_a_number_or_a_name_picks_the_role(choice, section):
    reply, state = shipped_bot().reply(choice, ASKED_BACK)
    assert reply.sections == (section,)
    assert state.pending is None


def test_after_asking_back_both_gives_both_sides():
    reply, _ = shipped_bot().reply("both", ASKED_BACK)
    assert set(reply.sections) == {CODER_SKILLS, BILLER_SKILLS}


def test_a_question_naming_no_role_asks_back_or_answers_that_topic():
    reply = converse("what skills do I need?")[0]
    if reply.kind == "clarify":
        assert "medical billing or medical coding" in reply.answer
    else:
        assert reply.sections[0] in (CODER_SKILLS, BILLER_SKILLS)


def test_a_full_question_instead_of_a_choice_is_answered_as_asked():
    reply, state = shipped_bot().reply("what does a biller do?", ASKED_BACK)
    assert reply.sections == ("What is Medical Billing?",) and state.pending is None


def test_no_asking_back_when_the_conversation_settles_it():
    replies = converse("what does a coder do?", "what skills do I need?")
    assert replies[1].kind == "answer" and replies[1].sections == (CODER_SKILLS,)


def test_tell_me_more_continues_with_what_was_not_shown():
    first, more = converse("what does a biller do?", "tell me more")
    assert more.sections == first.sections
    assert more.answer not in first.answer and "Medical billers need excellent communication" in more.answer


def test_tell_me_more_moves_on_when_the_section_is_used_up():
    *_, last = converse("what skills do coders need", "tell me more")
    assert last.answer.startswith('That is all the article says under "Key Skills for Medical Coders". Next:')
    assert last.sections == ("Medical Coding Schools and Training",)


def test_reset_forgets_the_subject():
    replies = converse("what skills do billers need", "/reset", "and coders?")
    assert replies[1].kind == "command"
    assert replies[2].sections == ("What is Medical Coding?",), "the skills topic is forgotten"


def test_answers_suggest_next_questions_and_fallbacks_offer_some():
    answer, fallback = converse("what does a coder do?", "what's a good lasagna recipe?")
    assert answer.suggestions and all("coder" in q for q in answer.suggestions)
    assert fallback.kind == "fallback" and 2 <= len(fallback.suggestions) <= 3


def test_near_miss_never_invents_a_figure():
    reply = converse("how much does a medical biller earn per hour?")[0]
    assert "does not cover pay figures" in reply.answer
    assert "$" not in reply.answer and not any(ch.isdigit() for ch in reply.answer)


def test_the_other_one_switches_to_the_role_not_under_discussion():
    assert sections("what skills do coders need", "and the other one?")[1] == (BILLER_SKILLS,)


def test_source_shows_every_section_behind_the_last_answer():
    *_, source = converse("billing vs coding", "/source")
    assert source.kind == "command"
    for heading in (INTRO, "What is Medical Billing?", "What is Medical Coding?"):
        assert heading in source.answer
    assert "Appealing denied claims." in source.answer and "Data Analysis" in source.answer


def test_a_number_asks_that_suggested_question():
    first, picked, second = converse("what does a biller do?", "1", "2")
    assert picked.asked == first.suggestions[0]
    assert picked.sections == converse(first.suggestions[0])[0].sections == (BILLER_SKILLS,)
    assert second.asked == picked.suggestions[1]


def test_a_number_with_no_such_suggestion_says_which_there_are():
    first, wrong, after = converse("what does a biller do?", "7", "1")
    assert wrong.answer.startswith("There is no suggestion 7: type a number from 1 to 2")
    assert after.asked == first.suggestions[0], "the suggestions are still there after a wrong number"


def test_a_number_after_asking_back_picks_the_role_not_a_suggestion():
    suggested = replace(ASKED_BACK, suggestions=("What does a medical biller do?", "What does a medical coder do?"))
    chosen, _ = shipped_bot().reply("2", suggested)
    assert chosen.asked is None and chosen.sections == (CODER_SKILLS,)
