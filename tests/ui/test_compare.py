"""The compare window against the fake server: both sides stream, side by side, independently."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QLabel, QLineEdit, QPlainTextEdit, QTextBrowser

from app.api.client import ApiClient, make_http_client
from app.ui.asyncbridge import TaskGroup
from app.ui.compare import CompareWindow, parse_overrides
from tests.conftest import TEST_KEY
from tests.fakeserver import FakeServer

MODELS = ["gpt-4o-mini", "gpt-4o", "o3-mini"]
HISTORY = [
    {"role": "user", "content": "What is a haiku?"},
    {"role": "assistant", "content": "A short poem."},
]
PARAMS = {"temperature": 0.7, "max_tokens": 200}


def reply_by_model(body: dict[str, Any]) -> str:
    return f"## Answer of {body['model']}\n\nSome **bold** words and `code`.\n\n- one\n- two\n"


def find(w: Any, name: str, cls: type = object) -> Any:
    obj = w.findChild(cls, name)
    assert obj is not None, f"no widget named {name}"
    return obj


def text_of(w: Any, key: str) -> str:
    return str(find(w, f"compareView{key}", QTextBrowser).toPlainText())


def stats_of(w: Any, key: str) -> str:
    return str(find(w, f"compareStats{key}", QLabel).text())


@pytest.fixture
def make_compare(
    qtbot: Any, running_loop: asyncio.AbstractEventLoop, monkeypatch: Any
) -> Iterator[Any]:
    """Build CompareWindows on one real HTTP client; every task ends and the client closes."""
    monkeypatch.delenv("OPENAI_BASE_URL", raising=False)
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    http = make_http_client()
    tasks = TaskGroup()
    made: list[CompareWindow] = []

    def make(
        base_url: str,
        *,
        models: list[str] | None = None,
        history: list[dict[str, Any]] | None = None,
        params: dict[str, Any] | None = None,
        system_prompt: str = "You are terse.",
        **kw: Any,
    ) -> CompareWindow:
        client = ApiClient(http, base_url, TEST_KEY)
        w = CompareWindow(
            tasks,
            lambda: client,
            list(MODELS if models is None else models),
            system_prompt,
            list(HISTORY if history is None else history),
            dict(PARAMS if params is None else params),
            **kw,
        )
        qtbot.addWidget(w)
        w.show()
        made.append(w)
        return w

    yield make
    for w in made:
        w.stop()
    done = running_loop.create_task(tasks.cancel_all())
    qtbot.waitUntil(done.done, timeout=10000)
    closed = running_loop.create_task(http.aclose())
    qtbot.waitUntil(closed.done, timeout=10000)


def send(qtbot: Any, w: CompareWindow, prompt: str = "Write a haiku about tea.") -> None:
    find(w, "comparePrompt", QPlainTextEdit).setPlainText(prompt)
    qtbot.mouseClick(find(w, "compareSendButton"), Qt.MouseButton.LeftButton)


def wait_done(qtbot: Any, w: CompareWindow, timeout: int = 10000) -> None:
    """Until both tasks ended and their done callbacks drew the final state."""

    def done() -> bool:
        return not w.running and all(
            p.run.done and "Streaming" not in p.stats.text() for p in w.panes
        )

    qtbot.waitUntil(done, timeout=timeout)


def chat_bodies(srv: FakeServer) -> dict[str, dict[str, Any]]:
    return {r.json["model"]: r.json for r in srv.requests if r.path.endswith("chat/completions")}


def test_both_sides_stream_and_the_bodies_differ_only_by_model_and_overrides(
    qtbot: Any, srv: FakeServer, make_compare: Any
) -> None:
    srv.behavior.reply = reply_by_model
    w = make_compare(srv.base_url)
    assert w.objectName() == "compareWindow" and w.isWindow() and not w.isModal()
    assert find(w, "compareModelA", QComboBox).currentText() == "gpt-4o-mini"
    assert find(w, "compareModelB", QComboBox).currentText() == "gpt-4o"
    assert find(w, "compareModelA", QComboBox).isEditable()
    assert find(w, "compareUseHistory", QCheckBox).isChecked()
    find(w, "compareParamsB", QLineEdit).setText('{"temperature": 0.2}')
    with qtbot.waitSignal(w.comparisonFinished, timeout=10000):
        send(qtbot, w)
    wait_done(qtbot, w)

    a, b = text_of(w, "A"), text_of(w, "B")
    assert "Answer of gpt-4o-mini" in a and "Answer of gpt-4o\n" in b + "\n"
    assert "Answer of gpt-4o-mini" not in b
    assert "**" not in a and "bold" in a  # rendered Markdown, not the raw text
    assert "font-weight" in find(w, "compareViewA", QTextBrowser).toHtml()

    bodies = chat_bodies(srv)
    assert set(bodies) == {"gpt-4o-mini", "gpt-4o"}
    ba, bb = bodies["gpt-4o-mini"], bodies["gpt-4o"]
    assert ba["temperature"] == 0.7 and bb["temperature"] == 0.2
    assert ba["max_tokens"] == bb["max_tokens"] == 200
    assert ba["stream"] is True and ba["stream_options"] == {"include_usage": True}
    assert ba["messages"] == [
        {"role": "system", "content": "You are terse."},
        *HISTORY,
        {"role": "user", "content": "Write a haiku about tea."},
    ]
    strip = ("model", "temperature")
    assert {k: v for k, v in ba.items() if k not in strip} == {
        k: v for k, v in bb.items() if k not in strip
    }


def test_stats_show_usage_finish_reason_and_timings(
    qtbot: Any, srv: FakeServer, make_compare: Any
) -> None:
    srv.behavior.reply = reply_by_model
    srv.behavior.chunk_delay = 0.01
    w = make_compare(srv.base_url)
    send(qtbot, w)
    wait_done(qtbot, w)
    for key, model in (("A", "gpt-4o-mini"), ("B", "gpt-4o")):
        stats = stats_of(w, key)
        body = chat_bodies(srv)[model]
        prompt_tokens = sum(len(str(m["content"]).split()) for m in body["messages"])
        completion = max(1, len(reply_by_model(body)) // 4)
        assert model in stats
        assert "Finish reason: stop" in stats
        assert (
            f"{prompt_tokens} prompt · {completion} completion · "
            f"{prompt_tokens + completion} total" in stats
        )
        assert "first token" in stats and "total" in stats and "tokens/s" in stats
        run = w.pane(key).run
        assert run.ttft is not None and run.total is not None and 0 < run.ttft < run.total
        assert find(w, f"compareKeep{key}").isEnabled()


def test_without_usage_from_the_server_the_tokens_are_estimated_from_chunks(
    qtbot: Any, srv: FakeServer, make_compare: Any
) -> None:
    srv.behavior.usage = False
    srv.behavior.reply = "x" * 40
    srv.behavior.chunk_size = 4
    w = make_compare(srv.base_url)
    send(qtbot, w)
    wait_done(qtbot, w)
    for key in "AB":
        assert "≈ 10 tokens" in stats_of(w, key)
        assert "prompt ·" not in stats_of(w, key)


@pytest.mark.parametrize(
    ("typed", "words"),
    [
        ('{temperature: 0.2"', "not valid JSON"),
        ("[0.2]", "not a JSON object"),
        ('{"temperature": 5}', "out of range"),
        ('{"temperature": "hot"}', "temperature"),
    ],
)
def test_bad_overrides_show_a_message_and_send_nothing(
    qtbot: Any, srv: FakeServer, make_compare: Any, typed: str, words: str
) -> None:
    w = make_compare(srv.base_url)
    find(w, "compareParamsB", QLineEdit).setText(typed)
    send(qtbot, w)
    qtbot.wait(100)
    msg = find(w, "compareMessage", QLabel)
    assert msg.isVisible()
    assert words in msg.text() and "of B" in msg.text() and "Nothing was sent" in msg.text()
    assert "Traceback" not in msg.text()
    assert srv.count("chat/completions") == 0
    assert not w.running
    find(w, "compareParamsB", QLineEdit).setText('{"temperature": 0.2}')  # typing clears it
    assert not msg.isVisible()


def test_parse_overrides_null_removes_a_parameter() -> None:
    assert parse_overrides("") == {}
    assert parse_overrides('{"temperature": null, "top_p": 0.5}') == {
        "temperature": None,
        "top_p": 0.5,
    }


def test_a_null_override_leaves_the_parameter_out_on_that_side(
    qtbot: Any, srv: FakeServer, make_compare: Any
) -> None:
    w = make_compare(srv.base_url)
    find(w, "compareParamsA", QLineEdit).setText('{"temperature": null}')
    send(qtbot, w)
    wait_done(qtbot, w)
    bodies = chat_bodies(srv)
    assert "temperature" not in bodies["gpt-4o-mini"] and bodies["gpt-4o"]["temperature"] == 0.7


def test_an_error_on_b_shows_on_b_while_a_completes(
    qtbot: Any, srv: FakeServer, make_compare: Any, caplog: Any
) -> None:
    srv.behavior.reply = reply_by_model
    srv.behavior.chunk_delay = 0.01
    w = make_compare(srv.base_url)
    find(w, "compareModelB", QComboBox).setCurrentText("no-such-model")
    with caplog.at_level(logging.WARNING):
        send(qtbot, w)
        wait_done(qtbot, w)
    assert [r.getMessage()[:16] for r in caplog.records] == ["compare B failed"]
    assert "Answer of gpt-4o-mini" in text_of(w, "A")
    assert "Finish reason: stop" in stats_of(w, "A")
    b = text_of(w, "B")
    assert "Error:" in b and "Not found" in b and "HTTP 404" in b
    assert "Traceback" not in b and TEST_KEY not in b
    assert "Failed" in stats_of(w, "B")
    assert find(w, "compareKeepA").isEnabled() and not find(w, "compareKeepB").isEnabled()


def test_stop_cancels_both_and_keeps_both_partials(
    qtbot: Any, srv: FakeServer, make_compare: Any
) -> None:
    srv.behavior.reply = "word " * 400
    srv.behavior.chunk_delay = 0.02
    w = make_compare(srv.base_url)
    send(qtbot, w)
    qtbot.waitUntil(
        lambda: len(w.pane_a.run.text) > 20 and len(w.pane_b.run.text) > 20, timeout=10000
    )
    assert find(w, "compareStopButton").isEnabled()
    qtbot.mouseClick(find(w, "compareStopButton"), Qt.MouseButton.LeftButton)
    wait_done(qtbot, w)
    for key in "AB":
        shown = text_of(w, key)
        run = w.pane(key).run
        assert run.stopped and run.error is None
        assert 20 < len(run.text) < len("word " * 400)
        assert run.text.split()[0] == "word" and "word word" in shown
        assert "Stopped. The partial answer is kept." in shown
        assert "Stopped" in stats_of(w, key)
    assert not find(w, "compareStopButton").isEnabled()
    assert find(w, "compareSendButton").isEnabled()


def test_keep_emits_the_model_prompt_and_answer_of_that_side(
    qtbot: Any, srv: FakeServer, make_compare: Any
) -> None:
    srv.behavior.reply = reply_by_model
    w = make_compare(srv.base_url)
    send(qtbot, w, "Compare me.")
    wait_done(qtbot, w)
    find(w, "comparePrompt", QPlainTextEdit).setPlainText("edited after sending")
    with qtbot.waitSignal(w.chosen, timeout=2000) as sig:
        qtbot.mouseClick(find(w, "compareKeepB"), Qt.MouseButton.LeftButton)
    assert sig.args == ["gpt-4o", "Compare me.", reply_by_model({"model": "gpt-4o"})]
    run = w.last_chosen
    assert run is not None and run is w.pane_b.run
    assert run.finish_reason == "stop" and run.usage is not None and run.ttft is not None
    assert run.params == PARAMS
    assert run.request == {k: v for k, v in chat_bodies(srv)["gpt-4o"].items() if k != "messages"}


def test_both_streams_are_open_at_the_same_time(
    qtbot: Any, fake_server: FakeServer, make_compare: Any
) -> None:
    fake_server.behavior.reply = "slow " * 200
    fake_server.behavior.chunk_delay = 0.03
    w = make_compare(fake_server.base_url)
    send(qtbot, w)
    qtbot.waitUntil(lambda: fake_server.open_streams == 2, timeout=10000)
    assert w.pane_a.running and w.pane_b.running
    qtbot.waitUntil(lambda: bool(w.pane_a.run.text and w.pane_b.run.text), timeout=10000)
    w.stop()
    wait_done(qtbot, w)


def test_reasoning_model_gets_its_rules_and_the_user_sees_what_was_left_out(
    qtbot: Any, srv: FakeServer, make_compare: Any
) -> None:
    w = make_compare(srv.base_url)
    find(w, "compareModelA", QComboBox).setCurrentText("o3-mini")
    send(qtbot, w)
    wait_done(qtbot, w)
    bodies = chat_bodies(srv)
    o3 = bodies["o3-mini"]
    assert o3["max_completion_tokens"] == 200 and "max_tokens" not in o3
    assert "temperature" not in o3
    assert bodies["gpt-4o"]["max_tokens"] == 200 and bodies["gpt-4o"]["temperature"] == 0.7
    assert "Not sent to this model (model rules): temperature" in stats_of(w, "A")
    assert "Not sent" not in stats_of(w, "B")


def test_blank_context_when_history_is_unchecked(
    qtbot: Any, srv: FakeServer, make_compare: Any
) -> None:
    w = make_compare(srv.base_url)
    find(w, "compareUseHistory", QCheckBox).setChecked(False)
    send(qtbot, w, "Fresh start.")
    wait_done(qtbot, w)
    for body in chat_bodies(srv).values():
        assert body["messages"] == [
            {"role": "system", "content": "You are terse."},
            {"role": "user", "content": "Fresh start."},
        ]


def test_no_history_means_the_checkbox_is_off_and_disabled(
    srv: FakeServer, make_compare: Any
) -> None:
    w = make_compare(srv.base_url, history=[], models=["gpt-4o"])
    box = find(w, "compareUseHistory", QCheckBox)
    assert not box.isChecked() and not box.isEnabled()
    # one model: both sides start on it (two parameter sets)
    assert find(w, "compareModelB", QComboBox).currentText() == "gpt-4o"


def test_ctrl_enter_in_the_prompt_sends_to_both(
    qtbot: Any, srv: FakeServer, make_compare: Any
) -> None:
    w = make_compare(srv.base_url)
    prompt = find(w, "comparePrompt", QPlainTextEdit)
    prompt.setPlainText("Via keyboard")
    qtbot.keyClick(prompt, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    wait_done(qtbot, w)
    assert srv.count("chat/completions") == 2
    assert prompt.toPlainText() == "Via keyboard"  # no newline typed


def test_swap_and_same_model_quick_actions(srv: FakeServer, make_compare: Any) -> None:
    w = make_compare(srv.base_url)
    find(w, "compareParamsA", QLineEdit).setText('{"top_p": 0.5}')
    w.swap_button.click()
    assert find(w, "compareModelA", QComboBox).currentText() == "gpt-4o"
    assert find(w, "compareModelB", QComboBox).currentText() == "gpt-4o-mini"
    assert find(w, "compareParamsA", QLineEdit).text() == ""
    assert find(w, "compareParamsB", QLineEdit).text() == '{"top_p": 0.5}'
    w.same_button.click()
    assert find(w, "compareModelB", QComboBox).currentText() == "gpt-4o"


def test_without_streaming_both_answers_arrive_whole(
    qtbot: Any, srv: FakeServer, make_compare: Any
) -> None:
    srv.behavior.reply = reply_by_model
    w = make_compare(srv.base_url, stream=False)
    send(qtbot, w)
    wait_done(qtbot, w)
    for body in chat_bodies(srv).values():
        assert "stream" not in body and "stream_options" not in body
    assert "Answer of gpt-4o-mini" in text_of(w, "A")
    assert "Finish reason: stop" in stats_of(w, "B") and "completion" in stats_of(w, "B")


def test_empty_prompt_or_model_sends_nothing(
    qtbot: Any, srv: FakeServer, make_compare: Any
) -> None:
    w = make_compare(srv.base_url)
    assert not find(w, "compareSendButton").isEnabled()
    assert w.send() is False
    find(w, "comparePrompt", QPlainTextEdit).setPlainText("Hi")
    find(w, "compareModelB", QComboBox).setCurrentText("  ")
    assert w.send() is False
    assert "model for B" in find(w, "compareMessage", QLabel).text()
    qtbot.wait(50)
    assert srv.count("chat/completions") == 0


def test_closing_while_streaming_cancels_both_quietly(
    qtbot: Any, fake_server: FakeServer, make_compare: Any, caplog: Any
) -> None:
    fake_server.behavior.reply = "slow " * 300
    fake_server.behavior.chunk_delay = 0.02
    w = make_compare(fake_server.base_url)
    send(qtbot, w)
    qtbot.waitUntil(lambda: fake_server.open_streams == 2, timeout=10000)
    with caplog.at_level(logging.WARNING):
        w.close()
        wait_done(qtbot, w)
        qtbot.waitUntil(lambda: fake_server.open_streams == 0, timeout=10000)
    assert w.pane_a.run.stopped and w.pane_b.run.stopped
    assert fake_server.completed_streams == 0
    assert [r for r in caplog.records if r.levelno >= logging.WARNING] == []


def test_closing_right_after_send_cancels_before_anything_is_asked(
    qtbot: Any, srv: FakeServer, make_compare: Any, caplog: Any
) -> None:
    w = make_compare(srv.base_url)
    find(w, "comparePrompt", QPlainTextEdit).setPlainText("Never mind")
    with caplog.at_level(logging.WARNING):
        assert w.send()
        w.close()
        wait_done(qtbot, w)
    assert w.pane_a.run.stopped and w.pane_b.run.stopped
    assert [r for r in caplog.records if r.levelno >= logging.WARNING] == []
