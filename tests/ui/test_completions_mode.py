"""Completions mode in the real window: switch, run, saved in the file, reopened; parameter
problems stop a request; presets come from the config folder."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLineEdit, QPlainTextEdit, QWidget

from app.core import storage
from tests.fakeserver import FakeServer
from tests.ui.test_main_window import find, set_param, type_and_send, view_text, wait_idle


def test_mode_switch_runs_completions_and_the_file_keeps_the_document(
    qtbot: Any, window: Any, fake_server: FakeServer, tmp_path: Path
) -> None:
    fake_server.behavior.reply = " upon a time"
    mode = find(window, "modeSwitch", QComboBox)
    assert window.findChild(QWidget, "completionsPanel") is None  # made when first shown
    mode.setCurrentIndex(1)
    assert find(window, "completionsPanel").isVisible() and not window.view.isVisible()
    assert find(window, "completionPrompt").accessibleName() == "Prompt document"
    assert not find(window, "composerEdit").isVisible()
    set_param(window, "max_tokens", 12)
    find(window, "completionPrompt", QPlainTextEdit).setPlainText("Once")
    find(window, "completionLogprobs_set").setChecked(True)
    qtbot.mouseClick(find(window, "completionRunButton"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not window.completions.busy, timeout=10000)
    body = fake_server.last("/completions").json
    assert body["prompt"] == "Once" and body["max_tokens"] == 12 and "logprobs" in body
    assert body["stream"] is True and "messages" not in body
    assert find(window, "completionPrompt", QPlainTextEdit).toPlainText() == "Once upon a time"
    path = tmp_path / "story.chat.json"
    assert window.save_as(str(path))
    saved = storage.load(path).conversation
    assert saved.mode == "completion"
    assert saved.completion["prompt"] == "Once upon a time"
    assert saved.completion["runs"][-1]["text"] == " upon a time"
    # A new chat stays in completions mode; opening the file brings the document back.
    window.new_chat()
    assert mode.currentIndex() == 1
    assert find(window, "completionPrompt", QPlainTextEdit).toPlainText() == ""
    window.open_file(path)
    qtbot.waitUntil(
        lambda: (
            find(window, "completionPrompt", QPlainTextEdit).toPlainText() == "Once upon a time"
        ),
        timeout=5000,
    )
    # Back to chat: the chat view returns, and the conversation remembers the mode.
    mode.setCurrentIndex(0)
    assert window.view.isVisible() and not window.completions.isVisible()
    assert window.controller.conversation.mode == "chat"


def test_a_parameter_that_cannot_be_sent_stops_the_request(
    qtbot: Any, window: Any, fake_server: FakeServer
) -> None:
    find(window, "param_seed").findChild(QLineEdit).setText("abc")
    type_and_send(qtbot, window, "hi")
    assert "seed" in window.statusBar().currentMessage()
    assert fake_server.count("/chat/completions") == 0
    assert find(window, "composerEdit", QPlainTextEdit).toPlainText() == "hi"
    find(window, "param_seed").findChild(QLineEdit).setText("42")
    type_and_send(qtbot, window, "hi")
    wait_idle(qtbot, window)
    assert fake_server.last("/chat/completions").json["seed"] == 42
    assert "hi" in view_text(window)


def test_presets_are_saved_in_the_config_folder_and_reapplied(
    qtbot: Any, window: Any, fake_server: FakeServer
) -> None:
    set_param(window, "temperature", 0.3)
    window.params.save_preset("Mine")
    assert (window.paths.config / "param_presets.json").exists()
    set_param(window, "temperature", 1.5)
    window.params.apply_preset("Mine")
    type_and_send(qtbot, window, "preset")
    wait_idle(qtbot, window)
    assert fake_server.last("/chat/completions").json["temperature"] == 0.3


def test_a_chat_file_has_no_completions_keys(
    qtbot: Any, window: Any, fake_server: FakeServer, tmp_path: Path
) -> None:
    import json

    type_and_send(qtbot, window, "plain chat")
    wait_idle(qtbot, window)
    path = tmp_path / "chat.chat.json"
    assert window.save_as(str(path))
    data = json.loads(path.read_text("utf-8"))
    assert "mode" not in data and "completion" not in data


def test_a_parameter_that_cannot_be_sent_stops_a_completion(
    qtbot: Any, window: Any, fake_server: FakeServer
) -> None:
    find(window, "modeSwitch", QComboBox).setCurrentIndex(1)
    find(window, "param_seed").findChild(QLineEdit).setText("1.5")
    find(window, "completionPrompt", QPlainTextEdit).setPlainText("Once")
    qtbot.mouseClick(find(window, "completionRunButton"), Qt.MouseButton.LeftButton)
    assert "seed" in find(window, "completionError").text()
    assert fake_server.count("/completions") == 0
    assert find(window, "completionPrompt", QPlainTextEdit).toPlainText() == "Once"
