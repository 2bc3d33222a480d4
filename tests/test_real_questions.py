"""Questions people really ask, where an earlier engine went wrong (issue 10): each must
stay right. None of them is in the labeled sets the model is fitted on."""

from __future__ import annotations

import pytest

from helpers import converse

CODING = "What is Medical Coding?"
BILLING = "What is Medical Billing?"
BILLER_SKILLS = "Key Skills for Medical Billers"
OUTLOOK = "Career Outlook and Salary Expectations"
CODING_TRAINING = "Medical Coding Schools and Training"


@pytest.mark.parametrize("question", ["What Is a Superbill in Medical Billing?", "What is a 'clean claim'?"])
def test_a_concept_the_article_never_explains_is_declined(question: str) -> None:
    reply = converse(question)[-1]
    assert reply.kind == "fallback" and reply.answer.startswith("The article does not mention")


@pytest.mark.parametrize("question,missing", [("Why Is HIPAA Important for Billing and Coding?", "hipaa"),
                                              ("What is a Medical Coding Auditor?", "auditor"),
                                              ("Is medical coding a good fit for introverts?", "introverts")])
def test_a_concept_the_article_never_explains_is_named_before_anything_is_quoted(question: str, missing: str) -> None:
    """Declined, or the honest partial answer the contract allows for a near miss: either
    way the reply opens by naming what the article lacks, never as if it explained it."""
    reply = converse(question)[-1]
    assert reply.answer.startswith(f'The article does not mention "{missing}"')


@pytest.mark.parametrize("follow_up", ["what is ICD-10?", "what is HCPCS?"])
def test_the_conversation_does_not_outweigh_the_words_of_the_message(follow_up: str) -> None:
    reply = converse("what does a biller do?", follow_up)[-1]
    assert BILLER_SKILLS not in reply.sections and BILLING not in reply.sections
    assert "ICD-10, CPT, and HCPCS" in reply.answer, "the coders' list, where the article names the code sets"


def test_a_decline_quotes_the_likeliest_section_that_holds_what_was_asked() -> None:
    """Not the article's introduction, which shares a word or two with most questions."""
    reply = converse("Could I land a billing job right after finishing the program?")[-1]
    assert reply.kind == "fallback" and 'under "Medical Billing Schools and Training"' in reply.answer


def test_an_organisation_the_article_names_is_answered_after_another_subject() -> None:
    reply = converse("do I need a certification to be a biller?", "what is AAPC?")[-1]
    assert reply.kind == "answer" and "AAPC" in reply.answer and reply.sections[0] in (CODING, CODING_TRAINING)


@pytest.mark.parametrize("messages", [("how do codes help track diseases?",),
                                      ("what does a coder do?", "how does it help the hospitals?")])
def test_a_question_about_codes_is_not_small_talk(messages: tuple[str, ...]) -> None:
    reply = converse(*messages)[-1]
    assert (reply.kind, reply.sections) == ("answer", (CODING,))


def test_a_fresh_question_about_it_is_not_small_talk() -> None:
    assert converse("how does it help the hospitals?")[-1].kind != "smalltalk"


def test_ok_is_acknowledged_not_thanked() -> None:
    reply = converse("ok")[-1]
    assert reply.kind == "smalltalk" and "welcome" not in reply.answer.lower()


@pytest.mark.parametrize("noise", ["s", "?!", "-- --", "what s"])
def test_a_message_with_nothing_to_read_gets_a_nudge_not_a_section(noise: str) -> None:
    reply = converse(noise)[-1]
    assert reply.kind in ("fallback", "smalltalk") and reply.sections == () and "Ask me" in reply.answer


def test_the_other_one_keeps_the_topic_and_switches_the_role() -> None:
    reply = converse("how do I train to be a biller?", "the other one")[-1]
    assert reply.sections == (CODING_TRAINING,)


def test_the_same_question_twice_gets_the_same_passage() -> None:
    first, second = converse("what does a biller do?", "what does a biller do?")
    assert first.answer == second.answer


@pytest.mark.parametrize("question", ["Is Medical Billing a Viable Career Path?",
                                      "will medical coders still be needed in five years?"])
def test_whether_the_job_lasts_is_a_question_for_the_outlook(question: str) -> None:
    assert converse(question)[-1].sections == (OUTLOOK,)


def test_what_it_takes_to_be_great_at_the_job_is_its_skills() -> None:
    assert converse("What does it take to be a great medical biller?")[-1].sections == (BILLER_SKILLS,)


def test_what_the_article_lacks_is_one_kind_of_reply() -> None:
    length, pay = converse("how long does training take?")[-1], converse("which one pays more?")[-1]
    assert length.kind == pay.kind == "fallback"
    assert length.answer.startswith("The article does not cover") and pay.answer.startswith("The article does not cover")


def test_an_acronym_is_answered_from_the_section_that_spells_it_out() -> None:
    reply = converse("what does a biller do?", "what does AHIMA stand for?")[-1]
    assert reply.sections == (CODING,) and "American Health Information Management Association" in reply.answer
