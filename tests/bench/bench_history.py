"""A big history in the real window: starting with thousands of conversation files.

    .venv/bin/python -m tests.bench.bench_history [--conversations 1000] [--messages 100] [--quick]

The profile's folder holds N conversation files (tests/bench/bench_files.big_conversation under
new ids and titles; ~62 KB each at 100 messages). Each variant runs in its own process on its
own copy of the folder, offscreen, in a 1200×800 MainWindow, and calls `start()` as the app
does once its event loop runs: the history is read from the folder, and the model list is
asked for (its first request imports the HTTP stack on the UI thread; the server address
refuses at once). Measured from `start()` until the history list shows every file:

- the time, and the longest event-loop stall (a 5 ms QTimer probe; over 50 ms the window
  visibly freezes);
- RSS before and after (the list keeps each conversation's text for the full-text search);
- then a search: the time from a key typed into the history's search box to the list filtered
  (median of 5 keys).

Variants: ours; baseline "one job" (the whole folder read in one worker-thread job, as before:
the UI thread then waits up to the interpreter's 5 ms switch interval each time it lets go of
it, which an import does at every file-system call); baseline "no history" (an empty folder:
what the start costs by itself). Ratios are ours / baseline in this one run. A benchmark:
always exits 0.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from tests.bench.bench_long import (
    StallProbe,
    close_window,
    machine,
    make_window,
    pct,
    rss_mb,
    run_variant,
    spin,
)

VARIANTS = ("ours", "onejob", "empty")
LABELS = {"ours": "ours", "onejob": "baseline: one job", "empty": "baseline: no history"}
STALL_TARGET_MS = 50.0


def write_history(folder: Path, conversations: int, messages: int) -> int:
    """The conversation files, in the folder a profile under `folder` reads; their total size."""
    from app.core import storage
    from app.core.paths import AppPaths
    from tests.bench.bench_files import big_conversation

    target = AppPaths.under(folder / "profile").conversations
    target.mkdir(parents=True, exist_ok=True)
    data = storage.dumps(big_conversation(messages))
    for i in range(conversations):
        c = storage.loads(data).conversation
        c.id = os.urandom(16).hex()
        c.title = f"Conversation {i} about parsers"
        c.updated += i
        storage.save(c, target / f"2026-01-01-{c.id[:8]}{storage.SUFFIX}")
    return conversations * len(data)


def worker(variant: str, template: Path, expected: int) -> dict[str, Any]:
    from PySide6.QtTest import QTest

    from app.ui.conversation_view import ConversationView
    from app.ui.history_panel import PATH_ROLE

    if variant == "onejob":
        from app.ui.files import FileController

        def load_entries(self: FileController) -> asyncio.Task[None]:
            async def run() -> None:
                self.entriesLoaded.emit(await asyncio.to_thread(self.store.entries))

            return self.tasks.spawn(run(), name="history")

        FileController.load_entries = load_entries  # type: ignore[method-assign]

    with tempfile.TemporaryDirectory(prefix="bench-history-") as tmp:
        shutil.copytree(template / "profile", Path(tmp) / "profile")
        if variant == "empty":
            from app.core.paths import AppPaths

            shutil.rmtree(AppPaths.under(Path(tmp) / "profile").conversations)
            expected = 0
        w = make_window(Path(tmp), ConversationView)
        tree = w.history.tree
        listed: list[int] = []
        w.files.entriesLoaded.connect(lambda entries: listed.append(len(entries)))
        rss_before = rss_mb()
        probe = StallProbe()
        probe.start()
        t0 = time.perf_counter()
        w.start()
        spin(lambda: bool(listed) and tree.count() >= expected, 600)
        seconds = time.perf_counter() - t0
        spin(lambda: False, 0.2)  # the model request's failure, shown
        stall = probe.stop()
        rss_after = rss_mb()
        keys = []
        for ch in "parser":
            t = time.perf_counter()
            QTest.keyClicks(w.history.search, ch)
            keys.append((time.perf_counter() - t) * 1000)
        shown = sum(1 for i in range(tree.count()) if tree.item(i).data(PATH_ROLE))
        result = {
            "listed": listed[0] if listed else 0,
            "seconds": seconds,
            "stall_ms": stall,
            "gaps_over_50": sum(1 for g in probe.gaps if g > STALL_TARGET_MS),
            "rss_before": rss_before,
            "rss_after": rss_after,
            "key_ms": pct(keys, 50),
            "found": shown,
        }
        close_window(w)
        return result


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    ap.add_argument("--conversations", type=int, default=1000)
    ap.add_argument("--messages", type=int, default=100)
    ap.add_argument("--quick", action="store_true", help="100 conversations of 20 messages (CI)")
    ap.add_argument("--variant", choices=VARIANTS, help=argparse.SUPPRESS)
    ap.add_argument("--template", help=argparse.SUPPRESS)
    ap.add_argument("--expect", type=int, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.variant:
        res = worker(args.variant, Path(args.template), args.expect)
        print("RESULT " + json.dumps(res), flush=True)
        return 0
    if args.quick:
        args.conversations, args.messages = 100, 20
    print(machine())
    with tempfile.TemporaryDirectory(prefix="bench-history-") as tmp:
        size = write_history(Path(tmp), args.conversations, args.messages)
        print(
            f"History: {args.conversations:,} conversations of {args.messages} messages "
            f"({size / 1e6:.1f} MB of files), window 1200x800, offscreen"
        )
        extra = ["--template", tmp, "--expect", str(args.conversations)]
        res = {v: run_variant("tests.bench.bench_history", v, extra) for v in VARIANTS}
    print(
        f"{'variant':<20} {'listed':>7} {'time':>8} {'stall':>7} {'>50ms':>5} "
        f"{'RSS before/after':>17} {'search key':>10} {'found':>6}"
    )
    for v in VARIANTS:
        r = res[v]
        if "error" in r:
            print(f"{LABELS[v]:<20} failed: {r['error']}")
            continue
        print(
            f"{LABELS[v]:<20} {r['listed']:>7,} {r['seconds']:>6.2f} s {r['stall_ms']:>4.0f} ms "
            f"{r['gaps_over_50']:>5} {r['rss_before']:>7.0f}/{r['rss_after']:.0f} MB "
            f"{r['key_ms']:>7.1f} ms {r['found']:>6,}"
        )
    ours, base, empty = res["ours"], res["onejob"], res["empty"]
    if "error" in ours or "error" in base or "error" in empty:
        return 0
    print(
        f"ratio ours / one job: longest stall {ours['stall_ms'] / max(base['stall_ms'], 0.1):.2f}, "
        f"time to list {ours['seconds'] / max(base['seconds'], 0.001):.2f}"
    )
    print(
        f"ratio ours / no history: longest stall {ours['stall_ms'] / max(empty['stall_ms'], 0.1):.2f}"
    )
    ok = ours["stall_ms"] <= STALL_TARGET_MS
    print(
        f"longest stall while the history loads <= {STALL_TARGET_MS:.0f} ms: "
        f"{ours['stall_ms']:.0f} ms {'PASS' if ok else 'MISS'}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
