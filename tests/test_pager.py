"""The pager long answers go through: $PAGER (else less), and what happens without one."""

import sys
from pathlib import Path

import pytest
from prompt_toolkit.formatted_text import FormattedText

from bot import pager
from bot.repl import PLAIN, STYLE


def test_the_text_goes_to_pager_with_less_told_to_keep_colours(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    got = tmp_path / "paged"
    script = "import os, sys; open(sys.argv[1], 'w').write(os.environ['LESS'] + '|' + sys.stdin.read())"
    monkeypatch.setenv("PAGER", f"{sys.executable} -c \"{script}\" {got}")
    monkeypatch.delenv("LESS", raising=False)

    assert pager.page("first line\n• second\n")
    assert got.read_text() == "RFX|first line\n• second\n"


def test_no_pager_to_run_means_the_chat_prints_it(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("PAGER", "/nonexistent/pager")
    assert pager.page("text") is False


def test_the_paged_text_keeps_its_styles_unless_colour_is_off():
    text = FormattedText([("class:heading", "Key Skills\n"), ("class:kind-answer", "plain\n")])
    coloured, plain = pager.ansi(text, STYLE, 80), pager.ansi(text, PLAIN, 80)
    assert "1mKey Skills\n" in coloured  # the heading is bold
    assert "1m" not in plain and "Key Skills\n" in plain and "\r" not in plain
    assert "\x1b[?" not in coloured, "only colours and attributes, which less -R shows"
