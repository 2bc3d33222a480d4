"""One person's conversation, as the chat faces (the full chat, the line chat) keep it.

The state the engine carries, the transcript `/save` writes, and when the
chat ends: after /quit or a goodbye ("bye"). JSON lines and `ask` only reply.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime

from bot import commands
from bot.engine import Bot
from bot.text import clean
from bot.transcript import Turn, save
from bot.types import ChatState, Reply

WELCOME = "Ask me about medical billing and coding careers. /help for help, Ctrl-D to quit."


@dataclass
class Conversation:
    bot: Bot
    state: ChatState = ChatState()
    turns: list[Turn] = field(default_factory=list)

    def respond(self, text: str) -> Reply:
        """The reply to `text`; /save is answered here, since it writes a file."""
        if commands.find(text) == commands.SAVE:
            said = save(self.turns, commands.argument(text), commands.overwrites(text), datetime.now())
            return Reply(said, "command", "save")
        reply, self.state = self.bot.reply(text, self.state)
        self.turns.append((text, reply))
        return reply

    def interrupt(self) -> None:
        """Ctrl-C at the prompt: the line is cleared, and questions the bot was asking
        (/choose) are dropped, as after /cancel."""
        self.state = replace(self.state, walk=None)

    def attempt(self, text: str) -> Reply | str:
        """The reply, or the one line a chat shows instead when answering was stopped
        (Ctrl-C) or failed (a bug: shown, and the chat goes on)."""
        try:
            return self.respond(text)
        except KeyboardInterrupt:
            return "(stopped)"
        except Exception as err:
            return f"Sorry, that failed: {one_line(err)}"


def ends_chat(reply: Reply) -> bool:
    """Whether the chat says goodbye with this reply and then ends."""
    return reply.intent in commands.LEAVING_INTENTS


def one_line(err: BaseException) -> str:
    """An error as one clean line: its type and the first line of its message."""
    lines = clean(str(err)).strip().splitlines()
    return f"{type(err).__name__}: {lines[0]}" if lines else type(err).__name__
