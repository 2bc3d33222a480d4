"""Slash commands as the user types them: numbered topics, /source by number or name, typos."""

import pytest

from helpers import converse, shipped_bot


def test_topics_numbers_the_sections_in_reading_order():
    reply = converse("/topics")[0]
    for n, section in enumerate(shipped_bot().corpus.sections, 1):
        assert f"  {n}) {section}\n" in reply.answer


@pytest.mark.parametrize("asked, section", [
    ("/source 4", "Key Skills for Medical Coders"),
    ("/source billing skills", "Key Skills for Medical Billers"),
    ("/source coder skils", "Key Skills for Medical Coders"),
    ("/source coding training", "Medical Coding Schools and Training"),
    ("/source OUTLOOK", "Career Outlook and Salary Expectations"),
])
def test_source_shows_a_section_named_by_number_or_by_name(asked, section):
    reply = converse(asked)[0]
    text = shipped_bot().corpus.section_text(section)
    assert reply.answer == f"{section}\n\n{text}"


def test_source_alone_shows_the_last_answers_sections():
    reply = converse("what does a biller do?", "/source")[1]
    assert reply.answer.startswith("What is Medical Billing?\n\nMedical billing involves")


@pytest.mark.parametrize("asked, said", [
    ("/source 99", "There is no section 99: the article has 8"),
    ("/source 0", "There is no section 0"),
    ("/source pharmacist", "No section is called anything like 'pharmacist'"),
    ("/source", "Nothing to show yet"),
])
def test_source_says_plainly_what_it_cannot_show(asked, said):
    assert converse(asked)[0].answer.startswith(said)


@pytest.mark.parametrize("typed, meant", [("/hlep", "/help"), ("/sorce 2", "/source"), ("/TOPIC", "/topics"),
                                          ("/quti", "/quit")])
def test_a_mistyped_command_suggests_the_nearest(typed, meant):
    reply = converse(typed)[0]
    assert reply.answer == f"Unknown command {typed.split()[0]}. Did you mean {meant}?"


def test_a_command_like_none_lists_none():
    assert converse("/xyzzy")[0].answer == "Unknown command /xyzzy. Type /help for the list."


def test_commands_keep_the_suggestions_for_the_next_number():
    first, _, picked = converse("what does a biller do?", "/help", "2")
    assert picked.asked == first.suggestions[1]
