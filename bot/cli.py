"""Command-line entry point: argument parsing and the one error boundary.

    careerbot                   chat (a terminal), or answer stdin line by line
    careerbot --json            JSON lines on stdin/stdout
    careerbot ask "question"    one answer (--json for the reply object)
    careerbot "question"        the same: a first word that is no command starts a question
    careerbot eval FILE...      accuracy on labeled dialogs (--json, --min; --cv: each
                                file scored by a model fitted on the others)
    careerbot fit [FILE...]     fit the answer model on labeled dialogs (writes model.json)
    careerbot index             build the corpus's search index and say where it is

Every failure a user can cause ends here as one line on stderr and an exit
code (errors.ExitCode); Ctrl-C exits 130 and a closed pipe exits quietly. All
output, argparse's included, goes through `streams.write` (cleaned), and stdout
is flushed inside the boundary, so a full disk fails the command.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING, cast

from rapidfuzz.distance import OSA

from bot import __version__, streams
from bot.errors import BotError, ExitCode, UsageError

if TYPE_CHECKING:
    from _typeshed import SupportsWrite

    from bot.engine import Bot
    from bot.evaluate import Report


class _Parser(argparse.ArgumentParser):
    """argparse printing through `streams.write`: its messages echo the arguments given
    ("unrecognized arguments: ..."), and those may hold escape sequences.
    `_print_message` is the one method through which argparse writes anything."""

    def _print_message(self, message: str, file: SupportsWrite[str] | None = None) -> None:
        if message:  # argparse passes sys.stdout or sys.stderr (None: stderr)
            streams.write(cast(IO[str], file or sys.stderr), message)


def _options() -> _Parser:
    """Options accepted both before and after a subcommand."""
    common = _Parser(add_help=False)
    common.add_argument("--corpus", type=Path, metavar="DIR", default=argparse.SUPPRESS,
                        help="directory of .txt/.md articles to answer from (default: the shipped article)")
    common.add_argument("--intents", type=Path, metavar="FILE", default=argparse.SUPPRESS,
                        help="intents.json to use (default: the shipped one)")
    common.add_argument("--model", type=Path, metavar="FILE", default=argparse.SUPPRESS,
                        help="model.json to use (default: the shipped one, fitted by `careerbot fit`)")
    common.add_argument("--json", action="store_true", default=argparse.SUPPRESS,
                        help="write JSON objects instead of text")
    return common


VALUE_OPTIONS = frozenset({"--corpus", "--intents", "--model"})
"""Options before a command that take the next word as their value."""
MIN_TYPO = 3
"""Shorter first words ("it", "as") start questions, however near a command they are."""


def parser() -> _Parser:
    common = _options()
    top = _Parser(
        prog="careerbot", parents=[common],
        description="Answers questions about careers in medical billing and medical coding, "
                    "from one article, offline. With no command: the chat (or, when standard input "
                    "is not a terminal, one answer per input line).",
    )
    top.add_argument("--version", action="version", version=f"careerbot {__version__}")
    top.add_argument("--no-pager", action="store_true",
                     help="in the chat, print long answers whole instead of through $PAGER (else less)")
    sub = top.add_subparsers(dest="command", metavar="COMMAND")
    ask = sub.add_parser("ask", parents=[common], help="answer one question and exit",
                         description="Answer one question and exit.")
    ask.add_argument("question", nargs="+", help="the question (quote it, or give it as several words)")
    ev = sub.add_parser("eval", parents=[common], help="score the bot on labeled dialogs (JSON lines)",
                        description="Score the bot on a file of labeled dialogs, one JSON object per line "
                                    "(the format is in the README): accuracy per category, overall, "
                                    "and every failed turn.")
    ev.add_argument("files", type=Path, nargs="+", metavar="FILE", help="dialogs, one JSON object per line")
    ev.add_argument("--min", type=_fraction, default=0.0, metavar="ACC",
                    help="exit 1 if overall accuracy (0..1) is below this")
    ev.add_argument("--cv", action="store_true",
                    help="leave one file out: score each file by a model fitted on the other files only")
    fit = sub.add_parser("fit", parents=[common], help="fit the answer model on labeled dialogs",
                         description="Fit the lexicon, the regression and the scorer on labeled dialogs and write "
                                     "model.json (default: the training sets in tests/data/train/ of a source "
                                     "checkout).")
    fit.add_argument("files", type=Path, nargs="*", metavar="FILE", help="dialogs to fit on")
    fit.add_argument("--out", type=Path, metavar="FILE", help="where to write (default: the shipped model.json)")
    sub.add_parser("index", parents=[common], help="build the search index and say where it is kept",
                   description="Build (or rebuild) the search index of the corpus and say where it is kept: "
                               "for the shipped article, the file shipped beside it (run this in a checkout "
                               "after changing the article or bot/text.py); for --corpus DIR, the cache under "
                               "$XDG_CACHE_HOME/careerbot (else ~/.cache/careerbot).")
    return top


def _fraction(text: str) -> float:
    """An accuracy between 0 and 1 ("0.9", not "90")."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not 0.0 <= value <= 1.0:
        raise argparse.ArgumentTypeError(f"{text} is not between 0 and 1 (write 0.9 for 90%)")
    return value


def main(argv: Sequence[str] | None = None) -> int:
    try:
        streams.prepare()
        code = _main(sys.argv[1:] if argv is None else list(argv))
        streams.flush(sys.stdout)  # here, not at exit: a failure must fail the command
        return code
    except BotError as err:
        streams.error(str(err))
        return err.exit_code
    except KeyboardInterrupt:
        streams.to_stderr("\n")
        return ExitCode.INTERRUPTED
    except BrokenPipeError:
        # The reader went away (`careerbot --json < qs | head -1`): stop quietly.
        streams.silence(sys.stdout)
        return ExitCode.OK
    except OSError as err:  # a terminal gone, a file vanished: one line, not a traceback
        streams.error(f"{err.filename}: {err.strerror}" if err.filename else str(err.strerror or err))
        return ExitCode.FAILURE


def _main(argv: list[str]) -> int:
    if sys.stdout is None:
        raise BotError("standard output is closed")
    try:
        args = _parse(argv)
    except SystemExit as done:  # --help, --version, or a usage error argparse has printed
        return done.code if isinstance(done.code, int) else ExitCode.USAGE
    return _run(args)


def _parse(argv: list[str]) -> argparse.Namespace:
    """The arguments; a question given without `ask` is asked, and an option a command does
    not know is reported with that command's usage."""
    top = parser()
    args, unknown = top.parse_known_args(_with_command(argv, _commands(top)))
    if unknown:
        _commands(top).get(args.command, top).error(f"unrecognized arguments: {' '.join(unknown)}")
    return args


def _commands(top: _Parser) -> dict[str, argparse.ArgumentParser]:
    action = next(a for a in top._actions if isinstance(a, argparse._SubParsersAction))
    return dict(action.choices)


def _with_command(argv: list[str], commands: dict[str, argparse.ArgumentParser]) -> list[str]:
    """`argv` with `ask` put before a first word that is not a command (`careerbot "what ..."`).

    A single word one typo from a command is a mistyped command, not a question."""
    at = 0
    while at < len(argv) and argv[at].startswith("-"):
        at += 2 if argv[at] in VALUE_OPTIONS else 1
    if at >= len(argv) or argv[at] in commands:
        return argv
    word = argv[at]
    near = [c for c in commands if OSA.distance(word.lower(), c) <= 1]
    if near and len(word) >= MIN_TYPO and " " not in word.strip():
        raise UsageError(f"{word!r} is not a command; did you mean {near[0]}?")
    return [*argv[:at], "ask", *argv[at:]]


def _load(args: argparse.Namespace) -> Bot:
    from bot.data import default_corpus_dir, default_intents_path, default_model_path
    from bot.engine import Bot

    return Bot.from_paths(getattr(args, "corpus", None) or default_corpus_dir(),
                          getattr(args, "intents", None) or default_intents_path(),
                          getattr(args, "model", None) or default_model_path())


def _evaluate(args: argparse.Namespace) -> Report:
    """One report over all the files: as they are, or each by a model fitted without it (--cv)."""
    from bot.evaluate import Report, evaluate, labels, load_dialogs

    if not args.cv:
        bot = _load(args)
        return Report.combined({str(f): evaluate(bot, load_dialogs(f, labels(bot))) for f in args.files})
    from bot.fitting import held_out, load_sets

    if len(set(args.files)) < 2:
        raise UsageError("eval --cv: give at least two labeled files (each is scored by a model fitted on the others)")
    bot = _load_unfitted(args)
    return Report.combined(held_out(bot, load_sets(args.files, labels(bot))))


def _fit(args: argparse.Namespace) -> int:
    from bot.data import default_model_path, training_sets
    from bot.evaluate import labels
    from bot.fitting import fit, load_sets, write_model

    files = args.files or training_sets()
    if not files:
        raise UsageError("fit: no labeled dialogs given, and no tests/data/train/ here to fit on")
    out = args.out or default_model_path()
    bot = _load_unfitted(args)
    model = fit(bot, load_sets(files, labels(bot)))
    write_model(model, out)
    streams.write(sys.stdout, f"fitted on {len(files)} files; wrote {out} (cutoff {model.scorer.cutoff:.3f})\n")
    return ExitCode.OK


def _load_unfitted(args: argparse.Namespace) -> Bot:
    """The bot with a blank model: fitting needs no model.json, and must not trust a stale one."""
    from bot.corpus import load_corpus
    from bot.data import default_corpus_dir, default_intents_path
    from bot.engine import Bot
    from bot.fitting import BLANK
    from bot.intents import load_intents

    corpus = load_corpus(getattr(args, "corpus", None) or default_corpus_dir())
    return Bot(corpus, load_intents(getattr(args, "intents", None) or default_intents_path(), corpus), BLANK)


def _build_index(corpus_dir: Path | None, as_json: bool) -> str:
    """Rebuild the index of `corpus_dir` (None: the shipped article's, in place); what was done, where."""
    from bot.corpus import load_corpus
    from bot.data import default_corpus_dir, default_index_path
    from bot.index_file import rebuild
    from bot.render import json_text

    corpus = load_corpus(corpus_dir or default_corpus_dir())
    path, written = rebuild(corpus, None if corpus_dir else default_index_path())
    if as_json:
        return json_text({"index": str(path), "passages": len(corpus.chunks), "written": written})
    done = "written to" if written else "already up to date in"
    return f"search index of {len(corpus.chunks)} passages {done} {path}"


def _run(args: argparse.Namespace) -> int:
    # Imported here, inside main's error boundary: Ctrl-C while libraries load exits 130.
    from bot import pipe
    from bot.render import MAX_WIDTH, json_line, json_text, plain
    from bot.terminal import choose_mode

    as_json = getattr(args, "json", False)
    width = min(MAX_WIDTH, shutil.get_terminal_size((80, 24)).columns)
    if args.command == "ask":
        question = " ".join(args.question)
        if not question.strip():
            raise UsageError("ask: the question is empty")
        reply, _ = _load(args).reply(question)
        streams.write(sys.stdout, (json_line(reply, question) if as_json else plain(reply, width).rstrip("\n")) + "\n")
        return ExitCode.OK
    if args.command == "eval":
        report = _evaluate(args)
        streams.write(sys.stdout, (json_text(report.to_json(), indent=2) if as_json else report.to_text()) + "\n")
        return ExitCode.OK if report.accuracy >= args.min else ExitCode.FAILURE
    if args.command == "fit":
        return _fit(args)
    if args.command == "index":
        streams.write(sys.stdout, _build_index(getattr(args, "corpus", None), as_json) + "\n")
        return ExitCode.OK
    if sys.stdin is None:
        raise BotError("standard input is closed: give a question with `careerbot ask`")
    bot = _load(args)
    mode = choose_mode(as_json, sys.stdin.isatty(), sys.stdout.isatty(), os.environ.get("TERM", ""))
    if mode == "pipe":
        streams.follow_byte_order_mark(sys.stdin)
        pipe.run(bot, sys.stdin, sys.stdout, as_json, width)
        return ExitCode.OK
    if mode == "lines":
        from bot import linechat

        prompts = sys.stdout if sys.stdout.isatty() else sys.stderr
        return linechat.run(bot, sys.stdin, sys.stdout, prompts, width)
    from bot import pager, repl

    return repl.run(bot, pager=None if args.no_pager else pager.page)
