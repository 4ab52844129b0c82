"""Keyboard shortcuts in the real window: every main action has a key, no key is claimed
twice, each key does its job when pressed, and the help dialog lists them from the actions."""

from __future__ import annotations

from collections import Counter
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSlider,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QScrollBar,
    QTextEdit,
    QWidget,
)

from tests.fakeserver import FakeServer
from tests.ui.test_main_window import find, type_and_send, view_text, wait_idle

# objectName of the action -> its keys (portable text); the list and the rest.
EXPECTED = {
    "newAction": "Ctrl+N",
    "openAction": "Ctrl+O",
    "saveAction": "Ctrl+S",
    "saveAsAction": "Ctrl+Shift+S",
    "quitAction": "Ctrl+Q",
    "sendAction": "Ctrl+Return",
    "stopAction": "Esc",
    "regenerateAction": "Ctrl+Shift+R",
    "retryAction": "Ctrl+R",
    "focusComposerAction": "Ctrl+L",
    "focusModelAction": "Ctrl+M",
    "searchHistoryAction": "Ctrl+Shift+F",
    "readAloudAction": "Ctrl+Shift+A",
    "settingsAction": "Ctrl+,",
    "inspectAction": "Ctrl+I",
    "copyAsCodeAction": "Ctrl+Shift+C",
    "compareAction": "Ctrl+Shift+K",
    "showHistoryAction": "Ctrl+Shift+H",
    "showSidePanelAction": "Ctrl+Shift+P",
    "shortcutsAction": "F1",
    "refreshModelsAction": "F5",
    "renameAction": "F2",
}


def activate(qtbot: Any, w: Any) -> None:
    w.activateWindow()
    w.raise_()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is w, timeout=5000)


def press(qtbot: Any, w: Any, keys: str) -> None:
    """Type a key combination as a user would: to the focused control, else the window."""
    seq = QKeySequence(keys)
    combo = seq[0]  # type: ignore[index]
    target = QApplication.focusWidget()
    if not isinstance(target, QWidget) or target.window() is not w:
        target = w
    QTest.keyClick(target, combo.key(), combo.keyboardModifiers())
    qtbot.wait(20)


def keys_of(obj: QAction | QShortcut) -> list[str]:
    seqs = obj.keys() if isinstance(obj, QShortcut) else obj.shortcuts()
    return [s.toString() for s in seqs if not s.isEmpty()]


def context_of(obj: QAction | QShortcut) -> Qt.ShortcutContext:
    return obj.context() if isinstance(obj, QShortcut) else obj.shortcutContext()


WINDOW_WIDE = (Qt.ShortcutContext.WindowShortcut, Qt.ShortcutContext.ApplicationShortcut)


def test_every_main_action_has_its_key(window: Any) -> None:
    actions = {a.objectName(): a for a in window.findChildren(QAction) if a.objectName()}
    for name, key in EXPECTED.items():
        assert name in actions, f"no action {name}"
        assert key in keys_of(actions[name]), (name, keys_of(actions[name]))
    # ... and the key is shown in its menu (a QAction's shortcut is drawn by the menu).
    for name in EXPECTED:
        assert actions[name].associatedObjects(), f"{name} is in no menu"
    assert "Ctrl+/" in keys_of(actions["shortcutsAction"])
    assert "Ctrl+Enter" in keys_of(actions["sendAction"])


def test_no_key_is_claimed_twice(window: Any) -> None:
    window_wide = [
        k for a in window.findChildren(QAction) if context_of(a) in WINDOW_WIDE for k in keys_of(a)
    ]
    dupes = [k for k, n in Counter(window_wide).items() if n > 1]
    assert not dupes, dupes
    taken = set(window_wide)
    # Keys that belong to one widget may share a window key only when the window's action is
    # off whenever that widget can take keys (Ctrl+Enter: Send vs the completions document).
    local = [
        (obj, k)
        for obj in [*window.findChildren(QAction), *window.findChildren(QShortcut)]
        if obj.isEnabled() and context_of(obj) not in WINDOW_WIDE
        for k in keys_of(obj)
    ]
    assert local, "expected the history's Delete and the completions document's Ctrl+Enter"
    clashes = {k for _obj, k in local if k in taken}
    assert clashes <= {"Ctrl+Return", "Ctrl+Enter"}, clashes
    # In Completions mode (the only time that document shows) Send is off, so no clash.
    send = find(window, "sendAction", QAction)
    assert send.isEnabled()
    mode = find(window, "modeSwitch", QComboBox)
    mode.setCurrentIndex(mode.findData("completion"))
    assert not send.isEnabled()
    mode.setCurrentIndex(mode.findData("chat"))
    assert send.isEnabled()


def test_focus_keys_move_the_focus(qtbot: Any, window: Any) -> None:
    activate(qtbot, window)
    composer = find(window, "composerEdit")
    picker = find(window, "modelPicker", QComboBox)
    press(qtbot, window, "Ctrl+M")
    qtbot.waitUntil(lambda: picker.hasFocus() or picker.lineEdit().hasFocus())
    assert picker.lineEdit().selectedText() == picker.currentText()
    press(qtbot, window, "Ctrl+L")
    qtbot.waitUntil(composer.hasFocus)
    # Search history shows the sidebar if it was hidden, and puts the cursor in its search.
    press(qtbot, window, "Ctrl+Shift+H")
    assert not window.history.isVisible()
    press(qtbot, window, "Ctrl+Shift+F")
    qtbot.waitUntil(lambda: window.history.search.hasFocus())
    assert window.history.isVisible()
    press(qtbot, window, "Ctrl+Shift+P")
    assert not find(window, "sidePanel").isVisible()
    press(qtbot, window, "Ctrl+Shift+P")
    assert find(window, "sidePanel").isVisible()


def test_send_stop_regenerate_by_key(qtbot: Any, window: Any, fake_server: FakeServer) -> None:
    activate(qtbot, window)
    find(window, "modelPicker", QComboBox).setEditText("gpt-4o")
    # Ctrl+Enter sends from anywhere, here from the system prompt.
    find(window, "composerEdit", QPlainTextEdit).setPlainText("first question")
    find(window, "systemPromptEdit").setFocus()
    press(qtbot, window, "Ctrl+Return")
    wait_idle(qtbot, window)
    assert fake_server.count("/chat/completions") == 1
    assert "first question" in view_text(window)

    # Regenerate: a second request for the same question, a new answer in place.
    fake_server.behavior.reply = "A different answer"
    press(qtbot, window, "Ctrl+Shift+R")
    wait_idle(qtbot, window)
    assert fake_server.count("/chat/completions") == 2
    assert fake_server.last("/chat/completions").json["messages"][-1]["content"] == (
        "first question"
    )
    assert "A different answer" in view_text(window)

    # Esc stops a streaming answer; the partial text stays.
    fake_server.behavior.chunk_delay = 0.05
    fake_server.behavior.reply = "word " * 200
    type_and_send(qtbot, window, "a long one")
    qtbot.waitUntil(lambda: "word word" in view_text(window), timeout=5000)
    press(qtbot, window, "Esc")
    wait_idle(qtbot, window, timeout=5000)
    last = window.controller.conversation.messages[-1]
    assert last.status == "stopped"
    assert 0 < last.content.count("word") < 200
    # When nothing runs, Esc is not taken by the window (dialogs and popups keep it).
    assert not find(window, "stopAction", QAction).isEnabled()


def test_read_aloud_new_and_settings_by_key(qtbot: Any, window: Any, monkeypatch: Any) -> None:
    activate(qtbot, window)
    spoken: list[str] = []
    monkeypatch.setattr(window.tts, "play", lambda text, *_a: spoken.append(text))
    find(window, "ttsInput", QPlainTextEdit).setPlainText("Say this")
    press(qtbot, window, "Ctrl+Shift+A")
    assert spoken == ["Say this"]

    press(qtbot, window, "Ctrl+,")
    qtbot.waitUntil(lambda: window._settings_dialog is not None)
    dlg = window._settings_dialog
    qtbot.waitUntil(dlg.isVisible)
    dlg.reject()
    qtbot.waitUntil(lambda: window._settings_dialog is None)

    window.composer.setPlainText("draft")
    activate(qtbot, window)
    press(qtbot, window, "Ctrl+N")
    assert window.controller.conversation.messages == []
    qtbot.waitUntil(window.composer.hasFocus)

    with qtbot.waitSignal(window.modelsLoaded, timeout=5000):
        press(qtbot, window, "F5")


def test_playground_and_file_keys_open_their_windows(
    qtbot: Any, window: Any, fake_server: FakeServer
) -> None:
    activate(qtbot, window)
    type_and_send(qtbot, window, "hello")
    wait_idle(qtbot, window)
    for keys, name in (
        ("Ctrl+I", "inspectorDialog"),
        ("Ctrl+Shift+C", "codeDialog"),
        ("Ctrl+O", "fileDialog"),
        ("Ctrl+Shift+S", "fileDialog"),
    ):
        activate(qtbot, window)
        press(qtbot, window, keys)
        qtbot.waitUntil(
            lambda n=name: any(d.objectName() == n and d.isVisible() for d in window._dialogs),
            timeout=3000,
        )
        for d in list(window._dialogs):
            d.close()
    activate(qtbot, window)
    press(qtbot, window, "Ctrl+Shift+K")
    qtbot.waitUntil(lambda: window.playground.compare is not None)
    assert window.playground.compare.isVisible()
    window.playground.compare.close()
    activate(qtbot, window)
    press(qtbot, window, "Ctrl+S")
    assert window.files.path is not None and window.files.path.exists()


def test_help_dialog_lists_the_keys_from_the_actions(qtbot: Any, window: Any) -> None:
    activate(qtbot, window)
    press(qtbot, window, "F1")
    qtbot.waitUntil(lambda: window.findChild(QWidget, "shortcutsDialog") is not None)
    dlg = window.findChild(QWidget, "shortcutsDialog")
    qtbot.waitUntil(dlg.isVisible)
    native = QKeySequence.SequenceFormat.NativeText
    actions = [a for a in window.findChildren(QAction) if a.objectName() in EXPECTED]
    for a in actions:
        text = a.text().replace("&", "").rstrip("…")
        shown = dlg.keys_for(text)
        assert shown is not None, text
        assert a.shortcuts()[0].toString(native) in shown
    assert dlg.keys_for("Send") is not None and "Enter" in [r.keys for r in dlg.rows]
    # Filtering by key or word narrows the table.
    dlg.filter.setText("ctrl+shift+r")
    assert [r.action for r in dlg.visible_rows()] == ["Regenerate last answer"]
    dlg.close()
    # Change a key: the dialog shows the new one (it is read from the actions, never stale).
    find(window, "regenerateAction", QAction).setShortcut(QKeySequence("Ctrl+Alt+G"))
    activate(qtbot, window)
    press(qtbot, window, "Ctrl+/")
    qtbot.waitUntil(
        lambda: any(d.objectName() == "shortcutsDialog" and d.isVisible() for d in window._dialogs)
    )
    dlg = next(d for d in window._dialogs if d.objectName() == "shortcutsDialog")
    assert dlg.keys_for("Regenerate last answer") == QKeySequence("Ctrl+Alt+G").toString(native)


def test_quit_key_closes_the_window(qtbot: Any, window: Any) -> None:
    activate(qtbot, window)
    with qtbot.waitSignal(window.closed, timeout=10000):
        press(qtbot, window, "Ctrl+Q")
    assert not window.isVisible()


# What the user needs to reach by keyboard (disabled ones, like Stop while idle, are skipped
# by Tab as they should be).
MUST_REACH = [
    "modelPicker",
    "providerPicker",
    "refreshModelsButton",
    "composerEdit",
    "sendButton",
    "systemPromptEdit",
    "param_temperature_set",
    "param_temperature_value",
    "param_max_tokens_value",
    "param_stop_value",
    "param_seed_value",
    "param_logit_bias_value",
    "ttsModel",
    "ttsVoice",
    "ttsInput",
    "ttsPlayButton",
    "historySearch",
    "historyList",
    "conversationView",
]
CONTROLS = (
    QAbstractButton,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QAbstractSpinBox,
    QAbstractSlider,
    QAbstractItemView,
)


def is_inner_part(w: QWidget) -> bool:
    """The line edit inside a spin box or combo box: the outer control is what users reach."""
    parent = w.parentWidget()
    return isinstance(parent, QAbstractSpinBox | QComboBox)


def test_tab_reaches_every_control_from_the_composer(qtbot: Any, window: Any) -> None:
    activate(qtbot, window)
    composer = find(window, "composerEdit", QPlainTextEdit)
    composer.setFocus()
    qtbot.waitUntil(composer.hasFocus)
    reached: list[str] = []
    for _ in range(300):
        f = QApplication.focusWidget()
        assert f is not None and f.window() is window
        reached.append(f.objectName())
        QTest.keyClick(f, Qt.Key.Key_Tab)
        if QApplication.focusWidget() is composer:
            break
    else:
        raise AssertionError(f"Tab never came back to the message box: {reached[-10:]}")
    missing = [n for n in MUST_REACH if n not in reached]
    assert not missing, missing
    # Tab leaves the text boxes instead of typing a tab (Ctrl+Tab still does in Qt).
    prompt = find(window, "systemPromptEdit", QPlainTextEdit)
    prompt.setFocus()
    QTest.keyClick(prompt, Qt.Key.Key_Tab)
    assert prompt.toPlainText() == "" and not prompt.hasFocus()


def test_controls_take_focus_and_have_accessible_names(window: Any) -> None:
    controls = [
        w
        for w in window.findChildren(QWidget)
        if isinstance(w, CONTROLS)
        and not isinstance(w, QScrollBar)
        and not is_inner_part(w)
        and w.isVisibleTo(window)
    ]
    assert len(controls) > 50
    no_focus = [w.objectName() for w in controls if not w.focusPolicy() & Qt.FocusPolicy.TabFocus]
    assert not no_focus, no_focus
    unnamed = [
        w.objectName()
        for w in controls
        if not w.accessibleName() and not (isinstance(w, QAbstractButton) and w.text())
    ]
    assert not unnamed, unnamed
    # Symbol buttons say what they do, not the symbol.
    devices = find(window, "ttsDevicesButton", QAbstractButton)
    assert devices.text() == "↻" and devices.accessibleName() == "List the sound outputs again"
    assert find(window, "modelPicker").accessibleName() == "Model"
    assert find(window, "conversationView").accessibleName() == "Conversation"
    assert find(window, "param_temperature_value").accessibleName() == "temperature value"
