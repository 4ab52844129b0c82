"""Provider profiles, keys and model rules through the real window."""

from __future__ import annotations

import json
import logging
import stat
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QLabel

from tests.fakeserver import FakeServer
from tests.ui.test_main_window import find, type_and_send, view_text, wait_idle

KEY = "sk-profile-DISTINCTIVE-key-5f3a9c"


def add_custom_profile(qtbot: Any, w: Any, url: str, key: str) -> Any:
    dlg = w.open_settings()
    assert dlg is not None and dlg.isVisible()
    p = dlg.add_profile("custom")
    dlg.name.setText("My server")
    dlg.base_url.setText(url)
    dlg.key.setText(key)
    return dlg, p


def test_a_profile_with_a_key_in_the_keychain(
    qtbot: Any, make_window: Any, fake_server: FakeServer, memory_keyring: dict[Any, str]
) -> None:
    w = make_window("http://127.0.0.1:9/v1", key=None, wait_models=False)
    dlg, _p = add_custom_profile(qtbot, w, fake_server.base_url, KEY)
    assert dlg.key.echoMode() != dlg.key.EchoMode.Normal  # masked until revealed
    qtbot.mouseClick(dlg.reveal, Qt.MouseButton.LeftButton)
    assert dlg.key.echoMode() == dlg.key.EchoMode.Normal
    with qtbot.waitSignal(w.modelsLoaded, timeout=10000):
        dlg._accept()
    picker = find(w, "providerPicker", QComboBox)
    assert picker.currentText() == "My server"
    qtbot.waitUntil(lambda: KEY in memory_keyring.values(), timeout=5000)
    assert "key in the keychain" in find(w, "connectionLabel", QLabel).text()
    assert fake_server.last("/models").headers["authorization"] == f"Bearer {KEY}"
    saved = json.loads(w.providers_file.read_text())
    assert any(x["base_url"] == fake_server.base_url for x in saved["profiles"])
    assert KEY not in w.providers_file.read_text()
    assert not (w.paths.config / "secret" / "keys.json").exists()


def test_a_stored_key_is_read_from_the_keychain_at_the_next_start(
    qtbot: Any,
    make_window: Any,
    fake_server: FakeServer,
    memory_keyring: dict[Any, str],
    tmp_path: Path,
) -> None:
    w = make_window("http://127.0.0.1:9/v1", key=None, wait_models=False)
    dlg, p = add_custom_profile(qtbot, w, fake_server.base_url, KEY)
    with qtbot.waitSignal(w.modelsLoaded, timeout=10000):
        dlg._accept()
    qtbot.waitUntil(lambda: KEY in memory_keyring.values(), timeout=5000)
    saved = {x["id"]: x for x in json.loads(w.providers_file.read_text())["profiles"]}
    assert saved[p.id]["has_key"] is True
    # The default OpenAI profile has no key: the keychain is not asked for one at start.
    assert [x["has_key"] for x in saved.values() if x["preset"] == "openai"] == [False]
    w.close()
    fake_server.requests.clear()
    again = make_window(config=tmp_path / "profile", key=None)  # waits for the model list
    assert fake_server.last("/models").headers["authorization"] == f"Bearer {KEY}"
    assert "key in the keychain" in find(again, "connectionLabel", QLabel).text()


def test_test_connection_reports_in_words(
    qtbot: Any, make_window: Any, fake_server: FakeServer
) -> None:
    w = make_window("http://127.0.0.1:9/v1", key=None, wait_models=False)
    dlg, _p = add_custom_profile(qtbot, w, fake_server.base_url, KEY)
    qtbot.mouseClick(find(dlg, "testConnectionButton"), Qt.MouseButton.LeftButton)
    result = find(dlg, "testConnectionResult", QLabel)
    qtbot.waitUntil(lambda: "Connected" in result.text(), timeout=5000)
    assert "4 models" in result.text()
    fake_server.fail_next(status=401, path="/models")
    qtbot.mouseClick(find(dlg, "testConnectionButton"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "refused the API key" in result.text(), timeout=5000)
    dlg.base_url.setText("http://127.0.0.1:9/v1")
    qtbot.mouseClick(find(dlg, "testConnectionButton"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Could not connect" in result.text(), timeout=15000)
    dlg.base_url.setText("http://nonexistent.invalid/v1")
    qtbot.mouseClick(find(dlg, "testConnectionButton"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "host name could not be found" in result.text(), timeout=15000)
    dlg.reject()


def test_plain_http_key_warning(qtbot: Any, make_window: Any, fake_server: FakeServer) -> None:
    w = make_window(fake_server.base_url)
    dlg, _p = add_custom_profile(qtbot, w, "http://example.com/v1", KEY)
    warning = find(dlg, "profileHttpWarning", QLabel)
    assert warning.isVisible() and "unencrypted" in warning.text()
    dlg.base_url.setText("http://127.0.0.1:8080/v1")
    assert not warning.isVisible()
    dlg.base_url.setText("https://example.com/v1")
    assert not warning.isVisible()
    dlg.headers.setPlainText("X-Api-Key: abc123")
    assert warning.isVisible() and "plain text" in warning.text()
    dlg.headers.setPlainText("X-Title: Chatterdesk")
    assert not warning.isVisible()
    dlg.reject()


def test_without_a_keychain_the_key_is_for_this_session_or_an_opt_in_file(
    qtbot: Any, make_window: Any, fake_server: FakeServer, tmp_path: Path
) -> None:
    import keyring
    from keyring.backends import fail

    keyring.set_keyring(fail.Keyring())
    w = make_window("http://127.0.0.1:9/v1", key=None, wait_models=False)
    qtbot.waitUntil(lambda: w._keys_loaded, timeout=5000)
    dlg, p = add_custom_profile(qtbot, w, fake_server.base_url, KEY)
    assert "only while Chatterdesk runs" in find(dlg, "profileKeyStatus", QLabel).text()
    opt_in = find(dlg, "profileKeyInFile", QCheckBox)
    assert opt_in.isVisible()
    with qtbot.waitSignal(w.modelsLoaded, timeout=10000):
        dlg._accept()
    assert "key set for this session" in find(w, "connectionLabel", QLabel).text()
    assert fake_server.last("/models").headers["authorization"] == f"Bearer {KEY}"
    assert not (w.paths.config / "secret" / "keys.json").exists()
    # Opt in: the key goes to a file only the user can read.
    dlg = w.open_settings()
    dlg.list.setCurrentRow([x.id for x in dlg.profiles()].index(p.id))
    find(dlg, "profileKeyInFile", QCheckBox).setChecked(True)
    dlg.key.setText(KEY + "-2")
    dlg._accept()
    key_file = w.paths.config / "secret" / "keys.json"
    qtbot.waitUntil(key_file.exists, timeout=5000)
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert KEY + "-2" in key_file.read_text()


def test_switching_provider_lists_that_servers_models(
    qtbot: Any, make_window: Any, fake_server: FakeServer
) -> None:
    with FakeServer() as other:
        other.models = [{"id": "local-llama", "object": "model", "created": 1, "owned_by": "me"}]
        w = make_window(fake_server.base_url)
        dlg, _p = add_custom_profile(qtbot, w, other.base_url, "")
        dlg._accept()
        qtbot.waitUntil(lambda: find(w, "modelPicker", QComboBox).findText("local-llama") >= 0)
        picker = find(w, "providerPicker", QComboBox)
        names = {picker.itemText(i) for i in range(picker.count())}
        assert {"Environment (OPENAI_*)", "OpenAI", "My server"} <= names
        env_index = picker.findData("env")
        picker.setCurrentIndex(env_index)
        with qtbot.waitSignal(w.modelsLoaded, timeout=10000):
            picker.activated.emit(env_index)
        assert find(w, "modelPicker", QComboBox).findText("gpt-4o") >= 0
        assert "from OPENAI_BASE_URL" in find(w, "connectionLabel", QLabel).text()


def test_reasoning_model_rules_grey_out_and_can_be_overridden(
    qtbot: Any, window: Any, fake_server: FakeServer
) -> None:
    from PySide6.QtWidgets import QDoubleSpinBox

    find(window, "param_temperature").findChild(QDoubleSpinBox).setValue(0.4)
    find(window, "modelPicker", QComboBox).setEditText("o3-mini")
    temp = find(window, "param_temperature")
    assert not temp.isEnabled() and "default" in temp.toolTip()
    assert find(window, "param_max_tokens_set").text() == "max_completion_tokens"
    find(window, "modelPicker", QComboBox).setEditText("gpt-4o")
    assert temp.isEnabled()
    # A server whose "o3-mini" takes temperature: override the rule.
    find(window, "modelPicker", QComboBox).setEditText("o3-mini")
    dlg = window.open_model_rules()
    find(dlg, "ruleSampling", QCheckBox).setChecked(True)
    dlg._save()
    assert temp.isEnabled()
    type_and_send(qtbot, window, "hi")
    wait_idle(qtbot, window)
    assert fake_server.last("/chat/completions").json["temperature"] == 0.4


def test_a_refused_parameter_can_be_dropped_and_is_remembered(
    qtbot: Any, window: Any, fake_server: FakeServer
) -> None:
    from PySide6.QtWidgets import QDoubleSpinBox

    find(window, "param_presence_penalty").findChild(QDoubleSpinBox).setValue(0.5)
    fake_server.fail_next(
        status=400,
        path="chat/completions",
        body=json.dumps(
            {
                "error": {
                    "message": "Unsupported parameter: 'presence_penalty' is not supported "
                    "with this model.",
                    "type": "invalid_request_error",
                    "param": "presence_penalty",
                    "code": "unsupported_parameter",
                }
            }
        ),
    )
    type_and_send(qtbot, window, "hello")
    wait_idle(qtbot, window)
    button = find(window, "dropParamButton")
    assert button.isVisible() and "presence_penalty" in button.text()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, window)
    body = fake_server.last("/chat/completions").json
    assert "presence_penalty" not in body
    assert "Here is" in view_text(window)
    assert not find(window, "param_presence_penalty").isEnabled()
    # Remembered for the model: a new window does not send it either.
    rules = json.loads((window.paths.config / "model-rules.json").read_text())
    assert "presence_penalty" in json.dumps(rules)


def test_the_key_never_reaches_a_file_or_a_log(
    qtbot: Any, make_window: Any, fake_server: FakeServer, tmp_path: Path
) -> None:
    from app.core.logsetup import remove_handlers, setup_logging

    w = make_window("http://127.0.0.1:9/v1", key=None, wait_models=False)
    setup_logging(w.paths.log_file, debug=True)
    try:
        dlg, _p = add_custom_profile(qtbot, w, fake_server.base_url, KEY)
        with qtbot.waitSignal(w.modelsLoaded, timeout=10000):
            dlg._accept()
        fake_server.fail_next(
            status=401,
            path="chat/completions",
            body=json.dumps({"error": {"message": f"Incorrect API key provided: {KEY}"}}),
        )
        type_and_send(qtbot, w, "first")
        wait_idle(qtbot, w)
        assert KEY not in view_text(w)
        w.retry()
        wait_idle(qtbot, w)
        type_and_send(qtbot, w, "second")
        wait_idle(qtbot, w)
        w.export(str(tmp_path / "profile" / "out.md"), "md")
        w.export(str(tmp_path / "profile" / "out.json"), "json")
        w.save_as(str(tmp_path / "profile" / "copy.chat.json"))
        w.files.rename(w.files.path, "renamed")
        w.save_prompt("a prompt")
        logging.getLogger("chatterdesk.test").warning("key=%s", KEY)
        w.save_settings()
    finally:
        remove_handlers()
    written = [p for p in (tmp_path / "profile").rglob("*") if p.is_file()]
    assert len(written) >= 8
    hits = [str(p) for p in written if KEY.encode() in p.read_bytes()]
    assert hits == []
    assert w.paths.log_file.stat().st_size > 0


# Each preset's quirks, replayed by the fake server: (preset, behaviour flags).
PRESET_QUIRKS: list[tuple[str, dict[str, Any]]] = [
    ("openai", {}),
    ("deepseek", {"reasoning": "Think first.", "comments": True}),
    ("ollama", {"null_fields": True, "reasoning": "Hmm.", "reasoning_field": "reasoning"}),
    ("lmstudio", {"crlf": True}),
    ("llamacpp", {"no_done": True, "usage": False}),
    ("vllm", {"reasoning": "Let me see.", "reasoning_field": "reasoning", "no_space": True}),
    ("openrouter", {"comments": True}),
    ("siliconflow", {"reasoning": "Step one.", "close_delimited": True}),
    ("moonshot", {}),
    ("zhipu", {}),
    ("qwen", {"empty_choices_first": True}),
    ("custom", {}),
    ("azure", {"empty_choices_first": True}),
]


@pytest.mark.parametrize(("preset_key", "quirks"), PRESET_QUIRKS, ids=[p for p, _ in PRESET_QUIRKS])
def test_every_preset_chats_through_its_quirks(
    qtbot: Any, make_window: Any, fake_server: FakeServer, preset_key: str, quirks: dict[str, Any]
) -> None:
    for k, v in quirks.items():
        setattr(fake_server.behavior, k, v)
    fake_server.behavior.reply = "The **exact** answer, in full."
    fake_server.behavior.api_key = "sk-preset-key"
    base = f"http://127.0.0.1:{fake_server.port}" if preset_key == "azure" else fake_server.base_url
    w = make_window("http://127.0.0.1:9/v1", key=None, wait_models=False)
    dlg = w.open_settings()
    dlg.add_profile(preset_key)
    dlg.base_url.setText(base)
    dlg.key.setText("sk-preset-key")
    with qtbot.waitSignal(w.modelsLoaded, timeout=10000) as blocker:
        dlg._accept()
    assert blocker.args == [True]
    find(w, "modelPicker", QComboBox).setEditText("gpt-4o")
    type_and_send(qtbot, w, "hello")
    wait_idle(qtbot, w)
    msg = w.controller.conversation.messages[-1]
    assert msg.status == "ok", msg.error
    assert msg.content == "The **exact** answer, in full."
    assert msg.reasoning == (quirks.get("reasoning") or "")
    assert "The exact answer, in full." in view_text(w)
    req = fake_server.last("/chat/completions")
    if preset_key == "azure":
        assert req.path.endswith("/openai/deployments/gpt-4o/chat/completions")
        assert "api-version=" in req.query
        assert req.headers["api-key"] == "sk-preset-key"
        assert "authorization" not in req.headers
    else:
        assert req.headers["authorization"] == "Bearer sk-preset-key"
        assert req.json["model"] == "gpt-4o"
