"""The history benchmark still runs (quick mode): no timing is asserted, only that both variants
list every file and find them by their words, and that the ratio and target lines are printed."""

from __future__ import annotations

import re

import pytest

from tests.bench import bench_history


def test_bench_history_quick(capsys: pytest.CaptureFixture[str]) -> None:
    assert bench_history.main(["--quick"]) == 0
    out = capsys.readouterr().out
    assert re.search(
        r"^History: 100 conversations of 20 messages \(\d+\.\d MB of files\)", out, re.M
    )
    assert "failed" not in out
    for label in ("ours", "baseline: one job"):
        assert re.search(rf"^{re.escape(label)} +100 +\d+\.\d\d s +\d+ ms .* +100$", out, re.M), (
            label
        )
    assert re.search(
        r"^ratio ours / one job: longest stall \d+\.\d\d, time to list \d+\.\d\d$", out, re.M
    )
    assert re.search(r"^baseline: no history +0 +\d+\.\d\d s +\d+ ms .* +0$", out, re.M)
    assert re.search(r"^ratio ours / no history: longest stall \d+\.\d\d$", out, re.M)
    assert re.search(
        r"^longest stall while the history loads <= 50 ms: \d+ ms (PASS|MISS)$", out, re.M
    )
