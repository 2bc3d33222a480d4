"""The chat's history file: earlier questions, for Up, Ctrl-R and suggestions.

It is private data kept where others might try to plant something, so:

- The file is never reached through a symbolic link (O_NOFOLLOW), and only a
  regular file owned by the user is used. The directory it is in must be the
  user's own and not writable by group or others (else someone could swap the
  file between two checks). Every file operation is relative to that
  directory, opened once.
- careerbot creates the file itself, mode 0600, and never changes the mode of a
  file it finds. A file it finds that others may read or write is recalled but
  not written to: the user may have shared it on purpose, and new questions
  must not go where others can read them. A warning says how to make it private.
- An entry is stored cleaned (`cat` on the file shows text, not escape sequences)
  and cut to text.MAX_MESSAGE_CHARS, keeping its end as the engine reads it.
- Past MAX_BYTES the file is cut to its newest KEEP_BYTES, rewritten atomically
  (a new file, then rename), so one huge paste never turns history off.

Whatever goes wrong, `warn` is called once and the chat keeps its history in
memory. The format is prompt_toolkit FileHistory's ("# time", then "+line"s).
"""

from __future__ import annotations

import contextlib
import datetime
import errno
import os
import secrets
import stat
import weakref
from collections.abc import Callable, Iterable
from pathlib import Path

from prompt_toolkit.history import History, InMemoryHistory

from bot.data import xdg_dir
from bot.text import MAX_MESSAGE_CHARS, clean

MAX_BYTES = 1_000_000
"""A bigger file is cut to its newest KEEP_BYTES (the whole file is read on every start)."""
KEEP_BYTES = MAX_BYTES // 2
"""Half, so that the rewrite comes once in many sessions, not on every question."""

Warn = Callable[[str], None]


class Refused(Exception):
    """The history file or its directory is not one careerbot may use; says why."""


def default_history_path() -> Path:
    """$XDG_DATA_HOME/careerbot/history, else $HOME/.local/share/careerbot/history
    (data.xdg_dir: with no home, Refused rather than a history in / or in the current directory)."""
    try:
        return xdg_dir("XDG_DATA_HOME", ".local/share") / "history"
    except RuntimeError as err:
        raise Refused(str(err)) from None


def open_history(path: Path | None, warn: Warn) -> History:
    """The history at `path` (default_history_path() if None), or in memory after one warning."""
    try:
        path = path or default_history_path()
        store = _Store(path)
    except (Refused, OSError) as err:
        warn(f"history will not be saved ({_problem(err)})")
        return InMemoryHistory()
    try:
        entries = store.load()
    except (Refused, OSError) as err:
        store.close()
        warn(f"history will not be saved ({_problem(err)})")
        return InMemoryHistory()
    if not store.private:
        store.close()
        warn(f"history will not be saved ({path} can be read or written by others: "
             "`chmod 600` it to keep history)")
        return InMemoryHistory(entries)
    return _FileHistory(store, entries, warn)


class _FileHistory(History):
    """History kept in a _Store; if the disk fails mid-chat, it warns once and goes on
    in memory (prompt_toolkit's FileHistory would raise out of `prompt()`)."""

    def __init__(self, store: _Store, entries: list[str], warn: Warn) -> None:
        super().__init__()
        self._store: _Store | None = store
        self._entries = entries
        self._warn = warn
        weakref.finalize(self, store.close)

    def load_history_strings(self) -> Iterable[str]:
        return reversed(self._entries)  # newest first

    def store_string(self, string: str) -> None:
        if self._store is None:
            return
        try:
            self._store.append(string)
        except (Refused, OSError) as err:
            self._store.close()
            self._store = None
            self._warn(f"history will not be saved from now on ({_problem(err)})")


class _Store:
    """The history file, reached only through its directory's descriptor."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.name = path.name
        self.private = False
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        self.directory = os.open(path.parent, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
        info = os.fstat(self.directory)
        if info.st_uid != os.geteuid() or info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
            self.close()
            whose = "belongs to another user" if info.st_uid != os.geteuid() else "is writable by others"
            raise Refused(f"{path.parent} {whose}")

    def close(self) -> None:
        if self.directory >= 0:
            os.close(self.directory)
            self.directory = -1

    def load(self) -> list[str]:
        """The entries, oldest first (the file is created if there is none); a file
        past MAX_BYTES is cut to its newest part first, if it is private."""
        try:
            fd = self._open(os.O_RDONLY | os.O_CREAT | os.O_EXCL)
        except FileExistsError:
            fd = self._open(os.O_RDONLY)
        try:
            self.private = self._check(fd)
            size = os.fstat(fd).st_size
            start = max(0, size - (KEEP_BYTES if self.private else MAX_BYTES)) if size > MAX_BYTES else 0
            data = _read(fd, start, MAX_BYTES)
        finally:
            os.close(fd)
        if size > MAX_BYTES:
            data = _from_an_entry(data)
            if self.private:
                self._replace(data)
        return _entries(data)

    def append(self, string: str) -> None:
        entry = _bounded(string)
        if not entry.strip():
            return
        record = f"\n# {datetime.datetime.now()}\n" + "".join(f"+{line}\n" for line in entry.split("\n"))
        fd = self._open(os.O_WRONLY | os.O_APPEND | os.O_CREAT)  # a file deleted meanwhile is made anew
        try:
            if not self._check(fd):
                raise Refused(f"{self.path} can now be read or written by others")
            _write_all(fd, record.encode("utf-8", errors="replace"))
            size = os.fstat(fd).st_size
        finally:
            os.close(fd)
        if size > MAX_BYTES:
            self.load()

    def _open(self, flags: int) -> int:
        """The file opened with `flags` (with O_CREAT: mode 0600), never through a link.
        O_NONBLOCK: a FIFO planted there cannot hang the chat before it is refused."""
        try:
            return os.open(self.name, flags | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC, 0o600,
                           dir_fd=self.directory)
        except OSError as err:
            if err.errno == errno.ELOOP:
                raise Refused(f"{self.path} is a symbolic link") from None
            raise

    def _check(self, fd: int) -> bool:
        """Whether the open file `fd` is private; Refused if it is not a regular file of the user's."""
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise Refused(f"{self.path} is not a regular file")
        if info.st_uid != os.geteuid():
            raise Refused(f"{self.path} belongs to another user")
        return not info.st_mode & (stat.S_IRWXG | stat.S_IRWXO)

    def _replace(self, data: bytes) -> None:
        """The file's content becomes `data`, all at once: a new file renamed over it."""
        temporary = f".{self.name}.{secrets.token_hex(4)}"
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC, 0o600,
                     dir_fd=self.directory)
        try:
            try:
                _write_all(fd, data)
                os.fsync(fd)
            finally:
                os.close(fd)
            os.rename(temporary, self.name, src_dir_fd=self.directory, dst_dir_fd=self.directory)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temporary, dir_fd=self.directory)
            raise


def _bounded(entry: str) -> str:
    """What is kept of one entry: cleaned, its last MAX_MESSAGE_CHARS characters."""
    return clean(entry[-MAX_MESSAGE_CHARS * 2:])[-MAX_MESSAGE_CHARS:]


def _from_an_entry(data: bytes) -> bytes:
    """`data`, a file's newest part, from the first entry that starts within it."""
    start = data.find(b"\n#")
    return data[start:] if start >= 0 else b""


def _entries(data: bytes) -> list[str]:
    """The entries of a history file's text, oldest first, each bounded and cleaned."""
    entries: list[str] = []
    lines: list[str] = []
    for line in data.decode("utf-8", errors="replace").split("\n"):
        if line.startswith("+"):
            lines.append(line[1:])
        elif lines:
            entries.append(_bounded("\n".join(lines)))
            lines = []
    if lines:
        entries.append(_bounded("\n".join(lines)))
    return [e for e in entries if e.strip()]


def _read(fd: int, offset: int, count: int) -> bytes:
    """Up to `count` bytes of `fd` from `offset` (a read may return fewer than asked)."""
    parts: list[bytes] = []
    while count > 0 and (part := os.pread(fd, count, offset)):
        parts.append(part)
        offset += len(part)
        count -= len(part)
    return b"".join(parts)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def _problem(err: BaseException) -> str:
    if isinstance(err, OSError) and err.strerror:
        return f"{err.filename}: {err.strerror}" if err.filename else err.strerror
    return str(err)
