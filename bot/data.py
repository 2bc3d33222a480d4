"""Where careerbot's files live.

The shipped article, intents and search index: inside the package once
installed, at the top of the source tree when run from a checkout or an
editable install. What careerbot writes for itself (a cache): under the
user's XDG base directories.
"""

from __future__ import annotations

import os
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


def default_index_path() -> Path:
    """The shipped corpus's search index (`python -m bot index` regenerates it)."""
    return _root() / "index.npz"


def xdg_dir(variable: str, default: str) -> Path:
    """careerbot's folder under an XDG base directory: $variable/careerbot, else
    $HOME/default/careerbot (a relative $variable is ignored, as the XDG spec says).

    RuntimeError if there is no home directory to fall back on: an empty, unset or
    relative HOME is none (Path.home() would make "" the root directory, /).
    """
    base = os.environ.get(variable, "")
    if os.path.isabs(base):
        return Path(base) / "careerbot"
    home = os.environ.get("HOME", "")
    if not os.path.isabs(home):
        raise RuntimeError("HOME is not set to a directory")
    return Path(home) / default / "careerbot"
