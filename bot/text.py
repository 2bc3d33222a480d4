"""The one normaliser and tokeniser shared by the corpus index and the intent matcher.

Both sides of every comparison go through `terms()`, so a word the article
spells "billers" and a user types "biling" meet as the same stem.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from functools import lru_cache

import Stemmer

MAX_INPUT_CHARS = 500
"""Longer messages are cut to this many characters before any matching."""
MAX_MESSAGE_CHARS = 4 * MAX_INPUT_CHARS
"""The most of one message that is read, kept or stored anywhere (the chat's line, a
line of piped input, a history entry): the engine reads no further back than this."""

# Words that carry no topic. Question words (how, which, what) stay out of this
# list because the intent patterns use them ("how long", "which one").
STOPWORDS = frozenset(
    """a an the is are was were be been being am do does did doing done i me
    myself about but you your yours we us our they them their he him his she her it
    its this that these those there here of to in on by with and or as so
    can could would should will shall may might must please just also really
    very some any into from for if then than too not no yes ok okay im id ive
    youre whats thats hows theres theyre dont doesnt isnt arent cant wont didnt
    wouldnt shouldnt couldnt hasnt havent
    need needs needed want wants wanted actually basically usually generally kind
    sort maybe anyway even still let lets get got gets getting tell say said give show
    exactly honestly seriously literally totally stuff thing things random wondering
    wondered curious question questions other think thinking thought guess like big deal hear hearing heard mostly
    through though although during before after while until because since without
    within upon across around among""".split()
)
"""Filler words. Not "at" ("good at" asks about skills) nor "my" ("my bill" is no career question)."""

SHORTHAND = {
    "u": "you", "ur": "your", "r": "are", "n": "and", "b": "be", "y": "why", "pls": "please",
    "plz": "please", "thx": "thanks", "thnx": "thanks", "cya": "see you", "gtg": "got to go",
    "med": "medical", "diff": "difference", "btwn": "between", "w": "with", "hav": "have",
    "wat": "what", "wut": "what", "abt": "about", "cert": "certification", "certs": "certifications",
    "info": "information", "ins": "insurance", "cos": "companies", "dx": "diagnosis",
    "prep": "prepare", "programme": "program", "programmes": "programs", "du": "do", "dat": "that", "wht": "what", "hw": "how", "wanna": "want to", "bc": "because", "cuz": "because", "idk": "i do not know",
}
"""Texting shorthand, spelled out before anything else reads the message."""

QUESTION_WORDS = frozenset("what how which who whom why whi when where whats".split())
"""Kept for intent patterns ("how long"), dropped where words are weighed (the index).
Stems included: "why" stems to "whi"."""

_ESCAPE_SEQUENCE = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[@-Z\\-_])")
_LINE_BREAK = re.compile(r"\r\n?|[\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
"""Every line boundary `str.splitlines` knows, read as a newline ("billing\u2028coding" is two words)."""
_CONTROL = re.compile(
    r"[\x00-\x08\x0e-\x1f\x7f-\x9f\xad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u206f"
    r"\ufeff\ufff9-\ufffb\ud800-\udfff\U000e0000-\U000e007f]")
"""Control characters, and the invisible format characters that hide or reorder text
(zero-width marks, bidi controls, soft hyphen, word joiner, BOM, tags) or split a word."""
_WORD = re.compile(r"[a-z]+|[0-9]+")
_BRITISH = re.compile(r"(?<=[a-z]{3})is(?=ation)")
"""British -isation spelled the American way, as the article does ("standardisation");
other British spellings are one letter from the article's and are corrected as typos.
A fixed-width look-behind, so the match is linear in any run of letters."""
_STEMMER = Stemmer.Stemmer("english")
"""PyStemmer: the Snowball project's own English stemmer, in C (the pure-Python
port took 30 ms of every start-up to stem the vocabulary)."""


def clean(text: str) -> str:
    """Text safe to show on a terminal or put in JSON: the one sanitiser for everything
    careerbot prints, and the first step of reading any text.

    Tabs survive, and every kind of line break becomes a newline; whole escape
    sequences (colour, title, cursor), other control characters, NUL, direction
    overrides and invisible format characters do not.
    """
    text = _ESCAPE_SEQUENCE.sub("", _LINE_BREAK.sub("\n", text))
    return _CONTROL.sub("", text)


def normalize(text: str) -> str:
    """Lower-case, compatibility-folded, accent-free text for matching."""
    folded = unicodedata.normalize("NFKD", clean(text).casefold())
    if folded.isascii():
        return folded
    return "".join(ch for ch in folded if not unicodedata.combining(ch))


def words(text: str) -> list[str]:
    """The words of `text`, normalised and with shorthand spelled out, in order.

    Letters and digits split ("icd10" -> icd, 10), as "ICD-10" does.
    """
    found = _WORD.findall(_BRITISH.sub("iz", re.sub(r"['\u2019]", "", normalize(text))))
    return [w for word in found for w in SHORTHAND.get(word, word).split()]


@lru_cache(maxsize=8192)
def stem(word: str) -> str:
    """The Snowball stem of one lower-case word: billing -> bill, coders -> coder."""
    return _STEMMER.stemWord(word)


def terms(text_words: list[str]) -> list[str]:
    """Stems of the content words, in order: what the index and patterns compare.

    A single letter is no content word ("U.S." is "u s"; "what s" asks nothing)."""
    return [stem(w) for w in text_words if w not in STOPWORDS and len(w) > 1]


def pairs(stems: Sequence[str]) -> list[str]:
    """Each adjacent pair of stems, as one string ("inform manag"): a phrase, not two words."""
    return [f"{a} {b}" for a, b in zip(stems, stems[1:], strict=False)]


def index_terms(text_words: list[str]) -> list[str]:
    """Stems that say what a passage or question is about: no stopwords, no question words."""
    return [t for t in terms(text_words) if t not in QUESTION_WORDS]
