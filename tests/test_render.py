"""Laying replies out for a terminal: wrapping by display width, numbered suggestions, sources."""

import unicodedata

import pytest

from bot.render import plain, wrap
from bot.types import Reply


def columns(line: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in line)


@pytest.mark.parametrize("text", [
    "医疗编码员的工作是把诊断和手术翻译成标准代码" * 4,
    "coders 😀 and billers 🧾🧾🧾 both " * 6,
    "한국어 텍스트도 두 칸을 차지합니다 " * 5,
])
def test_wide_characters_wrap_by_display_width(text: str) -> None:
    wrapped = wrap(text, 30).split("\n")
    assert max(columns(line) for line in wrapped) <= 30
    assert max(columns(line) for line in wrapped) >= 27, "lines are filled, not cut at half the width"
    assert "".join(wrapped).replace(" ", "") == text.replace(" ", "")


def test_suggestions_are_numbered_and_each_section_has_its_source_line() -> None:
    reply = Reply("Billing\nbills.\n\nCoding\ncodes.", "answer", sections=("Billing", "Coding"),
                  suggestions=("What does a biller do?", "What does a coder do?"))
    assert plain(reply) == ("Billing\nbills.\n\nCoding\ncodes.\n— from: Billing\n— from: Coding\n"
                            "You could ask:\n  1) What does a biller do?\n  2) What does a coder do?\n")
