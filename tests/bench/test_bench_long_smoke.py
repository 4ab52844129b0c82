"""The P3 benchmark still runs (quick mode): no timing is asserted, only that every variant
completes, shows the conversation's end, and the ratio and target lines are printed."""

from __future__ import annotations

import re

import pytest

from tests.bench import bench_long


def test_bench_long_quick(capsys: pytest.CaptureFixture[str]) -> None:
    assert bench_long.main(["--quick"]) == 0
    out = capsys.readouterr().out
    assert re.search(r"^nproc \d+, .*PySide6 .*load average", out, re.M)
    assert re.search(r"^P3 long conversation: 200 messages, file \d+\.\d\d MB", out, re.M)
    for label in ("ours", "baseline: one setPlainText", "baseline: one setHtml, full Markdown"):
        assert re.search(rf"^{re.escape(label)} +\d+ ms +\d+ ms", out, re.M), label
    assert "failed" not in out
    assert re.search(r"^ratio ours / one setPlainText: first paint \d+\.\d\d", out, re.M)
    assert re.search(r"^ratio ours / one setHtml, full Markdown: first paint \d+\.\d\d", out, re.M)
    assert re.search(r"^target first paint <= 1000 ms: \d+ ms (PASS|MISS); target RSS", out, re.M)
    assert "messages in full Markdown after the scroll: 200 of 200" in out
