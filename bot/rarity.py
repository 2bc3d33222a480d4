"""How rare a word is in everyday English (0 = as common as "the", 1 = rarer than 3 per million).

A question's central word is usually a rare one: "superbill", "HIPAA", "Kareo".
When the article never uses it, the article cannot answer; when the word the
article lacks is an everyday one ("actually", "everywhere"), that says little.
The table (english.tsv, from wordfreq; see scripts/english_frequencies.py) is
read on the first unknown word, so questions in the article's own words never
load it.
"""

from __future__ import annotations

from bisect import bisect_left
from functools import cache
from pathlib import Path

TABLE = Path(__file__).resolve().parent / "english.tsv"
COMMONEST = 7.0
"""Zipf frequency of the commonest words ("the", "to"): rarity 0."""
SPAN = 4.0
"""Zipf frequencies from COMMONEST - SPAN (3.0, the table's floor) down are rarity 1."""


@cache
def _lines() -> list[bytes]:
    """The table's lines, sorted: found by bisection, so nothing is parsed at start-up."""
    return TABLE.read_bytes().splitlines()  # the "#" header lines sort before every word


def _zipf(word: str) -> float | None:
    lines, key = _lines(), word.encode("utf-8", "replace") + b"\t"
    at = bisect_left(lines, key)
    return float(lines[at][len(key):]) if at < len(lines) and lines[at].startswith(key) else None


def rarity(word: str) -> float:
    """0..1: how much rarer than the commonest words `word` is."""
    zipf = _zipf(word)
    if zipf is None:
        return 1.0
    return min(1.0, max(0.0, (COMMONEST - zipf) / SPAN))
