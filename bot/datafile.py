"""Reading the files careerbot is given (corpus documents, intents.json, eval dialogs).

One reader for all of them, so each refuses the same things with one line naming
the file: what is not a regular file (a FIFO with no writer would block forever,
/dev/zero would fill the memory), what is over its size limit, what is not UTF-8
text (a UTF-8 byte-order mark is accepted; UTF-16 is named as such), and JSON
that Python cannot hold (nesting deeper than its recursion limit, integers of
more digits than it converts).
"""

from __future__ import annotations

import codecs
import json
import os
import stat
from pathlib import Path
from typing import Any

from bot.errors import DataFileError

_KINDS = ((stat.S_ISDIR, "a directory"), (stat.S_ISFIFO, "a named pipe"), (stat.S_ISCHR, "a device"),
          (stat.S_ISBLK, "a device"), (stat.S_ISSOCK, "a socket"))


def read_text(path: Path, error: type[DataFileError], limit: int) -> str:
    """The text of the regular file `path`, at most `limit` bytes, or `error(path, why)`."""
    try:
        # O_NONBLOCK: opening a FIFO must not wait for a writer before we can refuse it.
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError as err:
        raise error(path, f"cannot be read ({err.strerror})") from None
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        kind = next((name for test, name in _KINDS if test(mode)), "a special file")
        raise error(path, f"is {kind}, not a regular file")
    with open(fd, "rb") as file:
        try:
            data = file.read(limit + 1)  # +1: a file that grew past the limit is caught too
        except OSError as err:
            raise error(path, f"cannot be read ({err.strerror})") from None
    if len(data) > limit:
        raise error(path, f"larger than {_size(limit)}")
    return _decode(path, data, error)


def _size(limit: int) -> str:
    return f"{limit // 1_000_000} MB" if limit >= 1_000_000 else f"{limit // 1000} kB"


def _decode(path: Path, data: bytes, error: type[DataFileError]) -> str:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise error(path, "is UTF-16 text: save it as UTF-8")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise error(path, f"not UTF-8 text (byte {err.start}): save it as UTF-8") from None
    if "\0" in text:
        raise error(path, "contains NUL bytes (UTF-16 without a byte-order mark, or not text): save it as UTF-8")
    return text


def parse_json(text: str, path: Path, error: type[DataFileError], line: int | None = None) -> Any:
    """`text` parsed as JSON, or `error(path, why)`; `line` is where `text` starts in a JSON-lines file."""
    at = f"line {line}: " if line is not None else ""
    try:
        return json.loads(text)
    except json.JSONDecodeError as err:
        where = f"line {line if line is not None else err.lineno} column {err.colno}"
        raise error(path, f"not valid JSON: {err.msg} at {where}") from None
    except RecursionError:
        raise error(path, f"{at}JSON nested too deeply") from None
    except ValueError:  # an integer longer than int() converts (sys.get_int_max_str_digits)
        raise error(path, f"{at}a number with too many digits") from None
