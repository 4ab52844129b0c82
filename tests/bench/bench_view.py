"""The measurements behind the conversation view's design (docs/view-design.md).

    .venv/bin/python -m tests.bench.bench_view [--messages 2000] [--quick]

Offscreen, one process, a QTextBrowser-based ConversationView of 800×600:

1. cost by part of rendering a long conversation (tests/bench/bench_files.big_conversation)
   whole: Markdown → HTML, setHtml, layout; against the cheap form of the same messages (escaped
   text, same tables);
2. older messages added above the view in slices of 50: the cost per slice as the document
   grows (flat means the slices are not quadratic);
3. a growing answer: inserting one more paragraph at the end of it, inside a 1×1 table cell and
   inside a frame, as the answer grows (Qt lays out a table cell again whole);
4. the opening stall: ConversationView.set_conversation against one setHtml of the same HTML,
   measured with a 5 ms QTimer probe (the longest time the window could not react).

A benchmark: prints figures and ratios, always exits 0.
"""

from __future__ import annotations

import argparse
import functools
import os
import sys
import time
from collections.abc import Callable
from typing import Any

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


def timed(fn: Callable[[], Any]) -> float:
    t = time.perf_counter()
    fn()
    return (time.perf_counter() - t) * 1000


def new_view(app: Any) -> Any:
    from app.ui.conversation_view import ConversationView

    v = ConversationView()
    v.resize(800, 600)
    v.show()
    app.processEvents()
    return v


def layout_all(v: Any) -> None:
    """Lay out the whole document and paint the end of it (what showing the end needs)."""
    doc = v.document()
    doc.documentLayout().frameBoundingRect(doc.rootFrame())
    bar = v.verticalScrollBar()
    bar.setValue(bar.maximum())
    v.viewport().repaint()


def parts(app: Any, n: int) -> None:
    from app.core.markdown import render_markdown
    from tests.bench.bench_files import big_conversation

    conv = big_conversation(n)
    msgs = conv.messages
    render_markdown("warm **up**\n\n```python\nx = 1\n```")  # imports, lexer: not counted
    v = new_view(app)
    v._conversation = conv
    html: list[str] = []
    t_md = timed(lambda: html.extend(v._table_html(m, True) for m in msgs))
    t_set = timed(lambda: v.setHtml("".join(html)))
    t_lay = timed(lambda: layout_all(v))
    c = new_view(app)
    c._conversation = conv
    cheap: list[str] = []
    t_cmd = timed(lambda: cheap.extend(c._table_html(m, False) for m in msgs))
    t_cset = timed(lambda: c.setHtml("".join(cheap)))
    t_clay = timed(lambda: layout_all(c))
    full, low = t_md + t_set + t_lay, t_cmd + t_cset + t_clay
    print(f"1. rendering {n:,} messages whole ({sum(len(m.content) for m in msgs):,} characters):")
    print(f"   full Markdown: HTML {t_md:.0f} ms + setHtml {t_set:.0f} ms + layout {t_lay:.0f} ms")
    print(
        f"   cheap form:    HTML {t_cmd:.0f} ms + setHtml {t_cset:.0f} ms + layout {t_clay:.0f} ms"
    )
    print(f"   full / cheap: {full / low:.1f}x ({full:.0f} ms / {low:.0f} ms)")


def slices(app: Any, n: int) -> None:
    from PySide6.QtGui import QTextCursor

    from tests.bench.bench_files import big_conversation

    conv = big_conversation(n)
    msgs = conv.messages
    v = new_view(app)
    v._conversation = conv
    costs: list[float] = []
    end = len(msgs)
    while end > 0:
        start = max(0, end - 50)
        html = "".join(v._table_html(m) for m in msgs[start:end])

        def add(html: str = html) -> None:
            QTextCursor(v.document()).insertHtml(html)
            layout_all(v)

        costs.append(timed(add))
        end = start
    k = max(1, len(costs) // 5)
    print(
        f"2. {len(costs)} slices of 50 messages added above: first {k} {sum(costs[:k]) / k:.1f} ms "
        f"each, last {k} {sum(costs[-k:]) / k:.1f} ms each, max {max(costs):.1f} ms"
    )


def _cell_end(table: Any) -> int:
    return int(table.cellAt(0, 0).lastPosition())


def _frame_end(frame: Any) -> int:
    return int(frame.lastPosition())


def growing(app: Any, steps: int) -> None:
    from PySide6.QtGui import QTextCursor, QTextFrameFormat

    para = "<p>" + "word " * 60 + "</p><pre>def f(x):\n    return x\n</pre>"
    print("3. one more paragraph at the end of a growing answer (insert + layout + paint):")
    rows = []
    for box in ("table cell", "frame"):
        v = new_view(app)
        doc = v.document()
        if box == "table cell":
            v.setHtml("<table><tr><td><p>start</p></td></tr></table>")
            table = doc.rootFrame().childFrames()[0]
            end = functools.partial(_cell_end, table)
        else:
            cursor = QTextCursor(doc)
            frame = cursor.insertFrame(QTextFrameFormat())
            cursor.insertText("start")
            end = functools.partial(_frame_end, frame)

        row = []
        for _ in range(steps):
            QTextCursor(doc).insertHtml("")  # keep the cursor API warm
            c = QTextCursor(doc)
            c.setPosition(end())
            c.insertHtml(para * 100)
            layout_all(v)
            best = 1e9
            for _ in range(3):
                c = QTextCursor(doc)
                c.setPosition(end())

                def add(c: Any = c) -> None:
                    c.beginEditBlock()
                    c.insertHtml(para)
                    c.endEditBlock()
                    v.viewport().repaint()  # noqa: B023 (called at once)

                best = min(best, timed(add))
            row.append((doc.characterCount(), best))
        rows.append((box, row))
    for box, row in rows:
        cells = ", ".join(f"{chars // 1000}k chars {ms:.1f} ms" for chars, ms in row)
        print(f"   {box:<10}: {cells}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--messages", type=int, default=2000)
    ap.add_argument("--quick", action="store_true", help="200 messages, for CI smoke runs")
    args = ap.parse_args(argv)
    n = 200 if args.quick else args.messages

    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    before = set(app.topLevelWidgets())
    try:
        return _run(app, n, args.quick)
    finally:  # its windows go away: left shown, they would sit over the next test's windows
        for w in set(app.topLevelWidgets()) - before:
            w.close()
            w.deleteLater()
        app.processEvents()


def _run(app: Any, n: int, quick: bool) -> int:
    from app.ui.conversation_view import ConversationView

    parts(app, n)
    slices(app, n)
    growing(app, 2 if quick else 5)
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
        layout_all(base)  # as ours, it opens showing the end

    b_total, b_stall = measure(app, render_base)
    o_total, o_stall = measure(app, render_ours)
    same = ours.toPlainText().count("Question") == base.toPlainText().count("Question")
    print(f"4. opening {n} messages (the short questions and answers of bench_view):")
    print(
        f"   baseline (one setHtml): total {b_total * 1000:.0f} ms, longest stall {b_stall * 1000:.0f} ms"
    )
    print(
        f"   ours (end first, older in slices): total {o_total * 1000:.0f} ms, "
        f"longest stall {o_stall * 1000:.0f} ms"
    )
    print(f"stall ratio ours/baseline: {o_stall / b_stall:.2f}  (same text: {same})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
