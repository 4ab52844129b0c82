"""POST /chat/completions, whole and streamed, against the fake server."""

from __future__ import annotations

import json
import time
from typing import Any

import pytest

from app.api.client import ApiClient
from app.api.errors import ErrorKind
from app.api.types import ChatChunk, ChatRequest
from tests.fakeserver import DEFAULT_REPLY, FakeServer

from .support import (
    USER,
    chat_req,
    collect_chat,
    content_of,
    expect_error,
    reasoning_of,
    with_client,
)

# -- non-streamed ---------------------------------------------------------------------------


def test_chat_parses_every_response_field(srv: FakeServer) -> None:
    before = int(time.time())
    res = with_client(srv.base_url, lambda c: c.chat(chat_req("gpt-4o")))
    assert res.id == "chatcmpl-fake123"
    assert res.object == "chat.completion"
    assert res.created is not None and before - 1 <= res.created <= time.time() + 1
    assert res.model == "gpt-4o"
    assert res.system_fingerprint == "fp_fake"
    assert len(res.choices) == 1
    choice = res.choices[0]
    assert choice.index == 0
    assert choice.finish_reason == "stop"
    assert choice.logprobs is None
    assert choice.message.role == "assistant"
    assert choice.message.content == DEFAULT_REPLY
    assert choice.message.reasoning is None
    assert res.text == DEFAULT_REPLY
    assert res.usage is not None
    prompt_tokens = len(USER[0]["content"].split())
    completion_tokens = len(DEFAULT_REPLY) // 4
    assert res.usage.prompt_tokens == prompt_tokens
    assert res.usage.completion_tokens == completion_tokens
    assert res.usage.total_tokens == prompt_tokens + completion_tokens
    assert res.raw["choices"][0]["message"]["content"] == DEFAULT_REPLY


def test_chat_n_choices_finish_reason_and_no_usage(srv: FakeServer) -> None:
    srv.behavior.finish_reason = "length"
    srv.behavior.usage = False
    res = with_client(srv.base_url, lambda c: c.chat(chat_req(n=3)))
    assert [c.index for c in res.choices] == [0, 1, 2]
    assert {c.finish_reason for c in res.choices} == {"length"}
    assert res.usage is None
    assert srv.last().json["n"] == 3


@pytest.mark.parametrize("field", ["reasoning_content", "reasoning"])
def test_chat_reasoning_field(srv: FakeServer, field: str) -> None:
    srv.behavior.reasoning = "Let me think step by step."
    srv.behavior.reasoning_field = field
    res = with_client(srv.base_url, lambda c: c.chat(chat_req()))
    assert res.choices[0].message.reasoning == "Let me think step by step."
    assert res.choices[0].message.content == DEFAULT_REPLY


def test_chat_null_fields(srv: FakeServer) -> None:
    srv.behavior.null_fields = True
    res = with_client(srv.base_url, lambda c: c.chat(chat_req()))
    msg = res.choices[0].message
    assert (msg.refusal, msg.tool_calls, msg.content) == (None, None, DEFAULT_REPLY)


def test_chat_sends_only_the_parameters_set(srv: FakeServer) -> None:
    with_client(srv.base_url, lambda c: c.chat(chat_req("gpt-4o", temperature=0.3)))
    body = srv.last("/chat/completions").body
    assert body == {"model": "gpt-4o", "messages": USER, "temperature": 0.3}
    assert list(body) == ["model", "messages", "temperature"]


def test_chat_with_no_parameters(srv: FakeServer) -> None:
    with_client(srv.base_url, lambda c: c.chat(chat_req()))
    assert srv.last().body == {"model": "gpt-4o-mini", "messages": USER}


def test_chat_many_parameters_sent_verbatim_and_stream_options_dropped(srv: FakeServer) -> None:
    params: dict[str, Any] = {
        "top_p": 0.9,
        "max_completion_tokens": 64,
        "stop": ["\n\n", "END"],
        "presence_penalty": -0.5,
        "frequency_penalty": 1.5,
        "logit_bias": {"50256": -100},
        "seed": 42,
        "user": "user-1",
        "response_format": {"type": "json_object"},
        "logprobs": True,
        "top_logprobs": 3,
        "stream_options": {"include_usage": True},
    }
    with_client(srv.base_url, lambda c: c.chat(chat_req(**params)))
    body = srv.last().body
    want = {k: v for k, v in params.items() if k != "stream_options"}
    assert body == {"model": "gpt-4o-mini", "messages": USER, **want}


def test_chat_messages_are_sent_as_given(srv: FakeServer) -> None:
    messages: list[dict[str, Any]] = [
        {"role": "developer", "content": "Be terse."},
        {"role": "user", "content": "Ünïcødé ✓ 漢字 🎉"},
        {"role": "assistant", "content": "ok"},
        {"role": "user", "content": [{"type": "text", "text": "parts"}]},
    ]
    srv.behavior.reply = lambda body: "echo:" + body["messages"][1]["content"]
    res = with_client(srv.base_url, lambda c: c.chat(ChatRequest("gpt-4o", messages)))
    assert srv.last().json["messages"] == messages
    assert res.text == "echo:Ünïcødé ✓ 漢字 🎉"


def test_authorization_header_with_key(srv: FakeServer) -> None:
    with_client(srv.base_url, lambda c: c.chat(chat_req()), api_key="sk-test-123")
    h = srv.last().headers
    assert h["authorization"] == "Bearer sk-test-123"
    assert h["content-type"] == "application/json"
    assert h["accept"] == "application/json"
    assert h["user-agent"].startswith("Chatterdesk/")


@pytest.mark.parametrize("key", [None, ""])
def test_no_authorization_header_without_key(srv: FakeServer, key: str | None) -> None:
    with_client(srv.base_url, lambda c: c.chat(chat_req()), api_key=key)
    with_client(srv.base_url, lambda c: c.list_models(), api_key=key)
    assert len(srv.requests) == 2
    assert all("authorization" not in r.headers for r in srv.requests)


def test_extra_headers_are_sent(srv: FakeServer) -> None:
    extra = {
        "HTTP-Referer": "https://chatterdesk.example",
        "X-Title": "Chatterdesk",
        "api-key": "az",
    }

    async def calls(c: ApiClient) -> None:
        await c.list_models()
        await c.chat(chat_req())
        await collect_chat(c, chat_req())

    with_client(srv.base_url, calls, api_key="k", extra_headers=extra)
    assert len(srv.requests) == 3
    for r in srv.requests:
        assert r.headers["http-referer"] == "https://chatterdesk.example"
        assert r.headers["x-title"] == "Chatterdesk"
        assert r.headers["api-key"] == "az"
        assert r.headers["authorization"] == "Bearer k"


def test_repr_never_shows_the_key(srv: FakeServer) -> None:
    async def rep(c: ApiClient) -> str:
        return repr(c)

    text = with_client(srv.base_url, rep, api_key="sk-secret-value")
    assert "sk-secret-value" not in text and "key=set" in text


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("http://127.0.0.1:8080/v1/", "http://127.0.0.1:8080/v1"),
        ("  localhost:11434/v1 ", "http://localhost:11434/v1"),
        ("api.openai.com/v1", "https://api.openai.com/v1"),
        ("https://x.example/v1///", "https://x.example/v1"),
    ],
)
def test_base_url_normalized(given: str, expected: str) -> None:
    from app.api.client import normalize_base_url

    assert normalize_base_url(given) == expected


def test_base_url_with_trailing_slash_reaches_the_server(srv: FakeServer) -> None:
    models = with_client(srv.base_url + "/", lambda c: c.list_models())
    assert models and srv.last().path == "/v1/models"


def test_error_object_in_a_200_body_is_an_error(srv: FakeServer) -> None:
    srv.fail_next(status=200, body=json.dumps({"error": {"message": "backend exploded"}}))
    err = expect_error(srv.base_url, lambda c: c.chat(chat_req()))
    assert err.kind is ErrorKind.STREAM_ERROR
    assert err.server_message == "backend exploded"
    assert "backend exploded" in str(err)


# -- streamed -------------------------------------------------------------------------------


def test_stream_assembles_the_reply(srv: FakeServer) -> None:
    chunks = with_client(srv.base_url, lambda c: collect_chat(c, chat_req("gpt-4o")))
    assert content_of(chunks) == DEFAULT_REPLY
    assert all(isinstance(ch, ChatChunk) for ch in chunks)
    assert chunks[0].choices[0].delta.role == "assistant"
    assert chunks[-1].choices[0].finish_reason == "stop"
    assert all(ch.choices[0].finish_reason is None for ch in chunks[:-1])
    assert {ch.id for ch in chunks} == {"chatcmpl-fake123"}
    assert {ch.object for ch in chunks} == {"chat.completion.chunk"}
    assert {ch.model for ch in chunks} == {"gpt-4o"}
    assert {ch.system_fingerprint for ch in chunks} == {"fp_fake"}
    assert all(ch.usage is None for ch in chunks)
    # one role chunk, one per 4 characters, one finish chunk
    assert len(chunks) == 2 + -(-len(DEFAULT_REPLY) // 4)
    req = srv.last("/chat/completions")
    assert req.headers["accept"] == "text/event-stream"
    assert req.body == {"model": "gpt-4o", "messages": USER, "stream": True}


def test_stream_sends_only_the_parameters_set(srv: FakeServer) -> None:
    with_client(srv.base_url, lambda c: collect_chat(c, chat_req(temperature=0.3, seed=1)))
    assert srv.last().body == {
        "model": "gpt-4o-mini",
        "messages": USER,
        "temperature": 0.3,
        "seed": 1,
        "stream": True,
    }


def test_stream_include_usage_final_chunk(srv: FakeServer) -> None:
    req = chat_req(stream_options={"include_usage": True})
    chunks = with_client(srv.base_url, lambda c: collect_chat(c, req))
    assert srv.last().json["stream_options"] == {"include_usage": True}
    last = chunks[-1]
    assert last.choices == []
    assert last.usage is not None
    assert last.usage.prompt_tokens == len(USER[0]["content"].split())
    assert last.usage.completion_tokens == len(DEFAULT_REPLY) // 4
    assert last.usage.total_tokens == last.usage.prompt_tokens + last.usage.completion_tokens
    assert all(ch.usage is None for ch in chunks[:-1])
    assert content_of(chunks) == DEFAULT_REPLY


QUIRKS = [
    "crlf",
    "no_space",
    "comments",
    "empty_choices_first",
    "no_done",
    "null_fields",
    "close_delimited",
]


@pytest.mark.parametrize("quirk", QUIRKS)
def test_stream_quirk(srv: FakeServer, quirk: str) -> None:
    setattr(srv.behavior, quirk, True)
    chunks = with_client(srv.base_url, lambda c: collect_chat(c, chat_req()))
    assert content_of(chunks) == DEFAULT_REPLY
    assert [c.choices[0].finish_reason for c in chunks if c.choices][-1] == "stop"
    if quirk == "empty_choices_first":
        assert chunks[0].choices == []
        assert chunks[0].raw["prompt_filter_results"] == [{"prompt_index": 0}]
        assert chunks[1].choices[0].delta.role == "assistant"
    else:
        assert all(ch.choices for ch in chunks)
    if quirk == "null_fields":
        assert all(ch.usage is None for ch in chunks)
        content_chunks = [ch for ch in chunks if ch.choices[0].delta.content]
        assert content_chunks and all(ch.choices[0].delta.role is None for ch in content_chunks)
        assert all(ch.choices[0].delta.reasoning is None for ch in chunks)
        assert all(ch.choices[0].logprobs is None for ch in chunks)


def test_stream_all_quirks_at_once_with_usage_and_reasoning(srv: FakeServer) -> None:
    for quirk in QUIRKS:
        setattr(srv.behavior, quirk, True)
    srv.behavior.reasoning = "Hmm, thinking."
    req = chat_req(stream_options={"include_usage": True})
    chunks = with_client(srv.base_url, lambda c: collect_chat(c, req))
    assert content_of(chunks) == DEFAULT_REPLY
    assert reasoning_of(chunks) == "Hmm, thinking."
    assert chunks[0].choices == [] and chunks[-1].choices == []
    assert chunks[-1].usage is not None and chunks[-1].usage.total_tokens


def test_close_delimited_stream_then_next_request_works(srv: FakeServer) -> None:
    srv.behavior.close_delimited = True

    async def calls(c: ApiClient) -> tuple[str, str, int]:
        first = content_of(await collect_chat(c, chat_req()))
        srv.behavior.close_delimited = False
        second = content_of(await collect_chat(c, chat_req()))
        return first, second, len(await c.list_models())

    assert with_client(srv.base_url, calls) == (DEFAULT_REPLY, DEFAULT_REPLY, 4)


@pytest.mark.parametrize("field", ["reasoning_content", "reasoning"])
def test_stream_reasoning_deltas(srv: FakeServer, field: str) -> None:
    srv.behavior.reasoning = "First, consider the user. Then answer kindly."
    srv.behavior.reasoning_field = field
    chunks = with_client(srv.base_url, lambda c: collect_chat(c, chat_req()))
    assert reasoning_of(chunks) == srv.behavior.reasoning
    assert content_of(chunks) == DEFAULT_REPLY
    reasoning_chunks = [ch for ch in chunks if ch.choices and ch.choices[0].delta.reasoning]
    assert reasoning_chunks
    assert all(ch.choices[0].delta.content is None for ch in reasoning_chunks)
    # all reasoning comes before any content
    first_content = next(i for i, ch in enumerate(chunks) if ch.choices[0].delta.content)
    assert chunks.index(reasoning_chunks[-1]) < first_content


@pytest.mark.parametrize("chunk_size", [1, 7, 1000])
def test_stream_long_unicode_reply(srv: FakeServer, chunk_size: int) -> None:
    reply = 'Ünïcødé ✓ 漢字 🎉 \r\n\t"quotes" \\ ' * 300
    srv.behavior.reply = reply
    srv.behavior.chunk_size = chunk_size
    chunks = with_client(srv.base_url, lambda c: collect_chat(c, chat_req()))
    assert content_of(chunks) == reply


def test_stream_empty_reply(srv: FakeServer) -> None:
    srv.behavior.reply = ""
    chunks = with_client(srv.base_url, lambda c: collect_chat(c, chat_req()))
    assert content_of(chunks) == ""
    assert chunks[-1].choices[0].finish_reason == "stop"


def test_stream_ignored_by_server_returns_one_object(srv: FakeServer) -> None:
    whole = {
        "id": "x",
        "object": "chat.completion",
        "created": 1,
        "model": "m",
        "choices": [{"index": 0, "message": {"role": "assistant", "content": "whole"}}],
    }
    srv.fail_next(status=200, body=json.dumps(whole))
    chunks = with_client(srv.base_url, lambda c: collect_chat(c, chat_req()))
    assert len(chunks) == 1
    assert content_of(chunks) == "whole"


def test_stream_consumer_stops_early_then_client_still_works(srv: FakeServer) -> None:
    srv.behavior.chunk_size = 1

    async def calls(c: ApiClient) -> tuple[str, str]:
        got: list[ChatChunk] = []
        async with c.stream_chat(chat_req()) as chunks:
            async for ch in chunks:
                got.append(ch)
                if len(got) == 3:
                    break
        res = await c.chat(chat_req())
        return content_of(got), res.text

    partial, whole = with_client(srv.base_url, calls)
    assert partial == DEFAULT_REPLY[:2]
    assert whole == DEFAULT_REPLY


def test_stream_unknown_model_raises_on_open(srv: FakeServer) -> None:
    err = expect_error(srv.base_url, lambda c: collect_chat(c, chat_req("nope")))
    assert err.kind is ErrorKind.NOT_FOUND
    assert "nope" in (err.server_message or "")
    assert srv.count("/chat/completions") == 1
