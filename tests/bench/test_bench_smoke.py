"""The streaming benchmark still runs (quick mode): no timing is asserted, only that it completes,
every client got the same text, and the ratio lines are printed."""

from __future__ import annotations

import re

import pytest

from tests.bench import bench_stream


def test_bench_stream_quick(capsys: pytest.CaptureFixture[str]) -> None:
    assert bench_stream.main(["--quick"]) == 0
    out = capsys.readouterr().out
    assert re.search(r"all \d+ clients received the same", out)
    assert "ours / openai: " in out
    assert "ours / in-memory limit: " in out
    for label in ("ours: ApiClient.stream_chat", "openai AsyncOpenAI", "httpx + httpx_sse"):
        assert label in out


def test_stream_body_is_well_formed() -> None:
    body, text = bench_stream.sse_body(50)
    events = body.split(b"\n\n")
    assert events[-2:] == [b"data: [DONE]", b""]
    assert len(events) == 50 + 3  # content chunks, finish chunk, [DONE], trailing ""
    assert bench_stream.run_in_memory([body], bench_stream.Timer(skip=0)) == text
