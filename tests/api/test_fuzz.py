"""Property-based tests of the stream decoding: never crash, never depend on how bytes are split."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.api.client import decode_events_sync, decode_stream
from app.api.errors import ApiError
from app.api.sse import SSEDecoder, SSEEvent
from app.api.types import ChatChunk

FUZZ = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def split(data: bytes, cuts: list[int]) -> list[bytes]:
    points = sorted({c % (len(data) + 1) for c in cuts})
    pieces, prev = [], 0
    for p in points:
        pieces.append(data[prev:p])
        prev = p
    pieces.append(data[prev:])
    return pieces


def feed_all(pieces: list[bytes]) -> list[SSEEvent]:
    d = SSEDecoder()
    out: list[SSEEvent] = []
    for p in pieces:
        out.extend(d.feed(p))
    out.extend(d.finish())
    return out


# Byte streams that look like SSE often enough to reach every branch.
LINE_ENDS = st.sampled_from([b"\n", b"\r\n", b"\r"])
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda kids: (
        st.lists(kids, max_size=3) | st.dictionaries(st.text(max_size=6), kids, max_size=3)
    ),
    max_leaves=8,
)
CHUNKISH = st.fixed_dictionaries(
    {},
    optional={
        "id": JSON_VALUES,
        "choices": st.one_of(
            JSON_VALUES,
            st.lists(
                st.one_of(
                    JSON_VALUES,
                    st.fixed_dictionaries(
                        {},
                        optional={
                            "index": JSON_VALUES,
                            "delta": st.one_of(
                                JSON_VALUES,
                                st.fixed_dictionaries(
                                    {},
                                    optional={
                                        "role": JSON_VALUES,
                                        "content": JSON_VALUES,
                                        "reasoning_content": JSON_VALUES,
                                        "reasoning": JSON_VALUES,
                                        "tool_calls": JSON_VALUES,
                                    },
                                ),
                            ),
                            "message": JSON_VALUES,
                            "finish_reason": JSON_VALUES,
                            "logprobs": JSON_VALUES,
                        },
                    ),
                ),
                max_size=3,
            ),
        ),
        "usage": JSON_VALUES,
        "error": JSON_VALUES,
        "model": JSON_VALUES,
    },
)
PAYLOADS = st.one_of(
    CHUNKISH.map(lambda d: json.dumps(d).encode()),
    JSON_VALUES.map(lambda v: json.dumps(v).encode()),
    st.just(b"[DONE]"),
    st.binary(max_size=20),
    st.text(max_size=20).map(str.encode),
)
LINES = st.one_of(
    st.tuples(st.sampled_from([b"data: ", b"data:", b"data:  "]), PAYLOADS).map(b"".join),
    st.sampled_from(
        [b"", b": keep-alive", b"event: error", b"event: message", b"id: 7", b"retry: 10", b"data"]
    ),
    st.binary(max_size=12),
)
STREAMS = st.lists(st.tuples(LINES, LINE_ENDS).map(b"".join), max_size=12).map(b"".join)
ANY_BYTES = st.one_of(st.binary(max_size=300), STREAMS)


@FUZZ
@given(data=ANY_BYTES, cuts=st.lists(st.integers(min_value=0), max_size=12))
def test_decoder_never_raises_and_ignores_splits(data: bytes, cuts: list[int]) -> None:
    whole = feed_all([data])
    assert all(type(e) is SSEEvent for e in whole)
    assert all(isinstance(e.data, str) for e in whole)
    assert feed_all(split(data, cuts)) == whole
    assert feed_all([data[i : i + 1] for i in range(len(data))]) == whole


@FUZZ
@given(data=ANY_BYTES)
def test_decode_events_sync_returns_chunks_or_raises_api_error(data: bytes) -> None:
    try:
        out = decode_events_sync(data, ChatChunk.from_dict)
    except ApiError:
        return
    assert all(type(c) is ChatChunk for c in out)


async def _pieces(pieces: list[bytes]) -> AsyncIterator[bytes]:
    for p in pieces:
        yield p


async def _drain(pieces: list[bytes]) -> tuple[list[ChatChunk], ApiError | None]:
    out: list[ChatChunk] = []
    try:
        async for c in decode_stream(_pieces(pieces), ChatChunk.from_dict):
            out.append(c)
    except ApiError as err:
        return out, err
    return out, None


@FUZZ
@given(data=ANY_BYTES, cuts=st.lists(st.integers(min_value=0), max_size=12))
def test_decode_stream_matches_sync_however_split(data: bytes, cuts: list[int]) -> None:
    got, err = asyncio.run(_drain(split(data, cuts)))
    assert all(type(c) is ChatChunk for c in got)
    try:
        want = decode_events_sync(data, ChatChunk.from_dict)
    except ApiError as sync_err:
        assert err is not None and err.kind is sync_err.kind
    else:
        assert err is None
        assert got == want


def _stream(
    contents: list[str], nl: bytes, space: bool, done: bool, ascii_only: bool, extra: bool
) -> bytes:
    prefix = b"data: " if space else b"data:"
    parts = []
    if extra:
        parts.append(b": keep-alive" + nl + nl)
        parts.append(prefix + json.dumps({"choices": [], "usage": None}).encode() + nl + nl)
    for i, text in enumerate(contents):
        ev: dict[str, Any] = {"id": "c", "choices": [{"index": 0, "delta": {"content": text}}]}
        parts.append(prefix + json.dumps(ev, ensure_ascii=ascii_only).encode("utf-8") + nl + nl)
        if extra and i % 2:
            parts.append(b": ping" + nl)
    parts.append(prefix + b'{"choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}' + nl + nl)
    if done:
        parts.append(prefix + b"[DONE]" + nl + nl)
    return b"".join(parts)


@FUZZ
@given(
    contents=st.lists(st.text(max_size=30), max_size=15),
    nl=LINE_ENDS,
    space=st.booleans(),
    done=st.booleans(),
    ascii_only=st.booleans(),
    extra=st.booleans(),
    cuts=st.lists(st.integers(min_value=0), max_size=20),
)
def test_valid_stream_reassembles_exactly(
    contents: list[str],
    nl: bytes,
    space: bool,
    done: bool,
    ascii_only: bool,
    extra: bool,
    cuts: list[int],
) -> None:
    data = _stream(contents, nl, space, done, ascii_only, extra)
    expected = "".join(contents)

    def text_of(chunks: list[ChatChunk]) -> str:
        return "".join(c.delta.content or "" for ch in chunks for c in ch.choices)

    sync = decode_events_sync(data, ChatChunk.from_dict)
    assert text_of(sync) == expected
    got, err = asyncio.run(_drain(split(data, cuts)))
    assert err is None
    assert text_of(got) == expected
    assert got[-1].choices[0].finish_reason == "stop"
    assert len(got) == len(contents) + 1 + (1 if extra else 0)


def test_deeply_nested_json_is_a_malformed_chunk() -> None:
    """json.loads raises RecursionError (not ValueError) on deep nesting: still an ApiError."""
    for data in [
        b"data: " + b"[" * 100_000 + b"\n\n",
        b'data: {"choices": [{"delta": {"content": ' + b"[" * 5000 + b"]" * 5000 + b"}}]}\n\n",
    ]:
        try:
            decode_events_sync(data, ChatChunk.from_dict)
        except ApiError as err:
            assert err.kind == "malformed_chunk"
        else:
            raise AssertionError("no error")
        got, err2 = asyncio.run(_drain([data[:7], data[7:]]))
        assert got == [] and err2 is not None and err2.kind == "malformed_chunk"
