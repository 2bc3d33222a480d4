"""Benchmark careerbot against two retrieval baselines, and measure its speed and memory.

Run from anywhere (about half a minute):

    .venv/bin/python benchmarks/bench.py [DIALOGS]     # default: tests/data/dialogs.jsonl

It prints one table, with the issue's targets and ok/MISS next to each figure
(figures only: a miss never changes the exit code):

1. Per message, in process, warm (index fitted first), over every labeled turn,
   several repetitions: median and p99 latency (wall; and p99 of the thread's
   CPU time, which a busy machine does not inflate), and accuracy by the rule of
   `careerbot eval` (bot.evaluate.passes), for
   - careerbot: Bot.reply with the conversation state carried through each
     dialog and reset between dialogs. The spell-correction cache is cleared
     before each repetition, so a repetition does not replay memoised typos;
   - TF-IDF: scikit-learn TfidfVectorizer (English stopwords) over whole
     sections, one document per section (heading + text); predicts the top
     section by cosine, a fallback below a fixed cutoff of 0.1;
   - BM25: rank_bm25.BM25Okapi over the article's paragraphs (careerbot's own
     chunks, heading + text, the same tokenizer as TF-IDF); predicts the section
     of the best paragraph, a fallback below a fixed cutoff of 1.0 (roughly: one
     query word found in only a few paragraphs).
   The baselines keep no conversation state and never predict small talk, so
   follow-ups and small talk mostly fail for them: that is what they lack.
   Their cutoffs are fixed guesses, not tuned on the labeled set; the last
   column gives each baseline's accuracy at the best cutoff for this very set,
   an upper bound that a tuned baseline could not beat.
2. Cold start: wall time of a fresh `python -m bot ask ...` for a question
   answered without retrieval and one that needs it, median of 5 runs each,
   against the import floor (`python -c` importing the same libraries), after
   one untimed round. The children may write bytecode (to a cache under the
   temp directory, PYTHONPYCACHEPREFIX) even if PYTHONDONTWRITEBYTECODE is set
   here, as an installed package has its .pyc files: otherwise every run would
   compile bot/ from source while the libraries of the floor load theirs. The
   median CPU time of the same runs is printed too: on a busy machine it shows
   whether a wall-time miss is the program's or the neighbours'.
3. Peak RSS of a fresh process that loads the bot, fits the index and answers
   every labeled turn (getrusage ru_maxrss, read by that process itself).
4. Scaling: the corpus grown to 10x, 100x and 1000x its chunks by perturbed
   copies (words shuffled within each sentence, about one in ten dropped, seeded
   RNG, same section names), each time building Bot(corpus, intents) directly:
   build time (Bot() plus index.warm(), scikit-learn already imported), latency
   and accuracy on the labeled set.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TypeVar

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the checkout's `bot`, installed or not

from rank_bm25 import BM25Okapi  # noqa: E402
from sklearn.feature_extraction.text import TfidfVectorizer  # noqa: E402

from bot.corpus import load_corpus  # noqa: E402
from bot.data import default_corpus_dir, default_intents_path  # noqa: E402
from bot.engine import Bot  # noqa: E402
from bot.evaluate import Dialog, Turn, load_dialogs, passes  # noqa: E402
from bot.intents import load_intents  # noqa: E402
from bot.types import ChatState, Chunk, Corpus, Reply  # noqa: E402

DEFAULT_DIALOGS = ROOT / "tests" / "data" / "dialogs.jsonl"
SEED = 20240601
REPETITIONS = 5
"""Passes over the labeled set for the 1x latency figures."""
SCALES: dict[int, int] = {1: 5, 10: 3, 100: 2, 1000: 1}
"""Corpus growth factor -> passes over the labeled set at that size."""
COLD_RUNS = 5
TFIDF_CUTOFF = 0.1
BM25_CUTOFF = 1.0
DROP_RATE = 0.1
SENTENCE_END = re.compile(r"(?<=[.!?:])\s+|\n")

NO_RETRIEVAL_Q = "what does a biller do?"
RETRIEVAL_Q = "who appeals denied claims?"
LIGHT_IMPORTS = "import rapidfuzz, Stemmer"
FULL_IMPORTS = LIGHT_IMPORTS + "; from sklearn.feature_extraction.text import TfidfVectorizer"

P99_1X_MS = 2.0
P99_1000X_MS = 20.0
COLD_RATIO = 1.15
COLD_NO_RETRIEVAL_S = 0.3
PEAK_RSS_MB = 150.0

RSS_CHILD = """
import resource, sys
from pathlib import Path
from bot.data import default_corpus_dir, default_intents_path
from bot.engine import Bot
from bot.evaluate import evaluate, load_dialogs
bot = Bot.from_paths(default_corpus_dir(), default_intents_path())
bot.index.warm()
evaluate(bot, load_dialogs(Path(sys.argv[1]), bot.corpus.sections))
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""
"""Loads, warms and answers every turn, then prints its own peak RSS (KiB on Linux)."""

T = TypeVar("T")
Ranker = Callable[[str], tuple[str, float]]
"""A stateless baseline: question -> (best section, its score)."""


# ---------------------------------------------------------------- measurements


def p99(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=100, method="inclusive")[98]


@dataclass
class Measure:
    """Per-message wall and CPU times (ms) over all repetitions, and accuracy on one pass.

    CPU time is this thread's (time.thread_time): a message that waited for a
    busy CPU shows in the wall figure only.
    """

    wall_ms: list[float] = field(default_factory=list)
    cpu_ms: list[float] = field(default_factory=list)
    accuracy: float = 0.0

    def timed(self, call: Callable[[], T]) -> T:
        """call(), its duration recorded."""
        wall, cpu = time.perf_counter(), time.thread_time()
        result = call()
        self.cpu_ms.append((time.thread_time() - cpu) * 1000)
        self.wall_ms.append((time.perf_counter() - wall) * 1000)
        return result


def measure_bot(bot: Bot, dialogs: list[Dialog], repetitions: int) -> Measure:
    """careerbot over the dialogs, state carried within each dialog, reset between them."""
    measure = Measure()
    verdicts: list[bool] = []
    for repetition in range(repetitions):
        bot.matcher.correct.cache_clear()
        for dialog in dialogs:
            state = ChatState()
            for turn in dialog.turns:
                reply, state = measure.timed(partial(bot.reply, turn.q, state))
                if repetition == 0:
                    verdicts.append(passes(turn, reply))
    measure.accuracy = sum(verdicts) / len(verdicts)
    return measure


@dataclass(frozen=True)
class Baseline:
    """A ranker and the score below which it answers with a fallback."""

    name: str
    rank: Ranker
    cutoff: float

    def reply(self, question: str) -> Reply:
        section, score = self.rank(question)
        return as_reply(section, score, self.cutoff)


def as_reply(section: str, score: float, cutoff: float) -> Reply:
    """A baseline's prediction as a Reply for `passes`: an answer from `section`, or a fallback below the cutoff."""
    if score < cutoff:
        return Reply("", "fallback", score=score)
    return Reply("", "answer", sections=(section,), score=score)


def measure_baseline(baseline: Baseline, turns: list[Turn], repetitions: int) -> Measure:
    measure = Measure()
    replies = [[measure.timed(partial(baseline.reply, turn.q)) for turn in turns] for _ in range(repetitions)]
    measure.accuracy = accuracy(turns, replies[0])
    return measure


def accuracy(turns: list[Turn], replies: list[Reply]) -> float:
    return sum(passes(t, r) for t, r in zip(turns, replies)) / len(turns)


def best_cutoff(baseline: Baseline, turns: list[Turn]) -> tuple[float, float]:
    """(cutoff, accuracy) of the cutoff that does best on these very turns (the lowest on a tie)."""
    ranked = [baseline.rank(t.q) for t in turns]

    def accuracy_at(cutoff: float) -> float:
        return accuracy(turns, [as_reply(section, score, cutoff) for section, score in ranked])

    cutoff = max(sorted({score for _, score in ranked} | {float("inf")}), key=accuracy_at)
    return cutoff, accuracy_at(cutoff)


# ---------------------------------------------------------------- baselines


def tfidf_sections(corpus: Corpus) -> Ranker:
    """scikit-learn TF-IDF cosine over whole sections (one document per section)."""
    vectorizer = TfidfVectorizer(stop_words="english")
    matrix = vectorizer.fit_transform([f"{s}\n{corpus.section_text(s)}" for s in corpus.sections])

    def rank(question: str) -> tuple[str, float]:
        scores = (matrix @ vectorizer.transform([question]).T).toarray().ravel()
        best = int(scores.argmax())
        return corpus.sections[best], float(scores[best])

    return rank


def bm25_paragraphs(corpus: Corpus) -> Ranker:
    """rank_bm25 Okapi over paragraphs (the corpus chunks); the best paragraph's section."""
    analyse = TfidfVectorizer(stop_words="english").build_analyzer()
    model = BM25Okapi([analyse(f"{c.section}\n{c.text}") for c in corpus.chunks])

    def rank(question: str) -> tuple[str, float]:
        scores = model.get_scores(analyse(question))
        best = int(scores.argmax())
        return corpus.chunks[best].section, float(scores[best])

    return rank


# ---------------------------------------------------------------- processes


@dataclass(frozen=True)
class Timing:
    """Median wall time of a command's runs, and median CPU time (user + system) of the same runs."""

    wall: float
    cpu: float


def bytecode_env() -> dict[str, str]:
    """This environment, with bytecode caching on and kept out of the source tree."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    return env | {"PYTHONPYCACHEPREFIX": str(Path(tempfile.gettempdir()) / "careerbot-bench-pycache")}


def run_once(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """(wall, cpu) seconds of one run; CPU time is what other processes on the machine cannot inflate."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime


def cold_starts(commands: dict[str, list[str]], runs: int) -> dict[str, Timing]:
    """Medians per command after one untimed round; the commands take turns so drift hits all alike."""
    env = bytecode_env()
    for command in commands.values():
        run_once(command, env)
    runs_of: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, command in commands.items():
            runs_of[name].append(run_once(command, env))
    return {name: Timing(statistics.median(w for w, _ in r), statistics.median(c for _, c in r))
            for name, r in runs_of.items()}


def peak_rss_mb(dialogs_path: Path) -> float:
    out = subprocess.run([sys.executable, "-c", RSS_CHILD, str(dialogs_path)], cwd=ROOT, check=True,
                         capture_output=True, text=True).stdout
    return int(out.split()[-1]) / 1024


# ---------------------------------------------------------------- scaling


def perturb(text: str, rng: random.Random) -> str:
    """The text's words shuffled within each sentence, about DROP_RATE of them dropped."""
    sentences = []
    for sentence in SENTENCE_END.split(text):
        tokens = sentence.split()
        kept = [t for t in tokens if rng.random() >= DROP_RATE] or tokens
        rng.shuffle(kept)
        sentences.append(" ".join(kept))
    return "\n".join(s for s in sentences if s)


def grow(corpus: Corpus, factor: int, rng: random.Random) -> Corpus:
    """The corpus with factor - 1 perturbed copies of every chunk appended (ids stay positions)."""
    copies = [(c.section, perturb(c.text, rng)) for _ in range(factor - 1) for c in corpus.chunks]
    start = len(corpus.chunks)
    return Corpus(corpus.sections, corpus.chunks + tuple(Chunk(start + n, section, text)
                                                         for n, (section, text) in enumerate(copies)))


def build(corpus: Corpus) -> tuple[Bot, float]:
    """A bot for `corpus` with its index fitted, and the seconds that took."""
    intents = load_intents(default_intents_path(), corpus)
    start = time.perf_counter()
    bot = Bot(corpus, intents)
    bot.index.warm()
    return bot, time.perf_counter() - start


# ---------------------------------------------------------------- report


def mark(ok: bool) -> str:
    return "ok" if ok else "MISS"


def figures(m: Measure) -> str:
    """Median and p99 wall ms, p99 CPU ms, accuracy: the columns of sections 1 and 4."""
    return f"{statistics.median(m.wall_ms):8.3f} {p99(m.wall_ms):8.3f} {p99(m.cpu_ms):8.3f} {m.accuracy:8.1%}"


FIGURES_HEADER = f"{'med ms':>8} {'p99 ms':>8} {'p99 cpu':>8} {'accuracy':>8}"


def section_latency(bot: Bot, dialogs: list[Dialog], corpus: Corpus) -> list[str]:
    turns = [t for d in dialogs for t in d.turns]
    ours = measure_bot(bot, dialogs, REPETITIONS)
    lines = [f"1. Per message, in process, warm ({REPETITIONS} repetitions of {len(turns)} turns)",
             f"  {'':<32} {FIGURES_HEADER}  target / note",
             f"  {'careerbot (conversation state)':<32} {figures(ours)}  "
             f"p99 <= {P99_1X_MS:g} ms {mark(p99(ours.wall_ms) <= P99_1X_MS)}"]
    for baseline in (Baseline(f"TF-IDF sections, cutoff {TFIDF_CUTOFF:g}", tfidf_sections(corpus), TFIDF_CUTOFF),
                     Baseline(f"BM25 paragraphs, cutoff {BM25_CUTOFF:g}", bm25_paragraphs(corpus), BM25_CUTOFF)):
        theirs = measure_baseline(baseline, turns, REPETITIONS)
        cutoff, best = best_cutoff(baseline, turns)
        lines.append(f"  {baseline.name:<32} {figures(theirs)}  best cutoff for this set ({cutoff:.3g}): "
                     f"{best:.1%}; careerbot ahead {mark(ours.accuracy > best)}")
    return lines


def section_cold_start() -> list[str]:
    python = sys.executable
    t = cold_starts({"light": [python, "-c", LIGHT_IMPORTS],
                     "plain": [python, "-m", "bot", "ask", NO_RETRIEVAL_Q],
                     "full": [python, "-c", FULL_IMPORTS],
                     "retrieval": [python, "-m", "bot", "ask", RETRIEVAL_Q]}, COLD_RUNS)
    plain, retrieval, light, full = t["plain"], t["retrieval"], t["light"], t["full"]
    ratio = retrieval.wall / full.wall

    def line(label: str, x: Timing, rest: str = "") -> str:
        return f"  {label:<44} {x.wall:7.3f} {x.cpu:7.3f}  {rest}"

    return [f"2. Cold start, fresh process (median of {COLD_RUNS})",
            f"  {'':<44} {'wall s':>7} {'cpu s':>7}  vs floor (wall, cpu)  target",
            line(f"floor A: {LIGHT_IMPORTS}", light),
            line("floor B: A + sklearn TfidfVectorizer", full),
            line(f"ask {NO_RETRIEVAL_Q!r} (no retrieval)", plain,
                 f"A x{plain.wall / light.wall:.2f}, x{plain.cpu / light.cpu:.2f}       "
                 f"wall <= {COLD_NO_RETRIEVAL_S:g} s {mark(plain.wall <= COLD_NO_RETRIEVAL_S)}"),
            line(f"ask {RETRIEVAL_Q!r} (retrieval)", retrieval,
                 f"B x{ratio:.2f}, x{retrieval.cpu / full.cpu:.2f}       "
                 f"wall <= x{COLD_RATIO:g} {mark(ratio <= COLD_RATIO)}")]


def section_memory(dialogs_path: Path) -> list[str]:
    rss = peak_rss_mb(dialogs_path)
    return [f"3. Peak RSS, load + warm + answer every turn: {rss:.1f} MB   "
            f"target <= {PEAK_RSS_MB:g} MB {mark(rss <= PEAK_RSS_MB)}"]


def section_scaling(corpus: Corpus, dialogs: list[Dialog]) -> list[str]:
    rng = random.Random(SEED)
    lines = ["4. Scaling: perturbed copies of the chunks",
             f"  {'size':<6} {'chunks':>7} {'build s':>8} {'reps':>5} {FIGURES_HEADER}  target"]
    for factor, repetitions in SCALES.items():
        grown = grow(corpus, factor, rng)
        bot, seconds = build(grown)
        m = measure_bot(bot, dialogs, repetitions)
        target = f"p99 <= {P99_1000X_MS:g} ms {mark(p99(m.wall_ms) <= P99_1000X_MS)}" if factor == 1000 else ""
        lines.append(f"  {f'{factor}x':<6} {len(grown.chunks):>7} {seconds:>8.2f} {repetitions:>5} "
                     f"{figures(m)}  {target}")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dialogs", nargs="?", type=Path, default=DEFAULT_DIALOGS,
                        help="labeled dialogs, JSON lines (default: tests/data/dialogs.jsonl)")
    dialogs_path = parser.parse_args().dialogs.resolve()
    corpus = load_corpus(default_corpus_dir())
    dialogs = load_dialogs(dialogs_path, corpus.sections)
    bot, _ = build(corpus)
    turns = sum(len(d.turns) for d in dialogs)
    print(f"careerbot benchmark: {turns} turns in {len(dialogs)} dialogs ({dialogs_path}); "
          f"corpus {len(corpus.chunks)} chunks in {len(corpus.sections)} sections")
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f} "
          "(other processes inflate wall times and tails)")
    sections: list[Callable[[], list[str]]] = [
        lambda: section_latency(bot, dialogs, corpus), section_cold_start,
        lambda: section_memory(dialogs_path), lambda: section_scaling(corpus, dialogs)]
    for section in sections:
        print("\n".join(section()), flush=True)


if __name__ == "__main__":
    main()
