"""Labeled dialogs stay above a floor, run through `careerbot eval` as a person would.

tests/data/dialogs.jsonl (257 turns) and the sets in benchmarks/ were written by
people who had not seen the bot's code. The floors sit a little under the
figures the README reports, so a regression fails CI.
"""

import pytest

from helpers import ROOT, careerbot

FLOORS = {
    "tests/data/dialogs.jsonl": 0.95,
    "benchmarks/heldout.jsonl": 0.95,
    "benchmarks/blind3.jsonl": 0.93,
    "benchmarks/blind4.jsonl": 0.92,
    "benchmarks/blind5.jsonl": 0.95,
}


@pytest.mark.parametrize("dialogs", FLOORS)
def test_labeled_dialogs_score_above_the_floor(dialogs):
    out = careerbot("eval", str(ROOT / dialogs), "--min", str(FLOORS[dialogs]))
    assert out.returncode == 0, out.stdout.decode()[-3000:]
