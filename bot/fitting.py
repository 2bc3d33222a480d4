"""Fit the model on labeled dialogs (`careerbot fit`), and measure it on sets it never saw
(`careerbot eval --cv`). Only this module imports scipy (the scorer's optimiser).

Training rows: every turn of every dialog is weighed as the engine weighs it;
each candidate reply is a row, labeled 1 if giving it would pass the turn's
label (the rules of `careerbot eval`). The conversation moves on as if the turn
had been answered right (its preferred passing candidate), so follow-ups are
weighed in the state they were written for.

Three models are fitted:
- the lexicon (naive Bayes, a message's words -> its topic and side, or "oos"), counted
  per set so that the lexicon of all sets but some is a subtraction;
- the topic regression (a logistic regression, a message's words -> its topic, or "oos");
- the scorer (a softmax over each turn's candidates, linear in their features).
The scorer must learn how far to trust the lexicon and the regression on
questions they have not seen, so each set's rows carry the ones fitted on the
OTHER sets: the sets are dealt into INNER_FOLDS folds, and a fold's rows carry
the readers fitted without it (out of fold). Held-out figures go one level
further: set k is scored by models fitted without it, whose rows in turn came
from readers fitted without both k and the row's own fold. Nothing fitted on a
set ever scores it.
"""

from __future__ import annotations

import copy
import json
import multiprocessing
import os
from collections.abc import Collection, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from bot import regression
from bot.candidates import Candidate
from bot.engine import Bot, Unsettled, Weighing, lexical, read_message
from bot.errors import UsageError
from bot.evaluate import Dialog, Report, Turn, evaluate, load_dialogs, passes
from bot.features import FEATURES, learned, read
from bot.lexicon import OOS, SIDE, Lexicon, lexicon_terms, side_class
from bot.model import Model
from bot.regression import TopicRegression, regression_terms
from bot.scorer import Scorer, likeliest
from bot.text import stem
from bot.types import ChatState, Reply

LEXICON_SMOOTHING = 0.25
"""Naive Bayes' additive smoothing: a word seen once for a topic is a hint, not proof."""
MIN_TERM_COUNT = 2
"""A term the lexicon keeps was said at least this many times in the labeled questions, and
one the regression keeps in at least this many of them: one said once is an accident of
one writer's phrasing, and half the vocabulary."""
PENALTY = 0.5
"""The strength of the scorer's L2 penalty: weights grow only as far as many turns need.
Chosen by leave-one-set-out and the never-fitted holdouts: 1.0 / 0.5 / 0.3 scored 8,182 /
8,188 / 8,192 of 8,789 and 876 / 881 / 882 of 951; where they tie, the stronger penalty."""
PREFERENCE = ("fit", "compare", "answer", "gap", "clarify", "chat", "decline")
"""Which passing reply a training conversation moves on with: the most informative."""
INNER_FOLDS = 5
"""The scorer's rows carry a lexicon and a regression fitted without their own fold of sets,
of this many: the regression is refitted per fold (about 2 s), not subtracted, so one fold
per set would be 63 fits. Naive Bayes alone scored as well read this way as with one fold
per set (ten-fold 9,588 against 9,581 of 10,251 turns)."""
REGRESSION_C = 16.0
"""The inverse strength of the regression's L2 penalty. Over words alone 4, 16 and 64 scored
9,603, 9,606 and 9,609 of 10,251 turns ten-fold and 1,348 of 1,439 on the never-fitted
holdouts each; with letter runs, 4 and 16 scored 9,614 and 9,626 ten-fold (1,352 and 1,350
on the holdouts)."""
BLANK = Model(Lexicon((OOS,), (0.0,), (0.0,), LEXICON_SMOOTHING, {}, (0,)), regression.BLANK,
              Scorer({}, 0.0))
"""A model that knows nothing: for weighing turns before anything is fitted."""


@dataclass(frozen=True)
class Example:
    """One weighed turn: its candidates' features (the learned ones left to fill in), which
    candidates would pass, and the words the lexicon and the regression read."""

    set: str
    weighing: Weighing
    read: Any
    """Per candidate, its features that need no fitted reader, in FEATURES order (a matrix)."""
    passing: tuple[bool, ...]
    question: tuple[str, ...]
    label: str | None
    """The lexicon's class for this turn: the main section's topic (and side), or "oos";
    None to skip. The regression reads the topic alone."""


@dataclass(frozen=True)
class Readers:
    """What reads a message's words for the scorer: a lexicon and a regression, fitted
    together on the same sets."""

    lexicon: Lexicon
    regression: TopicRegression


@dataclass(frozen=True)
class LabeledSet:
    name: str
    dialogs: list[Dialog]


def load_sets(paths: Sequence[Path], known: Collection[str]) -> list[LabeledSet]:
    """The labeled sets in `paths`, whose labels are all `known` (evaluate.labels)."""
    return [LabeledSet(p.stem, load_dialogs(p, known)) for p in paths]


def unfitted(bot: Bot) -> Bot:
    """The same bot with a model that knows nothing."""
    return with_model(bot, BLANK)


def with_model(bot: Bot, model: Model) -> Bot:
    twin = copy.copy(bot)
    twin.model = model
    return twin


# ---------------------------------------------------------------- weighing turns


def examples(bot: Bot, sets: Sequence[LabeledSet]) -> list[Example]:
    """Every turn the scorer decides, weighed in the state its dialog was written for."""
    found: list[Example] = []
    for labeled in sets:
        for dialog in labeled.dialogs:
            state = ChatState()
            for turn in dialog.turns:
                example, state = _weigh_turn(bot, labeled.name, turn, state)
                if example:
                    found.append(example)
    return found


def _weigh_turn(bot: Bot, name: str, turn: Turn, state: ChatState) -> tuple[Example | None, ChatState]:
    """The turn weighed as the engine would, and the state a right answer leaves; None for
    what the engine answers without weighing (commands, a choice after asking back)."""
    settled = bot.settle(read_message(turn.q)[0], state)
    if not isinstance(settled, Unsettled):
        return None, bot.reply(turn.q, state)[1]
    analysis, state = settled.analysis, settled.state
    weighing = bot.weigh(analysis, state)
    passing = tuple(passes(turn, _as_reply(c)) for c in weighing.candidates)
    if "@clarify" in turn.expect and any(ok and c.action == "clarify" for c, ok in zip(weighing.candidates, passing)):
        # The labeler found it ambiguous: asking back is what to learn, though an answer would pass.
        passing = tuple(ok and c.action == "clarify" for c, ok in zip(weighing.candidates, passing))
    chosen = _preferred(turn, weighing.candidates, passing)
    _, after = bot.composer.reply(chosen, weighing.evidence, 1.0, None)
    return Example(name, weighing, _matrix([read(c, weighing.evidence) for c in weighing.candidates]),
                   passing, analysis.question, _lexicon_label(bot, turn)), after


COLUMN = {name: n for n, name in enumerate(FEATURES)}


def _matrix(rows: Sequence[dict[str, float]]) -> Any:
    """Named features as rows of a matrix in FEATURES order; a name FEATURES lacks is a bug
    (the model could not weigh it)."""
    import numpy as np

    x = np.zeros((len(rows), len(FEATURES)))
    for n, values in enumerate(rows):
        if not values.keys() <= COLUMN.keys():
            raise ValueError(f"features not in FEATURES: {sorted(values.keys() - COLUMN.keys())}")
        x[n, [COLUMN[name] for name in values]] = list(values.values())
    return x


def _as_reply(c: Candidate) -> Reply:
    return Reply("", c.kind, c.tag, c.cited)


def _preferred(turn: Turn, found: Sequence[Candidate], passing: Sequence[bool]) -> Candidate:
    """The passing candidate a right answer would most likely have been: asking back where
    the label expects it, a comparison where it lists sides, else the labeler's main section."""
    def key(i: int) -> tuple[int, int, int]:
        c = found[i]
        asked_back = "@clarify" in turn.expect and c.action == "clarify"
        sides = bool(turn.expect_all) and c.action == "compare"
        main = turn.expect.index(c.sections[0]) if c.sections and c.sections[0] in turn.expect else len(turn.expect)
        return (-(asked_back or sides), main, PREFERENCE.index(c.action))

    right = [i for i, ok in enumerate(passing) if ok]
    return found[min(right, key=key)] if right else found[-1]


def _lexicon_label(bot: Bot, turn: Turn) -> str | None:
    """The topic a turn's words are about, and the side when only one side's section answers
    ("skills:billing"); "oos" where the article has nothing (a near miss too: its words ask
    what the article lacks); None for small talk."""
    first = turn.expect[0]
    if first == "@oos":
        return OOS
    if first.startswith("@"):
        return None
    topic, role = bot.grid.topic_of(first), bot.grid.role_of(first)
    accepted = {bot.grid.role_of(s) for s in turn.expect if bot.grid.topic_of(s) == topic}
    # One side's section, and not the other's of the same topic: the words point to that side.
    return side_class(topic, role) if topic and role and accepted == {role} else topic


# ---------------------------------------------------------------- fitting


@dataclass(frozen=True)
class Tally:
    """How often each term was said in each class's questions, and how many questions each
    class has, over one vocabulary: naive Bayes is fitted from these sums alone, so the
    lexicon of every set but some is a subtraction, not a refit."""

    terms: tuple[str, ...]
    classes: tuple[str, ...]
    counts: Any
    """terms x classes."""
    questions: Any

    def __add__(self, other: Tally) -> Tally:
        return replace(self, counts=self.counts + other.counts, questions=self.questions + other.questions)

    def __sub__(self, other: Tally) -> Tally:
        return replace(self, counts=self.counts - other.counts, questions=self.questions - other.questions)


def tallies(batch: Sequence[Example]) -> dict[str, Tally]:
    """Each set's tally of its labeled turns, all over the batch's vocabulary and classes."""
    import numpy as np

    rows = [(e.set, lexicon_terms(e.question), e.label) for e in batch if e.label and e.question]
    terms = tuple(sorted({t for _, said, _ in rows for t in said}))
    classes = tuple(sorted({label for _, _, label in rows if label}))
    place = {t: n for n, t in enumerate(terms)}
    found: dict[str, Tally] = {}
    for name in dict.fromkeys(e.set for e in batch):
        counts, questions = np.zeros((len(terms), len(classes))), np.zeros(len(classes))
        for set_name, said, label in rows:
            if set_name == name and label:
                column = classes.index(label)
                np.add.at(counts, ([place[t] for t in said], column), 1)
                questions[column] += 1
        found[name] = Tally(terms, classes, counts, questions)
    return found


def naive_bayes(tally: Tally, only: Collection[str] | None = None) -> Lexicon:
    """Multinomial naive Bayes from a tally: smoothed term frequencies per class, of the
    terms said at least MIN_TERM_COUNT times; with `only`, just those terms' rows (the
    rest are fitted, but never read)."""
    import numpy as np

    asked = tally.questions > 0
    if not asked.any():  # no labeled question left (a single set, left out): nothing is known
        return BLANK.lexicon
    counts = tally.counts[:, asked]
    said = counts.sum(axis=1) >= MIN_TERM_COUNT
    words = counts[said].sum(axis=0)
    totals = words + LEXICON_SMOOTHING * int(said.sum())
    if only is not None:
        said &= np.isin(np.array(tally.terms), list(only))
    questions = tally.questions[asked]
    return Lexicon(tuple(c for c, kept in zip(tally.classes, asked, strict=True) if kept),
                   tuple((np.log(questions) - np.log(questions.sum())).tolist()),
                   tuple(np.log(totals).tolist()), LEXICON_SMOOTHING,
                   dict(zip((t for t, kept in zip(tally.terms, said, strict=True) if kept),
                            map(tuple, counts[said].astype(int).tolist()), strict=True)),
                   tuple(words.astype(int).tolist()))


def fit_regression(batch: Sequence[Example], left_out: Collection[str] = ()) -> TopicRegression:
    """The topic regression of the labeled turns of the batch's sets outside `left_out`: over
    the tf-idf of the lexicon's terms and letter runs (`regression_terms`) said in at least
    MIN_TERM_COUNT questions."""
    import numpy as np
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    said = [(e.question, e.label.split(SIDE)[0]) for e in batch if e.label and e.question and e.set not in left_out]
    if len({topic for _, topic in said}) < 2:  # one topic, or none: nothing to tell apart
        return BLANK.regression
    vectorizer = TfidfVectorizer(analyzer=regression_terms, min_df=MIN_TERM_COUNT, sublinear_tf=True)
    try:
        x = vectorizer.fit_transform([question for question, _ in said])
    except ValueError:  # "no terms remain": no term said in MIN_TERM_COUNT questions, nothing to weigh
        return BLANK.regression
    fitted = LogisticRegression(C=REGRESSION_C, max_iter=3000).fit(x, [topic for _, topic in said])
    weights, intercepts = fitted.coef_, fitted.intercept_
    if len(fitted.classes_) == 2:  # one weight vector for the second topic: a softmax of (0, s)
        weights, intercepts = np.vstack([np.zeros_like(weights), weights]), np.r_[0.0, intercepts]
    terms = np.array([t.encode("utf-8") for t in vectorizer.get_feature_names_out()], dtype=bytes)
    order = np.argsort(terms)  # the terms sorted as bytes, for TopicRegression's binary search
    return TopicRegression(tuple(str(c) for c in fitted.classes_), tuple(intercepts.tolist()), terms[order],
                           np.column_stack([vectorizer.idf_, weights.T])[order].astype(np.float32))


def readers_without(batch: Sequence[Example], by_set: dict[str, Tally], left_out: Sequence[str],
                    asked: dict[str, frozenset[str]]) -> dict[str, Readers]:
    """Per set, a lexicon and a regression fitted without its fold (the sets outside
    `left_out`, dealt into INNER_FOLDS) and without `left_out`: the out-of-fold readers a
    scorer's rows carry. Each lexicon holds only the terms its fold's turns ask it about."""
    rest = total(by_set, left_out)
    found: dict[str, Readers] = {}
    for fold in deal([name for name in by_set if name not in left_out], INNER_FOLDS):
        in_fold = {name: by_set[name] for name in fold}
        readers = Readers(naive_bayes(rest - total(in_fold), frozenset().union(*(asked[j] for j in fold))),
                          fit_regression(batch, (*left_out, *fold)))
        found.update(dict.fromkeys(fold, readers))
    return found


def deal(names: Sequence[str], count: int) -> list[tuple[str, ...]]:
    """`names` in name order dealt into `count` groups (fewer if there are fewer names)."""
    ordered = sorted(names)
    count = min(count, len(ordered))
    return [tuple(ordered[i::count]) for i in range(count)]


def asked_terms(batch: Sequence[Example]) -> dict[str, frozenset[str]]:
    """Per set, every term its turns ask a lexicon about: their words, and the stems of
    their unknown words (whether the lexicon knows them)."""
    found: dict[str, set[str]] = {}
    for e in batch:
        a = e.weighing.evidence.analysis
        found.setdefault(e.set, set()).update(lexicon_terms(a.question), lexicon_terms(a.asking),
                                              (stem(w) for w in a.unknown))
    return {name: frozenset(terms) for name, terms in found.items()}


def total(by_set: dict[str, Tally], left_out: Sequence[str] = ()) -> Tally:
    """The tally of every set but `left_out`."""
    kept = [t for name, t in by_set.items() if name not in left_out]
    if not kept:  # every set left out: nothing said, over the same vocabulary
        some = next(iter(by_set.values()))
        return some - some
    return sum(kept[1:], start=kept[0])


@dataclass(frozen=True)
class Rows:
    """The candidates of a batch of turns as a matrix: one row per candidate, rows of a
    turn together (`starts`), which rows would pass, and per turn which row declines."""

    x: Any
    passing: Any
    turn: Any
    starts: Any
    answering: Any
    """Rows that answer (an answer or a comparison): declined below the cutoff."""
    decline: Any
    """Per turn, the row of its decline candidate."""
    kinds: list[str]
    """Per row, the reply kind its candidate becomes."""


def rows(batch: Sequence[Example], readers_of: dict[str, Readers]) -> Rows:
    """The batch's rows; each example's learned features from `readers_of[its set]`."""
    import numpy as np

    blocks: list[Any] = []
    passing: list[bool] = []
    turn: list[int] = []
    answering: list[bool] = []
    decline: list[int] = []
    kinds: list[str] = []
    for n, e in enumerate(batch):
        readers = readers_of[e.set]
        ev = replace(e.weighing.evidence, **lexical(e.weighing.evidence.analysis, readers.lexicon, readers.regression))
        candidates = e.weighing.candidates
        decline.extend(len(turn) + i for i, c in enumerate(candidates) if c.action == "decline")
        blocks.append(e.read + _matrix([learned(c, ev) for c in candidates]))
        passing.extend(e.passing)
        turn.extend([n] * len(candidates))
        answering.extend(c.action in ("answer", "compare") for c in candidates)
        kinds.extend(c.kind for c in candidates)
    turns = np.array(turn)
    return Rows(np.vstack(blocks), np.array(passing), turns, np.flatnonzero(np.r_[True, turns[1:] != turns[:-1]]),
                np.array(answering), np.array(decline), kinds)


def fit_scorer(batch: Sequence[Example], readers_of: dict[str, Readers]) -> Scorer:
    """The weights that make the passing candidates of each turn most probable among its
    candidates (a conditional logit: a softmax over each turn's candidates, L2-penalised),
    and the cutoff that gets the most turns right on the same turns."""
    import numpy as np
    from scipy.optimize import minimize

    if not batch:  # a fold whose other sets hold no question: it learns nothing
        return BLANK.scorer
    r = rows(batch, readers_of)
    reachable = np.add.reduceat(r.passing.astype(float), r.starts) > 0
    weight = reachable.astype(float)

    def loss(w: Any) -> tuple[float, Any]:
        e, total, right = _softmax_parts(r, w)
        log_likelihood = np.log(np.where(reachable, right, 1.0)) - np.log(total)
        share = (e / total[r.turn] - r.passing * e / np.where(right > 0, right, 1.0)[r.turn]) * weight[r.turn]
        gradient = r.x.T @ share + PENALTY * w
        return float(-(weight * log_likelihood).sum() + PENALTY / 2 * w @ w), gradient

    w = minimize(loss, np.zeros(r.x.shape[1]), jac=True, method="L-BFGS-B").x
    weights = {name: float(v) for name, v in zip(FEATURES, w, strict=True)}
    return Scorer(weights, _best_cutoff(r, w))


def _softmax_parts(r: Rows, w: Any) -> tuple[Any, Any, Any]:
    """Per row exp(score - the turn's top score); per turn the sum of all and of the passing ones."""
    import numpy as np

    s = r.x @ w
    e = np.exp(s - np.maximum.reduceat(s, r.starts)[r.turn])
    return e, np.add.reduceat(e, r.starts), np.add.reduceat(e * r.passing, r.starts)


def _best_cutoff(r: Rows, w: Any) -> float:
    """The cutoff (an answer whose kind is less probable than it is declined) that gets the
    most turns right, each turn decided as the engine decides it (scorer.likeliest)."""
    import numpy as np

    e, total, _ = _softmax_parts(r, w)
    p = e / total[r.turn]
    chosen = [likeliest(r.kinds[start:end], p[start:end].tolist())
              for start, end in zip(r.starts, [*r.starts[1:], len(p)], strict=True)]
    best = r.starts + np.array([i for i, _ in chosen])
    mass = np.array([m for _, m in chosen])
    kept = r.passing[best].astype(int)
    swapped = np.where(r.answering[best], r.passing[r.decline].astype(int) - kept, 0)
    order = np.argsort(mass)
    # Declining every answer below the i-th smallest probability gains the sum of the first i swaps.
    gains = np.r_[0, np.cumsum(swapped[order])]
    i = int(np.argmax(gains))
    return 0.0 if i == 0 else float((mass[order][i - 1] + (mass[order][i] if i < len(order) else 1.0)) / 2)


def fit(bot: Bot, sets: Sequence[LabeledSet]) -> Model:
    """The model for the shipped bot: a lexicon and a regression of every set, and a scorer
    whose rows carry out-of-fold ones."""
    batch = _weighed(bot, sets)
    by_set = tallies(batch)
    return Model(naive_bayes(total(by_set)), fit_regression(batch),
                 fit_scorer(batch, readers_without(batch, by_set, (), asked_terms(batch))))


def _weighed(bot: Bot, sets: Sequence[LabeledSet]) -> list[Example]:
    """The sets' turns the scorer decides; a UsageError if there is none to fit on."""
    batch = examples(unfitted(bot), sets)
    if not batch:
        raise UsageError("the labeled dialogs hold no question to fit on (only commands or choices)")
    return batch


@dataclass(frozen=True)
class _Folds:
    """What every fold of leave-one-set-out shares: weighed once, read by each fold."""

    bot: Bot
    sets: dict[str, LabeledSet]
    batch: list[Example]
    by_set: dict[str, Tally]
    asked: dict[str, frozenset[str]]

    def reports(self, group: tuple[str, ...]) -> dict[str, Report]:
        """Each set of `group` scored by a model fitted on the sets outside it."""
        train = [e for e in self.batch if e.set not in group]
        model = Model(naive_bayes(total(self.by_set, group)), fit_regression(self.batch, group),
                      fit_scorer(train, readers_without(self.batch, self.by_set, group, self.asked)))
        fitted = with_model(self.bot, model)
        return {k: evaluate(fitted, self.sets[k].dialogs) for k in group}


_FOLDS: _Folds | None = None
"""The folds a forked worker inherits: set before the pool starts, so nothing is pickled
but each fold's name and report."""


def _reports(group: tuple[str, ...]) -> dict[str, Report]:
    from threadpoolctl import threadpool_limits

    assert _FOLDS is not None
    with threadpool_limits(1):  # one fold per core: threads within a fold would only contend
        return _FOLDS.reports(group)


def held_out(bot: Bot, sets: Sequence[LabeledSet], folds: int | None = None) -> dict[str, Report]:
    """Each set's report from a model fitted without it: leave one set out, or with `folds`,
    the sets dealt in name order into that many groups, each group scored by a model fitted
    on the others (as honest, with fewer fits). The folds are independent, so they run on
    every core."""
    global _FOLDS
    if len(sets) < 2 or (folds is not None and folds < 2):
        raise ValueError("held-out figures need at least two sets and two folds")
    batch = _weighed(bot, sets)
    _FOLDS = _Folds(bot, {s.name: s for s in sets}, batch, tallies(batch), asked_terms(batch))
    groups = deal([s.name for s in sets], folds or len(sets))
    workers = min(os.cpu_count() or 1, len(groups))
    try:
        if workers <= 1:
            found = [_reports(g) for g in groups]
        else:
            with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
                found = list(pool.map(_reports, groups))
    finally:
        _FOLDS = None
    scored = {k: r for reports in found for k, r in reports.items()}
    return {s.name: scored[s.name] for s in sets}


def write_model(model: Model, path: Path) -> None:
    """model.json, written whole to a temporary name and renamed: never half a file."""
    temporary = path.with_name(path.name + ".tmp")
    text = json.dumps(model.to_json(), sort_keys=True, separators=(",", ":"))
    # One lexicon row (or list) per line: compact, and a refit's diff reads term by term.
    temporary.write_text(text.replace('],"', '],\n"') + "\n", encoding="utf-8")
    temporary.replace(path)
