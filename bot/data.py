"""Where the shipped article and intents live: inside the package once installed,
at the top of the source tree when run from a checkout or an editable install."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
_INSTALLED = _PACKAGE / "data"
_SOURCE_TREE = _PACKAGE.parent


def _root() -> Path:
    return _INSTALLED if (_INSTALLED / "intents.json").is_file() else _SOURCE_TREE


def default_corpus_dir() -> Path:
    return _root() / "corpus"


def default_intents_path() -> Path:
    return _root() / "intents.json"


def default_model_path() -> Path:
    return _root() / "model.json"


def training_sets() -> list[Path]:
    """The labeled dialogs the shipped model is fitted on (a source checkout only)."""
    return sorted((_SOURCE_TREE / "tests" / "data" / "train").glob("*.jsonl"))
