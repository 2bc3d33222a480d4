"""careerbot opens no network connection: every socket is refused while it answers."""

import socket

import pytest

from bot.engine import Bot
from helpers import CORPUS, INTENTS, converse


class NoNetwork(Exception):
    pass


@pytest.fixture
def no_sockets(monkeypatch):
    def refuse(*args, **kwargs):
        raise NoNetwork("careerbot tried to open a socket")

    for name in ("connect", "connect_ex", "sendto", "bind"):
        monkeypatch.setattr(socket.socket, name, refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)


def test_loading_and_answering_open_no_socket(no_sockets):
    bot = Bot.from_paths(CORPUS, INTENTS)  # a fresh bot: loading and the first retrieval run here
    bot.index.warm()
    questions = ["hi", "what does a biller do?", "who appeals denied claims?", "billing vs coding",
                 "how much do coders earn per hour?", "how do I become a pharmacist?", "/source"]
    replies = converse(*questions, bot=bot)
    assert [r.kind for r in replies] == ["smalltalk", "answer", "answer", "answer", "fallback", "fallback", "command"]
