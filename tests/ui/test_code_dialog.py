"""The Copy as code dialog: what the user sees, copies and saves, and that the code made from
the window's state sends exactly what the window sends."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFontInfo, QGuiApplication, QPalette
from PySide6.QtWidgets import QAbstractButton, QComboBox, QLabel, QPlainTextEdit

from app.api import snippets
from app.api.snippets import CodeCall
from app.ui.code_dialog import CodeDialog, open_code_dialog, window_calls
from tests.conftest import TEST_KEY
from tests.fakeserver import FakeServer
from tests.legacy_openai import run_snippet
from tests.ui.test_main_window import find, set_param, type_and_send, wait_idle

BODY = {
    "model": "gpt-4o-mini",
    "messages": [{"role": "user", "content": '你好, "world"'}],
    "temperature": 0.5,
}
CALLS = [
    CodeCall("Chat", "chat", BODY, "http://127.0.0.1:9/v1"),
    CodeCall("Models", "models", {}, "http://127.0.0.1:9/v1"),
]


def make(qtbot: Any, calls: list[CodeCall] = CALLS, **kw: Any) -> CodeDialog:
    dlg = CodeDialog(calls, **kw)
    qtbot.addWidget(dlg)
    dlg.show()
    return dlg


def pick_style(dlg: CodeDialog, style: str) -> None:
    box = find(dlg, "codeStyle", QComboBox)
    box.setCurrentIndex(box.findData(style))


def shown(dlg: CodeDialog) -> str:
    return find(dlg, "codeText", QPlainTextEdit).toPlainText()


def test_widgets_and_every_style(qtbot: Any) -> None:
    dlg = make(qtbot, style="python")
    assert dlg.objectName() == "codeDialog" and not dlg.isModal()
    text = find(dlg, "codeText", QPlainTextEdit)
    assert text.isReadOnly() and QFontInfo(text.font()).fixedPitch()
    styles = find(dlg, "codeStyle", QComboBox)
    assert [styles.itemText(i) for i in range(styles.count())] == [
        "Python (openai ≥ 1.0)",
        "Python (openai 0.28)",
        "curl",
        "JSON",
    ]
    calls = find(dlg, "codeCall", QComboBox)
    assert [calls.itemText(i) for i in range(calls.count())] == ["Chat", "Models"]
    for style in snippets.STYLES:
        pick_style(dlg, style)
        assert shown(dlg) == snippets.snippet(CALLS[0], style)
    assert '"你好, \\"world\\""' in shown(dlg)  # JSON, readable
    calls.setCurrentIndex(1)
    assert shown(dlg) == "GET http://127.0.0.1:9/v1/models\n"
    assert "no body" in find(dlg, "codeStatus", QLabel).text()
    pick_style(dlg, "curl")
    assert "curl http://127.0.0.1:9/v1/models" in shown(dlg)
    assert "OPENAI_API_KEY" in find(dlg, "codeStatus", QLabel).text()


def test_copy_puts_the_code_on_the_clipboard(qtbot: Any) -> None:
    dlg = make(qtbot, style="curl")
    QGuiApplication.clipboard().clear()
    qtbot.mouseClick(find(dlg, "codeCopyButton", QAbstractButton), Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text() == snippets.snippet(CALLS[0], "curl")
    assert find(dlg, "codeStatus", QLabel).text() == "Copied"


def test_save_writes_the_file_and_says_so(qtbot: Any, tmp_path: Path) -> None:
    dlg = make(qtbot, style="python")
    fd = dlg.save_dialog()
    assert fd.isVisible() and "request.py" in fd.selectedFiles()[0]
    target = tmp_path / "mine.py"
    fd.fileSelected.emit(str(target))
    assert target.read_text(encoding="utf-8") == snippets.snippet(CALLS[0], "python")
    assert find(dlg, "codeStatus", QLabel).text() == "Saved mine.py"
    fd.close()
    assert not dlg.save(str(tmp_path / "no-such-folder" / "x.py"))
    assert "Could not save" in find(dlg, "codeStatus", QLabel).text()


def test_the_last_style_is_remembered(qtbot: Any) -> None:
    dlg = make(qtbot)
    pick_style(dlg, "python-0.28")
    again = make(qtbot)
    assert again.code_style == "python-0.28"
    assert "openai.ChatCompletion.create(" in shown(again)
    pick_style(again, "python")


def test_no_calls_says_why_and_disables_the_buttons(qtbot: Any) -> None:
    dlg = make(qtbot, [])
    assert shown(dlg) == ""
    assert "no request" in find(dlg, "codeStatus", QLabel).text()
    assert not find(dlg, "codeCopyButton", QAbstractButton).isEnabled()
    assert not find(dlg, "codeSaveButton", QAbstractButton).isEnabled()


def test_secrets_never_shown_or_copied(qtbot: Any) -> None:
    call = CodeCall("leak", "chat", {**BODY, "user": TEST_KEY}, f"https://u:{TEST_KEY}@h/v1")
    dlg = make(qtbot, [call], secrets=[TEST_KEY])
    for style in snippets.STYLES:
        pick_style(dlg, style)
        assert TEST_KEY not in shown(dlg)
        dlg.copy()
        assert TEST_KEY not in QGuiApplication.clipboard().text()


def test_highlighting_follows_the_palette(qtbot: Any) -> None:
    def keyword_colour(dlg: CodeDialog) -> QColor:
        doc = find(dlg, "codeText", QPlainTextEdit).document()
        block = doc.findBlockByNumber(2)  # "from openai import OpenAI"
        assert block.text().startswith("from openai")
        fmts = block.layout().formats()
        assert fmts, "no highlighting"
        return fmts[0].format.foreground().color()

    light = make(qtbot, style="python")
    dark = make(qtbot, style="python")
    pal = dark.palette()
    pal.setColor(QPalette.ColorRole.Base, QColor("#1e1e1e"))
    dark.setPalette(pal)  # recoloured at once
    assert keyword_colour(light).lightness() < keyword_colour(dark).lightness()


# -- from the real window -------------------------------------------------------------------


def run_v1(code: str, srv: FakeServer, tmp_path: Path) -> dict[str, Any]:
    srv.requests.clear()
    ran = run_snippet(code, "python", tmp_path, {"OPENAI_API_KEY": TEST_KEY})
    assert ran.returncode == 0, code + ran.output
    assert len(srv.requests) == 1
    return srv.requests[0].json


def test_code_for_the_next_message_sends_what_send_sends(
    qtbot: Any, window: Any, fake_server: FakeServer, tmp_path: Path
) -> None:
    """Copy as code before sending, run it; then Send: the server gets the same body twice."""
    find(window, "modelPicker", QComboBox).setEditText("o3-mini")  # its rules rename max_tokens
    find(window, "systemPromptEdit", QPlainTextEdit).setPlainText("Be brief.\nVery brief.")
    set_param(window, "max_tokens", 123)
    type_and_send(qtbot, window, "first")
    wait_idle(qtbot, window)
    find(window, "composerEdit", QPlainTextEdit).setPlainText("second, 第二")
    calls = {c.label: c for c in window_calls(window)}
    nxt = calls["Chat: the next message"]
    assert nxt.base_url == fake_server.base_url and nxt.azure is None
    from_code = run_v1(snippets.snippet(nxt, "python"), fake_server, tmp_path)
    qtbot.mouseClick(find(window, "sendButton", QAbstractButton), Qt.MouseButton.LeftButton)
    wait_idle(qtbot, window)
    sent = fake_server.last("/chat/completions").json
    assert from_code == sent
    assert sent["max_completion_tokens"] == 123 and sent["stream"] is True
    assert [m["role"] for m in sent["messages"]] == ["system", "user", "assistant", "user"]
    # After sending, the last answer's request is that same body.
    last = {c.label: c for c in window_calls(window)}["Chat: the last answer's request"]
    assert last.body == sent


def test_open_code_dialog_from_the_window(qtbot: Any, window: Any, fake_server: FakeServer) -> None:
    find(window, "modelPicker", QComboBox).setEditText("gpt-4o")
    find(window, "composerEdit", QPlainTextEdit).setPlainText(f"my key is {TEST_KEY}")
    find(window, "ttsInput", QPlainTextEdit).setPlainText("Read this.")
    dlg = open_code_dialog(window)
    assert dlg.isVisible() and not dlg.isModal() and dlg.parent() is window
    assert [c.kind for c in dlg.calls] == ["chat", "models", "model", "speech"]
    assert [c.label for c in dlg.calls][:3] == [
        "Chat: the next message",
        "Models: list",
        "Models: retrieve gpt-4o",
    ]
    assert any(c.kind == "speech" and c.body["input"] == "Read this." for c in dlg.calls)
    assert any(c.kind == "model" and c.body == {"model": "gpt-4o"} for c in dlg.calls)
    calls_box = find(dlg, "codeCall", QComboBox)
    for i in range(calls_box.count()):
        calls_box.setCurrentIndex(i)
        for style in snippets.STYLES:
            pick_style(dlg, style)
            assert TEST_KEY not in shown(dlg)
    calls_box.setCurrentIndex(0)
    pick_style(dlg, "json")
    assert "my key is [REDACTED]" in shown(dlg)
    pick_style(dlg, "python")
    dlg.close()
