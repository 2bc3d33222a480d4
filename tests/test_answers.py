"""Golden table: questions of our own, each with why it matters, and the section it must use.

These are not the shared dev set's questions; they cover each section, typos,
synonyms, word forms, casual phrasing, near misses, off-topic and small talk.
"""

import pytest

from helpers import converse

INTRO = "The Difference Between Medical Billing and Medical Coding Schools and Training"
CODING = "What is Medical Coding?"
BILLING = "What is Medical Billing?"
CODER_SKILLS = "Key Skills for Medical Coders"
BILLER_SKILLS = "Key Skills for Medical Billers"
CODING_SCHOOL = "Medical Coding Schools and Training"
BILLING_SCHOOL = "Medical Billing Schools and Training"
OUTLOOK = "Career Outlook and Salary Expectations"

ANSWERS = [
    ("plain-biller-duties", "what does a biller do?", BILLING),
    ("word-form-billers", "What do medical billers actually do all day?", BILLING),
    ("casual-coding-job", "so whats the coding job about", CODING),
    ("typo-coder", "waht does a medcal codr do", CODING),
    ("typo-billing-skills", "skils for biling", BILLER_SKILLS),
    ("typo-transposed", "what is medical cdoing", CODING),
    ("content-appeals", "who appeals denied claims?", BILLING),
    ("content-translate", "who turns diagnoses into alphanumeric codes", CODING),
    ("content-data", "are the codes used for tracking diseases", CODING),
    ("synonym-abilities", "what abilities does a coder need", CODER_SKILLS),
    ("content-icd", "do coders have to know ICD-10 and CPT", CODER_SKILLS),
    ("content-ehr", "should coders be familiar with EHR systems", CODER_SKILLS),
    ("content-biller-problems", "do billers resolve billing discrepancies", BILLER_SKILLS),
    ("synonym-qualities", "qualities of a good medical biller", BILLER_SKILLS),
    ("teach-coder", "what do coding programs teach", CODING_SCHOOL),
    ("certified-coder", "how do coders get certified", CODING_SCHOOL),
    ("classes-billing", "what classes do billing programs cover", BILLING_SCHOOL),
    ("externship", "do billing schools offer externships", BILLING_SCHOOL),
    ("start-career", "I want to start a career in medical billing, where do I begin?", BILLING_SCHOOL),
    ("online-question", "is medical coding a good career", OUTLOOK),
    ("demand", "are billers in demand", OUTLOOK),
    ("future", "what's the future of medical coding jobs", OUTLOOK),
    ("bls", "what does the bureau of labor statistics say", OUTLOOK),
    ("article-summary", "summarize the article for me", INTRO),
]


@pytest.mark.parametrize("why,question,section", ANSWERS, ids=[a[0] for a in ANSWERS])
def test_answers_from_the_right_section(why, question, section):
    reply = converse(question)[0]
    assert reply.kind == "answer", reply
    assert reply.sections[0] == section
    assert reply.answer.strip(), "an answer has text"


def test_answer_is_the_part_of_the_section_that_answers():
    reply = converse("what does a biller do?")[0]
    assert "Appealing denied claims." in reply.answer
    assert "Key Skills" not in reply.answer, "not the whole article"


OFF_TOPIC = [
    ("off-nursing", "how do I become a nurse"),
    ("off-weather", "what's the weather tomorrow"),
    ("off-recipe", "give me a lasagna recipe"),
    ("off-software-code", "how do I learn python programming"),
    ("off-gibberish", "asdf jkl qwop"),
    ("off-math", "what is 17 times 3"),
    ("near-dress-code", "is there a dress code for medical coders?"),
    ("near-remote", "can billers work from home?"),
    ("near-hard", "is medical coding hard?"),
]


@pytest.mark.parametrize("why,question", OFF_TOPIC, ids=[o[0] for o in OFF_TOPIC])
def test_questions_outside_the_article_get_an_honest_fallback(why, question):
    reply = converse(question)[0]
    assert reply.kind == "fallback", reply
    assert reply.sections == ()
    assert "article" in reply.answer


def test_pay_questions_say_there_are_no_figures_then_quote_the_outlook():
    reply = converse("how much does a coder make an hour")[0]
    assert reply.answer.startswith("The article does not cover pay figures")
    assert (reply.kind, reply.sections) == ("fallback", ())
    assert f'under "{OUTLOOK}"' in reply.answer and "Salaries for medical coders and billers vary" in reply.answer


def test_a_decline_names_the_word_it_lacks_before_any_gap_the_question_touches():
    # "cost" fires the training-cost gap, but the question is about a "mistake".
    reply = converse("what is the cost of a mistake in billing?")[0]
    assert reply.kind == "fallback" and '"mistake"' in reply.answer, reply


def test_an_answer_names_as_missing_only_words_the_question_turns_on():
    # "happens" and "driving" are everyday words of questions the article answers;
    # "saturated" and "introverts" are what the questions are about, and it never says them.
    for question in ("What happens when a biller sends a claim with errors?", "what is driving job growth for coders?"):
        reply = converse(question)[0]
        assert reply.kind == "answer" and "does not mention" not in reply.answer, reply
    for question, word in [("Is the market for billers saturated now?", "saturated"),
                           ("Is medical coding a good fit for introverts?", "introverts")]:
        reply = converse(question)[0]
        assert reply.answer.startswith(f'The article does not mention "{word}".'), reply


def test_an_everyday_word_is_not_taken_for_a_typo_of_an_article_word():
    # "retail" is not a misspelt "detail", nor "table" a misspelt "stable".
    for question, word in [("I work in retail, which one suits me?", "retail"),
                           ("can I do medical billing from my kitchen table?", "table")]:
        reply = converse(question)[0]
        assert f'"{word}"' in reply.answer, reply


NEAR_MISS_QUOTED = [
    ("near-length", "how long does it take to become a medical coder", CODING_SCHOOL, "how long"),
    ("near-cert-name", "what is the CPC exam", CODING_SCHOOL, "CPC"),
    ("near-cost", "how much does billing school cost", BILLING_SCHOOL, "cost"),
]


@pytest.mark.parametrize("why,question,section,missing", NEAR_MISS_QUOTED, ids=[n[0] for n in NEAR_MISS_QUOTED])
def test_near_misses_decline_then_quote_what_the_article_says_nearby(why, question, section, missing):
    reply = converse(question)[0]
    assert reply.kind == "fallback" and reply.sections == ()
    assert reply.answer.startswith("The article does not cover") and missing in reply.answer
    assert f'under "{section}"' in reply.answer


SMALL_TALK = [
    ("hello", "hello!", "greeting"),
    ("typo-greeting", "helo there", "greeting"),
    ("thanks-emphatic", "thank you so much", "thanks"),
    ("goodbye", "see you later", "goodbye"),
    ("help", "what can I ask you?", "help"),
    ("identity", "are you a bot?", "identity"),
]


@pytest.mark.parametrize("why,message,tag", SMALL_TALK, ids=[s[0] for s in SMALL_TALK])
def test_small_talk_is_recognised(why, message, tag):
    reply = converse(message)[0]
    assert (reply.kind, reply.intent) == ("smalltalk", tag)


def test_small_talk_does_not_hide_a_question():
    reply = converse("hi, what does a coder do?")[0]
    assert (reply.kind, reply.sections[0]) == ("answer", CODING)
