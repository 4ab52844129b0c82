"""The parameter panel on its own: what the user types, what it would send, what it says."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
)

from app.core.params import json_schema_format
from app.ui.param_panel import ParameterPanel


@pytest.fixture
def panel(qtbot: Any) -> ParameterPanel:
    p = ParameterPanel()
    qtbot.addWidget(p)
    p.show()
    return p


def child(p: Any, name: str, cls: type = QObject) -> Any:
    w = p.findChild(cls, name)
    assert w is not None, f"no {name}"
    return w


def sent_box(p: ParameterPanel, name: str) -> QCheckBox:
    return child(p, f"param_{name}_set", QCheckBox)


def click(qtbot: Any, w: QAbstractButton) -> None:
    qtbot.mouseClick(w, Qt.MouseButton.LeftButton)


def ok_button(dlg: Any) -> QAbstractButton:
    box: Any = dlg.findChild(QDialogButtonBox)
    return box.button(QDialogButtonBox.StandardButton.Ok)


def test_every_parameter_has_its_container_and_control(panel: ParameterPanel) -> None:
    for name in ("n", "top_logprobs"):
        assert isinstance(child(panel, f"param_{name}").findChild(QSpinBox), QSpinBox)
    for name in ("stop", "seed", "user", "logit_bias"):
        assert isinstance(child(panel, f"param_{name}").findChild(QLineEdit), QLineEdit)
    assert isinstance(child(panel, "param_response_format").findChild(QComboBox), QComboBox)
    for name in (
        "n",
        "stop",
        "seed",
        "logit_bias",
        "logprobs",
        "top_logprobs",
        "user",
        "response_format",
    ):
        assert not sent_box(panel, name).isChecked()  # nothing is sent until the user says so
    assert child(panel, "param_seed").findChild(QSpinBox) is None  # 64-bit: not a QSpinBox
    assert panel.values() == {}
    assert panel.problems() == []


def test_typing_checks_send_it_and_clearing_unchecks(panel: ParameterPanel) -> None:
    stop = child(panel, "param_stop_value", QLineEdit)
    stop.setText(r"\n\n, END")
    assert sent_box(panel, "stop").isChecked()
    assert panel.values() == {"stop": ["\n\n", "END"]}
    stop.setText("")
    assert not sent_box(panel, "stop").isChecked()
    child(panel, "param_user_value", QLineEdit).setText("user-1")
    child(panel, "param_n_value", QSpinBox).setValue(4)
    assert panel.values() == {"user": "user-1", "n": 4}
    sent_box(panel, "n").setChecked(False)  # unchecked: kept on screen, not sent
    assert panel.values() == {"user": "user-1"}


def test_real_newlines_are_shown_as_escapes(panel: ParameterPanel) -> None:
    panel.set_values({"stop": ["\n", "a\tb", "x, y"]})
    assert child(panel, "param_stop_value", QLineEdit).text() == r'"\n", "a\tb", "x, y"'
    panel.set_values({"stop": ["\n\n", "###"]})
    assert child(panel, "param_stop_value", QLineEdit).text() == r"\n\n, ###"
    assert panel.values() == {"stop": ["\n\n", "###"]}


def test_seed_takes_64_bit_integers(panel: ParameterPanel, qtbot: Any) -> None:
    seed = child(panel, "param_seed_value", QLineEdit)
    qtbot.keyClicks(seed, "9223372036854775807")
    assert panel.values() == {"seed": 2**63 - 1}
    seed.clear()
    qtbot.keyClicks(seed, "12ab")  # the validator keeps letters out
    assert seed.text() == "12"


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("stop", "a, b, c, d, e", "stop: at most 4 sequences (5 given)"),
        ("stop", r"\q", r"stop: unknown escape \q"),
        ("seed", "abc", "seed: must be a whole number"),
        ("seed", "99999999999999999999", "seed: must be between"),
        ("logit_bias", '{"1234": 150}', "logit_bias: bias for 1234 must be between -100 and 100"),
        ("logit_bias", "1234: -101", "logit_bias: bias for 1234 must be between -100 and 100"),
        ("logit_bias", '{"x": 1}', "logit_bias: 'x' is not a token id"),
        ("logit_bias", '{"1": 1', "logit_bias: not valid JSON (line 1, column 8"),
    ],
)
def test_values_that_cannot_be_sent_are_named(
    panel: ParameterPanel, name: str, text: str, message: str
) -> None:
    child(panel, f"param_{name}_value", QLineEdit).setText(text)  # setText skips the validator
    assert sent_box(panel, name).isChecked()
    problems = panel.problems()
    assert len(problems) == 1 and problems[0].startswith(message)
    label = child(panel, f"param_{name}_problem", QLabel)
    assert label.isVisible() and label.text().startswith(message)
    assert child(panel, f"param_{name}_value", QLineEdit).toolTip().startswith(message)
    assert name not in panel.values()
    sent_box(panel, name).setChecked(False)  # not sent: no longer a problem
    assert panel.problems() == [] and not label.isVisible()


def test_top_logprobs_turns_logprobs_on(panel: ParameterPanel) -> None:
    child(panel, "param_top_logprobs_value", QSpinBox).setValue(3)
    assert sent_box(panel, "logprobs").isChecked()
    assert panel.values() == {"logprobs": True, "top_logprobs": 3}
    sent_box(panel, "logprobs").setChecked(False)
    assert not sent_box(panel, "top_logprobs").isChecked()
    assert panel.values() == {}
    spin = child(panel, "param_top_logprobs_value", QSpinBox)
    assert (spin.minimum(), spin.maximum()) == (0, 20)
    n = child(panel, "param_n_value", QSpinBox)
    assert (n.minimum(), n.maximum()) == (1, 128)


def test_blocked_parameters_are_greyed_with_the_reason(panel: ParameterPanel) -> None:
    panel.set_blocked(
        {"logprobs": "No log probabilities.", "top_logprobs": "No log probabilities."}
    )
    for name in ("logprobs", "top_logprobs"):
        row = child(panel, f"param_{name}")
        assert not row.isEnabled() and row.toolTip() == "No log probabilities."
    assert child(panel, "param_logit_bias").isEnabled()
    panel.set_blocked({})
    assert child(panel, "param_logprobs").isEnabled()


def test_response_format_kinds(panel: ParameterPanel) -> None:
    combo = child(panel, "param_response_format_value", QComboBox)
    combo.setCurrentIndex(combo.findText("json_object"))
    assert sent_box(panel, "response_format").isChecked()
    assert panel.values() == {"response_format": {"type": "json_object"}}
    combo.setCurrentIndex(combo.findText("text"))
    assert panel.values() == {"response_format": {"type": "text"}}
    sent_box(panel, "response_format").setChecked(False)
    assert panel.values() == {}
    sent_box(panel, "response_format").setChecked(True)  # back to the last kind
    assert combo.currentText() == "text"
    combo.setCurrentIndex(combo.findText("json_schema"))  # a starting schema, sendable at once
    rf = panel.values()["response_format"]
    assert rf["type"] == "json_schema" and rf["json_schema"]["strict"] is True
    assert child(panel, "param_response_format_edit", QAbstractButton).isVisible()


def test_schema_dialog_builds_openais_shape(panel: ParameterPanel, qtbot: Any) -> None:
    combo = child(panel, "param_response_format_value", QComboBox)
    combo.setCurrentIndex(combo.findText("json_schema"))
    click(qtbot, child(panel, "param_response_format_edit", QAbstractButton))
    dlg = child(panel, "schemaDialog")
    assert dlg is not None and dlg.isVisible()
    edit = child(dlg, "schemaEdit", QPlainTextEdit)
    status = child(dlg, "schemaStatus", QLabel)
    edit.setPlainText('{\n  "type": "object",\n  "properties": {}\n  "x": 1\n}')
    assert status.text().endswith("(line 4, column 3: expected ',')")
    assert not ok_button(dlg).isEnabled()
    schema = {
        "type": "object",
        "properties": {"city": {"type": "string"}},
        "required": ["city"],
        "additionalProperties": False,
    }
    edit.setPlainText(json.dumps(schema))
    assert status.text() == "Valid JSON schema."
    child(dlg, "schemaName", QLineEdit).setText("city_answer")
    child(dlg, "schemaStrict", QCheckBox).setChecked(False)
    child(dlg, "schemaStrict", QCheckBox).setChecked(True)
    click(qtbot, ok_button(dlg))
    assert panel.values() == {
        "response_format": {
            "type": "json_schema",
            "json_schema": {"name": "city_answer", "schema": schema, "strict": True},
        }
    }
    assert "city_answer" in child(panel, "param_response_format_schema", QLabel).text()


def test_schema_dialog_templates_and_strict_advice(panel: ParameterPanel, qtbot: Any) -> None:
    dlg = panel.open_schema_dialog()
    templates = child(dlg, "schemaTemplate", QComboBox)
    assert templates.count() >= 2
    templates.activated.emit(1)
    edit = child(dlg, "schemaEdit", QPlainTextEdit)
    assert json.loads(edit.toPlainText())["type"] == "object"
    edit.setPlainText('{"type": "object", "properties": {"a": {"type": "string"}}}')
    status = child(dlg, "schemaStatus", QLabel).text()
    assert "Strict mode may refuse it" in status and "additionalProperties" in status
    child(dlg, "schemaName", QLineEdit).setText("")
    assert not ok_button(dlg).isEnabled()
    assert "schema name" in child(dlg, "schemaStatus", QLabel).text()
    dlg.reject()


def _wait_lookup(qtbot: Any, dlg: Any) -> None:
    qtbot.waitUntil(lambda: dlg.is_ready() and dlg.add_button.isEnabled(), timeout=20000)


def test_logit_bias_lookup_adds_tokens_with_one_click(panel: ParameterPanel, qtbot: Any) -> None:
    panel.set_model("gpt-4o")
    click(qtbot, child(panel, "param_logit_bias_edit", QAbstractButton))
    dlg = child(panel, "logitBiasDialog")
    assert child(dlg, "logitBiasEncoding", QComboBox).currentText() == "o200k_base"
    child(dlg, "logitBiasLookupText", QLineEdit).setText("Hello world")
    _wait_lookup(qtbot, dlg)
    results = child(dlg, "logitBiasLookupResults")
    shown = [(results.item(r, 0).text(), results.item(r, 1).text()) for r in range(2)]
    assert shown == [("13225", "Hello"), ("2375", "␣world")]
    child(dlg, "logitBiasNewBias", QSpinBox).setValue(-50)
    click(qtbot, child(dlg, "logitBiasAddButton", QAbstractButton))
    child(dlg, "logitBiasLookupIds", QLineEdit).setText("1234, 5678")
    qtbot.waitUntil(lambda: dlg.lookup_ids() == [1234, 5678], timeout=5000)
    child(dlg, "logitBiasNewBias", QSpinBox).setValue(7)
    click(qtbot, child(dlg, "logitBiasAddButton", QAbstractButton))
    child(dlg, "logitBias_13225", QSpinBox).setValue(-100)
    click(qtbot, ok_button(dlg))
    expected = {"13225": -100, "2375": -50, "1234": 7, "5678": 7}
    assert panel.values() == {"logit_bias": expected}
    assert sent_box(panel, "logit_bias").isChecked()
    assert child(panel, "param_logit_bias_summary", QLabel).text() == "4 tokens"
    assert json.loads(child(panel, "param_logit_bias_value", QLineEdit).text()) == expected


def test_logit_bias_dialog_edits_what_is_there(panel: ParameterPanel, qtbot: Any) -> None:
    panel.set_model("gpt-3.5-turbo")
    child(panel, "param_logit_bias_value", QLineEdit).setText("9906: 5, 1917: -5")
    dlg = panel.open_logit_bias_dialog()
    assert child(dlg, "logitBiasEncoding", QComboBox).currentText() == "cl100k_base"
    assert dlg.bias() == {"9906": 5, "1917": -5}
    table = child(dlg, "logitBiasTable")
    qtbot.waitUntil(lambda: table.item(0, 1).text() == "Hello", timeout=20000)
    table.selectRow(0)
    click(qtbot, child(dlg, "logitBiasRemoveButton", QAbstractButton))
    child(dlg, "logitBiasLookupIds", QLineEdit).setText("12, x")
    qtbot.waitUntil(
        lambda: "'x' is not a token id" in child(dlg, "logitBiasLookupStatus", QLabel).text(),
        timeout=5000,
    )
    click(qtbot, ok_button(dlg))
    assert panel.values() == {"logit_bias": {"1917": -5}}
    child(panel.open_logit_bias_dialog(), "logitBiasClearButton").click()
    dlg2 = panel.findChildren(QDialog, "logitBiasDialog")[-1]
    dlg2.accept()
    assert "logit_bias" not in panel.values() and not sent_box(panel, "logit_bias").isChecked()


FULL = {
    "temperature": 0.5,
    "top_p": 0.9,
    "max_tokens": 200,
    "presence_penalty": 0.1,
    "frequency_penalty": -0.1,
    "stop": ["\n\n", "END"],
    "seed": -(2**62),
    "n": 3,
    "response_format": json_schema_format("a", {"type": "object"}, strict=False),
    "logprobs": True,
    "top_logprobs": 2,
    "logit_bias": {"1": -100, "2": 100},
    "user": "someone",
}


def test_set_values_round_trip_and_unset(panel: ParameterPanel) -> None:
    panel.set_values(FULL)
    assert panel.values() == FULL
    panel.set_values({"n": 2})
    assert panel.values() == {"n": 2}


def test_presets_apply_the_full_state(panel: ParameterPanel, tmp_path: Path, qtbot: Any) -> None:
    path = tmp_path / "param_presets.json"
    panel.set_presets_file(path)
    picker = child(panel, "paramPresetPicker", QComboBox)
    assert not picker.isEditable()
    names = [picker.itemData(i) for i in range(picker.count())]
    assert names[:2] == ["Deterministic", "Creative"]
    panel.set_values({"user": "u", "n": 5})
    picker.setCurrentIndex(picker.findData("Deterministic"))
    assert panel.values() == {"temperature": 0.0, "seed": 42}  # user and n unset
    assert not child(panel, "paramPresetDeleteButton", QAbstractButton).isEnabled()

    panel.set_values(FULL)
    child(panel, "param_stream_set", QCheckBox).setChecked(False)
    click(qtbot, child(panel, "paramPresetSaveButton", QAbstractButton))
    dlg = child(panel, "paramPresetNameDialog")
    assert dlg is not None and dlg.isVisible()
    dlg.setTextValue("My set")
    dlg.accept()
    saved = json.loads(path.read_text("utf-8"))["presets"]
    assert saved == [{"name": "My set", "params": FULL, "stream": False, "include_usage": True}]
    assert picker.currentData() == "My set"

    picker.setCurrentIndex(picker.findData("Creative"))
    assert panel.values() == {"temperature": 1.2, "top_p": 0.95} and panel.stream
    picker.setCurrentIndex(picker.findData("My set"))
    assert panel.values() == FULL and not panel.stream

    other = ParameterPanel()  # another start: the preset is read back from the file
    qtbot.addWidget(other)
    other.set_presets_file(path)
    assert other.apply_preset("My set") and other.values() == FULL

    picker.setCurrentIndex(picker.findData("My set"))
    click(qtbot, child(panel, "paramPresetDeleteButton", QAbstractButton))
    assert picker.findData("My set") < 0
    assert json.loads(path.read_text("utf-8"))["presets"] == []


def test_preset_names_that_are_refused_say_why(panel: ParameterPanel, tmp_path: Path) -> None:
    panel.set_presets_file(tmp_path / "p.json")
    assert not panel.save_preset("Deterministic")
    note = child(panel, "paramPresetNote", QLabel)
    assert note.isVisible() and "built-in" in note.text()
    child(panel, "param_seed_value", QLineEdit).setText("x")
    assert not panel.save_preset("Mine")
    assert "seed: must be a whole number" in note.text()
    assert not (tmp_path / "p.json").exists()


def test_the_panel_fits_a_narrow_column(panel: ParameterPanel) -> None:
    assert panel.minimumSizeHint().width() <= 340
    assert child(panel, "paramMore").isVisible()  # expanded at start-up
    click_more = child(panel, "paramMoreToggle", QAbstractButton)
    click_more.click()
    assert not child(panel, "paramMore").isVisible()
    assert child(panel, "param_logit_bias") is not None  # hidden, still there
    click_more.click()
    assert child(panel, "param_user").isVisible()
