"""Soak: 1,000 streamed answers and 100 stopped mid-stream in one window, counting what leaks.

    .venv/bin/python -m tests.bench.bench_soak            # 1,000 answers + 100 stops
    .venv/bin/python -m tests.bench.bench_soak --quick    # 50 answers + 5 stops (CI smoke)
    # --json prints the two snapshots as one JSON line too (the smoke test reads it)

The real MainWindow runs offscreen on the app's own qasync loop (app.ui.asyncbridge.run), in
this process, against the fake server in a child process (so none of the server's sockets,
threads or memory is counted here). Every request goes through the widgets a person uses: the
text is typed into the composer, Send is clicked; for every 11th request the server streams
slowly and Stop is clicked once the first words have arrived. Autosave writes every answer
to the conversation file as usual.

What counts: a conversation that grows to 1,000 answers is data the user asked to keep, so
the soak starts a new chat every 50 requests (File → New chat: the old conversation stays in
the history list and on disk). Snapshots are taken right after a new chat, after a short idle
(pending autosaves written) and a `gc.collect()`: the first after a warm-up of 100 requests,
the last at the end. Between them, the only state allowed to grow is one history entry per
finished conversation. Counted: asyncio tasks, the window's task group, open file
descriptors by type (TCP sockets by state, pipes, eventfds, files), httpx pool connections,
threads, Qt objects under the window, Python objects of app.* classes (gc), and RSS.

A benchmark: it prints the table and a verdict, and exits 0 once it could measure.
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import gc
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from app.ui.asyncbridge import WORKER_PREFIX as WORKER

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parents[2]
SLOW_MARK = "[slow]"
TCP_STATES = {
    "01": "ESTABLISHED",
    "02": "SYN_SENT",
    "04": "FIN_WAIT1",
    "05": "FIN_WAIT2",
    "06": "TIME_WAIT",
    "07": "CLOSE",
    "08": "CLOSE_WAIT",
    "09": "LAST_ACK",
    "0A": "LISTEN",
    "0B": "CLOSING",
}


# -- the server (child process) ---------------------------------------------------------------
def serve() -> int:
    """The fake server; a request whose last message holds SLOW_MARK streams slowly."""
    from tests.fakeserver import Behavior, FakeServer

    local = threading.local()

    class SoakBehavior:
        """Behavior with a per-request chunk delay (the handler reads it for each chunk)."""

        def __init__(self, base: Behavior) -> None:
            self._base = base

        def __getattr__(self, name: str) -> Any:
            return getattr(self._base, name)

        @property
        def chunk_delay(self) -> float:
            return 0.01 if getattr(local, "slow", False) else 0.0

    def reply(body: dict[str, Any]) -> str:
        last = str((body.get("messages") or [{}])[-1].get("content", ""))
        local.slow = SLOW_MARK in last
        if local.slow:
            return "A long answer that will be stopped. " * 60
        return (
            "Sure. Here is **Markdown** with code:\n\n```python\ndef f(x):\n    return x * 2\n"
            "```\n\n- one\n- two\n\nAnd a closing sentence. " + last[-40:]
        )

    srv = FakeServer()
    srv.behavior = SoakBehavior(srv.behavior)  # type: ignore[assignment]
    srv.behavior.reply = reply
    srv.behavior.chunk_size = 16
    srv.start()
    print(srv.base_url, flush=True)
    try:
        sys.stdin.read()  # until the parent closes our stdin
    finally:
        srv.stop()
    return 0


# -- counting -----------------------------------------------------------------------------------
def rss_mib() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def tcp_states() -> dict[str, str]:
    """socket inode -> TCP state, for this process's network namespace."""
    states: dict[str, str] = {}
    for table in ("/proc/self/net/tcp", "/proc/self/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for ln in lines:
            f = ln.split()
            states[f[9]] = TCP_STATES.get(f[3], f[3])
    return states


def fds() -> collections.Counter[str]:
    """Open file descriptors of this process by kind (TCP sockets by state)."""
    tcp = tcp_states()
    kinds: collections.Counter[str] = collections.Counter()
    for fd in os.listdir("/proc/self/fd"):
        try:
            target = os.readlink(f"/proc/self/fd/{fd}")
        except OSError:
            continue  # the listdir's own descriptor, gone already
        if target.startswith("socket:["):
            inode = target[8:-1]
            kinds[f"tcp {tcp[inode]}" if inode in tcp else "socket (unix/other)"] += 1
        elif target.startswith("pipe:"):
            kinds["pipe"] += 1
        elif target.startswith("anon_inode:"):
            kinds[target[len("anon_inode:") :].strip("[]")] += 1
        elif target.startswith("/dev/"):
            kinds["device"] += 1
        else:
            kinds["file"] += 1
    return kinds


def app_objects() -> collections.Counter[str]:
    """Live gc-tracked objects whose class comes from the app's own modules."""
    counts: collections.Counter[str] = collections.Counter()
    for obj in gc.get_objects():
        mod = getattr(type(obj), "__module__", "") or ""
        if mod.startswith("app."):
            counts[f"{mod}.{type(obj).__qualname__}"] += 1
    return counts


def pool_connections(window: Any) -> int:
    clients = [c for c in (window._http, *window._proxied.values()) if c is not None]
    n = 0
    for c in clients:
        transport: Any = getattr(c, "_transport", None)
        if hasattr(transport, "open_connections"):  # the app's AsyncioTransport
            n += transport.open_connections()
        else:  # httpx's own (a proxied client)
            n += len(getattr(getattr(transport, "_pool", None), "connections", []))
    return n


def loop_timers() -> int:
    """Callbacks the event loop still holds a Qt timer for (call_later/call_at, not yet run)."""
    loop = asyncio.get_running_loop()
    counter = getattr(loop, "pending_timers", None)
    if callable(counter):
        return int(counter())
    timer = getattr(loop, "_timer", None)  # qasync's own table (name-mangled private dict)
    return len(getattr(timer, "_SimpleTimer__callbacks", {}))


def snapshot(window: Any, label: str, done: int) -> dict[str, Any]:
    from PySide6.QtCore import QObject

    gc.collect()
    me = asyncio.current_task()
    tasks = [t for t in asyncio.all_tasks() if t is not me]
    return {
        "label": label,
        "requests": done,
        "rss_mib": round(rss_mib(), 1),
        "asyncio_tasks": len(tasks),
        "task_names": sorted(t.get_name() for t in tasks),
        "taskgroup_pending": window.tasks.pending,
        "fds": dict(sorted(fds().items())),
        "pool_connections": pool_connections(window),
        "loop_timers": loop_timers(),
        # The default executor's workers (at most WORKER_THREADS, started as jobs overlap)
        # are counted apart: a bounded pool growing to its bound is not a leak.
        "threads": sum(1 for t in threading.enumerate() if not t.name.startswith(WORKER)),
        "worker_threads": sum(1 for t in threading.enumerate() if t.name.startswith(WORKER)),
        "os_threads": len(os.listdir("/proc/self/task")),
        "qobjects": len(window.findChildren(QObject)),
        "app_objects": dict(app_objects()),
        "messages_shown": len(window.controller.conversation.messages),
        "history_entries": len(window.history.visible_titles()),
    }


# -- the soak -----------------------------------------------------------------------------------
async def until(pred: Any, seconds: float, what: str) -> None:
    end = time.monotonic() + seconds
    while not pred():
        if time.monotonic() > end:
            raise RuntimeError(f"timed out waiting for {what}")
        await asyncio.sleep(0.002)


async def one_request(window: Any, text: str, stop: bool) -> str:
    """Type, click Send, wait for the answer (or for its first words, then click Stop)."""
    window.composer.setPlainText(text)
    window.send_button.click()
    await until(lambda: window.controller.busy, 5, "the request to start")
    last = window.controller.conversation.messages[-1]
    if stop:
        await until(lambda: bool(last.content), 10, "the first words")
        window.stop_button.click()
    await until(lambda: not window.controller.busy, 30, "the answer to end")
    return str(last.status)


async def soak(
    window: Any, answers: int, stops: int, warmup: int, every: int, trace: bool = False
) -> dict[str, Any]:
    window.start()
    await until(lambda: window.model_picker.count() > 0, 20, "the model list")
    window.model_picker.setEditText("gpt-4o-mini")
    total = answers + stops
    stop_every = max(1, total // stops) if stops else 0
    statuses: collections.Counter[str] = collections.Counter()
    snaps: list[dict[str, Any]] = []
    curve: list[tuple[int, float]] = []  # (requests, RSS MiB) at every new chat, after gc
    t0 = time.monotonic()
    for i in range(total):
        if i % every == 0 and i:
            window.new_chat()
            gc.collect()
            curve.append((i, round(rss_mib(), 1)))
            if i == warmup:
                await asyncio.sleep(1.0)  # pending autosaves run
                snaps.append(snapshot(window, "start", i))
                if trace:
                    import tracemalloc

                    tracemalloc.start(8)
                    traced = tracemalloc.take_snapshot()
        stop = bool(stop_every) and i % stop_every == stop_every - 1
        text = f"{SLOW_MARK} question {i}" if stop else f"question {i}: what is f(21)?"
        statuses[await one_request(window, text, stop)] += 1
    window.new_chat()
    await asyncio.sleep(1.0)
    snaps.append(snapshot(window, "end", total))
    curve.append((total, snaps[-1]["rss_mib"]))
    top: list[str] = []
    if trace:
        import tracemalloc

        diff = tracemalloc.take_snapshot().compare_to(traced, "traceback")
        for stat in diff[:8]:
            frames = " <- ".join(f"{Path(f.filename).name}:{f.lineno}" for f in stat.traceback[:4])
            top.append(f"{stat.size_diff / 1024:+.0f} KiB in {stat.count_diff:+d} blocks: {frames}")
        tracemalloc.stop()
    return {
        "snapshots": snaps,
        "statuses": dict(statuses),
        "seconds": time.monotonic() - t0,
        "rss_curve": curve,
        "tracemalloc_top": top,
    }


def run_window(
    answers: int, stops: int, warmup: int, every: int, base_url: str, trace: bool = False
) -> Any:
    from PySide6.QtWidgets import QApplication

    from app.core.paths import AppPaths
    from app.core.settings import Settings
    from app.ui import asyncbridge
    from app.ui.main_window import MainWindow

    os.environ["OPENAI_BASE_URL"] = base_url
    os.environ["OPENAI_API_KEY"] = "sk-soak"
    os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"
    app = QApplication.instance() or QApplication([])
    result: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as tmp:
        paths = AppPaths.under(Path(tmp))
        paths.ensure()
        window = MainWindow(paths, Settings())
        window.show()
        app.processEvents()

        async def main() -> int:
            done = asyncio.Event()
            window.closed.connect(done.set)
            try:
                result.update(await soak(window, answers, stops, warmup, every, trace))
            finally:
                window.close()
                await done.wait()
            return 0

        asyncbridge.run(main())
        result["files"] = len(list(paths.conversations.glob("*.chat.json")))
        after = fds()
        result["fds_after_close"] = dict(sorted(after.items()))
    return result


def growth(a: dict[str, Any], b: dict[str, Any]) -> list[str]:
    """Lines naming every count that grew from a to b."""
    out = []
    for key in (
        "asyncio_tasks",
        "taskgroup_pending",
        "pool_connections",
        "loop_timers",
        "threads",
        "qobjects",
    ):
        if b[key] > a[key]:
            out.append(f"{key}: {a[key]} -> {b[key]}")
    for kind in sorted(set(a["fds"]) | set(b["fds"])):
        x, y = a["fds"].get(kind, 0), b["fds"].get(kind, 0)
        if y > x:
            out.append(f"fd {kind}: {x} -> {y}")
    for cls in sorted(set(a["app_objects"]) | set(b["app_objects"])):
        x, y = a["app_objects"].get(cls, 0), b["app_objects"].get(cls, 0)
        if y > x:
            out.append(f"objects {cls}: {x} -> {y}")
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--answers", type=int, default=1000, help="streamed answers that finish")
    ap.add_argument("--stops", type=int, default=100, help="answers stopped mid-stream")
    ap.add_argument("--every", type=int, default=50, help="requests per conversation")
    ap.add_argument("--warmup", type=int, default=100, help="requests before the first snapshot")
    ap.add_argument("--quick", action="store_true", help="50 answers, 5 stops (CI smoke)")
    ap.add_argument("--json", action="store_true", help="also print the result as JSON")
    ap.add_argument(
        "--tracemalloc",
        action="store_true",
        help="trace Python allocations between the snapshots (slower); print the top growth",
    )
    ap.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.serve:
        return serve()
    if args.quick:
        args.answers, args.stops, args.every, args.warmup = 50, 5, 10, 20
    server = subprocess.Popen(
        [sys.executable, "-m", "tests.bench.bench_soak", "--serve"],
        cwd=str(ROOT),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=dict(os.environ, PYTHONPATH=str(ROOT)),
    )
    try:
        assert server.stdout is not None
        base_url = server.stdout.readline().strip()
        if not base_url.startswith("http"):
            print("the fake server did not start", file=sys.stderr)
            return 1
        result = run_window(
            args.answers, args.stops, args.warmup, args.every, base_url, args.tracemalloc
        )
    finally:
        if server.stdin is not None:
            server.stdin.close()
        server.wait(10)
    a, b = result["snapshots"]
    grew = growth(a, b)
    rss = (b["rss_mib"] - a["rss_mib"]) / a["rss_mib"] * 100
    print(
        f"Soak: {args.answers} answers + {args.stops} stopped mid-stream, new chat every "
        f"{args.every}; {result['seconds']:.0f} s; answers by status: {result['statuses']}; "
        f"{result['files']} conversation files"
    )
    print()
    print(f"| | start (after {a['requests']} requests) | end (after {b['requests']}) |")
    print("|---|---:|---:|")
    for key, name in (
        ("rss_mib", "RSS (MiB)"),
        ("asyncio_tasks", "asyncio tasks"),
        ("taskgroup_pending", "task group pending"),
        ("pool_connections", "httpx pool connections"),
        ("loop_timers", "event-loop timers pending"),
        ("threads", "Python threads"),
        ("worker_threads", "executor workers (at most 4)"),
        ("os_threads", "OS threads"),
        ("qobjects", "Qt objects under the window"),
    ):
        print(f"| {name} | {a[key]} | {b[key]} |")
    for kind in sorted(set(a["fds"]) | set(b["fds"])):
        print(f"| fd: {kind} | {a['fds'].get(kind, 0)} | {b['fds'].get(kind, 0)} |")
    print(
        f"| app objects (gc) | {sum(a['app_objects'].values())} | "
        f"{sum(b['app_objects'].values())} |"
    )
    print()
    print(f"RSS growth: {rss:+.1f} % (target < 10 %)")
    print("grew: " + ("; ".join(grew) if grew else "nothing"))
    print(f"fds after the window closed: {result['fds_after_close']}")
    print(
        "RSS after each conversation (requests: MiB): "
        + ", ".join(f"{n}: {m}" for n, m in result["rss_curve"])
    )
    for line in result["tracemalloc_top"]:
        print(f"tracemalloc: {line}")
    if args.json:
        print("SOAK-JSON " + json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
