"""How rare a word is in everyday English (0 = as common as "the", 1 = rarer than 3 per million).

A question's central word is usually a rare one: "superbill", "HIPAA", "Kareo".
When the article never uses it, the article cannot answer; when the word the
article lacks is an everyday one ("actually", "everywhere"), that says little.
The table (english.tsv, from wordfreq; see scripts/english_frequencies.py) is
read on the first unknown word, so questions in the article's own words never
load it.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

TABLE = Path(__file__).resolve().parent / "english.tsv"
COMMONEST = 7.0
"""Zipf frequency of the commonest words ("the", "to"): rarity 0."""
SPAN = 4.0
"""Zipf frequencies from COMMONEST - SPAN (3.0, the table's floor) down are rarity 1."""


@cache
def _zipf() -> dict[str, float]:
    table: dict[str, float] = {}
    for line in TABLE.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            word, _, zipf = line.partition("\t")
            table[word] = float(zipf)
    return table


def rarity(word: str) -> float:
    """0..1: how much rarer than the commonest words `word` is."""
    zipf = _zipf().get(word)
    if zipf is None:
        return 1.0
    return min(1.0, max(0.0, (COMMONEST - zipf) / SPAN))
