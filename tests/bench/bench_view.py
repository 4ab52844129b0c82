"""Opening a long conversation: longest event-loop stall, ours against one setHtml.

    .venv/bin/python -m tests.bench.bench_view [--messages 2000] [--quick]

Ours renders the history in slices between events (ConversationView.set_conversation); the
baseline builds the same HTML and sets it at once. A 5 ms QTimer probe measures the longest
gap between its ticks: how long the window could not react. A benchmark: always exits 0.
"""

from __future__ import annotations

import argparse
import os
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def conversation(n: int) -> object:
    from app.core.conversation import Conversation, Message

    c = Conversation()
    for i in range(n // 2):
        c.append(Message(role="user", content=f"Question {i}: how do I sort a list in Python?"))
        c.append(
            Message(
                role="assistant",
                content=f"Answer {i}: use **sorted**:\n\n```python\nxs = sorted(xs, key=len)\n"
                "print(xs)\n```\n\n- one\n- two\n\nMore text to make it longer. " * 2,
            )
        )
    return c


def measure(app: object, render: object) -> tuple[float, float]:
    from PySide6.QtCore import QTimer

    gaps: list[float] = [0.0]
    last = [time.perf_counter()]

    def tick() -> None:
        now = time.perf_counter()
        gaps.append(now - last[0])
        last[0] = now

    probe = QTimer()
    probe.setInterval(5)
    probe.timeout.connect(tick)
    probe.start()
    app.processEvents()  # type: ignore[attr-defined]
    t0 = time.perf_counter()
    last[0] = t0
    render()  # type: ignore[operator]
    total = time.perf_counter() - t0
    app.processEvents()  # type: ignore[attr-defined]
    tick()
    probe.stop()
    return total, max(gaps)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--messages", type=int, default=2000)
    ap.add_argument("--quick", action="store_true", help="200 messages, for CI smoke runs")
    args = ap.parse_args(argv)
    n = 200 if args.quick else args.messages

    from PySide6.QtWidgets import QApplication

    from app.ui.conversation_view import ConversationView

    app = QApplication.instance() or QApplication([])
    conv = conversation(n)

    ours = ConversationView()
    ours.resize(800, 600)
    ours.show()

    def render_ours() -> None:
        ours.set_conversation(conv)  # type: ignore[arg-type]
        while ours.rendering:
            app.processEvents()

    base = ConversationView()
    base.resize(800, 600)
    base.show()

    def render_base() -> None:
        base._conversation = conv  # type: ignore[assignment]
        base.setHtml("".join(base._table_html(m, True) for m in conv.messages))  # type: ignore[attr-defined]

    b_total, b_stall = measure(app, render_base)
    o_total, o_stall = measure(app, render_ours)
    same = ours.toPlainText().count("Question") == base.toPlainText().count("Question")
    print(f"messages: {n}")
    print(
        f"baseline (one setHtml): total {b_total * 1000:.0f} ms, longest stall {b_stall * 1000:.0f} ms"
    )
    print(
        f"ours (slices):          total {o_total * 1000:.0f} ms, longest stall {o_stall * 1000:.0f} ms"
    )
    print(f"stall ratio ours/baseline: {o_stall / b_stall:.2f}  (same text: {same})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
