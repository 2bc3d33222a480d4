"""Errors a user can cause, and the exit codes the command line maps them to."""

from enum import IntEnum


class ExitCode(IntEnum):
    """Exit statuses: the conventions of Unix tools (2 = usage, 130 = Ctrl-C)."""

    OK = 0
    FAILURE = 1
    USAGE = 2
    INTERRUPTED = 130


class BotError(Exception):
    """A problem the user can fix; printed as one line, never as a traceback."""

    exit_code = ExitCode.FAILURE


class UsageError(BotError):
    """The command line asks for something that cannot be done (an empty question)."""

    exit_code = ExitCode.USAGE


class DataFileError(BotError):
    """A data file (corpus, intents or dialogs) that cannot be used; names the file."""

    exit_code = ExitCode.USAGE

    def __init__(self, path: object, problem: str) -> None:
        super().__init__(f"{path}: {problem}")


class CorpusError(DataFileError):
    """The corpus directory or one of its documents is unusable."""


class IntentsError(DataFileError):
    """intents.json is not valid JSON or does not follow its schema."""
