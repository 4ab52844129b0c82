"""Conversation files through the real window: autosave, reopen, history, branches, editing."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QComboBox, QLabel, QLineEdit, QListWidget

from app.core import storage
from app.core.conversation import Conversation, Message, Status
from tests.conftest import TEST_KEY
from tests.fakeserver import FakeServer
from tests.ui.test_main_window import find, type_and_send, view_text, wait_idle


def conv_files(w: Any) -> list[Path]:
    return sorted(w.paths.conversations.glob("*.chat.json"))


def click(qtbot: Any, w: Any, name: str) -> None:
    qtbot.mouseClick(find(w, name, QAbstractButton), Qt.MouseButton.LeftButton)


def test_a_conversation_is_saved_and_reopened_after_restart(
    qtbot: Any, make_window: Any, fake_server: FakeServer
) -> None:
    fake_server.behavior.reply = lambda body: f"Reply to: {body['messages'][-1]['content']}"
    w = make_window(fake_server.base_url)
    find(w, "systemPromptEdit").setPlainText("Be kind.")
    type_and_send(qtbot, w, "first question")
    wait_idle(qtbot, w)
    type_and_send(qtbot, w, "second question")
    wait_idle(qtbot, w)
    files = conv_files(w)
    assert len(files) == 1
    data = json.loads(files[0].read_text("utf-8"))
    assert data["format"] == "chatterdesk.conversation" and data["version"] == 1
    assert data["title"] == "first question"
    assert data["system_prompt"] == "Be kind."
    assert data["provider"]["base_url"] == fake_server.base_url
    assert [m["role"] for m in data["messages"]] == ["user", "assistant", "user", "assistant"]
    assert data["messages"][1]["usage"]["total_tokens"] > 0
    assert (
        data["messages"][1]["ttft"] is not None and data["messages"][1]["finish_reason"] == "stop"
    )
    assert TEST_KEY not in files[0].read_text("utf-8")
    w.save_settings()
    w.close()

    w2 = make_window(fake_server.base_url)
    qtbot.waitUntil(lambda: "Reply to: second question" in view_text(w2), timeout=5000)
    assert "first question" in view_text(w2)
    assert find(w2, "systemPromptEdit").toPlainText() == "Be kind."
    assert find(w2, "historyList", QListWidget).count() >= 2  # a day header and the chat
    assert "first question" in w2.history.visible_titles()
    # Continuing it sends the whole history.
    type_and_send(qtbot, w2, "third")
    wait_idle(qtbot, w2)
    assert len(fake_server.last("/chat/completions").json["messages"]) == 6


def test_history_search_finds_a_word_from_a_middle_message(
    qtbot: Any, window: Any, fake_server: FakeServer
) -> None:
    fake_server.behavior.reply = "ok"
    for words in (["alpha topic", "pineapple in the middle", "last words"], ["other chat"]):
        for text in words:
            type_and_send(qtbot, window, text)
            wait_idle(qtbot, window)
        window.new_chat()
    qtbot.waitUntil(lambda: len(window.history.visible_titles()) == 2, timeout=5000)
    search = find(window, "historySearch", QLineEdit)
    search.setText("pineapple")
    assert window.history.visible_titles() == ["alpha topic"]
    search.setText("nothing-like-this")
    assert window.history.visible_titles() == []
    search.clear()
    assert set(window.history.visible_titles()) == {"alpha topic", "other chat"}
    # Clicking an entry opens it.
    lst = find(window, "historyList", QListWidget)
    item = next(lst.item(i) for i in range(lst.count()) if lst.item(i).text() == "alpha topic")
    lst.itemClicked.emit(item)
    qtbot.waitUntil(lambda: "pineapple in the middle" in view_text(window), timeout=5000)


def test_regenerate_keeps_the_old_answer_as_a_branch(
    qtbot: Any, window: Any, fake_server: FakeServer
) -> None:
    answers = iter(["First answer.", "Second answer.", "Follow-up answer."])
    fake_server.behavior.reply = lambda body: next(answers)
    type_and_send(qtbot, window, "question")
    wait_idle(qtbot, window)
    conv = window.controller.conversation
    first = conv.messages[-1]
    window.view.messageAction.emit("regenerate", first.id)
    wait_idle(qtbot, window)
    text = view_text(window)
    assert "Second answer." in text and "First answer." not in text
    assert "◀ 2/2 ▶" in text
    type_and_send(qtbot, window, "more")
    wait_idle(qtbot, window)
    # Switch back to the first answer: the follow-up belongs to the other branch.
    second = conv.messages[1]
    window.view.messageAction.emit("prev", second.id)
    qtbot.waitUntil(lambda: "First answer." in view_text(window), timeout=3000)
    assert "Follow-up answer." not in view_text(window)
    assert "◀ 1/2 ▶" in view_text(window)
    window.view.messageAction.emit("next", conv.messages[1].id)
    qtbot.waitUntil(lambda: "Follow-up answer." in view_text(window), timeout=3000)
    # Both branches are in the file.
    window.files.save_now()
    data = json.loads(window.files.path.read_text("utf-8"))
    contents = [m["content"] for m in data["messages"]]
    assert "First answer." in contents and "Second answer." in contents


def test_edit_and_resend_makes_a_branch_and_delete_removes(
    qtbot: Any, window: Any, fake_server: FakeServer
) -> None:
    fake_server.behavior.reply = lambda body: "echo " + body["messages"][-1]["content"]
    type_and_send(qtbot, window, "original wording")
    wait_idle(qtbot, window)
    conv = window.controller.conversation
    user = conv.messages[0]
    dlg = window.edit_message(user.id)
    assert dlg is not None and dlg.isVisible()
    dlg.editor.setPlainText("better wording")
    qtbot.mouseClick(dlg.resend_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, window)
    assert "echo better wording" in view_text(window)
    assert "original wording" not in view_text(window)
    assert conv.branch_info(0) == (2, 2)
    # Edit an answer in place (no request).
    n = fake_server.count("/chat/completions")
    dlg = window.edit_message(conv.messages[1].id)
    dlg.editor.setPlainText("a hand-written answer")
    qtbot.mouseClick(dlg.save_button, Qt.MouseButton.LeftButton)
    assert "a hand-written answer" in view_text(window)
    assert fake_server.count("/chat/completions") == n
    # Delete it.
    window.view.messageAction.emit("delete", conv.messages[1].id)
    assert "a hand-written answer" not in view_text(window)
    assert len(conv.messages) == 1


def test_messages_of_any_role_can_be_added_without_sending(
    qtbot: Any, window: Any, fake_server: FakeServer
) -> None:
    roles = find(window, "composerRole", QComboBox)
    assert {roles.itemText(i) for i in range(roles.count())} == {
        "user",
        "assistant",
        "system",
        "developer",
    }
    for role, text in (("user", "2+2?"), ("assistant", "4"), ("developer", "answer tersely")):
        roles.setCurrentText(role)
        find(window, "composerEdit").setPlainText(text)
        click(qtbot, window, "addMessageButton")
    assert fake_server.count("/chat/completions") == 0
    roles.setCurrentText("user")
    type_and_send(qtbot, window, "3+3?")
    wait_idle(qtbot, window)
    msgs = fake_server.last("/chat/completions").json["messages"]
    assert [(m["role"], m["content"]) for m in msgs] == [
        ("user", "2+2?"),
        ("assistant", "4"),
        ("developer", "answer tersely"),
        ("user", "3+3?"),
    ]


def test_an_interrupted_answer_is_recovered_on_open(
    qtbot: Any, make_window: Any, fake_server: FakeServer, tmp_path: Path
) -> None:
    # What a crash mid-answer leaves: the autosaved file with an answer still streaming.
    conv = Conversation(title="crashed chat")
    conv.append(Message(role="user", content="tell me a story"))
    conv.append(Message(role="assistant", content="Once upon a", status=Status.STREAMING))
    path = tmp_path / "profile" / "data" / "conversations" / "crashed.chat.json"
    storage.save(conv, path)
    w = make_window(fake_server.base_url)
    w.open_file(path)
    qtbot.waitUntil(lambda: "Once upon a" in view_text(w), timeout=5000)
    assert "Interrupted" in view_text(w)
    data = json.loads(path.read_text("utf-8"))
    assert data["messages"][-1]["status"] == "interrupted"
    # Retry continues from the question, keeping the partial answer as a branch.
    fake_server.behavior.reply = "Once upon a time, the end."
    click(qtbot, w, "retryButton") if find(w, "retryButton").isVisible() else w.retry()
    wait_idle(qtbot, w)
    assert "Once upon a time, the end." in view_text(w)
    assert w.controller.conversation.branch_info(1) == (2, 2)


def test_a_damaged_file_is_reported_and_never_overwritten(
    qtbot: Any, make_window: Any, fake_server: FakeServer, tmp_path: Path
) -> None:
    bad = tmp_path / "broken.chat.json"
    bad.write_text('{"format": "chatterdesk.conversation", "version": 1, "messages": [')
    before = bad.read_bytes()
    good = Conversation(title="good backup")
    good.append(Message(role="user", content="words from the backup"))
    storage.save(good, storage.backup_path(bad))
    w = make_window(fake_server.base_url)
    w.open_file(bad)
    qtbot.waitUntil(lambda: "Could not open" in w.statusBar().currentMessage(), timeout=5000)
    assert "damaged" in w.statusBar().currentMessage()
    type_and_send(qtbot, w, "a new message")
    wait_idle(qtbot, w)
    assert bad.read_bytes() == before
    assert w.files.path != bad
    # The error box offers the backup, which opens.
    box = find(w, "openFailedBox")
    assert box.isVisible() and "damaged" in box.text()
    backup = next(b for b in box.buttons() if "backup" in b.text())
    qtbot.mouseClick(backup, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "words from the backup" in view_text(w), timeout=5000)
    assert bad.read_bytes() == before


def test_a_file_from_a_newer_version_opens_read_only(
    qtbot: Any, make_window: Any, fake_server: FakeServer, tmp_path: Path
) -> None:
    conv = Conversation(title="from the future")
    conv.append(Message(role="user", content="hello from v9"))
    data = storage.to_dict(conv)
    data["version"] = 9
    data["new_field"] = {"kept": True}
    path = tmp_path / "future.chat.json"
    path.write_text(json.dumps(data))
    before = path.read_bytes()
    w = make_window(fake_server.base_url)
    w.open_file(path)
    qtbot.waitUntil(lambda: "hello from v9" in view_text(w), timeout=5000)
    banner = find(w, "fileBannerLabel", QLabel)
    assert banner.isVisible() and "newer version" in banner.text()
    assert "read-only" in w.windowTitle()
    type_and_send(qtbot, w, "more")
    wait_idle(qtbot, w)
    assert path.read_bytes() == before


def test_a_save_that_fails_keeps_everything_and_retries(
    qtbot: Any, make_window: Any, fake_server: FakeServer, tmp_path: Path
) -> None:
    w = make_window(fake_server.base_url)
    folder = w.paths.conversations
    folder.parent.mkdir(parents=True, exist_ok=True)
    if folder.exists():
        folder.rmdir()
    folder.write_text("not a folder")  # every save into it fails, even as root
    fake_server.behavior.reply = "kept in memory"
    type_and_send(qtbot, w, "will this be saved?")
    wait_idle(qtbot, w)
    banner = find(w, "fileBannerLabel", QLabel)
    qtbot.waitUntil(banner.isVisible, timeout=3000)
    assert "Could not save" in banner.text()
    assert "kept in memory" in view_text(w)
    # The disk is fixed; "Try now" saves.
    folder.unlink()
    click(qtbot, w, "fileBannerButton")
    assert not banner.isVisible()
    assert len(conv_files(w)) == 1


def test_rename_duplicate_and_delete_with_undo(
    qtbot: Any, window: Any, fake_server: FakeServer
) -> None:
    type_and_send(qtbot, window, "keep me")
    wait_idle(qtbot, window)
    path = window.files.path
    assert path is not None
    window.files.rename(path, "A better title")
    assert json.loads(path.read_text())["title"] == "A better title"
    assert "A better title" in window.history.visible_titles()
    assert "A better title" in window.windowTitle()
    window.files.duplicate(path)
    assert "A better title (copy)" in window.history.visible_titles()
    assert len(conv_files(window)) == 2
    window.delete_conversation(str(path))
    assert not path.exists()
    assert "A better title" not in window.history.visible_titles()
    assert "trash" in find(window, "fileBannerLabel", QLabel).text()
    click(qtbot, window, "fileBannerButton")  # Undo
    assert path.exists()
    qtbot.waitUntil(lambda: "keep me" in view_text(window), timeout=5000)
    assert "A better title" in window.history.visible_titles()


def test_save_as_export_and_import(
    qtbot: Any, window: Any, fake_server: FakeServer, tmp_path: Path
) -> None:
    fake_server.behavior.reply = "The **answer**."
    find(window, "systemPromptEdit").setPlainText("System words.")
    type_and_send(qtbot, window, "The question")
    wait_idle(qtbot, window)
    target = tmp_path / "elsewhere" / "mine.chat.json"
    assert window.save_as(str(target))
    assert storage.load(target).conversation.messages[-1].content == "The **answer**."
    md = tmp_path / "out.md"
    assert window.export(str(md), "md")
    text = md.read_text()
    assert "## You" in text and "The question" in text and "The **answer**." in text
    assert "System words." in text
    js = tmp_path / "out.messages.json"
    assert window.export(str(js), "json")
    assert json.loads(js.read_text()) == [
        {"role": "system", "content": "System words."},
        {"role": "user", "content": "The question"},
        {"role": "assistant", "content": "The **answer**."},
    ]
    # Import: the system prompt comes back into the editor.
    assert window.import_file(str(js))
    assert find(window, "systemPromptEdit").toPlainText() == "System words."
    assert "The question" in view_text(window)
    bad = tmp_path / "bad.json"
    bad.write_text('{"messages": [{"role": "wizard", "content": "x"}]}')
    assert not window.import_file(str(bad))
    assert "unknown role" in window.statusBar().currentMessage()


def test_system_prompt_library(qtbot: Any, make_window: Any, fake_server: FakeServer) -> None:
    w = make_window(fake_server.base_url)
    find(w, "systemPromptEdit").setPlainText("You are a pirate.")
    dlg = w.save_prompt_dialog()
    dlg.setTextValue("Pirate")
    dlg.accept()
    lib = find(w, "promptLibrary", QComboBox)
    assert lib.findText("Pirate") >= 0
    find(w, "systemPromptEdit").setPlainText("")
    lib.setCurrentIndex(lib.findText("Pirate"))
    lib.activated.emit(lib.findText("Pirate"))
    assert find(w, "systemPromptEdit").toPlainText() == "You are a pirate."
    assert json.loads(w.paths.prompts_file.read_text())["prompts"] == [
        {"name": "Pirate", "text": "You are a pirate."}
    ]
    click(qtbot, w, "deletePromptButton")
    assert lib.findText("Pirate") < 0


def test_a_long_conversation_opens_in_slices_without_blocking(
    qtbot: Any, window: Any, tmp_path: Path
) -> None:
    conv = Conversation(title="long one")
    for i in range(1000):
        conv.append(Message(role="user", content=f"Question {i}"))
        conv.append(Message(role="assistant", content=f"Answer {i} with `code` and **bold**."))
    path = tmp_path / "long.chat.json"
    storage.save(conv, path)
    ticks: list[int] = []
    from PySide6.QtCore import QTimer

    probe = QTimer()
    probe.setInterval(0)
    probe.timeout.connect(lambda: ticks.append(1))
    window.open_file(path)
    qtbot.waitUntil(lambda: window.view.rendering, timeout=5000)
    probe.start()
    # The user can type while it renders.
    qtbot.keyClicks(find(window, "composerEdit"), "typing meanwhile")
    qtbot.waitUntil(lambda: not window.view.rendering, timeout=30000)
    probe.stop()
    assert len(ticks) > 10  # the event loop ran between slices
    assert find(window, "composerEdit").toPlainText() == "typing meanwhile"
    text = view_text(window)
    assert "Question 0" in text and "Answer 999 with code and bold." in text
    sb = window.view.verticalScrollBar()
    assert sb.value() == sb.maximum()  # it opens at the end, where the conversation continues


def test_autosave_writes_in_the_background_and_never_over_a_newer_save(
    qtbot: Any, window: Any, fake_server: FakeServer
) -> None:
    fake_server.behavior.chunk_delay = 0.02
    fake_server.behavior.reply = "streaming slowly " * 20
    type_and_send(qtbot, window, "save me while you answer")
    files = window.files
    qtbot.waitUntil(lambda: files.path is not None and files.path.exists(), timeout=5000)
    path = files.path
    wait_idle(qtbot, window)
    qtbot.waitUntil(lambda: files._background is None or files._background.done(), timeout=5000)
    on_disk = storage.load(path).conversation
    assert on_disk.messages[-1].content == window.controller.conversation.messages[-1].content
    assert on_disk.messages[-1].status == "ok"
    # A snapshot older than the last write is dropped, whichever thread writes it.
    newest = path.read_bytes()
    assert not files._write(b"{}", path, files._written - 1)
    assert path.read_bytes() == newest
