"""Legacy POST /completions, whole and streamed, with echo and logprobs."""

from __future__ import annotations

import pytest

from app.api.types import CompletionLogprobs, CompletionRequest
from tests.fakeserver import DEFAULT_REPLY, FakeServer

from .support import collect_completions, with_client

PROMPT = "Once upon a time"


def req(**params: object) -> CompletionRequest:
    return CompletionRequest(model="gpt-4o-mini", prompt=PROMPT, params=dict(params))


def test_complete_parses_every_field_and_sends_only_what_is_set(srv: FakeServer) -> None:
    res = with_client(srv.base_url, lambda c: c.complete(req(max_tokens=16)))
    assert res.id == "cmpl-fake123"
    assert res.object == "text_completion"
    assert isinstance(res.created, int)
    assert res.model == "gpt-4o-mini"
    assert res.system_fingerprint == "fp_fake"
    assert len(res.choices) == 1
    assert res.choices[0].index == 0
    assert res.choices[0].text == DEFAULT_REPLY
    assert res.choices[0].finish_reason == "stop"
    assert res.choices[0].logprobs is None
    assert res.text == DEFAULT_REPLY
    assert res.usage is not None
    assert (res.usage.prompt_tokens, res.usage.completion_tokens, res.usage.total_tokens) == (
        3,
        5,
        8,
    )
    r = srv.last()
    assert (r.method, r.path) == ("POST", "/v1/completions")
    assert r.body == {"model": "gpt-4o-mini", "prompt": PROMPT, "max_tokens": 16}


def test_complete_echo(srv: FakeServer) -> None:
    srv.behavior.reply = " there was a fox."
    res = with_client(srv.base_url, lambda c: c.complete(req(echo=True)))
    assert res.text == PROMPT + " there was a fox."
    assert srv.last().json["echo"] is True


def test_complete_logprobs(srv: FakeServer) -> None:
    srv.behavior.reply = "abcdefg"
    res = with_client(srv.base_url, lambda c: c.complete(req(logprobs=2)))
    lp = res.choices[0].logprobs
    assert isinstance(lp, CompletionLogprobs)
    assert lp.tokens == ["ab", "cd", "ef", "g"]
    assert "".join(lp.tokens) == res.text
    assert lp.token_logprobs == pytest.approx([-0.1, -0.2, -0.3, -0.4])
    assert lp.top_logprobs == [{t: -0.1, "x": -2.5} for t in lp.tokens]
    assert lp.text_offset == [0, 2, 4, 6]


def test_complete_logprobs_zero_has_no_top_logprobs(srv: FakeServer) -> None:
    srv.behavior.reply = "abcd"
    res = with_client(srv.base_url, lambda c: c.complete(req(logprobs=0)))
    lp = res.choices[0].logprobs
    assert lp is not None
    assert lp.tokens == ["ab", "cd"]
    assert lp.top_logprobs == []
    assert srv.last().json["logprobs"] == 0


def test_complete_echo_with_logprobs_covers_the_prompt(srv: FakeServer) -> None:
    srv.behavior.reply = "!!"
    res = with_client(srv.base_url, lambda c: c.complete(req(echo=True, logprobs=1)))
    lp = res.choices[0].logprobs
    assert lp is not None
    assert "".join(lp.tokens) == PROMPT + "!!"
    assert lp.text_offset[-1] == len(PROMPT + "!!") - 2


def test_complete_prompt_list_is_sent(srv: FakeServer) -> None:
    r = CompletionRequest(model="gpt-4o-mini", prompt=["a", "b"])
    with_client(srv.base_url, lambda c: c.complete(r))
    assert srv.last().body == {"model": "gpt-4o-mini", "prompt": ["a", "b"]}


def test_stream_complete(srv: FakeServer) -> None:
    chunks = with_client(srv.base_url, lambda c: collect_completions(c, req(suffix="END")))
    assert "".join(ch.text for ch in chunks) == DEFAULT_REPLY
    assert chunks[-1].choices[0].finish_reason == "stop"
    assert all(ch.choices[0].finish_reason is None for ch in chunks[:-1])
    assert {ch.object for ch in chunks} == {"text_completion"}
    r = srv.last()
    assert r.headers["accept"] == "text/event-stream"
    assert r.body == {"model": "gpt-4o-mini", "prompt": PROMPT, "suffix": "END", "stream": True}


def test_stream_complete_echo_and_logprobs(srv: FakeServer) -> None:
    srv.behavior.reply = "The end."
    srv.behavior.chunk_size = 5
    chunks = with_client(srv.base_url, lambda c: collect_completions(c, req(echo=True, logprobs=3)))
    full = PROMPT + "The end."
    assert "".join(ch.text for ch in chunks) == full
    pos = 0
    for ch in chunks[:-1]:
        lp = ch.choices[0].logprobs
        assert lp is not None
        assert "".join(lp.tokens) == ch.text
        assert lp.text_offset == [pos + 2 * i for i in range(len(lp.tokens))]
        assert len(lp.token_logprobs) == len(lp.top_logprobs) == len(lp.tokens)
        pos += len(ch.text)
    assert chunks[-1].choices[0].logprobs is None


@pytest.mark.parametrize("quirk", ["crlf", "no_space", "comments", "no_done", "close_delimited"])
def test_stream_complete_quirks(srv: FakeServer, quirk: str) -> None:
    setattr(srv.behavior, quirk, True)
    chunks = with_client(srv.base_url, lambda c: collect_completions(c, req()))
    assert "".join(ch.text for ch in chunks) == DEFAULT_REPLY
