"""One whole conversation in the real MainWindow against the real llama.cpp server."""

from __future__ import annotations

import re
from typing import Any

import httpx
from PySide6.QtWidgets import QComboBox, QLabel, QPlainTextEdit

from tests.peers.conftest import MODEL, Llama
from tests.ui.test_main_window import find, set_param, type_and_send, view_text, wait_idle

SYSTEM = "You are a geography teacher. Answer in one short sentence."
QUESTION = "What is the capital of France?"
MAX_TOKENS = 24


def direct_answer(llama: Llama, max_tokens: int) -> str:
    """The same request straight to the server (synchronous: the Qt loop counts as running)."""
    r = httpx.post(
        f"{llama.base_url}/chat/completions",
        headers={"Authorization": f"Bearer {llama.key}"},
        json={
            "model": MODEL,
            "messages": [
                {"role": "system", "content": SYSTEM},
                {"role": "user", "content": QUESTION},
            ],
            "temperature": 0,
            "max_tokens": max_tokens,
        },
        trust_env=False,
        timeout=60,
    )
    r.raise_for_status()
    return str(r.json()["choices"][0]["message"]["content"])


def test_a_conversation_in_the_window_with_the_real_server(
    qtbot: Any, make_window: Any, llama: Llama
) -> None:
    # Evaluate the prompt once, so the window's answer and the reference below are both
    # repeats (see prime() in test_llama_server.py).
    direct_answer(llama, 2)

    w = make_window(llama.base_url, key=llama.key)
    picker = find(w, "modelPicker", QComboBox)
    assert [picker.itemText(i) for i in range(picker.count())] == [MODEL]
    picker.setCurrentIndex(picker.findText(MODEL))
    assert picker.currentText() == MODEL
    find(w, "systemPromptEdit", QPlainTextEdit).setPlainText(SYSTEM)
    set_param(w, "temperature", 0)
    set_param(w, "max_tokens", MAX_TOKENS)
    type_and_send(qtbot, w, QUESTION)
    wait_idle(qtbot, w, timeout=60000)

    msg = w.controller.conversation.messages[-1]
    assert msg.role == "assistant"
    assert msg.status == "ok", msg.error
    assert msg.error is None and msg.id not in w.controller.errors
    assert msg.model == MODEL
    assert msg.content.strip()
    assert msg.finish_reason in ("stop", "length")
    # The system prompt and the parameters reached the server: the same request sent
    # directly gets the same greedy answer.
    assert msg.content == direct_answer(llama, MAX_TOKENS)

    text = view_text(w)
    assert QUESTION in text
    first_line = msg.content.strip().splitlines()[0]
    assert first_line[:20] in text
    assert not find(w, "errorBar").isVisible()

    usage = find(w, "statusUsage", QLabel).text()
    assert "tokens" in usage and "first token" in usage
    # llama.cpp sends no usage chunk for stream_options.include_usage: the window counts
    # the tokens itself and marks the numbers as estimates (≈).
    assert msg.usage is None
    found = re.search(r"≈(\d+) prompt \+ (\d+) completion", usage)
    assert found is not None, usage
    assert 0 < int(found.group(2)) <= 4 * MAX_TOKENS and int(found.group(1)) > 0
    assert 0 < msg.chunks <= MAX_TOKENS

    # Model details: the server has no GET /models/{id}; the client takes the list's entry.
    dlg = w.show_model_details()
    assert dlg is not None
    qtbot.waitUntil(lambda: "Owner: me" in dlg.summary.text(), timeout=10000)
    assert f"Id: {MODEL}" in dlg.summary.text() and "Created" not in dlg.summary.text()
