"""careerbot: answers questions on medical billing vs medical coding careers from one article."""

from bot.engine import Bot
from bot.types import ChatState, Reply

__all__ = ["Bot", "ChatState", "Reply", "__version__"]
__version__ = "0.1.0"
