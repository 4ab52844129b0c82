"""The P4 benchmark still runs (quick mode): no timing is asserted, only that every variant
streams the whole answer, ours and the old design show all of it, and the ratios are printed."""

from __future__ import annotations

import re

import pytest

from tests.bench import bench_stream_view


def test_bench_stream_view_quick(capsys: pytest.CaptureFixture[str]) -> None:
    assert bench_stream_view.main(["--quick"]) == 0
    out = capsys.readouterr().out
    assert re.search(r"^P4 streaming: [\d,]+ characters in ~2,000 chunks", out, re.M)
    assert "failed" not in out and "incomplete" not in out
    assert re.search(r"^ours +\d+\.\d\d s +\d+ ms .* yes$", out, re.M)
    assert re.search(r"^baseline: old design .* yes$", out, re.M)
    assert re.search(r"^baseline: view not rendering .* n/a$", out, re.M)
    # The stopped warm-up answer is counted without loading a tokenizer (it stalled the stream).
    assert re.search(r"^\(chunks received: [\d,]+; .*; tokenizer loaded: no\)$", out, re.M)
    assert re.search(r"^ratio ours / old design .*: longest stall \d+\.\d\d", out, re.M)
    assert re.search(
        r"^target longest stall <= 50 ms: \d+ ms (PASS|MISS); display kept up: yes$", out, re.M
    )
