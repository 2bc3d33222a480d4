"""Labeled dialogs stay above a floor: the measure of whether answers are right.

tests/data/dialogs.jsonl and the sets in benchmarks/ were written by people who
had not seen the bot's code (each was a blind test once; the bot has since been
improved against their failures, so they now guard against regressions). The
floors sit a little under the figures the README reports. The same files run
through the `careerbot eval` command in test_cli.py's eval test and by hand.
"""

from pathlib import Path

import pytest

from bot.evaluate import evaluate, load_dialogs
from helpers import ROOT, shipped_bot

FLOORS = {
    "tests/data/dialogs.jsonl": 0.96,
    "benchmarks/heldout.jsonl": 0.96,
    "benchmarks/blind3.jsonl": 0.94,
    "benchmarks/blind4.jsonl": 0.94,
    "benchmarks/blind5.jsonl": 0.96,
    "benchmarks/blind6.jsonl": 0.92,
    "benchmarks/blind7.jsonl": 0.95,
    "benchmarks/blind8.jsonl": 0.96,
    "benchmarks/blind9.jsonl": 0.94,
}


@pytest.mark.parametrize("dialogs", FLOORS)
def test_labeled_dialogs_score_above_the_floor(dialogs: str) -> None:
    bot = shipped_bot()
    report = evaluate(bot, load_dialogs(ROOT / Path(dialogs), bot.corpus.sections))
    assert report.accuracy >= FLOORS[dialogs], report.to_text()[-3000:]
