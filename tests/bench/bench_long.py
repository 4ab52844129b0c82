"""P3, a long conversation in the real window: first paint after open, scrolling, memory.

    .venv/bin/python -m tests.bench.bench_long [--messages 2000] [--quick]

The conversation is tests/bench/bench_files.big_conversation (Markdown answers with headings,
code, lists and tables; 2,000 messages, a 1.2 MB file) saved once. Each variant runs in its own
process (nothing cached between them, RSS its own), offscreen, in a 1200×800 MainWindow:

- first paint: from the open_file() call to the first paint event of the conversation view that
  shows the conversation's end (scroll bar at the bottom, the last message's last line in the
  document); a 5 ms QTimer probe records the longest event-loop stall until the view is complete;
- scroll: jump to the top, then step the scroll bar down one page at a time to the bottom,
  each step timed to the end of a synchronous repaint (p50/p99/max);
- RSS: VmRSS from /proc/self/status after the open, after the scroll; VmHWM (peak).

Variants: ours (ConversationView as committed); baseline "setPlainText" (the same messages as
one plain text: the least Qt can do to show them); baseline "one setHtml" (every message
rendered in full, Markdown and highlighting, set as one HTML document: the design before
slices). Ratios are ours / baseline, measured in this one run. A benchmark: always exits 0.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

REPO_ROOT = Path(__file__).resolve().parents[2]
END_MARKER = "End of the long conversation, marker 5c1e."
FIRST_PAINT_TARGET_MS = 1000.0
RSS_TARGET_MB = 300.0
VARIANTS = ("ours", "plain", "onehtml")
LABELS = {
    "ours": "ours",
    "plain": "baseline: one setPlainText",
    "onehtml": "baseline: one setHtml, full Markdown",
    "old": "baseline: old design (whole answer re-rendered)",
    "off": "baseline: view not rendering",
}


# -- shared by the benchmarks of the view ----------------------------------------------------
def machine() -> str:
    cpu = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        import PySide6

        qt = PySide6.__version__
    except ImportError:  # pragma: no cover
        qt = "?"
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    return (
        f"nproc {os.cpu_count()}, {cpu}, Python {platform.python_version()}, PySide6 {qt}, "
        f"load average {load}"
    )


def rss_mb(field: str = "VmRSS") -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return 0.0


def pct(values: list[float], p: float) -> float:
    if not values:
        return 0.0
    s = sorted(values)
    return s[min(len(s) - 1, round(p / 100 * (len(s) - 1)))]


class StallProbe:
    """A 5 ms QTimer: the longest gap between its ticks is the longest the window froze."""

    def __init__(self) -> None:
        from PySide6.QtCore import QTimer

        self.gaps: list[float] = []
        self._last = time.perf_counter()
        self._timer = QTimer()
        self._timer.setInterval(5)
        self._timer.timeout.connect(self._tick)

    def _tick(self) -> None:
        now = time.perf_counter()
        self.gaps.append((now - self._last) * 1000)
        self._last = now

    def start(self) -> None:
        self._last = time.perf_counter()
        self._timer.start()

    def stop(self) -> float:
        self._tick()
        self._timer.stop()
        return max(self.gaps, default=0.0)


def spin(until: Callable[[], bool], timeout: float = 120.0) -> None:
    """Run the Qt event loop (which drives asyncio) until `until()` or the timeout."""
    from PySide6.QtCore import QEventLoop
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    end = time.monotonic() + timeout
    while not until() and time.monotonic() < end:
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)  # type: ignore[union-attr]
        time.sleep(0.0005)


def make_window(folder: Path, view_cls: type, base_url: str | None = None) -> Any:
    """The real MainWindow (its conversation view class replaced by `view_cls`) on a qasync
    loop driven by processEvents, as the UI tests run it."""
    os.environ["OPENAI_BASE_URL"] = base_url or "http://127.0.0.1:9/v1"
    os.environ["OPENAI_API_KEY"] = "bench-placeholder"  # a local fake server takes any key
    os.environ.setdefault("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
    from PySide6.QtWidgets import QApplication

    QApplication.instance() or QApplication([])
    import app.ui.main_window as mw
    from app.core.paths import AppPaths
    from app.core.settings import load_settings
    from app.ui.asyncbridge import attach_running_loop

    loop = attach_running_loop()
    asyncio.events._set_running_loop(loop)
    mw.ConversationView = view_cls  # type: ignore[misc,assignment]
    paths = AppPaths.under(folder / "profile")
    paths.ensure()
    w = mw.MainWindow(paths, load_settings(paths.settings_file))
    w.resize(1200, 800)
    w.show()
    if base_url is not None:
        loaded: list[bool] = []
        w.modelsLoaded.connect(lambda *_: loaded.append(True))
        w.start()
        spin(lambda: bool(loaded), 20)
    spin(lambda: False, 0.3)  # let start-up work settle
    return w


def close_window(w: Any) -> None:
    task = asyncio.events.get_running_loop().create_task(w.shutdown())
    spin(task.done, 10)


def run_variant(module: str, variant: str, args: list[str]) -> dict[str, Any]:
    """Run `python -m module --variant variant args` and return the JSON line it prints."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    proc = subprocess.run(
        [sys.executable, "-m", module, "--variant", variant, *args],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    for line in reversed(proc.stdout.splitlines()):
        if line.startswith("RESULT "):
            return dict(json.loads(line[len("RESULT ") :]))
    tail = (proc.stderr or proc.stdout).strip().splitlines()[-8:]
    return {"error": f"exit {proc.returncode}: " + " | ".join(tail)}


# -- the variants ----------------------------------------------------------------------------
def view_class(variant: str) -> type:
    from app.core.conversation import Message
    from app.ui.conversation_view import ConversationView

    if variant == "ours":
        return ConversationView

    class PlainView(ConversationView):
        """The messages as one plain text: no formatting, no Markdown."""

        def set_messages(self, messages: list[Message], around: int | None = None) -> None:
            self._messages = messages
            self.setPlainText("\n\n".join(f"{m.role}\n{m.content}" for m in messages))
            self._scroll_to_bottom()
            self.renderFinished.emit()

    class OneHtmlView(ConversationView):
        """Every message rendered in full and set as one HTML document."""

        def set_messages(self, messages: list[Message], around: int | None = None) -> None:
            self._messages = messages
            self.setHtml("".join(self._table_html(m, True) for m in messages))
            self._scroll_to_bottom()
            self.renderFinished.emit()

    return {"plain": PlainView, "onehtml": OneHtmlView}[variant]


def shows_end(view: Any) -> bool:
    bar = view.verticalScrollBar()
    if bar.value() < bar.maximum() - 8:
        return False
    block = view.document().lastBlock()
    for _ in range(80):
        if not block.isValid():
            return False
        if END_MARKER in block.text():
            return True
        block = block.previous()
    return False


def worker(variant: str, path: Path) -> dict[str, Any]:
    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtWidgets import QApplication

    with tempfile.TemporaryDirectory(prefix="bench-long-") as tmp:
        w = make_window(Path(tmp), view_class(variant))
        view = w.view
        app = QApplication.instance()
        rss_before = rss_mb()
        first_paint: list[float] = []

        class PaintWatch(QObject):
            def eventFilter(self, obj: QObject, ev: QEvent) -> bool:
                if ev.type() == QEvent.Type.Paint and not first_paint and shows_end(view):
                    first_paint.append(time.perf_counter())
                return False

        watch = PaintWatch()
        view.viewport().installEventFilter(watch)
        probe = StallProbe()
        probe.start()
        t0 = time.perf_counter()
        w.open_file(path)
        spin(lambda: bool(first_paint))
        spin(lambda: not view.rendering)
        t_done = time.perf_counter()
        stall = probe.stop()
        view.viewport().removeEventFilter(watch)
        app.processEvents()  # type: ignore[union-attr]
        rss_open = rss_mb()
        text_chars = len(view.toPlainText())
        bar = view.verticalScrollBar()
        t = time.perf_counter()
        bar.setValue(0)
        view.viewport().repaint()
        jump = (time.perf_counter() - t) * 1000
        frames: list[float] = []
        while bar.value() < bar.maximum():
            t = time.perf_counter()
            bar.setValue(bar.value() + bar.pageStep())
            view.viewport().repaint()
            frames.append((time.perf_counter() - t) * 1000)
        rss_scroll = rss_mb()
        result = {
            "first_paint_ms": (first_paint[0] - t0) * 1000 if first_paint else None,
            "complete_ms": (t_done - t0) * 1000,
            "stall_ms": stall,
            "jump_top_ms": jump,
            "pages": len(frames),
            "p50": pct(frames, 50),
            "p99": pct(frames, 99),
            "max": max(frames, default=0.0),
            "rss_window": rss_before,
            "rss_open": rss_open,
            "rss_scroll": rss_scroll,
            "rss_peak": rss_mb("VmHWM"),
            "text_chars": text_chars,
            "full": sum(view._full) if variant == "ours" else None,
        }
        close_window(w)
        return result


def write_conversation(messages: int, folder: Path) -> tuple[Path, int]:
    from app.core import storage
    from tests.bench.bench_files import big_conversation

    conv = big_conversation(messages)
    conv.messages[-1].content += f"\n\n{END_MARKER}"
    path = folder / f"long{storage.SUFFIX}"
    storage.save(conv, path)
    return path, sum(len(m.content) for m in conv.messages)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    ap.add_argument("--messages", type=int, default=2000)
    ap.add_argument("--quick", action="store_true", help="200 messages (CI smoke)")
    ap.add_argument("--variant", choices=VARIANTS, help=argparse.SUPPRESS)
    ap.add_argument("--file", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.variant:
        print("RESULT " + json.dumps(worker(args.variant, Path(args.file))), flush=True)
        return 0
    n = 200 if args.quick else args.messages
    print(machine())
    with tempfile.TemporaryDirectory(prefix="bench-long-") as tmp:
        path, chars = write_conversation(n, Path(tmp))
        size = path.stat().st_size
        print(
            f"P3 long conversation: {n:,} messages, file {size / 1e6:.2f} MB "
            f"({chars:,} characters of message text), window 1200x800, offscreen"
        )
        res = {v: run_variant("tests.bench.bench_long", v, ["--file", str(path)]) for v in VARIANTS}
    print(
        f"{'variant':<38} {'first paint':>11} {'complete':>9} {'stall':>7} {'top':>6} "
        f"{'scroll p50/p99/max (pages)':>27} {'RSS open/scroll/peak':>22}"
    )
    for v in VARIANTS:
        r = res[v]
        if "error" in r:
            print(f"{LABELS[v]:<38} failed: {r['error']}")
            continue
        fp = r["first_paint_ms"]
        print(
            f"{LABELS[v]:<38} {(f'{fp:.0f} ms' if fp is not None else 'none'):>11} "
            f"{r['complete_ms']:>6.0f} ms {r['stall_ms']:>4.0f} ms {r['jump_top_ms']:>3.0f} ms "
            f"{r['p50']:>8.1f}/{r['p99']:.1f}/{r['max']:.1f} ms ({r['pages']:>3}) "
            f"{r['rss_open']:>6.0f}/{r['rss_scroll']:.0f}/{r['rss_peak']:.0f} MB"
        )
    ours = res["ours"]
    if "error" in ours or ours["first_paint_ms"] is None:
        print("ours did not finish: no ratios")
        return 0
    print(
        f"(RSS of the window before opening: {ours['rss_window']:.0f} MB; messages in full "
        f"Markdown after the scroll: {ours['full']} of {n})"
    )
    for v in ("plain", "onehtml"):
        b = res[v]
        if "error" in b or b["first_paint_ms"] is None:
            continue
        print(
            f"ratio ours / {LABELS[v].removeprefix('baseline: ')}: first paint "
            f"{ours['first_paint_ms'] / b['first_paint_ms']:.2f}, longest stall "
            f"{ours['stall_ms'] / max(b['stall_ms'], 0.1):.2f}, scroll p99 "
            f"{ours['p99'] / max(b['p99'], 0.01):.2f}, RSS after scroll "
            f"{ours['rss_scroll'] / b['rss_scroll']:.2f}"
        )
    fp_ok = ours["first_paint_ms"] <= FIRST_PAINT_TARGET_MS
    rss_ok = ours["rss_peak"] <= RSS_TARGET_MB
    print(
        f"target first paint <= {FIRST_PAINT_TARGET_MS:.0f} ms: {ours['first_paint_ms']:.0f} ms "
        f"{'PASS' if fp_ok else 'MISS'}; target RSS <= {RSS_TARGET_MB:.0f} MB: peak "
        f"{ours['rss_peak']:.0f} MB {'PASS' if rss_ok else 'MISS'}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
