"""P4, streaming into a long conversation in the real window, while the user types.

    .venv/bin/python -m tests.bench.bench_stream_view [--tokens 20000] [--messages 500] [--quick]

The fake server (tests/fakeserver.py, in its own process so it never competes for the GIL)
answers with a ~4-characters-per-chunk stream of a long Markdown answer (sections with
paragraphs, lists, tables, short code blocks and one 400-line code block), as fast as it can
write; 20,000 chunks by default. The window (1200×800, offscreen) has a 500-message conversation
open (tests/bench/bench_files.big_conversation) when Send is pressed. Measured from Send to the
answer being complete and shown:

- the longest event-loop stall: a 5 ms QTimer probe, the longest gap between its ticks;
- whether the display keeps up: at every render of the answer, how long its oldest unshown
  change had waited (display lag), and how many received characters were not shown yet (sampled
  by the probe); at the end, whether everything received is shown;
- typing meanwhile: a key event for composerEdit is due every 30 ms (posted when the loop gets to
  it; a stalled loop delays it) and each is timed from when it was due to the composer's next
  paint after the key was handled (keypress-to-paint p50/p99/max).

Before the measured answer, an untimed one is started and stopped at its first words, so that
one-time costs (modules imported on first use, the HTTP client, the connection) are not counted.

Variants, each in its own process: ours; baseline "old design" (the whole growing answer's
Markdown rendered again on every repaint at a fixed ~30/s, as before issue 10); baseline "view
not rendering" (the answer is not drawn at all: what the network, the controller and the
composer cost alone). Ratios are ours / baseline in this one run. A benchmark: always exits 0.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from tests.bench.bench_long import (
    LABELS,
    REPO_ROOT,
    StallProbe,
    close_window,
    machine,
    make_window,
    pct,
    rss_mb,
    run_variant,
    spin,
)

END_MARKER = "End of the streamed answer, marker 9d4b."
STALL_TARGET_MS = 50.0
VARIANTS = ("ours", "old", "off")
TYPE_EVERY_MS = 30


def reply_text(tokens: int) -> str:
    """A long Markdown answer of about `tokens` × 4 characters (the fake server's chunk size)."""
    target = tokens * 4 - len(END_MARKER) - 2
    words = (
        "the parser reads each token and keeps a small state so that the view can render "
        "finished blocks once while the answer is still streaming from the server"
    ).split()
    out: list[str] = []
    size, k = 0, 0
    while size < target:
        k += 1
        para = " ".join(words[(k + j) % len(words)] for j in range(70)).capitalize() + "."
        parts = [f"## Part {k}", para, "\n".join(f"- item {j} of part {k}" for j in range(3))]
        if k % 3 == 0:
            parts.append("| key | value |\n|---|---|\n| `a` | 1 |\n| `b` | 2 |")
        lines = 400 if k == 6 else 15
        parts.append(
            "```python\n"
            + "\n".join(
                f"def f{k}_{j}(x: int) -> int:  # step {j}\n    return x * {j}"
                for j in range(lines // 2)
            )
            + "\n```"
        )
        block = "\n\n".join(parts) + "\n\n"
        out.append(block)
        size += len(block)
    return "".join(out)[:target].rstrip() + "\n\n" + END_MARKER


def start_server(reply: str) -> tuple[subprocess.Popen[str], str]:
    proc = subprocess.Popen(
        [sys.executable, "-m", "tests.fakeserver", "--reply", reply],
        cwd=REPO_ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    return proc, proc.stdout.readline().strip()


def view_class(variant: str) -> type:
    from app.core.conversation import Message
    from app.core.markdown import render_markdown
    from app.ui.conversation_view import REPAINT_MS, ConversationView

    class OldView(ConversationView):
        """Before issue 10: the whole answer's Markdown again on every repaint, ~30/s."""

        def _grow(self, i: int, budget: float | None) -> bool:
            self._fill(i, self._message_html(self._messages[i], True))
            return False  # everything rendered at once: nothing left waiting

        def _markdown(self, msg: Message) -> str:
            return render_markdown(msg.content, self._dark())

        def _flush(self, budget: float | None) -> None:
            super()._flush(None)
            self._interval = REPAINT_MS

    class OffView(ConversationView):
        """The answer is not drawn at all."""

        def message_changed(self, index: int, immediate: bool = False) -> None:
            pass

    base = {"ours": ConversationView, "old": OldView, "off": OffView}[variant]

    class Measured(base):  # type: ignore[misc,valid-type]
        """Records how long changes wait to be shown, and what each render costs."""

        def __init__(self, *a: Any, **k: Any) -> None:
            super().__init__(*a, **k)
            self.pending_since: float | None = None
            self.lags: list[float] = []
            self.render_ms: list[float] = []
            self.shown = 0

        def message_changed(self, index: int, immediate: bool = False) -> None:
            if self.pending_since is None:
                self.pending_since = time.perf_counter()
            super().message_changed(index, immediate)

        def _flush(self, budget: float | None) -> None:
            had = bool(self._dirty)
            t = time.perf_counter()
            super()._flush(budget)
            now = time.perf_counter()
            if had and self.pending_since is not None:
                self.render_ms.append((now - t) * 1000)
                self.lags.append((now - self.pending_since) * 1000)
                self.pending_since = None
                if self._messages:
                    self.shown = len(self._messages[-1].content)

    return Measured


def worker(variant: str, path: Path, base_url: str, expected: int) -> dict[str, Any]:
    from PySide6.QtCore import QEvent, QObject, Qt, QTimer
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QApplication

    with tempfile.TemporaryDirectory(prefix="bench-stream-view-") as tmp:
        w = make_window(Path(tmp), view_class(variant), base_url)
        view = w.view
        done: list[bool] = []
        view.renderFinished.connect(lambda: done.append(True))
        # A copy: closing the window saves the answer into the file, and every variant must start
        # from the same 500 messages.
        own = Path(tmp) / path.name
        shutil.copyfile(path, own)
        w.open_file(own)
        spin(lambda: bool(done) and not view.rendering)
        w.model_picker.setEditText("gpt-4o")
        composer = w.composer
        conv = w.controller.conversation
        # An untimed answer first, stopped at its first words: one-time costs (imports on first
        # use, the HTTP client, the connection) are not what is measured.
        composer.setPlainText("Warm up.")
        w.send()
        spin(lambda: bool(conv.messages[-1].content), 30)
        w.controller.stop()
        spin(lambda: not w.controller.busy, 30)
        view.flush()
        app = QApplication.instance()

        due: list[float] = []  # when each key was due
        handled: list[int] = []  # keys handled by the composer, not painted yet
        latencies: list[float] = []
        start = [0.0]

        class Watch(QObject):
            def eventFilter(self, obj: QObject, ev: QEvent) -> bool:
                if obj is composer and ev.type() == QEvent.Type.KeyPress:
                    handled.append(len(latencies) + len(handled))
                elif ev.type() == QEvent.Type.Paint and handled:
                    now = time.perf_counter()
                    latencies.extend((now - due[k]) * 1000 for k in handled)
                    handled.clear()
                return False

        watch = Watch()
        composer.installEventFilter(watch)
        composer.viewport().installEventFilter(watch)

        def type_keys() -> None:
            now = time.perf_counter()
            while start[0] + (len(due) + 1) * TYPE_EVERY_MS / 1000 <= now:
                due.append(start[0] + (len(due) + 1) * TYPE_EVERY_MS / 1000)
                ch = chr(ord("a") + len(due) % 26)
                for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                    key = Qt.Key(Qt.Key.Key_A.value + len(due) % 26)
                    app.postEvent(  # type: ignore[union-attr]
                        composer, QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier, ch)
                    )

        typer = QTimer()
        typer.setTimerType(Qt.TimerType.PreciseTimer)
        typer.setInterval(TYPE_EVERY_MS)
        typer.timeout.connect(type_keys)
        behind: list[int] = []
        probe = StallProbe()

        def sample() -> None:
            if conv.messages and conv.messages[-1].role == "assistant" and variant != "off":
                behind.append(len(conv.messages[-1].content) - view.shown)

        probe._timer.timeout.connect(sample)
        composer.setPlainText("Write a very long answer with code.")
        rss_before = rss_mb()
        probe.start()
        t0 = time.perf_counter()
        w.send()
        start[0] = time.perf_counter()
        typer.start()
        spin(lambda: w.controller.busy, 10)
        spin(lambda: not w.controller.busy, 600)
        view.flush()
        app.processEvents()  # type: ignore[union-attr]
        t_end = time.perf_counter()
        typer.stop()
        spin(lambda: not handled, 2)
        stall = probe.stop()
        answer = conv.messages[-1]
        text = view.toPlainText()
        typed = composer.toPlainText()
        result = {
            "stream_s": t_end - t0,
            "received": len(answer.content),
            "chunks": answer.chunks,
            "complete": len(answer.content) == expected and answer.status == "ok",
            "shown_all": (END_MARKER in text) if variant != "off" else None,
            "stall_ms": stall,
            "gaps_over_50": sum(1 for g in probe.gaps if g > STALL_TARGET_MS),
            "lag_max": max(view.lags, default=0.0),
            "lag_p99": pct(view.lags, 99),
            "renders": len(view.render_ms),
            "render_mean": sum(view.render_ms) / max(1, len(view.render_ms)),
            "render_max": max(view.render_ms, default=0.0),
            "behind_max": max(behind, default=0),
            "keys": len(latencies),
            "keys_typed": len(typed),
            "key_p50": pct(latencies, 50),
            "key_p99": pct(latencies, 99),
            "key_max": max(latencies, default=0.0),
            "rss_before": rss_before,
            "rss": rss_mb(),
            # The usage line counts a stopped answer (no usage from the server) without loading
            # a tokenizer: loading one held the interpreter ~40 ms mid-stream (+130 MB).
            "tokenizer_loaded": "bpe_openai" in sys.modules,
        }
        close_window(w)
        return result


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    ap.add_argument("--tokens", type=int, default=20000)
    ap.add_argument("--messages", type=int, default=500)
    ap.add_argument("--quick", action="store_true", help="50 messages, 2,000 tokens (CI smoke)")
    ap.add_argument("--variant", choices=VARIANTS, help=argparse.SUPPRESS)
    ap.add_argument("--file", help=argparse.SUPPRESS)
    ap.add_argument("--url", help=argparse.SUPPRESS)
    ap.add_argument("--expect", type=int, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.variant:
        res = worker(args.variant, Path(args.file), args.url, args.expect)
        print("RESULT " + json.dumps(res), flush=True)
        return 0
    if args.quick:
        args.tokens, args.messages = 2000, 50
    from app.core import storage
    from tests.bench.bench_files import big_conversation
    from tests.procs import stop_process

    print(machine())
    reply = reply_text(args.tokens)
    proc, url = start_server(reply)
    try:
        with tempfile.TemporaryDirectory(prefix="bench-stream-view-") as tmp:
            path = Path(tmp) / f"open{storage.SUFFIX}"
            storage.save(big_conversation(args.messages), path)
            print(
                f"P4 streaming: {len(reply):,} characters in ~{len(reply) // 4:,} chunks of 4 "
                f"into a {args.messages}-message conversation, typing every {TYPE_EVERY_MS} ms"
            )
            extra = ["--file", str(path), "--url", url, "--expect", str(len(reply))]
            res = {v: run_variant("tests.bench.bench_stream_view", v, extra) for v in VARIANTS}
    finally:
        stop_process(proc)
    print(
        f"{'variant':<48} {'stream':>7} {'stall':>7} {'>50ms':>5} {'lag max/p99':>14} "
        f"{'behind':>7} {'renders (mean/max)':>21} {'key p50/p99/max':>19} {'RSS before/after':>16} "
        f"{'all shown':>9}"
    )
    for v in VARIANTS:
        r = res[v]
        if "error" in r:
            print(f"{LABELS[v]:<48} failed: {r['error']}")
            continue
        shown = "n/a" if r["shown_all"] is None else ("yes" if r["shown_all"] else "NO")
        if not r["complete"]:
            shown += " (stream incomplete)"
        print(
            f"{LABELS[v]:<48} {r['stream_s']:>5.2f} s {r['stall_ms']:>4.0f} ms {r['gaps_over_50']:>5} "
            f"{r['lag_max']:>5.0f}/{r['lag_p99']:.0f} ms {r['behind_max']:>7,} "
            f"{r['renders']:>5} ({r['render_mean']:.1f}/{r['render_max']:.0f} ms) "
            f"{r['key_p50']:>5.0f}/{r['key_p99']:.0f}/{r['key_max']:.0f} ms "
            f"{r['rss_before']:>7.0f}/{r['rss']:.0f} MB "
            f"{shown:>9}"
        )
    ours = res["ours"]
    if "error" in ours:
        return 0
    print(
        f"(chunks received: {ours['chunks']:,}; keys typed meanwhile: {ours['keys_typed']}; "
        f"tokenizer loaded: {'yes' if ours['tokenizer_loaded'] else 'no'})"
    )
    for v in ("old", "off"):
        b = res[v]
        if "error" in b:
            continue
        print(
            f"ratio ours / {LABELS[v].removeprefix('baseline: ')}: longest stall "
            f"{ours['stall_ms'] / max(b['stall_ms'], 0.1):.2f}, key p99 "
            f"{ours['key_p99'] / max(b['key_p99'], 0.1):.2f}, stream time "
            f"{ours['stream_s'] / b['stream_s']:.2f}"
        )
    ok = ours["stall_ms"] <= STALL_TARGET_MS
    print(
        f"target longest stall <= {STALL_TARGET_MS:.0f} ms: {ours['stall_ms']:.0f} ms "
        f"{'PASS' if ok else 'MISS'}; display kept up: "
        f"{'yes' if ours['shown_all'] and ours['complete'] else 'NO'}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
