"""Load the article(s) from a directory and cut them into sections and chunks.

A heading is a short line standing alone between blank lines that does not end
like a sentence (or a Markdown `#` line). The text before a document's first
heading is named by its title, the document's first line. A paragraph ending in
":" keeps the bullet list that follows it, so an answer never loses its list.
"""

from __future__ import annotations

from pathlib import Path

from bot.datafile import read_text
from bot.errors import CorpusError
from bot.text import clean
from bot.types import Chunk, Corpus

SUFFIXES = (".txt", ".md")
MAX_HEADING_CHARS = 80
MAX_FILE_BYTES = 5_000_000
MAX_CORPUS_BYTES = 20_000_000
"""All documents together: the index is fitted on every start."""
BULLETS = ("•", "-", "*", "·", "–")


def load_corpus(directory: Path) -> Corpus:
    """Every .txt/.md document in `directory`, in name order, as one corpus."""
    if not directory.exists():
        raise CorpusError(directory, "corpus directory not found")
    if not directory.is_dir():
        raise CorpusError(directory, "not a directory: --corpus takes the folder the articles are in")
    try:
        # Not only regular files: a FIFO or device named *.txt is refused by name, not skipped.
        files = sorted(p for p in directory.iterdir() if p.suffix in SUFFIXES and not p.is_dir())
    except OSError as err:
        raise CorpusError(directory, f"cannot list the directory ({err.strerror})") from None
    if not files:
        raise CorpusError(directory, "no .txt or .md documents in the corpus directory")
    sections: list[str] = []
    chunks: list[Chunk] = []
    total = 0
    for path in files:
        document = read_text(path, CorpusError, MAX_FILE_BYTES)
        total += len(document)
        if total > MAX_CORPUS_BYTES:
            raise CorpusError(directory, f"the documents are larger than {MAX_CORPUS_BYTES // 1_000_000} MB in all")
        for section, text in _split(path, clean(document)):
            if section not in sections:
                sections.append(section)
            chunks.append(Chunk(len(chunks), section, text))
    return Corpus(tuple(sections), tuple(chunks))


def _blocks(text: str) -> list[str]:
    """Paragraph blocks: runs of non-blank lines, trailing space removed."""
    blocks, current = [], []
    for line in text.splitlines():
        if line.strip():
            current.append(line.rstrip())
        elif current:
            blocks.append("\n".join(current))
            current = []
    if current:
        blocks.append("\n".join(current))
    return blocks


def _heading(block: str) -> str | None:
    """The heading text if `block` is a heading line, else None."""
    line = block.strip()
    if "\n" in block:
        return None
    if line.startswith("#"):
        return line.lstrip("#").strip() or None
    if len(line) > MAX_HEADING_CHARS or line.startswith(BULLETS) or line[-1] in ".:;,!":
        return None
    return line


def _is_bullets(block: str) -> bool:
    return all(line.strip().startswith(BULLETS) for line in block.splitlines())


def _split(path: Path, text: str) -> list[tuple[str, str]]:
    """(section, chunk text) pairs for one document."""
    blocks = _blocks(text)
    if not blocks:
        raise CorpusError(path, "the document is empty")
    title = _heading(blocks[0])
    if title is None:
        raise CorpusError(path, "the first line is not a title (a short line of its own)")
    headed = [b for b in blocks[1:] if _heading(b)]
    if not headed:
        raise CorpusError(path, "no headings found: sections need headings on lines of their own")
    pairs: list[tuple[str, str]] = []
    section = title
    for block in blocks[1:]:
        heading = _heading(block)
        if heading:
            section = heading
        elif pairs and pairs[-1][0] == section and _is_bullets(block) and pairs[-1][1].endswith(":"):
            pairs[-1] = (section, pairs[-1][1] + "\n" + block)
        else:
            pairs.append((section, block))
    return pairs
