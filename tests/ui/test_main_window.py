"""The real MainWindow against the fake server: what the user does, sees, and what is sent."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QUrl
from PySide6.QtWidgets import (
    QAbstractButton,
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QTextBrowser,
    QWidget,
)

from tests.conftest import TEST_KEY
from tests.fakeserver import FakeServer

CONTRACT = [
    "mainWindow",
    "modelPicker",
    "refreshModelsButton",
    "systemPromptEdit",
    "parameterPanel",
    "param_temperature",
    "param_top_p",
    "param_max_tokens",
    "param_presence_penalty",
    "param_frequency_penalty",
    "conversationView",
    "composerEdit",
    "sendButton",
    "stopButton",
    "statusUsage",
]


def find(w: Any, name: str, cls: type = object) -> Any:
    if w.objectName() == name:
        return w
    obj = w.findChild(cls, name)
    assert obj is not None, f"no widget named {name}"
    return obj


def view_text(w: Any) -> str:
    return find(w, "conversationView", QTextBrowser).toPlainText()


def set_param(w: Any, name: str, value: float) -> None:
    box = find(w, f"param_{name}")
    spin = box.findChild(QDoubleSpinBox) or box.findChild(QSpinBox)
    spin.setValue(value)  # typing a value checks "send it"


def type_and_send(qtbot: Any, w: Any, text: str) -> None:
    composer = find(w, "composerEdit", QPlainTextEdit)
    composer.setPlainText(text)
    qtbot.mouseClick(find(w, "sendButton", QAbstractButton), Qt.MouseButton.LeftButton)


def wait_idle(qtbot: Any, w: Any, timeout: int = 10000) -> None:
    qtbot.waitUntil(lambda: not w.controller.busy, timeout=timeout)
    w.view.flush()


def test_contract_object_names_exist_with_the_right_types(window: Any) -> None:
    for name in CONTRACT:
        find(window, name)
    assert isinstance(find(window, "modelPicker"), QComboBox)
    assert find(window, "modelPicker").isEditable()
    assert isinstance(find(window, "systemPromptEdit"), QPlainTextEdit)
    assert isinstance(find(window, "composerEdit"), QPlainTextEdit)
    assert isinstance(find(window, "sendButton"), QAbstractButton)
    assert isinstance(find(window, "stopButton"), QAbstractButton)
    assert isinstance(find(window, "statusUsage"), QLabel)
    for p in ("temperature", "top_p", "presence_penalty", "frequency_penalty"):
        box = find(window, f"param_{p}")
        assert box.findChild(QDoubleSpinBox) is not None
        assert box.findChild(QCheckBox) is not None
    assert find(window, "param_max_tokens").findChild(QSpinBox) is not None


def test_models_are_listed_with_owner_and_date(window: Any, fake_server: FakeServer) -> None:
    picker = find(window, "modelPicker", QComboBox)
    ids = [picker.itemText(i) for i in range(picker.count())]
    assert sorted(ids) == sorted(m["id"] for m in fake_server.models)
    i = picker.findText("gpt-4o")
    tip = picker.itemData(i, Qt.ItemDataRole.ToolTipRole)
    assert "system" in tip and "2024-05-10" in tip
    assert fake_server.count("/models") == 1


def test_refresh_button_fetches_again(qtbot: Any, window: Any, fake_server: FakeServer) -> None:
    fake_server.models.append({"id": "new-model", "object": "model", "created": 1, "owned_by": "x"})
    with qtbot.waitSignal(window.modelsLoaded, timeout=5000):
        qtbot.mouseClick(find(window, "refreshModelsButton"), Qt.MouseButton.LeftButton)
    picker = find(window, "modelPicker", QComboBox)
    assert picker.findText("new-model") >= 0


def test_chat_streams_with_system_prompt_and_temperature(
    qtbot: Any, window: Any, fake_server: FakeServer
) -> None:
    fake_server.behavior.chunk_delay = 0.02
    fake_server.behavior.reply = "Streaming **works** here, word by word, until the very end."
    find(window, "modelPicker", QComboBox).setEditText("gpt-4o")
    find(window, "systemPromptEdit", QPlainTextEdit).setPlainText("You are terse.")
    set_param(window, "temperature", 0.3)
    type_and_send(qtbot, window, "Hello there")

    # While it streams: part of the answer is shown, Stop is enabled, Send is not.
    qtbot.waitUntil(lambda: "Streaming works" in view_text(window), timeout=5000)
    assert "until the very end" not in view_text(window)
    assert find(window, "stopButton").isEnabled()
    assert not find(window, "sendButton").isEnabled()
    wait_idle(qtbot, window)

    text = view_text(window)
    assert "Hello there" in text
    assert "Streaming works here, word by word, until the very end." in text
    assert "**" not in text  # rendered as Markdown
    body = fake_server.last("/chat/completions").json
    assert body["model"] == "gpt-4o"
    assert body["messages"] == [
        {"role": "system", "content": "You are terse."},
        {"role": "user", "content": "Hello there"},
    ]
    assert body["temperature"] == 0.3
    assert body["stream"] is True
    assert body["stream_options"] == {"include_usage": True}
    for unset in ("top_p", "max_tokens", "presence_penalty", "frequency_penalty"):
        assert unset not in body
    usage = find(window, "statusUsage", QLabel).text()
    assert "tokens" in usage and "first token" in usage and "tokens/s" in usage
    assert find(window, "composerEdit", QPlainTextEdit).toPlainText() == ""


def test_follow_up_carries_history(qtbot: Any, window: Any, fake_server: FakeServer) -> None:
    fake_server.behavior.reply = lambda body: f"Answer {len(body['messages'])}"
    type_and_send(qtbot, window, "first")
    wait_idle(qtbot, window)
    type_and_send(qtbot, window, "second")
    wait_idle(qtbot, window)
    msgs = fake_server.last("/chat/completions").json["messages"]
    assert [m["role"] for m in msgs] == ["user", "assistant", "user"]
    assert msgs[1]["content"] == "Answer 1"
    assert "Answer 3" in view_text(window)


def test_unset_parameters_are_not_sent(qtbot: Any, window: Any, fake_server: FakeServer) -> None:
    set_param(window, "max_tokens", 50)
    box = find(window, "param_max_tokens").findChild(QCheckBox)
    assert box.isChecked()
    box.setChecked(False)
    find(window, "param_stream_options").findChild(QCheckBox).setChecked(False)
    type_and_send(qtbot, window, "hi")
    wait_idle(qtbot, window)
    body = fake_server.last("/chat/completions").json
    assert set(body) == {"model", "messages", "stream"}


def test_all_parameters_sent_when_set(qtbot: Any, window: Any, fake_server: FakeServer) -> None:
    find(window, "modelPicker", QComboBox).setEditText("gpt-4o-mini")
    set_param(window, "temperature", 1.5)
    set_param(window, "top_p", 0.9)
    set_param(window, "max_tokens", 77)
    set_param(window, "presence_penalty", -1.5)
    set_param(window, "frequency_penalty", 0.5)
    type_and_send(qtbot, window, "hi")
    wait_idle(qtbot, window)
    body = fake_server.last("/chat/completions").json
    assert body["temperature"] == 1.5
    assert body["top_p"] == 0.9
    assert body["max_tokens"] == 77
    assert body["presence_penalty"] == -1.5
    assert body["frequency_penalty"] == 0.5


def test_reasoning_model_gets_max_completion_tokens(
    qtbot: Any, window: Any, fake_server: FakeServer
) -> None:
    find(window, "modelPicker", QComboBox).setEditText("o3-mini")
    set_param(window, "max_tokens", 300)
    set_param(window, "temperature", 0.2)
    type_and_send(qtbot, window, "think")
    wait_idle(qtbot, window)
    body = fake_server.last("/chat/completions").json
    assert body["max_completion_tokens"] == 300
    assert "max_tokens" not in body and "temperature" not in body


def test_enter_sends_and_shift_enter_adds_a_line(
    qtbot: Any, window: Any, fake_server: FakeServer
) -> None:
    composer = find(window, "composerEdit", QPlainTextEdit)
    composer.setFocus()
    qtbot.keyClicks(composer, "line one")
    qtbot.keyClick(composer, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClicks(composer, "line two")
    assert composer.toPlainText() == "line one\nline two"
    qtbot.keyClick(composer, Qt.Key.Key_Return)
    wait_idle(qtbot, window)
    msgs = fake_server.last("/chat/completions").json["messages"]
    assert msgs[-1]["content"] == "line one\nline two"


def test_stop_keeps_the_partial_answer(qtbot: Any, window: Any, fake_server: FakeServer) -> None:
    fake_server.behavior.reply = "alpha beta gamma delta epsilon zeta eta theta " * 5
    fake_server.behavior.chunk_delay = 0.05
    type_and_send(qtbot, window, "count")
    qtbot.waitUntil(lambda: "beta" in view_text(window), timeout=5000)
    qtbot.mouseClick(find(window, "stopButton"), Qt.MouseButton.LeftButton)
    wait_idle(qtbot, window)
    text = view_text(window)
    assert "alpha beta" in text
    assert "Stopped" in text
    msg = window.controller.conversation.messages[-1]
    assert msg.status == "stopped" and msg.content.startswith("alpha beta")
    assert len(msg.content) < len(str(fake_server.behavior.reply))
    qtbot.waitUntil(lambda: fake_server.open_streams == 0, timeout=5000)
    assert find(window, "sendButton").isEnabled()
    assert not find(window, "stopButton").isEnabled()
    # The next message works and carries the partial answer the user saw.
    fake_server.behavior.chunk_delay = 0
    fake_server.behavior.reply = "fine"
    type_and_send(qtbot, window, "go on")
    wait_idle(qtbot, window)
    msgs = fake_server.last("/chat/completions").json["messages"]
    assert msgs[1]["content"] == msg.content


def test_error_is_shown_and_retry_recovers(
    qtbot: Any, window: Any, fake_server: FakeServer
) -> None:
    fake_server.fail_next(status=401, path="chat/completions")
    fake_server.behavior.reply = "Recovered answer."
    type_and_send(qtbot, window, "hello")
    wait_idle(qtbot, window)
    text = view_text(window)
    assert "refused the API key" in text
    retry = find(window, "retryButton", QAbstractButton)
    assert retry.isVisible() and retry.isEnabled()
    assert "refused the API key" in find(window, "errorLabel", QLabel).text()
    qtbot.mouseClick(retry, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, window)
    text = view_text(window)
    assert "Recovered answer." in text
    assert "refused the API key" not in text
    assert not retry.isVisible()
    assert fake_server.count("/chat/completions") == 2
    # The retried request is the same conversation, not a duplicate user message.
    assert [m["role"] for m in fake_server.last("/chat/completions").json["messages"]] == ["user"]


def test_connection_drop_mid_answer_keeps_partial_and_offers_retry(
    qtbot: Any, window: Any, fake_server: FakeServer
) -> None:
    fake_server.behavior.reply = "0123456789" * 10
    fake_server.behavior.chunk_delay = 0.02  # the client reads what came before the reset
    fake_server.fail_next(reset_after=6, path="chat/completions")
    type_and_send(qtbot, window, "numbers")
    wait_idle(qtbot, window)
    msg = window.controller.conversation.messages[-1]
    assert msg.status == "error"
    assert msg.content and "0123456789".startswith(msg.content[:10])
    text = view_text(window)
    assert msg.content in text
    assert "connection dropped" in text
    assert fake_server.count("/chat/completions") == 1  # a stream with output is not retried
    fake_server.behavior.chunk_delay = 0
    qtbot.mouseClick(find(window, "retryButton"), Qt.MouseButton.LeftButton)
    wait_idle(qtbot, window)
    assert window.controller.conversation.messages[-1].content == "0123456789" * 10
    # the partial answer is kept as a branch the user can switch back to, not lost
    conv = window.controller.conversation
    assert conv.branch_info(len(conv.messages) - 1) == (2, 2)
    assert [m.content for m in conv.siblings(conv.messages[-1])] == [msg.content, "0123456789" * 10]
    assert "◀ 2/2 ▶" in view_text(window)


def test_each_failure_gives_a_clear_message(
    qtbot: Any, window: Any, fake_server: FakeServer
) -> None:
    cases: list[tuple[dict[str, Any], str]] = [
        ({"status": 404}, "Check the model name and the base URL"),
        ({"status": 429, "headers": {"retry-after": "120"}}, "Rate limit"),
        ({"status": 400, "body": json.dumps({"error": {"message": "bad temp"}})}, "bad temp"),
        ({"status": 500, "headers": {"retry-after": "0"}, "times": 3}, "internal error"),
        (
            {
                "status": 502,
                "body": "<html><body><h1>Bad Gateway</h1></body></html>",
                "content_type": "text/html",
                "headers": {"retry-after": "0"},
                "times": 3,
            },
            "Bad Gateway",
        ),
        ({"malformed_after": 3}, "could not be read"),
        ({"reset_after": 0}, "connection dropped"),
        ({"error_event_after": 3}, "The server overloaded mid-answer"),
    ]
    for kw, expected in cases:
        times = kw.pop("times", 1)
        fake_server.fail_next(times=times, path="chat/completions", **kw)
        type_and_send(qtbot, window, "x")
        wait_idle(qtbot, window)
        msg = window.controller.conversation.messages[-1]
        assert msg.status == "error", kw
        assert expected in (msg.error or ""), (kw, msg.error)
        assert "<h1>" not in (msg.error or "")
        assert expected in view_text(window)


def test_stall_times_out_with_a_message(qtbot: Any, window: Any, fake_server: FakeServer) -> None:
    window.settings.request_timeout = 0.5
    window._client = None
    fake_server.fail_next(stall_after=4, path="chat/completions")
    type_and_send(qtbot, window, "x")
    wait_idle(qtbot, window)
    msg = window.controller.conversation.messages[-1]
    assert msg.status == "error" and "too long" in (msg.error or "")
    assert msg.content  # what came before the stall is kept


def test_server_down_gives_connect_message(qtbot: Any, make_window: Any) -> None:
    w = make_window("http://127.0.0.1:9/v1", wait_models=False)
    qtbot.waitUntil(
        lambda: "Could not fetch the model list" in w.statusBar().currentMessage(), timeout=15000
    )
    find(w, "modelPicker", QComboBox).setEditText("gpt-4o")
    type_and_send(qtbot, w, "anyone?")
    wait_idle(qtbot, w, timeout=20000)
    assert "Could not connect" in view_text(w)
    assert "anyone?" in view_text(w)


def test_non_streamed_answer(qtbot: Any, window: Any, fake_server: FakeServer) -> None:
    find(window, "param_stream").findChild(QCheckBox).setChecked(False)
    fake_server.behavior.reply = "Whole answer at once."
    type_and_send(qtbot, window, "hi")
    wait_idle(qtbot, window)
    body = fake_server.last("/chat/completions").json
    assert "stream" not in body and "stream_options" not in body  # false is the default
    assert "Whole answer at once." in view_text(window)
    assert "completion" in find(window, "statusUsage", QLabel).text()


def test_reasoning_is_shown_while_streaming_then_folded(
    qtbot: Any, window: Any, fake_server: FakeServer
) -> None:
    fake_server.behavior.reasoning = "Let me think about it."
    fake_server.behavior.reply = "The answer."
    fake_server.behavior.chunk_delay = 0.03
    type_and_send(qtbot, window, "q")
    qtbot.waitUntil(lambda: "Let me think about it." in view_text(window), timeout=5000)
    wait_idle(qtbot, window)
    text = view_text(window)
    assert "The answer." in text and "Reasoning (5 words)" in text
    assert "Let me think about it." not in text  # folded once the answer is complete
    msg = window.controller.conversation.messages[-1]
    window.view.anchorClicked.emit(QUrl(f"chatterdesk:reasoning/{msg.id}"))
    assert "Let me think about it." in view_text(window)
    # Kept in the conversation, never sent back to the server.
    assert msg.reasoning == "Let me think about it."
    type_and_send(qtbot, window, "next")
    wait_idle(qtbot, window)
    sent = json.dumps(fake_server.last("/chat/completions").json)
    assert "Let me think" not in sent


def test_markdown_never_fetches_and_unsafe_links_are_refused(
    qtbot: Any, window: Any, fake_server: FakeServer, monkeypatch: Any
) -> None:
    with FakeServer() as remote:
        url = f"http://127.0.0.1:{remote.port}"
        fake_server.behavior.reply = (
            f'![chart]({url}/chart.png)\n\n<img src="{url}/raw.png">\n\n'
            f"[file](file:///etc/passwd) [js](javascript:alert(1)) [web]({url}/page)\n\n"
            f"![local](/etc/hosts)"
        )
        type_and_send(qtbot, window, "pictures")
        wait_idle(qtbot, window)
        qtbot.wait(300)
        assert remote.requests == []
        text = view_text(window)
        assert "[image: chart]" in text
        assert "<img" in text  # raw HTML is shown as text, not interpreted
        opened: list[str] = []

        def fake_open(u: QUrl) -> bool:
            opened.append(u.toString())
            return True

        monkeypatch.setattr("PySide6.QtGui.QDesktopServices.openUrl", fake_open)
        refused: list[str] = []
        window.view.linkRefused.connect(refused.append)
        window.view.anchorClicked.emit(QUrl("file:///etc/passwd"))
        window.view.anchorClicked.emit(QUrl("javascript:alert(1)"))
        window.view.anchorClicked.emit(QUrl(f"{url}/page"))
        assert opened == [f"{url}/page"]
        assert len(refused) == 2
        assert remote.requests == []  # opening goes to the system browser, not from the app


def test_connection_label_says_what_comes_from_the_environment(window: Any) -> None:
    label = find(window, "connectionLabel", QLabel).text()
    assert "from OPENAI_BASE_URL" in label and "key from OPENAI_API_KEY" in label
    assert TEST_KEY not in label


def test_last_model_is_remembered_per_server(
    qtbot: Any, make_window: Any, fake_server: FakeServer, tmp_path: Path
) -> None:
    w = make_window(fake_server.base_url)
    find(w, "modelPicker", QComboBox).setEditText("fake/slashed-model")
    type_and_send(qtbot, w, "hi")
    wait_idle(qtbot, w)
    task = asyncio.get_event_loop().create_task(w.shutdown())
    qtbot.waitUntil(task.done)
    w.save_settings()
    w2 = make_window(fake_server.base_url)
    assert find(w2, "modelPicker", QComboBox).currentText() == "fake/slashed-model"


def test_the_key_is_never_written_anywhere(
    qtbot: Any, make_window: Any, fake_server: FakeServer, tmp_path: Path
) -> None:
    from app.core.logsetup import setup_logging

    profile = tmp_path / "keyscan"
    w = make_window(fake_server.base_url, config=profile)
    setup_logging(w.paths.log_file, debug=True)
    try:
        # A proxy that echoes the key in its error text must not put it on screen or in logs.
        fake_server.fail_next(
            status=401,
            path="chat/completions",
            body=json.dumps({"error": {"message": f"Incorrect API key provided: {TEST_KEY}"}}),
        )
        type_and_send(qtbot, w, "hello")
        wait_idle(qtbot, w)
        assert TEST_KEY not in view_text(w)
        assert TEST_KEY not in find(w, "errorLabel", QLabel).text()
        qtbot.mouseClick(find(w, "retryButton"), Qt.MouseButton.LeftButton)
        wait_idle(qtbot, w)
        import logging

        logging.getLogger("chatterdesk.test").warning("the key is %s", TEST_KEY)
        w.save_settings()
    finally:
        from app.core.logsetup import remove_handlers

        remove_handlers()
    hits = [p for p in profile.rglob("*") if p.is_file() and TEST_KEY.encode() in p.read_bytes()]
    assert hits == []
    assert w.paths.log_file.exists() and w.paths.log_file.stat().st_size > 0
    assert "[REDACTED]" in w.paths.log_file.read_text()


def test_model_filter_and_details(qtbot: Any, window: Any, fake_server: FakeServer) -> None:
    flt = find(window, "modelFilter", QLineEdit)
    flt.setText("4o")
    assert sorted(window.visible_models()) == ["gpt-4o", "gpt-4o-mini"]
    flt.setText("tests")  # the owner matches too
    assert window.visible_models() == ["fake/slashed-model"]
    flt.clear()
    assert len(window.visible_models()) == 4
    # The drop-down is a table of id, owner and date, made when it first opens; it shows
    # the rows the filter leaves, and follows the filter while open.
    picker = find(window, "modelPicker", QComboBox)
    assert window.findChild(QWidget, "modelList") is None
    picker.setCurrentIndex(picker.findText("gpt-4o"))
    flt.setText("4o")
    picker.showPopup()
    view = find(window, "modelList")
    assert view.currentIndex().row() == picker.currentIndex()  # the chosen model is marked
    assert [i.row() for i in view.selectionModel().selectedRows()] == [picker.currentIndex()]
    assert picker.view() is view and view.isVisible()
    model = view.model()
    shown = [model.index(r, 0).data() for r in range(model.rowCount()) if not view.isRowHidden(r)]
    assert sorted(shown) == ["gpt-4o", "gpt-4o-mini"]
    row = picker.findText("gpt-4o")
    assert model.index(row, 1).data() == "system" and model.index(row, 2).data() == "2024-05-10"
    assert view.columnWidth(0) > view.fontMetrics().horizontalAdvance("gpt-4o-mini")
    flt.clear()
    assert not any(view.isRowHidden(r) for r in range(model.rowCount()))
    picker.hidePopup()

    find(window, "modelPicker", QComboBox).setEditText("fake/slashed-model")
    dlg = window.show_model_details()
    qtbot.waitUntil(lambda: "tests" in dlg.summary.text(), timeout=5000)
    assert "fake/slashed-model" in dlg.summary.text()
    assert json.loads(dlg.text.toPlainText())["owned_by"] == "tests"
    assert fake_server.last("/models/fake/slashed-model").method == "GET"
    find(window, "modelPicker", QComboBox).setEditText("no-such-model")
    dlg2 = window.show_model_details()
    qtbot.waitUntil(lambda: "Not found" in dlg2.summary.text(), timeout=5000)
