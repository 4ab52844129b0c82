"""The view benchmark runs (no timing assertions: it only must not rot)."""

from __future__ import annotations

from typing import Any

from tests.bench import bench_view


def test_bench_view_quick(capsys: Any, qapp: Any) -> None:
    assert bench_view.main(["--quick"]) == 0
    out = capsys.readouterr().out
    assert "stall ratio ours/baseline" in out and "(same text: True)" in out
