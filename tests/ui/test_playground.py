"""n choices side by side, the response inspector, and token/cost counts, in the real window."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QAbstractButton, QPlainTextEdit

from app.core import storage, tokens
from tests.conftest import TEST_KEY
from tests.fakeserver import FakeServer
from tests.ui.test_main_window import find, set_param, type_and_send, view_text, wait_idle


def send_with(qtbot: Any, w: Any, text: str, **params: Any) -> None:
    """Send through the controller with parameters the panel may not offer yet."""
    w.model_picker.setCurrentText("gpt-4o-mini")
    w._stamp_conversation()
    assert w.controller.send(text, "gpt-4o-mini", params, stream=w.params.stream)
    wait_idle(qtbot, w)


def test_n_choices_open_side_by_side_and_any_can_continue(
    qtbot: Any, window: Any, fake_server: FakeServer
) -> None:
    fake_server.behavior.reply = "Answer"
    send_with(qtbot, window, "Give me three", n=3)
    assert fake_server.last("chat/completions").json["n"] == 3
    dlg = find(window, "choicesDialog")
    assert dlg.isVisible()
    qtbot.waitUntil(lambda: "(choice 3)" in dlg.text_of(2), timeout=3000)
    assert dlg.text_of(0).strip() == "Answer" and "(choice 2)" in dlg.text_of(1)
    assert "finish: stop" in find(dlg, "choiceInfo_1").text()
    # The conversation shows choice 1 with ◀ 1/3 ▶; the others are its branches.
    assert "1/3" in view_text(window) and "(choice" not in view_text(window)
    use = find(dlg, "choiceUse_2", QAbstractButton)
    assert use.isEnabled() and not find(dlg, "choiceUse_0", QAbstractButton).isEnabled()
    use.click()
    window.view.flush()
    assert "Answer (choice 3)" in view_text(window) and "3/3" in view_text(window)
    assert not find(dlg, "choiceUse_2", QAbstractButton).isEnabled()
    # Every choice is in the file, as siblings of one group; the path follows the pick.
    window.save_now()
    qtbot.waitUntil(lambda: window.files.path is not None and window.files.path.exists())
    conv = storage.load(window.files.path).conversation
    answers = [m for m in conv.nodes.values() if m.role == "assistant"]
    assert sorted(m.choice_index or 0 for m in answers) == [0, 1, 2]
    assert len({m.choice_group for m in answers}) == 1
    assert conv.messages[-1].content == "Answer (choice 3)"


def test_inspector_shows_the_body_sent_and_the_assembled_response(
    qtbot: Any, window: Any, fake_server: FakeServer
) -> None:
    window.system_prompt.setPlainText("Be brief.")
    set_param(window, "temperature", 0.4)
    type_and_send(qtbot, window, "Hello inspector")
    wait_idle(qtbot, window)
    sent = fake_server.last("chat/completions").json
    dlg = window.playground.inspect_last()
    assert dlg is not None and dlg.isVisible()
    request = find(dlg, "inspectorRequest", QPlainTextEdit).toPlainText()
    head, _, body = request.partition("\n\n")
    assert head.startswith(f"POST {fake_server.base_url}/chat/completions")
    assert json.loads(body) == sent  # exactly what the server received
    assert TEST_KEY not in request and "(hidden)" in head
    response = find(dlg, "inspectorResponse", QPlainTextEdit).toPlainText()
    assembled = json.loads(response[response.index("{") :])
    assert assembled["id"] == "chatcmpl-fake123" and assembled["object"] == "chat.completion"
    assert (
        assembled["choices"][0]["message"]["content"]
        == window.controller.conversation.messages[-1].content
    )
    assert assembled["usage"]["total_tokens"] > 0
    chunks = find(dlg, "inspectorChunks", QPlainTextEdit).toPlainText().splitlines()
    assert chunks and all(line.startswith("data: {") for line in chunks)
    assert len(chunks) == assembled["chunks"]
    assert dlg.value("System fingerprint") == "fp_fake"
    assert dlg.value("Finish reason") == "stop"
    assert dlg.value("Created").endswith(")") and dlg.value("Model") == "gpt-4o-mini"
    assert dlg.value("Time to first token").endswith(" s")


def test_inspector_of_a_non_streamed_answer_shows_the_servers_object(
    qtbot: Any, window: Any, fake_server: FakeServer
) -> None:
    window.params.stream_box.setChecked(False)
    type_and_send(qtbot, window, "Not streamed")
    wait_idle(qtbot, window)
    dlg = window.playground.inspect_last()
    response = json.loads(find(dlg, "inspectorResponse", QPlainTextEdit).toPlainText())
    assert response["object"] == "chat.completion" and "chunks" not in response
    assert "only for answers streamed" in find(dlg, "inspectorChunks", QPlainTextEdit).toPlainText()


def test_inspector_after_reopening_the_file_rebuilds_the_request(
    qtbot: Any, window: Any, fake_server: FakeServer, tmp_path: Path
) -> None:
    type_and_send(qtbot, window, "First")
    wait_idle(qtbot, window)
    type_and_send(qtbot, window, "Second")
    wait_idle(qtbot, window)
    sent = fake_server.last("chat/completions").json
    path = tmp_path / "saved.chat.json"
    assert window.save_as(str(path))
    window.new_chat()
    window.open_file(path)
    qtbot.waitUntil(lambda: "Second" in view_text(window), timeout=5000)
    dlg = window.playground.inspect_last()
    body = find(dlg, "inspectorRequest", QPlainTextEdit).toPlainText().partition("\n\n")[2]
    assert json.loads(body) == sent


def test_usage_and_cost_per_answer_and_per_conversation(
    qtbot: Any, window: Any, fake_server: FakeServer
) -> None:
    type_and_send(qtbot, window, "one two three")
    wait_idle(qtbot, window)
    first = window.controller.conversation.messages[-1].usage
    status = find(window, "statusUsage").text()
    want = f"{first['prompt_tokens']} prompt + {first['completion_tokens']} completion"
    assert want in status and "$0.0" in status  # gpt-4o-mini has a built-in price
    type_and_send(qtbot, window, "four five")
    wait_idle(qtbot, window)
    second = window.controller.conversation.messages[-1].usage
    total = first["total_tokens"] + second["total_tokens"]
    assert f"conversation: {total} tokens" in find(window, "statusUsage").text()


def test_without_usage_tokens_are_estimated_and_marked(
    qtbot: Any, window: Any, fake_server: FakeServer
) -> None:
    fake_server.behavior.usage = False
    fake_server.behavior.reply = "An answer without any usage from the server."
    fake_server.behavior.chunk_size = 16  # several tokens a chunk, as some servers send
    type_and_send(qtbot, window, "estimate please")
    wait_idle(qtbot, window)
    status = find(window, "statusUsage").text()
    assert "≈" in status and "completion" in status
    # The line under the answer gives the same count as the status line, and it is near the real
    # one (counting the 3 chunks would say 3).
    completion = int(re.search(r"\+ (\d+) completion", status).group(1))  # type: ignore[union-attr]
    assert f"≈{completion} tokens" in view_text(window)
    real = len(tokens.encode("An answer without any usage from the server.", "o200k_base"))
    assert abs(completion - real) <= 1


def test_edited_price_changes_the_cost_and_bad_prices_are_refused(
    qtbot: Any, window: Any, fake_server: FakeServer
) -> None:
    from PySide6.QtWidgets import QTableWidgetItem

    dlg = window.playground.open_prices()
    table = find(dlg, "pricesTable")
    row = dlg.add_row("gpt-4o-mini", None)
    table.setItem(row, 1, QTableWidgetItem("abc"))
    table.setItem(row, 2, QTableWidgetItem("1"))
    dlg.save()
    assert dlg.isVisible() and "must be numbers" in find(dlg, "pricesError").text()
    table.setItem(row, 1, QTableWidgetItem("1000000"))  # a dollar per token: easy to check
    table.setItem(row, 2, QTableWidgetItem("0"))
    # the built-in gpt-4o-mini row is still above; the new row, added last, wins
    dlg.save()
    assert not dlg.isVisible()
    type_and_send(qtbot, window, "price check")
    wait_idle(qtbot, window)
    prompt_tokens = window.controller.conversation.messages[-1].usage["prompt_tokens"]
    assert f"${prompt_tokens:.2f}" in find(window, "statusUsage").text()


def test_streamed_logprobs_are_kept_and_shown_as_a_heatmap(
    qtbot: Any, window: Any, fake_server: FakeServer
) -> None:
    from app.core.logprobs import heat_colour

    fake_server.behavior.reply = "Tokens with probabilities"
    send_with(qtbot, window, "show me", logprobs=True, top_logprobs=2)
    msg = window.controller.conversation.messages[-1]
    content = msg.logprobs["content"]
    # One entry per streamed token, joined from every chunk, in order.
    assert "".join(t["token"] for t in content) == "Tokens with probabilities"
    assert "Probabilities" in view_text(window)
    window._on_message_action("probabilities", msg.id)
    dlg = find(window, "logprobsDialog")
    view = find(dlg, "logprobsHeatmap")
    assert view.toPlainText().count("Tokens with probabilities") >= 1
    # The second token has logprob -0.5: its colour is the scale's colour for exp(-0.5).
    tip = view.tooltip_at(1)
    assert "60.65" in tip or "60.7" in tip  # exp(-0.5) = 60.65 %
    assert "alt0" in tip  # an alternative from top_logprobs
    html = view.toHtml()
    r, g, b = heat_colour(0.6065306597)
    assert f"#{r:02x}{g:02x}{b:02x}" in html.lower()


def test_probabilities_for_an_answer_without_logprobs_say_so(
    qtbot: Any, window: Any, fake_server: FakeServer
) -> None:
    type_and_send(qtbot, window, "no logprobs")
    wait_idle(qtbot, window)
    msg = window.controller.conversation.messages[-1]
    assert "Probabilities" not in view_text(window)
    assert window.playground.open_logprobs(msg.id) is None
    assert "no token probabilities" in window.statusBar().currentMessage()


def test_compare_from_the_menu_and_keep_an_answer(
    qtbot: Any, window: Any, fake_server: FakeServer
) -> None:
    type_and_send(qtbot, window, "context first")
    wait_idle(qtbot, window)
    window.playground.act_compare.trigger()
    cw = find(window, "compareWindow")
    assert cw.isVisible()
    find(cw, "compareModelB").setCurrentText("gpt-4o")
    find(cw, "comparePrompt", QPlainTextEdit).setPlainText("Which is better?")
    find(cw, "compareSendButton", QAbstractButton).click()
    qtbot.waitUntil(lambda: not cw.running, timeout=10000)
    bodies = [r.json for r in fake_server.requests if r.path.endswith("chat/completions")][-2:]
    assert sorted(b["model"] for b in bodies) == ["gpt-4o", "gpt-4o-mini"]
    assert all(b["messages"][0]["content"] == "context first" for b in bodies)
    find(cw, "compareKeepB", QAbstractButton).click()
    window.view.flush()
    msgs = window.controller.conversation.messages
    assert [m.role for m in msgs[-2:]] == ["user", "assistant"]
    assert msgs[-2].content == "Which is better?" and msgs[-1].model == "gpt-4o"
    assert msgs[-1].usage is not None and "Which is better?" in view_text(window)


def test_each_answer_shows_its_tokens_and_cost_under_it(
    qtbot: Any, window: Any, fake_server: FakeServer
) -> None:
    fake_server.behavior.finish_reason = "length"
    type_and_send(qtbot, window, "meta line")
    wait_idle(qtbot, window)
    total = window.controller.conversation.messages[-1].usage["total_tokens"]
    text = view_text(window)
    assert f"{total} tokens · <$0.0001" in text and "finish: length" in text
