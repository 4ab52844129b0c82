"""The SSE decoder on its own (app/api/sse.py)."""

from __future__ import annotations

import pytest

from app.api.sse import SSEDecoder, SSEEvent


def decode(*pieces: bytes) -> list[SSEEvent]:
    d = SSEDecoder()
    out: list[SSEEvent] = []
    for p in pieces:
        out += d.feed(p)
    return out + d.finish()


def test_single_event() -> None:
    assert decode(b"data: hello\n\n") == [SSEEvent("hello")]


def test_multi_line_data_joined_with_newline() -> None:
    assert decode(b"data: one\ndata: two\ndata:\ndata: four\n\n") == [SSEEvent("one\ntwo\n\nfour")]


def test_event_id_retry_fields() -> None:
    evs = decode(b"event: update\nid: 42\nretry: 1500\ndata: x\n\ndata: y\n\n")
    assert evs == [SSEEvent("x", "update", "42", 1500), SSEEvent("y", None, "42", 1500)]


def test_field_without_space_and_with_two_spaces() -> None:
    evs = decode(b"event:e\ndata:a\n\ndata:  b\n\n")
    assert evs == [SSEEvent("a", "e"), SSEEvent(" b")]


def test_invalid_retry_and_id_with_nul_ignored() -> None:
    evs = decode(b"retry: soon\nid: a\x00b\ndata: x\n\n")
    assert evs == [SSEEvent("x", None, None, None)]


def test_comments_ignored() -> None:
    raw = (
        b": keep-alive\n\n: OPENROUTER PROCESSING\ndata: a\n: mid-event comment\n"
        b":no-space comment\n:\ndata: b\n\n"
    )
    assert decode(raw) == [SSEEvent("a\nb")]


def test_unknown_fields_ignored_and_bare_data_field() -> None:
    assert decode(b"foo: bar\ndata\ndata: x\n\n") == [SSEEvent("\nx")]


def test_blank_lines_without_data_dispatch_nothing() -> None:
    assert decode(b"\n\n\n") == []
    assert decode(b"event: ping\n\ndata: x\n\n") == [SSEEvent("x")]


@pytest.mark.parametrize("nl", [b"\n", b"\r\n", b"\r"])
def test_line_ends(nl: bytes) -> None:
    raw = b"event: e" + nl + b"data: a" + nl + b"data: b" + nl + nl + b"data: c" + nl + nl
    assert decode(raw) == [SSEEvent("a\nb", "e"), SSEEvent("c")]


def test_cr_only_line_ends_fed_byte_by_byte() -> None:
    raw = b"data: a\rdata: b\r\rdata: c\r\r"
    assert decode(*[raw[i : i + 1] for i in range(len(raw))]) == [SSEEvent("a\nb"), SSEEvent("c")]


def test_crlf_split_between_cr_and_lf() -> None:
    d = SSEDecoder()
    first = d.feed(b"data: one\r\n\r")
    second = d.feed(b"\ndata: two\r\n\r\n")
    assert first + second + d.finish() == [SSEEvent("one"), SSEEvent("two")]
    # exactly between \r and \n of a data line: no phantom blank line splitting the event
    d = SSEDecoder()
    out = d.feed(b"data: a\r") + d.feed(b"\ndata: b\r\n\r\n")
    assert out + d.finish() == [SSEEvent("a\nb")]


def test_crlf_split_does_not_produce_an_extra_blank_line() -> None:
    """A CR at the end of one chunk and LF at the start of the next is ONE line end."""
    d = SSEDecoder()
    out = d.feed(b"data: a\r")
    out += d.feed(b"\ndata: b\r")
    out += d.feed(b"\n\r")
    out += d.feed(b"\n")
    assert out == [SSEEvent("a\nb")]
    assert d.finish() == []


def test_finish_flushes_event_without_trailing_blank_line() -> None:
    d = SSEDecoder()
    assert d.feed(b"data: first\n\ndata: last\n") == [SSEEvent("first")]
    assert d.finish() == [SSEEvent("last")]
    assert d.finish() == []


def test_finish_flushes_last_line_without_newline() -> None:
    d = SSEDecoder()
    assert d.feed(b"data: a\n\ndata: tail") == [SSEEvent("a")]
    assert d.finish() == [SSEEvent("tail")]


def test_finish_after_trailing_cr() -> None:
    d = SSEDecoder()
    assert d.feed(b"data: tail\r") == []
    assert d.finish() == [SSEEvent("tail")]


def test_invalid_utf8_replaced() -> None:
    evs = decode(b"data: caf\xc3\xa9 \xff\xfe ok\n\nevent: \xe2\x82\n\n")
    assert evs == [SSEEvent("café \ufffd\ufffd ok")]
    assert decode(b"data: \xe2\x82\n\n") == [SSEEvent("\ufffd")]


def test_utf8_split_across_feeds() -> None:
    raw = "data: 漢字🎉é\n\n".encode()
    assert decode(*[raw[i : i + 1] for i in range(len(raw))]) == [SSEEvent("漢字🎉é")]


def test_partial_line_held_until_complete() -> None:
    d = SSEDecoder()
    assert d.feed(b"da") == []
    assert d.feed(b"ta: x") == []
    assert d.feed(b"\n") == []
    assert d.feed(b"\n") == [SSEEvent("x")]


def test_many_events_in_one_feed() -> None:
    raw = b"".join(b"data: %d\n\n" % i for i in range(1000))
    assert [e.data for e in decode(raw)] == [str(i) for i in range(1000)]


def test_openai_stream_shape() -> None:
    raw = b'data: {"choices":[{"delta":{"content":"Hi"}}]}\n\ndata: [DONE]\n\n'
    assert [e.data for e in decode(raw)] == ['{"choices":[{"delta":{"content":"Hi"}}]}', "[DONE]"]
