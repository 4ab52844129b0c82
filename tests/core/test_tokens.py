"""Token lookup for logit_bias, offline, through bpe-openai's bundled encodings."""

from __future__ import annotations

import socket
from typing import Any

import pytest

from app.core import tokens
from app.core.tokens import TokenError


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any attempt to open a connection fails, as on a machine without a network."""

    def refuse(*_a: Any, **_k: Any) -> Any:
        raise OSError("network disabled in this test")

    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(tokens, "_loaded", {})  # load the encodings afresh, offline


@pytest.mark.parametrize(
    ("model", "encoding"),
    [
        ("gpt-4o", "o200k_base"),
        ("gpt-4o-mini-2024-07-18", "o200k_base"),
        ("openai/gpt-4.1-nano", "o200k_base"),
        ("o3-mini", "o200k_base"),
        ("gpt-5", "o200k_base"),
        ("ft:gpt-4o-mini:acme::abc", "o200k_base"),
        ("gpt-4", "cl100k_base"),
        ("gpt-4-turbo", "cl100k_base"),
        ("gpt-3.5-turbo", "cl100k_base"),
        ("text-embedding-3-small", "cl100k_base"),
    ],
)
def test_encoding_is_chosen_from_the_model_name(model: str, encoding: str) -> None:
    assert tokens.known_encoding(model) == encoding
    assert tokens.encoding_for_model(model) == encoding


def test_unknown_models_fall_back_to_the_default() -> None:
    assert tokens.known_encoding("llama3.2:1b") is None
    assert tokens.encoding_for_model("llama3.2:1b") == "o200k_base"
    assert tokens.encoding_for_model("llama3.2:1b", default="cl100k_base") == "cl100k_base"


def test_known_token_ids_offline(no_network: None) -> None:
    # Reference ids published for these encodings (tiktoken gives the same).
    assert tokens.encode("Hello world", "cl100k_base") == [9906, 1917]
    assert tokens.encode("Hello world", "o200k_base") == [13225, 2375]
    assert tokens.decode([13225, 2375], "o200k_base") == "Hello world"
    assert tokens.vocab_size("cl100k_base") == 100277


def test_pieces_show_what_each_id_stands_for() -> None:
    got = [(t.id, t.piece) for t in tokens.tokens("Hi there\n", "o200k_base")]
    assert [p for _i, p in got] == ["Hi", "␣there", "\\n"]
    assert tokens.decode([i for i, _p in got], "o200k_base") == "Hi there\n"
    # an emoji split over tokens shows its bytes, not replacement characters
    pieces = "".join(t.piece for t in tokens.tokens("🎉", "o200k_base"))
    assert "\\x" in pieces or pieces == "🎉"
    assert "\ufffd" not in pieces


def test_special_token_text_is_encoded_as_plain_text() -> None:
    ids = tokens.encode("<|endoftext|>", "cl100k_base")
    assert 100257 not in ids and len(ids) > 1


def test_bad_ids_and_encodings_are_errors_in_words() -> None:
    with pytest.raises(TokenError, match="is not a token of o200k_base"):
        tokens.token_bytes(-1, "o200k_base")
    with pytest.raises(TokenError, match="is not a token of cl100k_base"):
        tokens.token_bytes(10**8, "cl100k_base")
    with pytest.raises(TokenError, match="unknown encoding"):
        tokens.encode("x", "p50k_base")


def test_parse_pasted_ids() -> None:
    assert tokens.parse_token_ids("1234, 5678") == [1234, 5678]
    assert tokens.parse_token_ids("[1, 2 3;4]\n5") == [1, 2, 3, 4, 5]
    assert tokens.parse_token_ids("  ") == []
    with pytest.raises(TokenError, match="'12a' is not a token id"):
        tokens.parse_token_ids("1, 12a")


def test_loading_on_a_worker_thread() -> None:
    t = tokens.start_loading("cl100k_base")
    if t is not None:
        t.join(30)
    assert tokens.is_loaded("cl100k_base")
    assert tokens.start_loading("cl100k_base") is None
    assert tokens.load_error("cl100k_base") is None
