"""The one normaliser and tokeniser shared by the corpus index and the intent matcher.

Both sides of every comparison go through `terms()`, so a word the article
spells "billers" and a user types "biling" meet as the same stem.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import Stemmer

MAX_INPUT_CHARS = 500
"""Longer messages are cut to this many characters before any matching."""

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
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2066-\u2069]")
_WORD = re.compile(r"[a-z]+|[0-9]+")
_BRITISH = re.compile(r"([a-z]{3,})is(?=ation)")
"""British -isation spelled the American way, as the article does ("standardisation");
other British spellings are one letter from the article's and are corrected as typos."""
_STEMMER = Stemmer.Stemmer("english")
"""PyStemmer: the Snowball project's own English stemmer, in C (the pure-Python
port took 30 ms of every start-up to stem the vocabulary)."""


def clean(text: str) -> str:
    """Text safe to show on a terminal or put in JSON: no control or bidi codes.

    Newlines and tabs survive; whole escape sequences (colour, title, cursor),
    other control characters, NUL and direction overrides do not.
    """
    text = _ESCAPE_SEQUENCE.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
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
    found = _WORD.findall(_BRITISH.sub(r"\1iz", re.sub(r"['\u2019]", "", normalize(text))))
    return [w for word in found for w in SHORTHAND.get(word, word).split()]


@lru_cache(maxsize=8192)
def stem(word: str) -> str:
    """The Snowball stem of one lower-case word: billing -> bill, coders -> coder."""
    return _STEMMER.stemWord(word)


def terms(text_words: list[str]) -> list[str]:
    """Stems of the content words, in order: what the index and patterns compare.

    A single letter is no content word ("U.S." is "u s"; "what s" asks nothing)."""
    return [stem(w) for w in text_words if w not in STOPWORDS and len(w) > 1]


def index_terms(text_words: list[str]) -> list[str]:
    """Stems that say what a passage or question is about: no stopwords, no question words."""
    return [t for t in terms(text_words) if t not in QUESTION_WORDS]
