"""--debug logging of requests: it must not break requests, and must not log keys or texts."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest

from app.api.types import CompletionRequest, SpeechRequest
from tests.fakeserver import FakeServer

from .support import chat_req, collect_chat, with_client

SECRET_KEY = "sk-never-log-this-key"


class Records(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())


@pytest.fixture
def debug_log() -> Iterator[Records]:
    logger = logging.getLogger("chatterdesk.api")
    handler = Records()
    old = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    try:
        yield handler
    finally:
        logger.removeHandler(handler)
        logger.setLevel(old)


def test_debug_logging_of_a_request_without_body(srv: FakeServer, debug_log: Records) -> None:
    models = with_client(srv.base_url, lambda c: c.list_models(), api_key=SECRET_KEY)
    assert len(models) == 4
    m = with_client(srv.base_url, lambda c: c.retrieve_model("gpt-4o"))
    assert m.id == "gpt-4o"
    assert any("/v1/models" in line for line in debug_log.lines)


def test_debug_logging_never_shows_keys_or_texts(srv: FakeServer, debug_log: Records) -> None:
    srv.behavior.speech_seconds = 0.05

    async def calls(c: object) -> None:
        from app.api.client import ApiClient

        assert isinstance(c, ApiClient)
        await c.chat(chat_req(temperature=0.5))
        await collect_chat(c, chat_req(seed=3))
        await c.complete(CompletionRequest("gpt-4o-mini", "PROMPT-TEXT", {"suffix": "SUFFIX-TEXT"}))
        async with c.speech(
            SpeechRequest("tts-1", "INPUT-TEXT", instructions="INSTRUCTIONS-TEXT")
        ) as audio:
            async for _ in audio:
                pass

    with_client(srv.base_url, calls, api_key=SECRET_KEY)
    text = "\n".join(debug_log.lines)
    assert "temperature" in text and "seed" in text  # parameters are logged
    for secret in (
        SECRET_KEY,
        "Say something nice",
        "PROMPT-TEXT",
        "SUFFIX-TEXT",
        "INPUT-TEXT",
        "INSTRUCTIONS-TEXT",
    ):
        assert secret not in text, secret
