"""The labeled dialogs in tests/data (257 turns, written apart from the bot) stay above a floor.

Run through `careerbot eval`, the same command a person uses; the floor is set a
little under the figure the README reports, so a regression fails CI.
"""

from helpers import ROOT, careerbot

FLOOR = 0.93


def test_labeled_dialogs_score_above_the_floor():
    out = careerbot("eval", str(ROOT / "tests" / "data" / "dialogs.jsonl"), "--min", str(FLOOR))
    assert out.returncode == 0, out.stdout.decode()[-3000:]
