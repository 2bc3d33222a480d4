"""Command-line entry point: argument parsing and the one error boundary.

    careerbot                   chat (a terminal), or answer stdin line by line
    careerbot --json            JSON lines on stdin/stdout
    careerbot ask "question"    one answer (--json for the reply object)
    careerbot eval FILE         accuracy on labeled dialogs (--json, --min)

Every failure a user can cause ends here as one line on stderr and an exit
code (errors.ExitCode); Ctrl-C exits 130 and a closed pipe exits quietly. All
output, argparse's included, goes through `streams.write` (cleaned), and stdout
is flushed inside the boundary, so a full disk fails the command.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING, cast

from bot import __version__, streams
from bot.errors import BotError, ExitCode, UsageError

if TYPE_CHECKING:
    from _typeshed import SupportsWrite

    from bot.engine import Bot


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
    common.add_argument("--json", action="store_true", default=argparse.SUPPRESS,
                        help="write JSON objects instead of text")
    return common


def parser() -> _Parser:
    common = _options()
    top = _Parser(
        prog="careerbot", parents=[common],
        description="Answers questions about careers in medical billing and medical coding, "
                    "from one article, offline. With no command: the chat (or, when standard input "
                    "is not a terminal, one answer per input line).",
    )
    top.add_argument("--version", action="version", version=f"careerbot {__version__}")
    sub = top.add_subparsers(dest="command", metavar="COMMAND")
    ask = sub.add_parser("ask", parents=[common], help="answer one question and exit",
                         description="Answer one question and exit.")
    ask.add_argument("question", nargs="+", help="the question (quote it, or give it as several words)")
    ev = sub.add_parser("eval", parents=[common], help="score the bot on labeled dialogs (JSON lines)",
                        description="Score the bot on a file of labeled dialogs, one JSON object per line "
                                    "(the format is in the README): accuracy per category, overall, "
                                    "and every failed turn.")
    ev.add_argument("file", type=Path, help="the dialogs, one JSON object per line")
    ev.add_argument("--min", type=_fraction, default=0.0, metavar="ACC",
                    help="exit 1 if overall accuracy (0..1) is below this")
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
        code = _main(argv)
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


def _main(argv: Sequence[str] | None) -> int:
    if sys.stdout is None:
        raise BotError("standard output is closed")
    try:
        args = parser().parse_args(argv)
    except SystemExit as done:  # --help, --version, or a usage error argparse has printed
        return done.code if isinstance(done.code, int) else ExitCode.USAGE
    return _run(args)


def _load(args: argparse.Namespace) -> Bot:
    from bot.data import default_corpus_dir, default_intents_path
    from bot.engine import Bot

    return Bot.from_paths(getattr(args, "corpus", None) or default_corpus_dir(),
                          getattr(args, "intents", None) or default_intents_path())


def _run(args: argparse.Namespace) -> int:
    # Imported here, inside main's error boundary: Ctrl-C while libraries load exits 130.
    from bot import pipe
    from bot.evaluate import evaluate, load_dialogs
    from bot.render import MAX_WIDTH, json_line, json_text, plain

    as_json = getattr(args, "json", False)
    width = min(MAX_WIDTH, shutil.get_terminal_size((80, 24)).columns)
    if args.command == "ask":
        question = " ".join(args.question)
        if not question.strip():
            raise UsageError("ask: the question is empty")
        reply, _ = _load(args).reply(question)
        streams.write(sys.stdout, (json_line(reply) if as_json else plain(reply, width).rstrip("\n")) + "\n")
        return ExitCode.OK
    if args.command == "eval":
        bot = _load(args)
        report = evaluate(bot, load_dialogs(args.file, bot.corpus.sections))
        streams.write(sys.stdout, (json_text(report.to_json(), indent=2) if as_json else report.to_text()) + "\n")
        return ExitCode.OK if report.accuracy >= args.min else ExitCode.FAILURE
    if sys.stdin is None:
        raise BotError("standard input is closed: give a question with `careerbot ask`")
    bot = _load(args)
    if as_json or not (sys.stdin.isatty() and sys.stdout.isatty()):
        streams.follow_byte_order_mark(sys.stdin)
        pipe.run(bot, sys.stdin, sys.stdout, json_line if as_json else lambda r: plain(r, width))
        return ExitCode.OK
    from bot import repl

    return repl.run(bot)
