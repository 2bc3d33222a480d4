"""`careerbot eval`: score the bot on labeled dialogs, in process.

The file format and the pass rules are those of the team's shared evaluation
script, so the two agree on every file (the README describes the format):
  expect ["@oos"]               -> a fallback
  expect ["@oos", section...]   -> near miss: a fallback, or an answer from a listed section
  expect ["@clarify", section...] -> ambiguous: asking back, or an answer from a listed section
  expect ["@greeting"] (etc.)   -> small talk with that intent
  expect [section...]           -> an answer whose main section is listed
  expect_all [section...]       -> and every one of these among its sections
Each dialog starts from a fresh conversation, as after /reset. A label that is
none of these (see `labels`) is refused when the file is read: a misspelt label
would otherwise fail its turn without saying why.
"""

from __future__ import annotations

import difflib
from collections.abc import Collection
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from bot.datafile import parse_json, read_text
from bot.engine import Bot
from bot.errors import DataFileError
from bot.types import ChatState, Reply

SMALLTALK = frozenset({"@greeting", "@thanks", "@goodbye", "@help"})
"""The contract's small-talk labels; any other "@tag" but @oos and @clarify names a small-talk
intent of intents.json ("@acknowledge") and is scored the same way."""
NOT_SMALLTALK = frozenset({"@oos", "@clarify"})
MAX_FILE_BYTES = 50_000_000


@dataclass(frozen=True)
class Turn:
    q: str
    expect: tuple[str, ...]
    expect_all: tuple[str, ...] | None = None


@dataclass(frozen=True)
class Dialog:
    id: str
    turns: tuple[Turn, ...]


@dataclass(frozen=True)
class Failure:
    dialog: str
    question: str
    expected: tuple[str, ...]
    got: str
    score: float


@dataclass
class Report:
    totals: dict[str, list[int]] = field(default_factory=dict)
    failures: list[Failure] = field(default_factory=list)
    parts: dict[str, tuple[int, int]] = field(default_factory=dict)
    """Passed and total per file, when the report covers several."""

    @classmethod
    def combined(cls, reports: dict[str, Report]) -> Report:
        """One report of several files' reports: their turns added up, each file's figure kept."""
        if len(reports) == 1:
            return next(iter(reports.values()))
        total = cls(parts={name: (r.passed, r.total) for name, r in reports.items()})
        for r in reports.values():
            for name, (ok, n) in r.totals.items():
                seen = total.totals.setdefault(name, [0, 0])
                seen[0] += ok
                seen[1] += n
            total.failures.extend(r.failures)
        return total

    @property
    def passed(self) -> int:
        return sum(ok for ok, _ in self.totals.values())

    @property
    def total(self) -> int:
        return sum(n for _, n in self.totals.values())

    @property
    def accuracy(self) -> float:
        return self.passed / self.total if self.total else 0.0

    def to_json(self) -> dict[str, Any]:
        return {
            "categories": {name: {"passed": ok, "total": n, "accuracy": round(ok / n, 4)}
                           for name, (ok, n) in sorted(self.totals.items())},
            "files": {name: {"passed": ok, "total": n, "accuracy": round(ok / n, 4)}
                      for name, (ok, n) in self.parts.items()},
            "overall": {"passed": self.passed, "total": self.total, "accuracy": round(self.accuracy, 4)},
            "failures": [asdict(f) | {"expected": list(f.expected)} for f in self.failures],
        }

    def to_text(self) -> str:
        lines = [f"FAIL {f.dialog}: {f.question!r} expected {list(f.expected)} got {f.got} (score {f.score:.2f})"
                 for f in self.failures]
        lines += [f"{name:14s} {ok:4d}/{n:<4d} {ok / n:6.1%}" for name, (ok, n) in self.parts.items()]
        lines += [f"{name:14s} {ok:4d}/{n:<4d} {ok / n:6.1%}" for name, (ok, n) in sorted(self.totals.items())]
        lines.append(f"overall {self.passed}/{self.total} {self.accuracy:.1%}")
        return "\n".join(lines)


def labels(bot: Bot) -> frozenset[str]:
    """The labels a dialogs file may use with `bot`: its corpus's sections, @oos, @clarify,
    and @ before each small-talk tag of its intents (@greeting, @thanks, ...)."""
    smalltalk = {f"@{intent.tag}" for intent in bot.intents.of_kind("smalltalk")}
    return frozenset(bot.corpus.sections) | NOT_SMALLTALK | SMALLTALK | smalltalk


def load_dialogs(path: Path, known: Collection[str]) -> list[Dialog]:
    """Dialogs from a JSON-lines file whose labels are all `known` (see `labels`);
    a malformed line is a DataFileError naming it."""
    reader = _Reader(frozenset(known))
    dialogs = []
    # split("\n"), not splitlines(): a U+2028 inside a JSON string does not end its line.
    for number, line in enumerate(read_text(path, DataFileError, MAX_FILE_BYTES).split("\n"), 1):
        if line.strip():
            data = parse_json(line, path, DataFileError, line=number)
            try:
                dialogs.append(reader.dialog(data, number))
            except _BadLine as err:
                raise DataFileError(path, f"line {number}: {err}") from None
    if not dialogs:
        raise DataFileError(path, "no dialogs in the file")
    return dialogs


class _BadLine(Exception):
    """What is wrong with one line of a dialogs file."""


class _Reader:
    """Turns one parsed line into a Dialog, or raises _BadLine saying what is wrong."""

    def __init__(self, known: frozenset[str]) -> None:
        self.known = known
        self.sections = frozenset(k for k in known if not k.startswith("@"))

    def labels(self, value: Any, key: str, allowed: frozenset[str]) -> tuple[str, ...]:
        if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
            raise _BadLine(f"'{key}' must be a non-empty list of strings")
        for label in value:
            if label not in allowed:
                near = difflib.get_close_matches(label, allowed, n=1)
                hint = f" (did you mean {near[0]!r}?)" if near else ""
                raise _BadLine(f"'{key}': {label!r} is not a section of the corpus or a known label{hint}")
        return tuple(value)

    def turn(self, data: Any) -> Turn:
        if not isinstance(data, dict) or not isinstance(data.get("q"), str):
            raise _BadLine("each turn must be an object with a string 'q'")
        every = self.labels(data["expect_all"], "expect_all", self.sections) if "expect_all" in data else None
        return Turn(data["q"], self.labels(data.get("expect"), "expect", self.known), every)

    def dialog(self, data: Any, number: int) -> Dialog:
        if not isinstance(data, dict) or not isinstance(data.get("turns"), list) or not data["turns"]:
            raise _BadLine("a dialog is an object with a non-empty 'turns' list")
        return Dialog(str(data.get("id", f"line{number}")), tuple(self.turn(t) for t in data["turns"]))


def _smalltalk(turn: Turn) -> bool:
    return turn.expect[0].startswith("@") and turn.expect[0] not in NOT_SMALLTALK


def category(turn: Turn, index: int) -> str:
    if turn.expect == ("@oos",):
        return "out-of-scope"
    if "@oos" in turn.expect:
        return "near-miss"
    if _smalltalk(turn):
        return "small talk"
    if turn.expect_all is not None:
        return "comparison"
    return "follow-up" if index > 0 else "in-scope"


def passes(turn: Turn, reply: Reply) -> bool:
    if "@oos" in turn.expect and reply.kind == "fallback":
        return True
    if "@clarify" in turn.expect and reply.kind == "clarify":
        return True
    if turn.expect == ("@oos",):
        return False
    if _smalltalk(turn):
        return reply.kind == "smalltalk" and reply.intent == turn.expect[0][1:]
    if reply.kind != "answer" or not reply.sections or reply.sections[0] not in turn.expect:
        return False
    return all(s in reply.sections for s in turn.expect_all or ())


def evaluate(bot: Bot, dialogs: list[Dialog]) -> Report:
    report = Report()
    for dialog in dialogs:
        state = ChatState()
        for index, turn in enumerate(dialog.turns):
            reply, state = bot.reply(turn.q, state)
            ok = passes(turn, reply)
            seen = report.totals.setdefault(category(turn, index), [0, 0])
            seen[0] += ok
            seen[1] += 1
            if not ok:
                got = f"{reply.kind} {reply.intent or ''} {list(reply.sections)}"
                report.failures.append(Failure(dialog.id, turn.q, turn.expect, got, reply.score))
    return report
