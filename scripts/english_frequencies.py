"""Write bot/english.tsv: common English words and their Zipf frequency, from wordfreq.

    pip install wordfreq && python scripts/english_frequencies.py

careerbot weighs a word the article never uses by how rare it is in English:
"superbill" or "HIPAA" (rare) is what a question is about, "actually" or
"everywhere" (common) is not. The table lists every lower-case alphabetic word
of wordfreq's small English list down to Zipf 3.0 (three uses per million
words), in alphabetical order; a word not in it is rarer. Generated once and committed, so careerbot
itself does not depend on wordfreq (58 MB installed, 60 MB of memory loaded).
"""

from __future__ import annotations

import re
from pathlib import Path

from wordfreq import iter_wordlist, zipf_frequency

FLOOR = 3.0
OUT = Path(__file__).resolve().parent.parent / "bot" / "english.tsv"
HEADER = ("# word<TAB>Zipf frequency, from wordfreq 3 (https://github.com/rspeer/wordfreq), whose data is\n"
          "# licensed CC BY-SA 4.0; this derived table is shared under the same licence.\n")


def main() -> None:
    lines = []
    for word in iter_wordlist("en", "small"):
        zipf = zipf_frequency(word, "en")
        if zipf < FLOOR:
            break
        if re.fullmatch(r"[a-z]+", word):
            lines.append(f"{word}\t{zipf:.1f}\n")
    OUT.write_text(HEADER + "".join(sorted(lines)), encoding="utf-8")  # sorted: looked up by bisection
    print(f"{OUT}: {len(lines)} words")


if __name__ == "__main__":
    main()
