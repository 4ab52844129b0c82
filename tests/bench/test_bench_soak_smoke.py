"""The soak benchmark runs (quick mode) and nothing leaks: no task, socket or object left over.

These are correctness assertions (counts), not timings: after 50 streamed answers and 5 stopped
mid-stream, the window holds no running task, every open TCP socket is a kept-alive connection
in httpx's pool, no descriptor kind grew, and no answer's objects outlive its conversation.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from app.ui.asyncbridge import WORKER_THREADS

ROOT = Path(__file__).resolve().parents[2]


def tcp(fds: dict[str, int]) -> int:
    return sum(n for kind, n in fds.items() if kind.startswith("tcp "))


def test_bench_soak_quick_leaks_nothing() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "tests.bench.bench_soak", "--quick", "--json"],
        cwd=str(ROOT),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    assert "RSS growth:" in proc.stdout and "| asyncio tasks |" in proc.stdout
    line = next(ln for ln in proc.stdout.splitlines() if ln.startswith("SOAK-JSON "))
    result: dict[str, Any] = json.loads(line.split(" ", 1)[1])
    assert result["statuses"] == {"ok": 50, "stopped": 5}
    start, end = result["snapshots"]
    for snap in (start, end):
        assert snap["asyncio_tasks"] == 0, snap["task_names"]
        assert snap["taskgroup_pending"] == 0
        assert tcp(snap["fds"]) == snap["pool_connections"], snap["fds"]
        assert all(k == "tcp ESTABLISHED" for k in snap["fds"] if k.startswith("tcp ")), snap
        assert snap["messages_shown"] == 0
    for kind, n in end["fds"].items():
        if not kind.startswith("tcp "):
            assert n <= start["fds"].get(kind, 0), (kind, start["fds"], end["fds"])
    assert end["qobjects"] <= start["qobjects"]
    assert end["loop_timers"] <= start["loop_timers"]  # cancelled timeouts are not kept
    assert end["threads"] <= start["threads"]
    assert end["worker_threads"] <= WORKER_THREADS  # a bounded pool, started as jobs overlap
    for cls in (
        "app.core.conversation.Message",
        "app.core.answer.AnswerBuilder",
        "app.api.types.ChatChunk",
        "app.api.types.ChatRequest",
        "app.api.sse.SSEDecoder",
    ):
        assert end["app_objects"].get(cls, 0) <= start["app_objects"].get(cls, 0), cls
    assert tcp(result["fds_after_close"]) == 0, result["fds_after_close"]
