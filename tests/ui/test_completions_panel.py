"""Completions mode against the fake server: what is sent, what the user sees, what is saved."""

from __future__ import annotations

import asyncio
import copy
import math
from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QTextCursor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QCheckBox, QLabel, QListWidget, QPlainTextEdit, QSpinBox, QToolTip

from app.api.client import ApiClient, make_http_client
from app.core import storage
from app.core.conversation import Conversation
from app.core.logprobs import heat_colour
from app.ui.asyncbridge import TaskGroup
from app.ui.completions_panel import CompletionsPanel, completion_params
from tests.fakeserver import FakeServer

PROMPT = "Once upon a time"
MODEL = "gpt-4o-mini"


class Env:
    def __init__(self, panel: CompletionsPanel, conv: Conversation, srv: FakeServer) -> None:
        self.panel = panel
        self.conv = conv
        self.srv = srv
        self.params: dict[str, Any] = {}
        self.stream = False
        self.include_usage = False
        self.model = MODEL
        self.messages: list[str] = []
        self.edits = 0

    def w(self, name: str, cls: type = object) -> Any:
        obj = self.panel.findChild(cls, name)
        assert obj is not None, name
        return obj

    @property
    def editor(self) -> QPlainTextEdit:
        return self.w("completionPrompt", QPlainTextEdit)

    def set_optional(self, name: str, value: int | None) -> None:
        box = self.w(name)
        if value is None:
            box.findChild(QCheckBox, f"{name}_set").setChecked(False)
        else:
            box.findChild(QSpinBox, f"{name}_value").setValue(value)
            box.findChild(QCheckBox, f"{name}_set").setChecked(True)

    def body(self) -> dict[str, Any]:
        return self.srv.last("/completions").json


@pytest.fixture
def env(qtbot: Any, running_loop: asyncio.AbstractEventLoop, srv: FakeServer) -> Iterator[Env]:
    http = make_http_client()
    tasks = TaskGroup()
    holder: list[Env] = []

    def e() -> Env:
        return holder[0]

    panel = CompletionsPanel(
        tasks,
        lambda: ApiClient(http, srv.base_url, None, max_retries=0),
        lambda: e().model,
        lambda: dict(e().params),
        lambda: e().stream,
        include_usage=lambda: e().include_usage,
    )
    qtbot.addWidget(panel)
    panel.resize(800, 500)
    panel.show()
    qtbot.waitExposed(panel)
    conv = Conversation()
    panel.set_conversation(conv)
    env = Env(panel, conv, srv)
    holder.append(env)
    panel.statusMessage.connect(env.messages.append)

    def count_edit() -> None:
        env.edits += 1

    panel.edited.connect(count_edit)
    panel.editor.setPlainText(PROMPT)
    yield env
    done = running_loop.create_task(tasks.cancel_all())
    qtbot.waitUntil(done.done, timeout=5000)
    closed = running_loop.create_task(http.aclose())
    qtbot.waitUntil(closed.done, timeout=5000)


def run_and_wait(qtbot: Any, env: Env) -> None:
    assert env.panel.run()
    assert env.panel.busy
    qtbot.waitUntil(lambda: not env.panel.busy, timeout=10000)


def highlighted(env: Env) -> str:
    """The text under the editor's extra selections (the highlighted completion)."""
    sels = env.editor.extraSelections()
    if not sels:
        return ""
    start = min(s.cursor.selectionStart() for s in sels)
    end = max(s.cursor.selectionEnd() for s in sels)
    c = QTextCursor(env.editor.document())
    c.setPosition(start)
    c.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
    return c.selectedText().replace("\u2029", "\n")


# -- parameters --------------------------------------------------------------------------------


def test_completion_params_maps_the_chat_panel() -> None:
    params = {
        "temperature": 0.5,
        "top_p": 0.9,
        "max_completion_tokens": 20,
        "presence_penalty": 0.1,
        "frequency_penalty": 0.2,
        "n": 2,
        "stop": ["\n\n"],
        "seed": 7,
        "user": "u1",
        "logit_bias": {"50256": -100},
        "logprobs": True,
        "top_logprobs": 3,
        "response_format": {"type": "json_object"},
        "reasoning_effort": "low",
        "stream_options": {"include_usage": True},
        "top_k": 40,  # a local server's own parameter passes through
    }
    out = completion_params(params, stream=False)
    assert out == {
        "temperature": 0.5,
        "top_p": 0.9,
        "max_tokens": 20,
        "presence_penalty": 0.1,
        "frequency_penalty": 0.2,
        "n": 2,
        "stop": ["\n\n"],
        "seed": 7,
        "user": "u1",
        "logit_bias": {"50256": -100},
        "top_k": 40,
    }
    assert completion_params(params, stream=True)["stream_options"] == {"include_usage": True}
    both = completion_params({"max_tokens": 5, "max_completion_tokens": 9}, stream=False)
    assert both == {"max_tokens": 5}


def test_contract_names(env: Env) -> None:
    p = env.panel
    assert p.objectName() == "completionsPanel"
    for name, cls in [
        ("completionPrompt", QPlainTextEdit),
        ("completionSuffix", QPlainTextEdit),
        ("completionEcho", QCheckBox),
        ("completionHeatmap", QCheckBox),
        ("completionStats", QLabel),
    ]:
        env.w(name, cls)
    for name in ("completionRunButton", "completionStopButton"):
        assert env.w(name).text()
    assert env.w("completionBestOf").findChild(QCheckBox, "completionBestOf_set") is not None
    lp = env.w("completionLogprobs").findChild(QSpinBox, "completionLogprobs_value")
    assert (lp.minimum(), lp.maximum()) == (0, 5)


def test_body_with_suffix_echo_logprobs_and_shared_params(qtbot: Any, env: Env) -> None:
    env.srv.behavior.reply = " there was a fox."
    env.params = {
        "temperature": 0.3,
        "max_completion_tokens": 30,
        "logprobs": True,
        "top_logprobs": 4,
        "response_format": {"type": "json_object"},
        "seed": 11,
    }
    env.w("completionSuffix", QPlainTextEdit).setPlainText("The end.")
    env.w("completionEcho", QCheckBox).setChecked(True)
    env.set_optional("completionLogprobs", 2)
    run_and_wait(qtbot, env)
    assert env.body() == {
        "model": MODEL,
        "prompt": PROMPT,
        "temperature": 0.3,
        "max_tokens": 30,
        "seed": 11,
        "suffix": "The end.",
        "echo": True,
        "logprobs": 2,
    }
    # the echoed prompt is not appended twice: only the completion is
    assert env.editor.toPlainText() == PROMPT + " there was a fox."
    assert highlighted(env) == " there was a fox."
    run = env.conv.completion["runs"][-1]
    assert run["text"] == " there was a fox."
    assert run["prompt"] == PROMPT
    assert run["params"] == {k: v for k, v in env.body().items() if k != "prompt"}
    assert run["echoed"] is True
    assert "".join(run["logprobs"]["tokens"]) == PROMPT + " there was a fox."
    assert run["finish_reason"] == "stop"
    assert run["usage"] == {"prompt_tokens": 3, "completion_tokens": 5, "total_tokens": 8}
    assert env.conv.completion["prompt"] == PROMPT + " there was a fox."
    stats = env.w("completionStats", QLabel).text()
    assert "finish: stop" in stats and "3 prompt + 5 completion = 8 tokens" in stats
    assert "total" in stats
    assert env.edits > 0


def test_unset_options_are_not_sent(qtbot: Any, env: Env) -> None:
    env.srv.behavior.reply = "!"
    box = env.w("completionLogprobs")
    assert not box.findChild(QCheckBox, "completionLogprobs_set").isChecked()
    box.findChild(QSpinBox, "completionLogprobs_value").setValue(4)
    assert env.panel.logprobs() == 4  # typing a value checks "send it"
    assert env.conv.completion["logprobs"] == 4
    env.set_optional("completionLogprobs", 0)
    env.set_optional("completionLogprobs", None)
    run_and_wait(qtbot, env)
    assert env.body() == {"model": MODEL, "prompt": PROMPT}
    env.set_optional("completionLogprobs", 0)  # 0 is a value: tokens without alternatives
    run_and_wait(qtbot, env)
    assert env.body() == {"model": MODEL, "prompt": PROMPT + "!", "logprobs": 0}


def test_best_of_must_be_greater_than_n(qtbot: Any, env: Env) -> None:
    env.params = {"n": 2}
    env.set_optional("completionBestOf", 2)
    assert not env.panel.run()
    assert env.srv.count("/completions") == 0
    err = env.w("completionError", QLabel)
    assert err.isVisible()
    assert "best_of (2) must be greater than n (2)" in err.text()
    assert env.messages[-1] == err.text()
    assert env.editor.toPlainText() == PROMPT
    env.params = {"n": 1}
    env.set_optional("completionBestOf", 1)
    assert not env.panel.run()
    assert "best_of (1) must be greater than n (1)" in err.text()
    assert env.srv.count("/completions") == 0


def test_best_of_with_n_unset(qtbot: Any, env: Env) -> None:
    env.set_optional("completionBestOf", 1)
    assert not env.panel.run()
    assert "n is 1 when not set" in env.w("completionError", QLabel).text()
    assert env.srv.count("/completions") == 0
    env.set_optional("completionBestOf", 2)
    run_and_wait(qtbot, env)
    assert env.body() == {"model": MODEL, "prompt": PROMPT, "best_of": 2}
    assert not env.w("completionError", QLabel).isVisible()


def test_best_of_forces_non_streaming_and_shows_n_choices(qtbot: Any, env: Env) -> None:
    env.srv.behavior.reply = " a fox."
    env.stream = True
    env.include_usage = True
    env.params = {"n": 2}
    env.set_optional("completionBestOf", 3)
    run_and_wait(qtbot, env)
    body = env.body()
    assert body == {"model": MODEL, "prompt": PROMPT, "n": 2, "best_of": 3}
    assert env.srv.last("/completions").headers["accept"] == "application/json"
    assert "best_of cannot stream" in env.w("completionStats", QLabel).text()
    assert any("best_of cannot stream" in m for m in env.messages)
    assert env.editor.toPlainText() == PROMPT + " a fox."
    choices = env.w("completionChoices", QListWidget)
    assert choices.isVisible() and choices.count() == 2
    assert "a fox. (choice 2)" in choices.item(1).text()
    run = env.conv.completion["runs"][-1]
    assert run["choices"] == [" a fox.", " a fox. (choice 2)"]
    assert run["choice"] == 0
    # picking the second choice puts it in place of the first
    rect = choices.visualItemRect(choices.item(1))
    qtbot.mouseClick(choices.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert env.editor.toPlainText() == PROMPT + " a fox. (choice 2)"
    assert highlighted(env) == " a fox. (choice 2)"
    assert run["choice"] == 1 and run["text"] == " a fox. (choice 2)"
    assert env.conv.completion["prompt"] == PROMPT + " a fox. (choice 2)"
    assert (run["start"], run["end"]) == (len(PROMPT), len(PROMPT + " a fox. (choice 2)"))


def test_streaming_appends_inline(qtbot: Any, env: Env) -> None:
    reply = " and the wolf ate the cake, crumbs and all."
    env.srv.behavior.reply = reply
    env.srv.behavior.chunk_size = 3
    env.srv.behavior.chunk_delay = 0.03
    env.stream = True
    env.include_usage = True
    seen: list[str] = []
    env.editor.textChanged.connect(lambda: seen.append(env.editor.toPlainText()))
    assert env.panel.run()
    assert env.editor.isReadOnly()
    qtbot.waitUntil(lambda: len(env.editor.toPlainText()) > len(PROMPT) + 6, timeout=5000)
    assert env.panel.busy  # text shows while the answer still streams
    partial = env.editor.toPlainText()
    assert partial.startswith(PROMPT) and len(partial) < len(PROMPT + reply)
    assert highlighted(env) == partial[len(PROMPT) :]
    qtbot.waitUntil(lambda: not env.panel.busy, timeout=10000)
    assert env.editor.toPlainText() == PROMPT + reply
    assert not env.editor.isReadOnly()
    assert highlighted(env) == reply
    assert len(seen) > 5  # one insertion per chunk, not one at the end
    body = env.body()
    assert body == {
        "model": MODEL,
        "prompt": PROMPT,
        "stream": True,
        "stream_options": {"include_usage": True},
    }
    run = env.conv.completion["runs"][-1]
    assert run["status"] == "ok" and run["text"] == reply
    assert run["ttft"] is not None and run["total_time"] >= run["ttft"]
    assert "first token" in env.w("completionStats", QLabel).text()


def test_streamed_echo_with_logprobs(qtbot: Any, env: Env) -> None:
    env.srv.behavior.reply = " the end."
    env.srv.behavior.chunk_size = 5
    env.stream = True
    env.w("completionEcho", QCheckBox).setChecked(True)
    env.set_optional("completionLogprobs", 1)
    run_and_wait(qtbot, env)
    assert env.editor.toPlainText() == PROMPT + " the end."
    run = env.conv.completion["runs"][-1]
    assert "".join(run["logprobs"]["tokens"]) == PROMPT + " the end."
    assert len(run["logprobs"]["token_logprobs"]) == len(run["logprobs"]["tokens"])
    # the heatmap covers the prompt's tokens too (that is what echo is for)
    env.w("completionHeatmap", QCheckBox).setChecked(True)
    assert highlighted(env) == PROMPT + " the end."


def test_stop_keeps_the_partial_completion(qtbot: Any, env: Env) -> None:
    reply = "x" * 400
    env.srv.behavior.reply = reply
    env.srv.behavior.chunk_size = 4
    env.srv.behavior.chunk_delay = 0.03
    env.stream = True
    assert env.panel.run()
    qtbot.waitUntil(lambda: len(env.editor.toPlainText()) > len(PROMPT) + 8, timeout=5000)
    env.w("completionStopButton").click()
    qtbot.waitUntil(lambda: not env.panel.busy, timeout=5000)
    text = env.editor.toPlainText()
    partial = text[len(PROMPT) :]
    assert text.startswith(PROMPT) and 8 < len(partial) < len(reply)
    run = env.conv.completion["runs"][-1]
    assert run["status"] == "stopped" and run["text"] == partial
    assert env.conv.completion["prompt"] == text
    assert "Stopped" in env.w("completionStats", QLabel).text()
    assert any("Stopped" in m for m in env.messages)
    assert highlighted(env) == partial


def test_heatmap_colours_match_the_token_logprobs(qtbot: Any, env: Env) -> None:
    env.srv.behavior.reply = " abcdefghij"
    env.set_optional("completionLogprobs", 2)
    run_and_wait(qtbot, env)
    heat = env.w("completionHeatmap", QCheckBox)
    assert len(env.editor.extraSelections()) == 1  # the plain highlight first
    heat.setChecked(True)
    sels = env.editor.extraSelections()
    lp = env.conv.completion["runs"][-1]["logprobs"]
    assert len(sels) == len(lp["tokens"]) == 6
    pos = len(PROMPT)
    for sel, tok, v in zip(sels, lp["tokens"], lp["token_logprobs"], strict=True):
        assert sel.cursor.selectionStart() == pos
        assert sel.cursor.selectedText() == tok
        assert sel.format.background().color() == QColor(*heat_colour(math.exp(v)))
        pos += len(tok)
    # hover shows the alternatives of the token under the mouse (tooltips: active window only)
    env.editor.window().activateWindow()
    qtbot.waitUntil(env.editor.isActiveWindow, timeout=3000)
    vp = env.editor.viewport()
    c = QTextCursor(env.editor.document())
    c.setPosition(len(PROMPT) + 3)
    r0 = env.editor.cursorRect(c)
    QTest.mouseMove(vp, QPoint(r0.left() + 2, r0.center().y()))
    qtbot.waitUntil(QToolTip.isVisible, timeout=3000)
    tip = QToolTip.text()
    assert "&quot;bc&quot;" in tip and f"{math.exp(-0.2) * 100:.1f}%" in tip  # " a|bc|de..."
    assert "Alternatives:" in tip and "&quot;x&quot;" in tip
    QToolTip.hideText()
    heat.setChecked(False)
    assert len(env.editor.extraSelections()) == 1


def test_saved_document_is_restored(qtbot: Any, env: Env, tmp_path: Any) -> None:
    env.srv.behavior.reply = " 你好🙂 fin."
    env.w("completionSuffix", QPlainTextEdit).setPlainText("END")
    env.set_optional("completionLogprobs", 1)
    env.set_optional("completionBestOf", 3)
    env.set_optional("completionBestOf", None)
    run_and_wait(qtbot, env)
    # the user keeps writing before and after the completion: offsets follow
    c = QTextCursor(env.editor.document())
    c.setPosition(0)
    c.insertText("🙂 Title\n")
    c.movePosition(QTextCursor.MoveOperation.End)
    c.insertText(" More.")
    text = env.editor.toPlainText()
    assert text == "🙂 Title\n" + PROMPT + " 你好🙂 fin." + " More."
    assert highlighted(env) == " 你好🙂 fin."
    doc = env.conv.completion
    run = doc["runs"][-1]
    assert doc["prompt"] == text
    assert text[run["start"] : run["end"]] == " 你好🙂 fin."
    assert doc["suffix"] == "END" and doc["logprobs"] == 1 and doc["best_of"] is None
    # through the conversation file and back
    loaded = storage.loads(storage.dumps(env.conv)).conversation
    assert loaded.completion == doc
    env.panel.set_conversation(Conversation())
    assert env.editor.toPlainText() == ""
    assert env.editor.extraSelections() == []
    assert env.w("completionSuffix", QPlainTextEdit).toPlainText() == ""
    env.panel.set_conversation(loaded)
    assert env.editor.toPlainText() == text
    assert env.w("completionSuffix", QPlainTextEdit).toPlainText() == "END"
    assert env.panel.logprobs() == 1 and env.panel.best_of() is None
    assert highlighted(env) == " 你好🙂 fin."
    env.w("completionHeatmap", QCheckBox).setChecked(True)
    assert highlighted(env) == " 你好🙂 fin."
    assert "finish: stop" in env.w("completionStats", QLabel).text()
    # offsets that no longer fit are found again by the text, or dropped
    broken = copy.deepcopy(doc)
    broken["runs"][-1]["start"] = 999
    env.panel.set_conversation(Conversation(completion=broken))
    assert highlighted(env) == " 你好🙂 fin."
    gone = copy.deepcopy(doc)
    gone["prompt"] = "something else"
    env.panel.set_conversation(Conversation(completion=gone))
    assert env.editor.extraSelections() == []


def test_garbage_document_opens(env: Env) -> None:
    env.panel.set_conversation(
        Conversation(
            completion={"prompt": 5, "suffix": None, "best_of": "x", "runs": [None, {"text": 3}]}
        )
    )
    assert env.editor.toPlainText() == ""
    assert env.panel.best_of() is None
    env.panel.set_conversation(Conversation(completion={"runs": "no"}))
    assert env.editor.toPlainText() == ""


def test_server_error_keeps_the_prompt(qtbot: Any, env: Env) -> None:
    env.srv.fail_next(status=400, body='{"error": {"message": "echo is not allowed here"}}')
    env.w("completionEcho", QCheckBox).setChecked(True)
    run_and_wait(qtbot, env)
    assert env.editor.toPlainText() == PROMPT
    err = env.w("completionError", QLabel)
    assert err.isVisible()
    assert "The server refused the request." in err.text()
    assert "echo is not allowed here" in err.text()
    assert "Traceback" not in err.text()
    assert env.messages[-1] == err.text()
    assert env.conv.completion["prompt"] == PROMPT
    run = env.conv.completion["runs"][-1]
    assert run["status"] == "error" and run["text"] == ""
    assert "Failed" in env.w("completionStats", QLabel).text()
    # the next run works and clears the message
    env.srv.behavior.reply = "!"
    run_and_wait(qtbot, env)
    assert env.editor.toPlainText() == PROMPT + "!"
    assert not err.isVisible()


def test_stream_dropped_midway_keeps_partial(qtbot: Any, env: Env) -> None:
    env.srv.behavior.reply = "abcdefghijklmnopqrstuvwxyz"
    env.srv.behavior.chunk_size = 2
    env.stream = True
    env.srv.fail_next(reset_after=3)
    run_and_wait(qtbot, env)
    text = env.editor.toPlainText()
    assert text.startswith(PROMPT + "ab") and len(text) < len(PROMPT) + 26
    assert env.w("completionError", QLabel).isVisible()
    assert env.conv.completion["runs"][-1]["text"] == text[len(PROMPT) :]


def test_no_model_is_a_message_not_a_request(env: Env) -> None:
    env.model = "  "
    assert not env.panel.run()
    assert env.w("completionError", QLabel).text() == "Choose a model first."
    assert env.srv.count("/completions") == 0


def test_switching_conversation_mid_run_leaves_each_its_own(qtbot: Any, env: Env) -> None:
    env.srv.behavior.reply = "y" * 400
    env.srv.behavior.chunk_size = 4
    env.srv.behavior.chunk_delay = 0.03
    env.stream = True
    first = env.conv
    assert env.panel.run()
    qtbot.waitUntil(lambda: len(env.editor.toPlainText()) > len(PROMPT) + 8, timeout=5000)
    other = Conversation(completion={"prompt": "Another document"})
    env.panel.set_conversation(other)
    assert not env.panel.busy and not env.editor.isReadOnly()
    qtbot.waitUntil(lambda: bool(first.completion.get("runs")), timeout=5000)
    qtbot.wait(100)
    assert env.editor.toPlainText() == "Another document"  # nothing streamed into it
    assert not other.completion.get("runs")  # the second conversation got no run
    run = first.completion["runs"][-1]
    assert run["status"] == "stopped" and run["text"]
    assert first.completion["prompt"] == PROMPT + run["text"]
