"""Every parameter, set through the widgets a user touches in the real window, reaches the
request body exactly as set, and is absent when unset."""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QCheckBox,
    QComboBox,
    QDialogButtonBox,
    QDoubleSpinBox,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
)

from tests.fakeserver import FakeServer
from tests.ui.test_main_window import find, type_and_send, wait_idle

SCHEMA = {
    "type": "object",
    "properties": {"city": {"type": "string"}, "population": {"type": "integer"}},
    "required": ["city", "population"],
    "additionalProperties": False,
}


def click(qtbot: Any, button: QAbstractButton) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def ok(qtbot: Any, dlg: Any) -> None:
    box = dlg.findChild(QDialogButtonBox)
    click(qtbot, box.button(QDialogButtonBox.StandardButton.Ok))


def spin(w: Any, name: str) -> Any:
    box = find(w, f"param_{name}")
    return box.findChild(QDoubleSpinBox) or box.findChild(QSpinBox)


def type_into(qtbot: Any, w: Any, name: str, text: str) -> None:
    edit = find(w, f"param_{name}").findChild(QLineEdit)
    edit.setFocus()
    qtbot.keyClicks(edit, text)


def set_everything(qtbot: Any, w: Any) -> None:
    """Every parameter, the way a user sets it: spin boxes, typing, dialogs, clicks."""
    find(w, "modelPicker", QComboBox).setEditText("gpt-4o")
    spin(w, "temperature").setValue(0.35)
    spin(w, "top_p").setValue(0.8)
    spin(w, "max_tokens").setValue(321)
    spin(w, "presence_penalty").setValue(0.25)
    spin(w, "frequency_penalty").setValue(-0.5)
    spin(w, "n").setValue(2)
    type_into(qtbot, w, "stop", r'\n\n, END, "a, b", tab\tstop')
    type_into(qtbot, w, "seed", "12345678901234567")  # more than 32 bits
    type_into(qtbot, w, "user", "user-42")
    click(qtbot, find(w, "param_logprobs").findChild(QCheckBox))
    spin(w, "top_logprobs").setValue(3)

    # logit_bias: look up text, add its tokens with one click, add a pasted id, OK.
    click(qtbot, find(w, "param_logit_bias_edit", QAbstractButton))
    dlg = find(w, "logitBiasDialog")
    assert dlg.findChild(QComboBox, "logitBiasEncoding").currentText() == "o200k_base"
    qtbot.keyClicks(dlg.findChild(QLineEdit, "logitBiasLookupText"), "Hello world")
    qtbot.waitUntil(lambda: dlg.lookup_ids() == [13225, 2375], timeout=20000)
    click(qtbot, dlg.findChild(QAbstractButton, "logitBiasAddButton"))  # at -100
    qtbot.keyClicks(dlg.findChild(QLineEdit, "logitBiasLookupIds"), "1234")
    qtbot.waitUntil(lambda: dlg.lookup_ids() == [1234], timeout=5000)
    dlg.findChild(QSpinBox, "logitBiasNewBias").setValue(5)
    click(qtbot, dlg.findChild(QAbstractButton, "logitBiasAddButton"))
    ok(qtbot, dlg)

    # response_format: json_schema, written in the schema editor.
    combo = find(w, "param_response_format").findChild(QComboBox)
    combo.setCurrentIndex(combo.findText("json_schema"))
    click(qtbot, find(w, "param_response_format_edit", QAbstractButton))
    sd = find(w, "schemaDialog")
    name = sd.findChild(QLineEdit, "schemaName")
    name.clear()
    qtbot.keyClicks(name, "city_info")
    sd.findChild(QPlainTextEdit, "schemaEdit").setPlainText(json.dumps(SCHEMA, indent=2))
    ok(qtbot, sd)


EXPECTED = {
    "temperature": 0.35,
    "top_p": 0.8,
    "max_tokens": 321,
    "presence_penalty": 0.25,
    "frequency_penalty": -0.5,
    "n": 2,
    "stop": ["\n\n", "END", "a, b", "tab\tstop"],
    "seed": 12345678901234567,
    "user": "user-42",
    "logprobs": True,
    "top_logprobs": 3,
    "logit_bias": {"13225": -100, "2375": -100, "1234": 5},
    "response_format": {
        "type": "json_schema",
        "json_schema": {"name": "city_info", "schema": SCHEMA, "strict": True},
    },
}


def test_every_parameter_reaches_the_body_exactly(
    qtbot: Any, window: Any, fake_server: FakeServer
) -> None:
    set_everything(qtbot, window)
    assert window.params.problems() == []
    type_and_send(qtbot, window, "Where?")
    wait_idle(qtbot, window)
    body = fake_server.last("/chat/completions").json
    assert body == {
        "model": "gpt-4o",
        "messages": [{"role": "user", "content": "Where?"}],
        **EXPECTED,
        "stream": True,
        "stream_options": {"include_usage": True},
    }


def test_unset_parameters_are_absent(qtbot: Any, window: Any, fake_server: FakeServer) -> None:
    set_everything(qtbot, window)
    for name in EXPECTED:
        box = find(window, f"param_{name}_set", QCheckBox)
        if box.isChecked():
            box.click()  # (quick mouse clicks in a row would count as double clicks)
    assert window.params.values() == {}
    click(qtbot, find(window, "param_stream_options_set", QCheckBox))
    type_and_send(qtbot, window, "plain")
    wait_idle(qtbot, window)
    body = fake_server.last("/chat/completions").json
    assert set(body) == {"model", "messages", "stream"}


def test_json_object_without_streaming(qtbot: Any, window: Any, fake_server: FakeServer) -> None:
    find(window, "modelPicker", QComboBox).setEditText("gpt-4o-mini")
    combo = find(window, "param_response_format").findChild(QComboBox)
    combo.setCurrentIndex(combo.findText("json_object"))
    type_into(qtbot, window, "logit_bias", '{"50256": -100}')
    type_into(qtbot, window, "stop", "###")
    click(qtbot, find(window, "param_stream_set", QCheckBox))
    type_and_send(qtbot, window, "Answer in JSON")
    wait_idle(qtbot, window)
    body = fake_server.last("/chat/completions").json
    assert body == {
        "model": "gpt-4o-mini",
        "messages": [{"role": "user", "content": "Answer in JSON"}],
        "response_format": {"type": "json_object"},
        "logit_bias": {"50256": -100},
        "stop": ["###"],
    }


def test_a_preset_sets_what_is_sent(qtbot: Any, window: Any, fake_server: FakeServer) -> None:
    window.params.set_presets_file(window.paths.config / "param_presets.json")
    type_into(qtbot, window, "user", "will-be-unset")
    picker = find(window, "paramPresetPicker", QComboBox)
    picker.setCurrentIndex(picker.findData("Deterministic"))
    type_and_send(qtbot, window, "same every time")
    wait_idle(qtbot, window)
    body = fake_server.last("/chat/completions").json
    assert body["temperature"] == 0.0 and body["seed"] == 42 and "user" not in body


def test_reasoning_model_greys_and_drops_logprobs(
    qtbot: Any, window: Any, fake_server: FakeServer
) -> None:
    find(window, "modelPicker", QComboBox).setEditText("o3-mini")
    spin(window, "top_logprobs").setValue(2)
    assert not find(window, "param_logprobs").isEnabled()
    assert not find(window, "param_top_logprobs").isEnabled()
    type_into(qtbot, window, "seed", "7")
    type_and_send(qtbot, window, "think")
    wait_idle(qtbot, window)
    body = fake_server.last("/chat/completions").json
    assert body["seed"] == 7
    assert "logprobs" not in body and "top_logprobs" not in body
