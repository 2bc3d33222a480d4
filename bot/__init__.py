"""careerbot: answers questions on medical billing vs medical coding careers from one article."""

from __future__ import annotations

from typing import Any

__all__ = ["Bot", "ChatState", "Reply", "__version__"]
__version__ = "0.1.0"


def __getattr__(name: str) -> Any:
    """`bot.Bot` and friends, imported on first use: the command line installs its
    Ctrl-C handling before the engine's libraries load."""
    if name == "Bot":
        from bot.engine import Bot

        return Bot
    if name in ("ChatState", "Reply"):
        from bot import types

        return getattr(types, name)
    raise AttributeError(f"module 'bot' has no attribute {name!r}")
