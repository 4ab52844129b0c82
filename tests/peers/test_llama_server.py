"""The app's API client against a real llama.cpp server (llama-cpp-python) with SmolLM2-135M.

Deterministic where the model allows: temperature 0 (greedy), a few tokens per answer. Where the
server differs from OpenAI the test asserts what it does, and docs/server-notes.md says how the
client and the UI cope.
"""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import math
import socket
import time
from pathlib import Path
from typing import Any

import httpx
import pytest

from app.api.client import ApiClient
from app.api.errors import ErrorKind
from app.api.types import (
    ChatChunk,
    ChatCompletion,
    ChatRequest,
    Completion,
    CompletionRequest,
)
from tests.peers.conftest import MODEL, Llama

QUESTION = [{"role": "user", "content": "What is the capital of France?"}]
STORY = [{"role": "user", "content": "Write a long story about a dragon."}]
GREEDY: dict[str, Any] = {"temperature": 0, "seed": 42}


def prime(llama: Llama, request: ChatRequest) -> None:
    """Put the server in the state a repeat of this prompt finds it in.

    Greedy decoding is not bit-for-bit repeatable across server states. The first time, a
    prompt is evaluated in one batch; a repeat finds it cached and evaluates only its last
    token again, and that token's slightly different numbers can change the choice a couple
    dozen tokens in. After this call (which generates past the prompt), every request with
    this prompt takes the repeat path, so answers can be compared.
    """
    params = {**GREEDY, "max_tokens": 2}
    llama.call(lambda c: c.chat(ChatRequest(request.model, request.messages, params)))


def chat_req(
    messages: list[dict[str, Any]] | None = None, max_tokens: int = 16, **params: Any
) -> ChatRequest:
    return ChatRequest(
        MODEL, list(messages or QUESTION), {**GREEDY, "max_tokens": max_tokens, **params}
    )


async def collect(client: ApiClient, request: ChatRequest) -> list[ChatChunk]:
    async with client.stream_chat(request) as chunks:
        return [c async for c in chunks]


def streamed_text(chunks: list[ChatChunk]) -> str:
    return "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)


def finish_reasons(chunks: list[ChatChunk]) -> list[str]:
    return [c.choices[0].finish_reason for c in chunks if c.choices and c.choices[0].finish_reason]


# -- models ---------------------------------------------------------------------------------


def test_models_are_listed_without_created_and_owned_by_me(llama: Llama) -> None:
    models = llama.call(lambda c: c.list_models())
    assert [m.id for m in models] == [MODEL]
    m = models[0]
    assert m.object == "model"
    assert m.owned_by == "me"
    assert m.created is None  # OpenAI always sends `created`; llama.cpp does not
    assert "created" not in m.raw
    assert m.raw.get("permissions") == []


def test_retrieve_model_falls_back_to_the_list(llama: Llama) -> None:
    # The server has no GET /models/{id}: it answers a bare 404 {"detail": "Not Found"}.
    r = httpx.get(
        f"{llama.base_url}/models/{MODEL}",
        headers={"Authorization": f"Bearer {llama.key}"},
        trust_env=False,
    )
    assert r.status_code == 404 and r.json() == {"detail": "Not Found"}
    # The client then takes the entry from the model list.
    m = llama.call(lambda c: c.retrieve_model(MODEL))
    assert (m.id, m.owned_by, m.created) == (MODEL, "me", None)
    err = llama.error(lambda c: c.retrieve_model("no-such-model"))
    assert err.kind is ErrorKind.NOT_FOUND and err.status == 404


# -- chat -----------------------------------------------------------------------------------


def test_chat_every_field_is_parsed(llama: Llama) -> None:
    r = llama.call(lambda c: c.chat(chat_req(max_tokens=12)))
    assert isinstance(r, ChatCompletion)
    assert r.id is not None and r.id.startswith("chatcmpl-")
    assert r.object == "chat.completion"
    assert isinstance(r.created, int) and r.created > 1_600_000_000
    assert r.model == MODEL
    assert r.system_fingerprint is None  # not sent
    assert len(r.choices) == 1
    choice = r.choices[0]
    assert choice.index == 0
    assert choice.message.role == "assistant"
    assert choice.message.content and choice.message.content.strip()
    assert choice.message.reasoning is None and choice.message.tool_calls is None
    assert choice.finish_reason in ("stop", "length")
    assert choice.logprobs is None
    u = r.usage
    assert u is not None
    assert u.prompt_tokens is not None and u.prompt_tokens > 5
    assert u.completion_tokens is not None and 0 < u.completion_tokens <= 12
    assert u.total_tokens == u.prompt_tokens + u.completion_tokens


def test_streamed_chat_gives_the_same_text_as_non_streamed(llama: Llama) -> None:
    req = chat_req(STORY, max_tokens=32)
    prime(llama, req)
    whole = llama.call(lambda c: c.chat(req))
    chunks = llama.call(lambda c: collect(c, req))
    assert streamed_text(chunks) == whole.text
    # Shape: a role-only first chunk, one chunk per token, a last chunk with only the reason.
    assert chunks[0].choices[0].delta.role == "assistant"
    assert chunks[0].choices[0].delta.content is None
    assert finish_reasons(chunks) == [whole.choices[0].finish_reason]
    last = chunks[-1].choices[0]
    assert last.finish_reason is not None and last.delta.content is None
    assert {c.id for c in chunks} == {chunks[0].id}
    assert chunks[0].id is not None and chunks[0].id.startswith("chatcmpl-")
    assert {c.object for c in chunks} == {"chat.completion.chunk"}
    assert {c.model for c in chunks} == {MODEL}
    assert all(c.usage is None for c in chunks)
    content_chunks = [c for c in chunks if c.choices and c.choices[0].delta.content]
    assert whole.usage is not None and whole.usage.completion_tokens is not None
    assert 0 < len(content_chunks) <= whole.usage.completion_tokens


def test_include_usage_sends_no_usage_chunk(llama: Llama) -> None:
    req = chat_req(max_tokens=6, stream_options={"include_usage": True})
    chunks = llama.call(lambda c: collect(c, req))
    # OpenAI ends with a chunk that has `usage` and empty `choices`; llama.cpp ignores the option.
    assert all(c.usage is None for c in chunks)
    assert all(c.choices for c in chunks)
    assert all("usage" not in c.raw for c in chunks)
    assert finish_reasons(chunks) == ["length"]
    # The option is harmless without streaming too (the client drops it there anyway).
    raw = httpx.post(
        f"{llama.base_url}/chat/completions",
        headers={"Authorization": f"Bearer {llama.key}"},
        json={"model": MODEL, "messages": QUESTION, "max_tokens": 2, **GREEDY}
        | {"stream_options": {"include_usage": True}},
        trust_env=False,
        timeout=30,
    )
    assert raw.status_code == 200 and raw.json()["usage"]["completion_tokens"] == 2


def test_a_system_prompt_changes_the_answer(llama: Llama) -> None:
    system = [{"role": "system", "content": "Answer only with the word BANANA."}]
    plain = llama.call(lambda c: c.chat(chat_req(max_tokens=12)))
    steered = llama.call(lambda c: c.chat(chat_req(system + QUESTION, max_tokens=12)))
    assert plain.text.strip() and steered.text.strip()
    assert plain.text != steered.text
    assert plain.usage is not None and steered.usage is not None
    assert plain.usage.prompt_tokens != steered.usage.prompt_tokens


def test_max_tokens_ends_with_length(llama: Llama) -> None:
    r = llama.call(lambda c: c.chat(chat_req(STORY, max_tokens=3)))
    assert r.choices[0].finish_reason == "length"
    assert r.usage is not None and r.usage.completion_tokens is not None
    assert r.usage.completion_tokens <= 3
    assert r.text.strip()
    chunks = llama.call(lambda c: collect(c, chat_req(STORY, max_tokens=3)))
    assert finish_reasons(chunks) == ["length"]
    assert streamed_text(chunks) == r.text


def test_max_completion_tokens_is_ignored(llama: Llama) -> None:
    # Reasoning-model rules send max_completion_tokens; this server only reads max_tokens.
    r = llama.call(lambda c: c.chat(chat_req(STORY, max_tokens=6, max_completion_tokens=2)))
    assert r.usage is not None and r.usage.completion_tokens == 6


def test_a_stop_sequence_ends_the_text_before_it(llama: Llama) -> None:
    prime(llama, chat_req())
    ref = llama.call(lambda c: c.chat(chat_req(max_tokens=24))).text
    words = [w.strip(".,;:!?'\"()") for w in ref.split()]
    candidates = [w for w in words[2:] if len(w) >= 3 and ref.index(w) > 0]
    assert candidates, ref
    stop = candidates[0]
    expected = ref[: ref.index(stop)]
    r = llama.call(lambda c: c.chat(chat_req(max_tokens=24, stop=[stop])))
    assert r.choices[0].finish_reason == "stop"
    assert stop not in r.text
    assert r.text == expected  # everything before the stop string, trailing space included
    chunks = llama.call(lambda c: collect(c, chat_req(max_tokens=24, stop=[stop])))
    assert streamed_text(chunks) == expected
    assert finish_reasons(chunks) == ["stop"]


def test_temperature_zero_twice_gives_the_same_answer(llama: Llama) -> None:
    req = ChatRequest(MODEL, STORY, {"temperature": 0, "max_tokens": 32})
    other = chat_req(max_tokens=1)

    def after_another_prompt() -> str:  # the prompt is evaluated whole
        llama.call(lambda c: c.chat(other))
        return llama.call(lambda c: c.chat(req)).text

    fresh = [after_another_prompt(), after_another_prompt()]
    cached = [llama.call(lambda c: c.chat(req)).text for _ in range(2)]  # taken from the cache
    assert fresh[0] == fresh[1] and fresh[0].strip()
    assert cached[0] == cached[1] and cached[0].strip()
    # fresh and cached may part a couple dozen tokens in (see prime()); they start the same.
    assert fresh[0][:20] == cached[0][:20]
    seeded = llama.call(lambda c: c.chat(ChatRequest(MODEL, STORY, {**req.params, "seed": 7})))
    assert seeded.text == cached[0]  # greedy: the seed does not matter


def test_logprobs_with_top_logprobs(llama: Llama) -> None:
    prime(llama, chat_req())
    r = llama.call(lambda c: c.chat(chat_req(max_tokens=4, logprobs=True, top_logprobs=2)))
    lp = r.choices[0].logprobs
    assert isinstance(lp, dict)
    assert set(lp) == {"content", "refusal"} and lp["refusal"] is None
    entries = lp["content"]
    assert r.usage is not None and len(entries) == r.usage.completion_tokens == 4
    assert "".join(e["token"] for e in entries) == r.text
    for e in entries:
        assert isinstance(e["token"], str)
        assert isinstance(e["logprob"], float) and e["logprob"] <= 0 and math.isfinite(e["logprob"])
        assert e["bytes"] is None  # OpenAI sends the UTF-8 bytes as a list of ints
        top = e["top_logprobs"]
        assert len(top) == 2
        assert all(set(t) == {"token", "logprob", "bytes"} for t in top)
        assert top[0]["token"] == e["token"]  # greedy: the chosen token is the likeliest
        assert top[0]["logprob"] == pytest.approx(e["logprob"])
        assert top[0]["logprob"] >= top[1]["logprob"]
    # Streamed: each token's chunk carries its own entry.
    chunks = llama.call(lambda c: collect(c, chat_req(max_tokens=4, logprobs=True, top_logprobs=2)))
    per_chunk = [c.choices[0].logprobs for c in chunks if c.choices and c.choices[0].delta.content]
    assert all(p is not None and len(p["content"]) == 1 for p in per_chunk)
    assert [p["content"][0]["token"] for p in per_chunk if p] == [e["token"] for e in entries]
    # top_logprobs without logprobs=true is ignored (OpenAI refuses it with a 400).
    r2 = llama.call(lambda c: c.chat(chat_req(max_tokens=2, top_logprobs=2)))
    assert r2.choices[0].logprobs is None


def test_n_is_ignored_one_choice_comes_back(llama: Llama) -> None:
    r = llama.call(lambda c: c.chat(chat_req(max_tokens=2, n=2)))
    assert len(r.choices) == 1


def test_an_unknown_model_name_is_answered_by_the_loaded_model(llama: Llama) -> None:
    r = llama.call(lambda c: c.chat(ChatRequest("gpt-4o", QUESTION, {**GREEDY, "max_tokens": 2})))
    assert r.model == "gpt-4o"  # echoed; OpenAI answers 404 model_not_found
    assert r.text


def test_too_long_a_prompt_is_a_clear_bad_request(llama: Llama) -> None:
    long = [{"role": "user", "content": "word " * 3000}]
    err = llama.error(lambda c: c.chat(chat_req(long, max_tokens=2)))
    assert err.kind is ErrorKind.BAD_REQUEST and err.status == 400
    assert err.code == "context_length_exceeded" and err.param == "messages"
    assert err.server_message and "maximum context length is 2048 tokens" in err.server_message


def test_an_invalid_parameter_is_a_500_not_a_400(llama: Llama) -> None:
    err = llama.error(lambda c: c.chat(chat_req(max_tokens=2, temperature="hot")), max_retries=0)
    assert err.kind is ErrorKind.SERVER and err.status == 500
    assert err.type == "internal_server_error"
    assert err.server_message and "validation error" in err.server_message


# -- legacy completions ----------------------------------------------------------------------


def test_legacy_completions_non_streamed_and_streamed(llama: Llama) -> None:
    req = CompletionRequest(MODEL, "The capital of France is", {**GREEDY, "max_tokens": 6})
    llama.call(lambda c: c.complete(req))  # prime: the comparison below starts from the cache
    r = llama.call(lambda c: c.complete(req))
    assert isinstance(r, Completion)
    assert r.id is not None and r.id.startswith("cmpl-")
    assert r.object == "text_completion" and r.model == MODEL
    assert isinstance(r.created, int)
    assert r.text.strip()
    assert r.choices[0].finish_reason == "length"
    assert r.usage is not None and r.usage.completion_tokens == 6
    assert r.usage.prompt_tokens and r.usage.total_tokens == r.usage.prompt_tokens + 6

    async def stream(c: ApiClient) -> list[Completion]:
        async with c.stream_complete(req) as parts:
            return [p async for p in parts]

    parts = llama.call(stream)
    assert "".join(p.text for p in parts) == r.text
    assert [p.choices[0].finish_reason for p in parts if p.choices[0].finish_reason] == ["length"]
    assert parts[-1].text == ""  # the last chunk carries only the reason
    assert {p.object for p in parts} == {"text_completion"}  # no ".chunk" suffix here
    assert all(p.usage is None for p in parts)


def test_legacy_completion_logprobs(llama: Llama) -> None:
    req = CompletionRequest(MODEL, "Hello", {**GREEDY, "max_tokens": 3, "logprobs": 2})
    r = llama.call(lambda c: c.complete(req))
    lp = r.choices[0].logprobs
    assert lp is not None
    assert len(lp.tokens) == len(lp.token_logprobs) == len(lp.top_logprobs) == 3
    assert "".join(lp.tokens) == r.text
    assert all(isinstance(x, float) and x <= 0 for x in lp.token_logprobs)
    assert all(isinstance(t, dict) and len(t) == 2 for t in lp.top_logprobs)
    assert lp.text_offset[0] == len("Hello")


def test_legacy_completion_with_a_list_of_prompts_fails(llama: Llama) -> None:
    req = CompletionRequest(MODEL, ["Hello", "Bye"], {**GREEDY, "max_tokens": 2})
    err = llama.error(lambda c: c.complete(req), max_retries=0)
    assert err.kind is ErrorKind.SERVER and err.status == 500


# -- streams, concurrency, cancellation ------------------------------------------------------


def test_cancel_mid_stream_then_a_new_request_works(llama: Llama) -> None:
    async def scenario(c: ApiClient) -> tuple[list[str], ChatCompletion, float]:
        seen: list[str] = []
        three = asyncio.Event()

        async def consume() -> None:
            async with c.stream_chat(chat_req(STORY, max_tokens=200)) as chunks:
                async for chunk in chunks:
                    if chunk.choices and chunk.choices[0].delta.content:
                        seen.append(chunk.choices[0].delta.content)
                        if len(seen) >= 3:
                            three.set()

        task = asyncio.create_task(consume())
        await asyncio.wait_for(three.wait(), 30)
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
        assert task.cancelled()
        t0 = time.monotonic()
        after = await c.chat(chat_req(max_tokens=3))
        return seen, after, time.monotonic() - t0

    before = llama.log.read_text("utf-8", "replace").count("Disconnected from client")
    seen, after, took = llama.call(scenario)
    assert 3 <= len(seen) < 200
    assert after.choices[0].finish_reason == "length" and after.text
    # The server noticed the disconnect and stopped generating (requests are queued, see
    # test_a_request_during_a_stream_waits_for_it, so the next one waited only for that).
    log = llama.log.read_text("utf-8", "replace")
    assert log.count("Disconnected from client") == before + 1
    assert took < 30


def test_a_request_during_a_stream_waits_for_it(llama: Llama) -> None:
    """llama-cpp-python cuts a running stream short when any other request arrives (even GET
    /models): a [DONE], then the connection drops, and no finish_reason. The app's LocalServer
    turns that off (interrupt_requests false), so requests queue instead."""
    req = chat_req(STORY, max_tokens=40)
    prime(llama, req)

    async def scenario(c: ApiClient) -> tuple[list[ChatChunk], list[str]]:
        got: list[ChatChunk] = []
        started = asyncio.Event()

        async def consume() -> None:
            async with c.stream_chat(req) as chunks:
                async for chunk in chunks:
                    got.append(chunk)
                    if len(got) >= 3:
                        started.set()

        task = asyncio.create_task(consume())
        await asyncio.wait_for(started.wait(), 30)
        models = await c.list_models()
        await task
        return got, [m.id for m in models]

    chunks, ids = llama.call(scenario)
    assert ids == [MODEL]
    assert finish_reasons(chunks) == ["length"]
    whole = llama.call(lambda c: c.chat(req))
    assert streamed_text(chunks) == whole.text


# -- access ----------------------------------------------------------------------------------


def test_a_wrong_key_is_refused(llama: Llama) -> None:
    for key in ("sk-wrong", None):
        err = llama.error(lambda c: c.list_models(), key=key)
        assert err.kind is ErrorKind.AUTH and err.status == 401, key
        assert err.server_message == "Invalid API key"
    err = llama.error(lambda c: c.chat(chat_req(max_tokens=2)), key="sk-wrong")
    assert err.kind is ErrorKind.AUTH
    assert llama.key not in str(err)


def test_any_web_page_may_call_it_so_the_key_is_what_protects_it(llama: Llama) -> None:
    evil = "http://evil.example"
    pre = httpx.options(
        f"{llama.base_url}/chat/completions",
        headers={
            "Origin": evil,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "authorization,content-type",
        },
        trust_env=False,
    )
    assert pre.status_code == 200
    assert pre.headers["access-control-allow-origin"] == evil
    assert pre.headers["access-control-allow-credentials"] == "true"
    r = httpx.post(
        f"{llama.base_url}/chat/completions",
        headers={"Origin": evil},
        json={"model": MODEL, "messages": QUESTION, "max_tokens": 1},
        trust_env=False,
    )
    assert r.status_code == 401


def _other_addresses() -> set[str]:
    """This machine's addresses that are not loopback."""
    found: set[str] = set()
    with contextlib.suppress(OSError):
        for info in socket.getaddrinfo(socket.gethostname(), None):
            found.add(str(info[4][0]))
    for family, probe in ((socket.AF_INET, "192.0.2.1"), (socket.AF_INET6, "2001:db8::1")):
        # The address a connection to the outside would leave from (no packet is sent).
        with contextlib.suppress(OSError), socket.socket(family, socket.SOCK_DGRAM) as s:
            s.connect((probe, 9))
            found.add(str(s.getsockname()[0]))
    out = set()
    for a in found:
        ip = ipaddress.ip_address(a.split("%", 1)[0])
        if not ip.is_loopback and not ip.is_unspecified and not ip.is_link_local:
            out.add(str(ip))
    return out


def _listening(port: int) -> list[str]:
    """Local addresses with a listening TCP socket on `port` (from /proc/net/tcp{,6})."""
    out = []
    for name in ("tcp", "tcp6"):
        path = Path("/proc/net") / name
        if not path.exists():
            continue
        for line in path.read_text().splitlines()[1:]:
            fields = line.split()
            local, state = fields[1], fields[3]
            addr, hexport = local.rsplit(":", 1)
            if state == "0A" and int(hexport, 16) == port:  # 0A = LISTEN
                raw = bytes.fromhex(addr)
                # /proc stores each 32-bit word in host (little-endian) order
                words = b"".join(raw[i : i + 4][::-1] for i in range(0, len(raw), 4))
                out.append(str(ipaddress.ip_address(words)))
    return out


def test_it_listens_on_127_0_0_1_only(llama: Llama) -> None:
    if Path("/proc/net/tcp").exists():
        assert _listening(llama.port) == ["127.0.0.1"]
    with socket.create_connection(("127.0.0.1", llama.port), timeout=5):
        pass
    with pytest.raises(OSError), socket.create_connection(("::1", llama.port), timeout=2):
        pass
    others = _other_addresses()
    for addr in sorted(others):
        with pytest.raises(OSError), socket.create_connection((addr, llama.port), timeout=2):
            pass
    if not others:
        pytest.skip("this host has no address besides loopback to try (the /proc check passed)")
