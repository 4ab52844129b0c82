"""The conversation view at any length, in the real window: the reading position while answers
stream and while older messages are added, selection and copy across messages, find, and the
streamed rendering of a growing answer ending as the exact rendering."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtGui import QPalette, QTextCursor
from PySide6.QtWidgets import QApplication, QComboBox

import app.ui.conversation_view as cv
from app.core import storage
from app.core.conversation import Conversation, Message, Status
from app.ui.conversation_view import ConversationView, Piece, Split, split_finished
from tests.bench.bench_files import big_conversation
from tests.fakeserver import FakeServer
from tests.ui.test_main_window import find, type_and_send, view_text, wait_idle

LONG_REPLY = "\n\n".join(
    f"Paragraph {k} of the long answer, with **bold** words and `code` in it, "
    "long enough to wrap over a couple of lines in the view." * 2
    for k in range(60)
)


def open_conversation(qtbot: Any, window: Any, conv: Conversation, tmp_path: Path) -> None:
    path = tmp_path / "long.chat.json"
    storage.save(conv, path)
    with qtbot.waitSignal(window.view.renderFinished, timeout=30000):
        window.open_file(path)
    find(window, "modelPicker", QComboBox).setEditText("gpt-4o")


def top_text(view: ConversationView) -> str:
    """The first line of text at the top of the view: what the user is reading."""
    block = view.cursorForPosition(QPoint(4, 4)).block()
    while block.isValid() and not block.text().strip():
        block = block.next()
    return block.text()


def shown(markdown_line: str) -> str:
    """A line of simple Markdown (emphasis, code, heading marks) as the view shows it."""
    return re.sub(r"[*`]", "", markdown_line).lstrip("# ").strip()


def highlighted(view: ConversationView) -> list[str]:
    """The text under each highlight of the view (its extra selections), in order."""
    return [sel.cursor.selectedText() for sel in view.extraSelections()]


def cell_text(view: ConversationView, index: int) -> str:
    first, last = view._range(index)
    cursor = QTextCursor(view.document())
    cursor.setPosition(first)
    cursor.setPosition(last, QTextCursor.MoveMode.KeepAnchor)
    return cursor.selectedText().replace("\u2029", "\n").replace("\u2028", "\n")


def test_reading_position_is_kept_while_an_answer_streams_when_scrolled_up(
    qtbot: Any, window: Any, fake_server: FakeServer, tmp_path: Path
) -> None:
    open_conversation(qtbot, window, big_conversation(200), tmp_path)
    fake_server.behavior.reply = LONG_REPLY
    fake_server.behavior.chunk_delay = 0.002
    view = window.view
    bar = view.verticalScrollBar()
    type_and_send(qtbot, window, "Tell me a long story")
    answer = window.controller.conversation.messages[-1]
    qtbot.waitUntil(lambda: "Paragraph 2 " in answer.content, timeout=10000)
    bar.setValue(bar.maximum() // 2)  # the user scrolls up to read something earlier
    QApplication.processEvents()
    value, reading = bar.value(), top_text(view)
    assert value < bar.maximum() - 500 and reading
    for k in (10, 25, 45):
        qtbot.waitUntil(lambda k=k: f"Paragraph {k} " in view_text(window), timeout=20000)
        assert (bar.value(), top_text(view)) == (value, reading)
    wait_idle(qtbot, window, timeout=30000)
    assert (bar.value(), top_text(view)) == (value, reading)
    assert "Paragraph 59 of the long answer" in view_text(window)


def test_view_follows_a_streaming_answer_when_at_the_bottom(
    qtbot: Any, window: Any, fake_server: FakeServer, tmp_path: Path
) -> None:
    open_conversation(qtbot, window, big_conversation(200), tmp_path)
    fake_server.behavior.reply = LONG_REPLY
    fake_server.behavior.chunk_delay = 0.002
    bar = window.view.verticalScrollBar()
    type_and_send(qtbot, window, "Tell me a long story")
    seen = []
    for k in (5, 20, 40):
        qtbot.waitUntil(lambda k=k: f"Paragraph {k} " in view_text(window), timeout=20000)
        seen.append(bar.value())
        assert bar.value() == bar.maximum()
    assert seen == sorted(seen) and seen[0] < seen[-1]  # it moved with the text
    wait_idle(qtbot, window, timeout=30000)
    assert bar.value() == bar.maximum()
    lines = [b for b in view_text(window).splitlines() if b.strip()]
    assert "Paragraph 59" in "".join(lines[-4:])  # the end of the answer is what is shown


def test_reading_position_is_kept_while_older_messages_are_added_above(
    qtbot: Any, window: Any, tmp_path: Path
) -> None:
    path = tmp_path / "long.chat.json"
    storage.save(big_conversation(2000), path)
    view = window.view
    window.open_file(path)
    qtbot.waitUntil(lambda: view.rendering, timeout=10000)
    bar = view.verticalScrollBar()
    bar.setValue(bar.maximum() - 2 * view.viewport().height())
    value, reading = bar.value(), top_text(view)
    with qtbot.waitSignal(view.renderFinished, timeout=30000):
        pass
    assert not view.rendering
    # Everything was added above, yet the same text is at the top of the view.
    assert top_text(view) == reading and bar.value() > value
    assert view_text(window).count("Assistant") >= 1000


def test_selection_and_copy_across_two_messages(
    qtbot: Any, window: Any, tmp_path: Path, qapp: QApplication
) -> None:
    """Within a message a selection is exact; one that crosses into the next message takes in
    both messages whole (Qt selects a frame, here a message's table, entirely), in order."""
    conv = big_conversation(2000)
    question, answer = conv.messages[1000], conv.messages[1001]
    open_conversation(qtbot, window, conv, tmp_path)
    view = window.view
    doc = view.document()
    start = doc.find(question.content)
    assert not start.isNull()
    # Bring them into view as a user scrolling there would; they get their full Markdown.
    bar = view.verticalScrollBar()
    bar.setValue(bar.value() + view.cursorRect(start).top())
    assert view.is_full(1000) and view.is_full(1001)
    start = doc.find(question.content)
    last_line = shown(answer.content.rstrip().splitlines()[-1])
    end = doc.find(last_line, start)
    assert not end.isNull()
    cursor = QTextCursor(doc)
    cursor.setPosition(start.selectionStart() + 3)  # from inside the question
    cursor.setPosition(end.selectionEnd() - 3, QTextCursor.MoveMode.KeepAnchor)  # into the answer
    view.setTextCursor(cursor)
    view.copy()
    copied = qapp.clipboard().text()
    heading = shown(answer.content.splitlines()[0])
    assert copied.index(question.content) < copied.index(heading) < copied.index(last_line)
    assert "## " not in copied  # the answer's Markdown was copied as the text the user reads
    assert conv.messages[999].content not in copied and conv.messages[1002].content not in copied
    # Inside one message: exactly what was selected.
    cursor.setPosition(end.selectionStart())
    cursor.setPosition(end.selectionEnd() - 1, QTextCursor.MoveMode.KeepAnchor)
    view.setTextCursor(cursor)
    view.copy()
    assert qapp.clipboard().text() == last_line[:-1]


def test_find_highlights_matches_far_from_the_visible_part(
    qtbot: Any, window: Any, tmp_path: Path
) -> None:
    conv = big_conversation(2000)
    for i in (3, 1001, 1995):
        conv.messages[i].content += f" Needle-in-haystack number {i}."
    open_conversation(qtbot, window, conv, tmp_path)
    view = window.view
    assert not view.is_full(3) and not view.is_full(1001)  # still the cheap text, far away
    assert view.find_text("NEEDLE-IN-HAYSTACK") == 3
    matches = view.find_matches()
    assert matches == sorted(matches) and len(matches) == 3
    assert highlighted(view) == ["Needle-in-haystack"] * 3
    # The first is shown: scrolled to, upgraded to Markdown, still highlighted as current.
    assert view.current_match() == 0 and view.is_full(3)
    assert not view.is_full(1001)  # found and highlighted without being rendered

    def visible(k: int) -> bool:
        cursor = QTextCursor(view.document())
        cursor.setPosition(view.find_matches()[k][0])
        rect = view.cursorRect(cursor)
        return 0 <= rect.top() and rect.bottom() <= view.viewport().height()

    selections = view.extraSelections()
    assert visible(0)
    highlight = view.palette().color(QPalette.ColorRole.Highlight)
    assert selections[0].format.background().color() == highlight
    assert selections[1].format.background().color() != highlight  # not the current one
    assert "number 3." in cell_text(view, 3)
    assert view.find_next() and view.current_match() == 1 and visible(1) and view.is_full(1001)
    assert highlighted(view) == ["Needle-in-haystack"] * 3  # still, after the upgrade
    assert view.find_next() and view.current_match() == 2 and visible(2)
    assert view.find_next() and view.current_match() == 0 and visible(0)  # wraps around
    assert view.find_previous() and view.current_match() == 2
    assert view.find_text("no such words anywhere") == 0 and view.extraSelections() == []
    view.clear_find()
    assert view.extraSelections() == []


def test_find_keeps_highlights_while_an_answer_streams(
    qtbot: Any, window: Any, fake_server: FakeServer
) -> None:
    fake_server.behavior.reply = LONG_REPLY
    fake_server.behavior.chunk_delay = 0.002
    type_and_send(qtbot, window, "find me: Paragraph 1 please")
    wait_idle(qtbot, window, timeout=30000)
    view = window.view
    assert view.find_text("Paragraph 1") == 1 + 2 * 11  # the question; 1, 10-19 twice each
    fake_server.behavior.reply = "Paragraph 1 again. " * 3
    type_and_send(qtbot, window, "more")
    wait_idle(qtbot, window)
    assert len(view.find_matches()) == 1 + 22 + 3
    assert set(highlighted(view)) == {"Paragraph 1"}


def test_a_few_very_long_messages_render_only_the_end_first(qtbot: Any) -> None:
    """Length is characters too: ten answers of 10,000 characters are not rendered whole at
    once; the end is, the start comes as cheap text and is upgraded when scrolled to."""
    conv = Conversation()
    for i in range(5):
        conv.append(Message("user", f"Question {i}"))
        conv.append(Message("assistant", f"## Answer {i}\n\n" + "Some **bold** words. " * 500))
    view = ConversationView()
    qtbot.addWidget(view)
    view.resize(700, 500)
    view.show()
    with qtbot.waitSignal(view.renderFinished, timeout=10000):
        view.set_conversation(conv)
    assert view.is_full(9) and not view.is_full(1)
    assert "**bold**" in view.toPlainText()  # the cheap text of the first answers
    view.verticalScrollBar().setValue(0)
    assert view.is_full(1) and "Answer 0" in view.toPlainText()
    assert view.toPlainText().count("Answer 0\n") == 1


# -- the growing answer ----------------------------------------------------------------------
CODE = "\n".join(f"    x{i} = compute({i}, 'a ``` inside')  # 🙂 c{i}" for i in range(40))
MARKDOWN = f"""Intro with **bold**, `code`, emoji 🙂 and a [link](https://example.com).
Second line.

## Heading

- item one
- item two

- loose item

| a | b |
|---|---|
| 1 | 2 |

> quote

```python
{CODE}
```

After the code.

~~~~
tilde fence with ``` inside
~~~~

```
{CODE}
"""


def norm(text: str) -> str:
    return re.sub(r"\n+", "\n", text).strip()


@pytest.mark.parametrize("piece,exact", [(200, 100), (1500, 100), (200, 100_000)])
def test_a_growing_answer_shows_what_the_exact_rendering_shows(
    qtbot: Any, monkeypatch: Any, piece: int, exact: int
) -> None:
    """Chunks of random sizes, flushed at random moments: at every flush, and at the end, the
    answer's text is what rendering the whole text at once shows (pieces of a long code fence,
    finished blocks kept in place at the end of a long answer)."""
    import random

    monkeypatch.setattr(cv, "FENCE_PIECE", piece)
    monkeypatch.setattr(cv, "FINAL_EXACT", exact)
    rnd = random.Random(piece + exact)
    conv = Conversation()
    conv.append(Message("user", "q"))
    msg = Message("assistant", "", model="m", status=Status.STREAMING)
    conv.append(msg)
    view, ref = ConversationView(), ConversationView()
    for v in (view, ref):
        qtbot.addWidget(v)
        v.resize(700, 500)
        v.show()
    view.set_conversation(conv)
    reasoning = "Think 🙂 first,\nthen answer."
    pos = flushes = 0
    while pos < len(MARKDOWN):
        if len(msg.reasoning) < len(reasoning):
            msg.reasoning = reasoning[: len(msg.reasoning) + rnd.randint(1, 5)]
        else:
            step = rnd.randint(1, 40)
            msg.content += MARKDOWN[pos : pos + step]
            pos += step
        view.message_changed(1)
        if rnd.random() < 0.3:
            view.flush()
            flushes += 1
            ref.set_conversation(conv)
            assert norm(cell_text(view, 1)) == norm(cell_text(ref, 1)), pos
    assert flushes > 20
    assert "Reasoning (5 words)" in view.toPlainText() and "then answer." in view.toPlainText()
    msg.status = Status.OK
    view.message_changed(1, immediate=True)
    view.flush()
    ref.set_conversation(conv)
    assert norm(cell_text(view, 1)) == norm(cell_text(ref, 1))
    assert "then answer." not in view.toPlainText()  # folded once complete
    assert "Edit" in cell_text(view, 1).splitlines()[0]  # the actions are back


def test_an_answer_arriving_faster_than_it_renders_catches_up_in_steps(
    qtbot: Any, monkeypatch: Any
) -> None:
    """Blocks that arrive all at once are rendered a few at a time, the event loop running in
    between, until the answer is shown whole; then it ends exactly as rendered at once."""
    monkeypatch.setattr(cv, "GROW_BUDGET_MS", 1.0)
    conv = Conversation()
    conv.append(Message("user", "q"))
    msg = Message("assistant", "", model="m", status=Status.STREAMING)
    conv.append(msg)
    view = ConversationView()
    qtbot.addWidget(view)
    view.resize(700, 500)
    view.show()
    view.set_conversation(conv)
    msg.content = "\n\n".join(f"## Part {k}\n\nText of part {k}." for k in range(200))
    view.message_changed(1, immediate=True)  # one step
    assert "Part 10" in view.toPlainText() and "Part 199" not in view.toPlainText()
    steps = 0
    while "Text of part 199." not in view.toPlainText():
        qtbot.wait(10)
        steps += 1
        assert steps < 500
    assert steps > 1
    msg.status = Status.OK
    view.message_changed(1)
    qtbot.waitUntil(lambda: "Edit" in cell_text(view, 1).splitlines()[0], timeout=5000)
    ref = ConversationView()
    qtbot.addWidget(ref)
    ref.resize(700, 500)
    ref.show()
    ref.set_conversation(conv)
    assert norm(cell_text(view, 1)) == norm(cell_text(ref, 1))


def test_split_finished_keeps_open_blocks_growing() -> None:
    st = Split()
    assert split_finished("para one\n\npara tw", st) == [] and st.done == 0
    assert split_finished("para one\n\npara two\n", st) == [Piece("md", "para one\n\n")]
    assert st.done == len("para one\n\n")
    text = "para one\n\npara two\n#"  # "#" alone would be a heading: not a whole line yet
    assert split_finished(text, st) == []
    text = "para one\n\npara two\n#tag\n\n```py\nx = 1\n"
    assert split_finished(text, st) == [Piece("md", "para two\n#tag\n\n")]
    assert split_finished(text, st) == [] and text[st.done :] == "```py\nx = 1\n"
    text += "```\n"  # a closed fence cannot change
    assert split_finished(text, st) == [Piece("md", "```py\nx = 1\n```\n")]
    assert st.done == len(text)


def test_a_long_open_code_fence_is_cut_into_pieces(monkeypatch: Any) -> None:
    monkeypatch.setattr(cv, "FENCE_PIECE", 20)
    st = Split()
    text = "Intro\n\n````js\n" + "let a = 1;\n" * 3
    pieces = split_finished(text, st)
    assert pieces == [
        Piece("md", "Intro\n\n"),
        Piece("code", "let a = 1;\n" * 3, "js", first=True),
    ]
    assert st.fence == "````" and st.done == len(text)
    text += "```\nstill code\n````\nafter"
    assert split_finished(text, st) == [Piece("code", "```\nstill code\n", "js", last=True)]
    assert st.fence == "" and text[st.done :] == "after"


def _welcome_view(qtbot: Any, width: int, text: str) -> tuple[Any, Any]:
    """An empty view of `width` showing `text` as its welcome, and a function telling whether
    any of its pixel rows y0..y1 has ink on it."""
    from PySide6.QtGui import QColor, QPalette

    from app.ui.conversation_view import ConversationView

    v = ConversationView()
    qtbot.addWidget(v)
    v.resize(width, 200)
    v.setPlaceholderText(text)
    v.show()
    qtbot.waitExposed(v)
    img = v.viewport().grab().toImage()
    base = v.palette().color(QPalette.ColorRole.Base)

    def inked(y0: int, y1: int) -> bool:
        return any(
            QColor(img.pixel(x, y)) != base for y in range(y0, y1) for x in range(img.width())
        )

    return v, inked


def test_the_welcome_text_wraps_in_a_narrow_view(qtbot: Any) -> None:
    v, inked = _welcome_view(qtbot, 260, "word " * 40)  # far wider than the view on one line
    h = v.fontMetrics().lineSpacing()
    assert inked(0, 10 + h) and inked(10 + 2 * h, 10 + 4 * h)  # the text goes on below line one


def test_a_short_welcome_text_shows_on_one_line(qtbot: Any) -> None:
    """Qt draws a welcome text that fits (the view paints it itself only when it must wrap)."""
    v, inked = _welcome_view(qtbot, 600, "Pick a model and write.")
    assert v._fits_on_one_line(v.placeholderText())
    h = v.fontMetrics().lineSpacing()
    assert inked(0, 10 + h) and not inked(10 + 2 * h, 10 + 4 * h)
    v.resize(120, 200)  # too narrow now: it wraps instead of being cut
    assert not v._fits_on_one_line(v.placeholderText())


def test_the_history_path_role_is_qts_user_role() -> None:
    from PySide6.QtCore import Qt

    from app.ui.history_panel import PATH_ROLE

    assert Qt.ItemDataRole(PATH_ROLE) == Qt.ItemDataRole.UserRole


def test_a_selection_from_one_message_into_the_next_takes_those_two_anywhere(
    qtbot: Any, window: Any, tmp_path: Path
) -> None:
    """Wherever two messages meet (in the first screens or in slices added later, at a slice's
    edge or inside one), a selection from one into the next takes exactly those two."""
    conv = big_conversation(400)
    open_conversation(qtbot, window, conv, tmp_path)
    view = window.view
    bar = view.verticalScrollBar()
    bar.setValue(0)
    while bar.value() < bar.maximum():  # read through once: every message in full Markdown
        bar.setValue(bar.value() + bar.pageStep())
    assert all(view.is_full(i) for i in range(len(conv.messages)))
    ranges = [view._range(i) for i in range(len(conv.messages))]
    for k in range(len(ranges) - 1):
        cursor = QTextCursor(view.document())
        cursor.setPosition(ranges[k][0] + 3)
        cursor.setPosition(ranges[k + 1][0] + 3, QTextCursor.MoveMode.KeepAnchor)
        view.setTextCursor(cursor)
        got = view.textCursor()
        inside = [
            i
            for i in range(max(0, k - 60), min(len(ranges), k + 60))
            if got.selectionStart() <= ranges[i][0] and ranges[i][1] <= got.selectionEnd()
        ]
        assert inside == [k, k + 1], k
