"""The usage line's token estimate for answers without usage (a stopped answer, a server that
sends none): close to o200k_base's real count on the kinds of text people send, without loading
the tokenizer."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from app.core import storage, tokens
from app.core.conversation import Conversation, Message
from app.core.tokens import estimate_count
from tests.bench.bench_stream_view import reply_text

ROOT = Path(__file__).resolve().parents[2]


def chinese_text() -> str:
    """The zh_CN translations of the UI: Chinese prose with a little punctuation and Latin."""
    ts = (ROOT / "resources/translations/chatterdesk_zh_CN.ts").read_text(encoding="utf-8")
    found = re.findall(r"<translation>([^<]+)</translation>", ts)
    return "\n".join(found)


def conversation_json() -> str:
    conv = Conversation(title="JSON", model="gpt-4o", system_prompt="Be brief.")
    for i in range(30):
        conv.append(Message("user", f"Question {i}: what is {i} times {i + 3}?"))
        conv.append(Message("assistant", f"{i} × {i + 3} = {i * (i + 3)}.", model="gpt-4o"))
    return storage.dumps(conv).decode("utf-8")


SAMPLES = {
    "English Markdown": lambda: (ROOT / "README.md").read_text(encoding="utf-8"),
    "Python": lambda: (ROOT / "app/core/pricing.py").read_text(encoding="utf-8"),
    "Chinese": chinese_text,
    "conversation JSON": conversation_json,
    "Markdown answer with code": lambda: reply_text(2500),
}


def real_count(text: str) -> int:
    return len(tokens.encode(text, "o200k_base"))


@pytest.mark.parametrize("kind", list(SAMPLES))
def test_estimate_is_close_to_the_real_count(kind: str) -> None:
    text = SAMPLES[kind]()
    assert len(text) > 3000
    real = real_count(text)
    assert abs(estimate_count(text) / real - 1) < 0.15, (kind, estimate_count(text), real)
    # and piece by piece, as messages are counted
    for i in range(0, len(text) - 1000, 3000):
        piece = text[i : i + 3000]
        real = real_count(piece)
        assert abs(estimate_count(piece) / real - 1) < 0.25, (kind, i, estimate_count(piece), real)


def test_four_characters_a_token_would_be_far_off_where_the_estimate_is_not() -> None:
    """Why the estimate looks at the text: Chinese and JSON are far from 4 characters a token."""
    for text in (chinese_text(), conversation_json()):
        real = real_count(text)
        assert abs(len(text) / 4 / real - 1) > 0.2
        assert abs(estimate_count(text) / real - 1) < 0.15


@pytest.mark.parametrize(
    "text",
    [
        "hi",
        "OK",
        "Hello, how are you?",
        "请用中文回答这个问题。",
        "Thanks! 😀",
        "def f(x):\n    return x * 2\n",
    ],
)
def test_short_messages(text: str) -> None:
    assert abs(estimate_count(text) - real_count(text)) <= 2


def test_empty_text_is_no_tokens_and_odd_text_does_not_fail() -> None:
    assert estimate_count("") == 0
    assert estimate_count("\ud800 lone surrogate") >= 1  # pasted broken UTF-16 still counts
    assert estimate_count("\x00\x01\x02") >= 1
