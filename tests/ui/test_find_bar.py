"""Find in the conversation from the window: Ctrl+F, the count, next/previous, Esc."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLineEdit

from tests.fakeserver import FakeServer
from tests.ui.test_main_window import find, type_and_send, wait_idle


def test_ctrl_f_finds_counts_steps_and_esc_closes(
    qtbot: Any, window: Any, fake_server: FakeServer
) -> None:
    fake_server.behavior.reply = "A zebra answer about another zebra."
    type_and_send(qtbot, window, "tell me about the zebra")
    wait_idle(qtbot, window)
    bar = find(window, "findBar")
    assert not bar.isVisible()
    window.activateWindow()
    QTest.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert bar.isVisible()
    edit = find(window, "findEdit", QLineEdit)
    QTest.keyClicks(edit, "zebra")
    qtbot.waitUntil(lambda: find(window, "findCount").text() == "1 of 3", timeout=3000)
    assert len(window.view.extraSelections()) == 3
    QTest.keyClick(edit, Qt.Key.Key_Return)
    assert find(window, "findCount").text() == "2 of 3"
    QTest.keyClick(edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    assert find(window, "findCount").text() == "1 of 3"
    window.act_find_previous.trigger()
    assert find(window, "findCount").text() == "3 of 3"  # wraps around
    edit.setText("no such words")
    qtbot.waitUntil(lambda: find(window, "findCount").text() == "No matches", timeout=3000)
    QTest.keyClick(edit, Qt.Key.Key_Escape)
    assert not bar.isVisible() and window.view.extraSelections() == []
    assert not window.controller.busy  # Esc in the bar closed it; it stopped nothing


def test_find_is_off_in_completions_mode(qtbot: Any, window: Any) -> None:
    window.act_find.trigger()
    assert find(window, "findBar").isVisible()
    window.mode_picker.setCurrentIndex(1)
    assert not find(window, "findBar").isVisible() and not window.act_find.isEnabled()
    window.mode_picker.setCurrentIndex(0)
    assert window.act_find.isEnabled()
