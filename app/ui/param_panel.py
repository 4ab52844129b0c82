"""Request parameters: each a `param_<api name>` container with a "send it" checkbox.

Unchecked means the parameter is not sent and the server's default applies. Moving a slider,
typing a value or choosing an entry checks it. What the user types is parsed by app.core.params;
a value that cannot be sent is shown under its control in words, `problems()` lists them all,
and `values()` leaves it out.

Layout for a narrow side column: a preset row, the common parameters, then a collapsible
"More" section (logprobs, top_logprobs, logit_bias, user). Every control exists from start-up.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QRegularExpression, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QPalette, QRegularExpressionValidator
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QSlider,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.core.params import (
    CHAT_PARAMS,
    N_SPEC,
    TOP_LOGPROBS_SPEC,
    ParamError,
    ParamSpec,
    format_logit_bias,
    format_stop,
    json_schema_format,
    parse_logit_bias,
    parse_seed,
    parse_stop,
    validate_params,
)
from app.core.presets import PresetError, PresetStore

from . import theme
from .i18n import tr_text

if TYPE_CHECKING:
    from PySide6.QtWidgets import QInputDialog

    from .logit_bias_dialog import LogitBiasDialog
    from .schema_dialog import SchemaDialog

CHECK_WIDTH = 138  # the name column: wide enough for "frequency_penalty"

DEFAULT_SCHEMA: dict[str, Any] = {
    "name": "answer",
    "schema": {
        "type": "object",
        "properties": {"answer": {"type": "string"}},
        "required": ["answer"],
        "additionalProperties": False,
    },
    "strict": True,
}


def problem_colour(palette: QPalette) -> QColor:
    """The theme's error colour, for this palette."""
    return theme.colour("error", palette)


class _Row(QWidget):
    """A `param_<name>` container: the "send it" checkbox, the control, a problem line."""

    changed = Signal()

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.name = name
        self.setObjectName(f"param_{name}")
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(1)
        self.line = QHBoxLayout()
        self.line.setContentsMargins(0, 0, 0, 0)
        outer.addLayout(self.line)
        self.check = QCheckBox(name, self)
        self.check.setObjectName(f"param_{name}_set")
        self.check.setToolTip(
            self.tr("Checked: sent with the request. Unchecked: the server's default is used.")
        )
        self.check.setMinimumWidth(CHECK_WIDTH)
        self.line.addWidget(self.check)
        self.problem_label = QLabel(self)
        self.problem_label.setObjectName(f"param_{name}_problem")
        self.problem_label.setWordWrap(True)
        self.problem_label.hide()
        theme.tint(self.problem_label, "error")  # re-coloured by each theme switch
        self.extra = QVBoxLayout()  # rows below the first line (logit_bias, response_format)
        self.extra.setContentsMargins(0, 0, 0, 0)
        outer.addLayout(self.extra)
        outer.addWidget(self.problem_label)
        self.check.toggled.connect(self._on_toggled)
        self._style_check(False)

    def _style_check(self, on: bool) -> None:
        # The value stays editable (editing it checks the box); it only looks inactive.
        font = self.check.font()
        font.setItalic(not on)
        self.check.setFont(font)

    def _on_toggled(self, on: bool) -> None:
        self._style_check(on)
        self.refresh_problem()
        self.changed.emit()

    def is_set(self) -> bool:
        return self.check.isChecked()

    def value(self) -> Any:
        raise NotImplementedError

    def problem(self) -> str | None:
        """Why the value cannot be sent, in words (only asked when the row is set)."""
        return None

    def set_value(self, value: Any) -> None:
        raise NotImplementedError

    def editor(self) -> QWidget | None:
        """The widget the user types into, which gets the problem as its tooltip."""
        return None

    def refresh_problem(self) -> None:
        text = self.problem() if self.is_set() else None
        self.problem_label.setText(text or "")
        self.problem_label.setVisible(bool(text))
        ed = self.editor()
        if ed is not None:
            ed.setToolTip(text or self._help())

    def _help(self) -> str:
        return ""


class ParamControl(_Row):
    """A number: a slider and a spin box."""

    def __init__(self, spec: ParamSpec, parent: QWidget | None = None) -> None:
        super().__init__(spec.name, parent)
        self.spec = spec
        self._syncing = False
        self.slider = QSlider(Qt.Orientation.Horizontal, self)
        self.slider.setObjectName(f"param_{spec.name}_slider")
        self.spin: QSpinBox | QDoubleSpinBox
        if spec.kind is int:
            spin = QSpinBox(self)
            spin.setRange(int(spec.minimum), int(spec.maximum))
            spin.setSingleStep(int(spec.step))
            spin.setValue(int(spec.default))
            spin.valueChanged.connect(self._from_spin)
            self.spin = spin
        else:
            dspin = QDoubleSpinBox(self)
            dspin.setDecimals(spec.decimals)
            dspin.setRange(spec.minimum, spec.maximum)
            dspin.setSingleStep(spec.step)
            dspin.setValue(spec.default)
            dspin.valueChanged.connect(self._from_spin)
            self.spin = dspin
        self.spin.setObjectName(f"param_{spec.name}_value")
        lo, hi = (
            (str(int(spec.minimum)), str(int(spec.maximum)))
            if spec.kind is int
            else (f"{spec.minimum:.{spec.decimals}f}", f"{spec.maximum:.{spec.decimals}f}")
        )
        self.spin.setToolTip(self.tr("From {0} to {1}").format(lo, hi))
        self.spin.setMinimumWidth(84)
        top = spec.slider_max if spec.slider_max is not None else spec.maximum
        self.slider.setRange(self._to_steps(spec.minimum), self._to_steps(top))
        self.slider.setValue(self._to_steps(spec.default))
        self.slider.valueChanged.connect(self._from_slider)
        self.slider.setMinimumWidth(40)
        self.line.addWidget(self.slider, 1)
        self.line.addWidget(self.spin)

    def _to_steps(self, v: float) -> int:
        return round(v / self.spec.step)

    def _from_slider(self, steps: int) -> None:
        if self._syncing:
            return
        self._syncing = True
        value = steps * self.spec.step
        if isinstance(self.spin, QSpinBox):
            self.spin.setValue(int(value))
        else:
            self.spin.setValue(value)
        self._syncing = False
        self.check.setChecked(True)
        self.changed.emit()

    def _from_spin(self, value: float) -> None:
        if self._syncing:
            return
        self._syncing = True
        self.slider.setValue(self._to_steps(value))
        self._syncing = False
        self.check.setChecked(True)
        self.changed.emit()

    def value(self) -> float | int:
        v = self.spin.value()
        return int(v) if self.spec.kind is int else round(float(v), 4)

    def set_value(self, value: float | None) -> None:
        """Set a value and check the box, or uncheck it with None."""
        if value is None:
            self.check.setChecked(False)
            return
        self._syncing = True
        if isinstance(self.spin, QSpinBox):
            self.spin.setValue(int(value))
        else:
            self.spin.setValue(float(value))
        self.slider.setValue(self._to_steps(float(value)))
        self._syncing = False
        self.check.setChecked(True)


class _TextRow(_Row):
    """A value typed into a line edit; text checks the box, an empty field unchecks it."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(name, parent)
        self.edit = QLineEdit(self)
        self.edit.setObjectName(f"param_{name}_value")
        self.edit.setClearButtonEnabled(True)
        self.edit.textChanged.connect(self._on_text)
        self.edit.editingFinished.connect(self._tidy)
        self.line.addWidget(self.edit, 1)

    def editor(self) -> QWidget:
        return self.edit

    def _on_text(self, text: str) -> None:
        self.check.blockSignals(True)
        self.check.setChecked(bool(text.strip()))
        self.check.blockSignals(False)
        self._style_check(self.check.isChecked())
        self.refresh_problem()
        self.changed.emit()

    def _tidy(self) -> None:
        """Rewrite a valid value in its canonical form (escapes shown) when editing ends."""

    def _show_text(self, text: str) -> None:
        self.edit.blockSignals(True)
        self.edit.setText(text)
        self.edit.blockSignals(False)

    def set_value(self, value: Any) -> None:
        if value is None:
            self.check.setChecked(False)
            return
        self._show_text(self._format(value))
        self.check.setChecked(True)
        self.refresh_problem()

    def _format(self, value: Any) -> str:
        return str(value)


class StopRow(_TextRow):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("stop", parent)
        self.edit.setPlaceholderText(self.tr(r"e.g. \n\n, END"))
        self.edit.setToolTip(self._help())

    def _help(self) -> str:
        return self.tr(
            "Up to 4 sequences, separated by commas, with escapes: \\n newline, \\t tab, "
            '\\\\ backslash. Put a sequence in double quotes to keep spaces or a comma in it: "\\n\\n", END, ", "'
        )

    def value(self) -> list[str]:
        return parse_stop(self.edit.text())

    def problem(self) -> str | None:
        try:
            if not parse_stop(self.edit.text()):
                return self.tr("stop: write at least one sequence, or uncheck it")
        except ParamError as exc:
            return tr_text(exc)
        return None

    def _tidy(self) -> None:
        try:
            seqs = parse_stop(self.edit.text())
        except ParamError:
            return
        if seqs:
            self._show_text(format_stop(seqs))

    def _format(self, value: Any) -> str:
        return format_stop(value)


class SeedRow(_TextRow):
    """A line edit, not a spin box: the API's seed is a 64-bit integer and QSpinBox stops at
    2,147,483,647. The validator lets only a sign and digits be typed."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("seed", parent)
        self.edit.setValidator(
            QRegularExpressionValidator(QRegularExpression(r"[+-]?\d{0,19}"), self.edit)
        )
        self.edit.setPlaceholderText(self.tr("e.g. 42"))
        self.edit.setToolTip(self._help())

    def _help(self) -> str:
        return self.tr("Any 64-bit whole number; the same seed gives the same answer (best effort)")

    def value(self) -> int:
        return parse_seed(self.edit.text())

    def problem(self) -> str | None:
        try:
            parse_seed(self.edit.text())
        except ParamError as exc:
            return tr_text(exc)
        return None


class UserRow(_TextRow):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("user", parent)
        self.edit.setPlaceholderText(self.tr("end-user id"))
        self.edit.setToolTip(self._help())

    def _help(self) -> str:
        return self.tr("An id for your end user, sent as user (helps the provider spot abuse)")

    def value(self) -> str:
        return self.edit.text()


class LogitBiasRow(_TextRow):
    """JSON or "id: bias" pairs typed in, or built in the LogitBiasDialog (Edit…)."""

    editRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("logit_bias", parent)
        self.line.removeWidget(self.edit)
        self.summary = QLabel(self)
        self.summary.setObjectName("param_logit_bias_summary")
        self.summary.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.edit_button = QPushButton(self.tr("Edit…"), self)
        self.edit_button.setObjectName("param_logit_bias_edit")
        self.edit_button.setToolTip(self.tr("Look up token ids and set their biases"))
        self.edit_button.clicked.connect(self.editRequested)
        self.line.addWidget(self.summary, 1)
        self.line.addWidget(self.edit_button)
        self.extra.addWidget(self.edit)
        self.edit.setPlaceholderText(self.tr('{"1234": -100} or 1234: -100'))
        self.edit.setToolTip(self._help())
        self._update_summary()

    def _help(self) -> str:
        return self.tr(
            'Token id → bias from -100 (never) to 100 (always), as JSON {"1234": -100} '
            "or as pairs 1234: -100, 5678: 5"
        )

    def _on_text(self, text: str) -> None:
        super()._on_text(text)
        self._update_summary()

    def _update_summary(self) -> None:
        try:
            n = len(parse_logit_bias(self.edit.text()))
        except ParamError:
            self.summary.setText(self.tr("not valid"))
            return
        if n == 0:
            self.summary.setText(self.tr("none"))
        elif n == 1:
            self.summary.setText(self.tr("1 token"))
        else:
            self.summary.setText(self.tr("{0} tokens").format(n))

    def value(self) -> dict[str, int]:
        return parse_logit_bias(self.edit.text())

    def problem(self) -> str | None:
        try:
            if not parse_logit_bias(self.edit.text()):
                return self.tr("logit_bias: add at least one token, or uncheck it")
        except ParamError as exc:
            return tr_text(exc)
        return None

    def _tidy(self) -> None:
        try:
            bias = parse_logit_bias(self.edit.text())
        except ParamError:
            return
        if bias:
            self._show_text(format_logit_bias(bias))

    def _format(self, value: Any) -> str:
        return format_logit_bias(value)

    def set_value(self, value: Any) -> None:
        super().set_value(value)
        self._update_summary()

    def set_bias(self, bias: dict[str, int]) -> None:
        """What the dialog built: shown as JSON, checked when not empty."""
        self.edit.setText(format_logit_bias(bias))


class LogprobsRow(_Row):
    """A flag: checked sends logprobs: true (false is the API's default, so it is never sent)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("logprobs", parent)
        self.check.setToolTip(
            self.tr("Return the log probability of each token of the answer (logprobs: true)")
        )

    def value(self) -> bool:
        return True

    def set_value(self, value: Any) -> None:
        self.check.setChecked(value is True)


class ResponseFormatRow(_Row):
    """text / json_object / json_schema; the schema is written in the SchemaDialog."""

    editRequested = Signal()
    KINDS = ("text", "json_object", "json_schema")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("response_format", parent)
        self.combo = QComboBox(self)
        self.combo.setObjectName("param_response_format_value")
        self.combo.addItem(self.tr("not sent"), None)
        for kind in self.KINDS:
            self.combo.addItem(kind, kind)
        self.combo.setToolTip(
            self.tr("json_object: the answer is valid JSON. json_schema: it follows your schema.")
        )
        self.combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.line.addWidget(self.combo, 1)
        self.schema_line = QWidget(self)
        sl = QHBoxLayout(self.schema_line)
        sl.setContentsMargins(16, 0, 0, 0)
        self.schema_summary = QLabel(self.schema_line)
        self.schema_summary.setObjectName("param_response_format_schema")
        self.schema_summary.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.schema_summary.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.edit_button = QPushButton(self.tr("Edit schema…"), self.schema_line)
        self.edit_button.setObjectName("param_response_format_edit")
        self.edit_button.clicked.connect(self.editRequested)
        sl.addWidget(self.schema_summary, 1)
        sl.addWidget(self.edit_button)
        self.extra.addWidget(self.schema_line)
        self.schema: dict[str, Any] = dict(DEFAULT_SCHEMA)
        self._last_kind = "json_object"
        self.combo.currentIndexChanged.connect(self._on_kind)
        self._on_kind(0)

    def kind(self) -> str | None:
        data = self.combo.currentData()
        return data if isinstance(data, str) else None

    def _on_kind(self, _index: int) -> None:
        kind = self.kind()
        if kind is not None:
            self._last_kind = kind
        self.schema_line.setVisible(kind == "json_schema")
        self._update_summary()
        self.check.blockSignals(True)
        self.check.setChecked(kind is not None)
        self.check.blockSignals(False)
        self._style_check(kind is not None)
        self.refresh_problem()
        self.changed.emit()

    def _on_toggled(self, on: bool) -> None:
        # Checking the box picks the last kind used; unchecking shows "not sent".
        self.combo.blockSignals(True)
        self.combo.setCurrentIndex(self.combo.findData(self._last_kind) if on else 0)
        self.combo.blockSignals(False)
        self.schema_line.setVisible(self.kind() == "json_schema")
        self._update_summary()
        super()._on_toggled(on)

    def _update_summary(self) -> None:
        name = str(self.schema.get("name", ""))
        strict = self.tr("strict") if self.schema.get("strict", True) else self.tr("not strict")
        self.schema_summary.setText(f"{name} · {strict}")

    def set_schema(self, json_schema: dict[str, Any]) -> None:
        """The inner json_schema object ({"name", "schema", "strict", "description"?})."""
        self.schema = dict(json_schema)
        self._update_summary()
        self.refresh_problem()
        self.changed.emit()

    def value(self) -> dict[str, Any]:
        kind = self.kind()
        if kind == "json_schema":
            s = self.schema
            schema = s.get("schema")
            if not isinstance(schema, dict):
                raise ParamError(self.tr("response_format: write a JSON schema (Edit schema…)"))
            return json_schema_format(
                str(s.get("name", "")),
                schema,
                bool(s.get("strict", True)),
                str(s.get("description") or ""),
            )
        return {"type": kind}

    def problem(self) -> str | None:
        try:
            self.value()
        except ParamError as exc:
            return tr_text(exc)
        return None

    def set_value(self, value: Any) -> None:
        if not isinstance(value, dict):
            self.check.setChecked(False)
            return
        kind = value.get("type")
        if kind == "json_schema" and isinstance(value.get("json_schema"), dict):
            self.schema = dict(value["json_schema"])
        self.combo.setCurrentIndex(max(self.combo.findData(kind), 0))
        self._on_kind(self.combo.currentIndex())


class ParameterPanel(QGroupBox):
    changed = Signal()
    rulesRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Parameters"))
        self.setObjectName("parameterPanel")
        self.model = ""
        self.presets = PresetStore()
        self._applying = False
        self._dialogs: list[QWidget] = []
        lay = QVBoxLayout(self)
        lay.setSpacing(4)
        self._build_presets(lay)

        self.controls: dict[str, ParamControl] = {}
        self.rows: dict[str, _Row] = {}
        for spec in CHAT_PARAMS:
            self._add(lay, ParamControl(spec, self))
        self.stop_row = self._add(lay, StopRow(self))
        self.seed_row = self._add(lay, SeedRow(self))
        self._add(lay, ParamControl(N_SPEC, self))
        self.format_row = self._add(lay, ResponseFormatRow(self))
        self.format_row.editRequested.connect(self.open_schema_dialog)

        self.stream_box = self._flag(lay, "stream", self.tr("Stream the answer as it is written"))
        self.usage_box = self._flag(
            lay, "stream_options", self.tr("Ask for token usage at the end of a stream")
        )
        self.stream_box.setChecked(True)
        self.usage_box.setChecked(True)
        self.stream_box.toggled.connect(self.usage_box.setEnabled)

        self.more_button = QToolButton(self)
        self.more_button.setObjectName("paramMoreToggle")
        self.more_button.setText(self.tr("More: logprobs, logit_bias, user"))
        self.more_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.more_button.setAutoRaise(True)  # a disclosure arrow, not a pressed-looking button
        lay.addWidget(self.more_button)
        self.more = QWidget(self)
        self.more.setObjectName("paramMore")
        more_lay = QVBoxLayout(self.more)
        more_lay.setContentsMargins(0, 0, 0, 0)
        more_lay.setSpacing(4)
        lay.addWidget(self.more)
        self.logprobs_row = self._add(more_lay, LogprobsRow(self.more))
        self.top_logprobs_row = self._add(more_lay, ParamControl(TOP_LOGPROBS_SPEC, self.more))
        self.bias_row = self._add(more_lay, LogitBiasRow(self.more))
        self.bias_row.editRequested.connect(self.open_logit_bias_dialog)
        self.user_row = self._add(more_lay, UserRow(self.more))
        self.more_button.clicked.connect(lambda: self._show_more(not self.more.isVisibleTo(self)))
        self._show_more(True)
        # top_logprobs needs logprobs: true; turning logprobs off turns top_logprobs off.
        self.top_logprobs_row.check.toggled.connect(
            lambda on: self.logprobs_row.check.setChecked(True) if on else None
        )
        self.logprobs_row.check.toggled.connect(
            lambda on: self.top_logprobs_row.check.setChecked(False) if not on else None
        )

        self.rules_button = QPushButton(self.tr("Rules for this model…"), self)
        self.rules_button.setObjectName("modelRulesButton")
        self.rules_button.setToolTip(
            self.tr("Which parameters this model takes; change them when a server differs")
        )
        self.rules_button.clicked.connect(self.rulesRequested)
        lay.addWidget(self.rules_button)

    # -- building ------------------------------------------------------------------------------
    def _add(self, lay: QVBoxLayout, row: Any) -> Any:
        row.changed.connect(self.changed)
        self.rows[row.name] = row
        if isinstance(row, ParamControl):
            self.controls[row.name] = row
        lay.addWidget(row)
        return row

    def _flag(self, lay: QVBoxLayout, name: str, text: str) -> QCheckBox:
        holder = QWidget(self)
        lay.addWidget(holder)
        holder.setObjectName(f"param_{name}")
        hl = QHBoxLayout(holder)
        hl.setContentsMargins(0, 0, 0, 0)
        box = QCheckBox(text, holder)
        box.setObjectName(f"param_{name}_set")
        box.toggled.connect(self.changed)
        hl.addWidget(box)
        return box

    def _build_presets(self, lay: QVBoxLayout) -> None:
        row = QHBoxLayout()
        row.setSpacing(4)
        self.preset_picker = QComboBox(self)
        self.preset_picker.setObjectName("paramPresetPicker")
        self.preset_picker.setEditable(False)
        self.preset_picker.setPlaceholderText(self.tr("Presets…"))
        self.preset_picker.setToolTip(self.tr("Apply a saved set of parameters"))
        self.preset_picker.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.preset_picker.setMinimumContentsLength(8)
        self.preset_picker.currentIndexChanged.connect(self._on_preset_chosen)
        self.preset_picker.activated.connect(self._on_preset_chosen)
        row.addWidget(self.preset_picker, 1)
        self.preset_save = QToolButton(self)
        self.preset_save.setObjectName("paramPresetSaveButton")
        self.preset_save.setText(self.tr("Save…"))
        self.preset_save.setToolTip(self.tr("Save these parameters as a preset"))
        self.preset_save.clicked.connect(self.save_preset_dialog)
        row.addWidget(self.preset_save)
        self.preset_delete = QToolButton(self)
        self.preset_delete.setObjectName("paramPresetDeleteButton")
        self.preset_delete.setText(self.tr("Delete"))
        self.preset_delete.setToolTip(self.tr("Delete the chosen preset (built-in ones stay)"))
        self.preset_delete.clicked.connect(self.delete_preset)
        row.addWidget(self.preset_delete)
        lay.addLayout(row)
        self.preset_note = QLabel(self)
        self.preset_note.setObjectName("paramPresetNote")
        self.preset_note.setWordWrap(True)
        self.preset_note.hide()
        lay.addWidget(self.preset_note)
        self._note_timer = QTimer(self)
        self._note_timer.setSingleShot(True)
        self._note_timer.setInterval(8000)
        self._note_timer.timeout.connect(self.preset_note.hide)
        self._fill_presets()

    def _show_more(self, on: bool) -> None:
        self.more.setVisible(on)
        self.more_button.setArrowType(Qt.ArrowType.DownArrow if on else Qt.ArrowType.RightArrow)

    # -- values --------------------------------------------------------------------------------
    def values(self) -> dict[str, Any]:
        """The parameters the user set and that can be sent, exactly as they go into the body."""
        out: dict[str, Any] = {}
        for name, row in self.rows.items():
            if row.is_set() and row.problem() is None:
                out[name] = row.value()
        if "top_logprobs" in out and out.get("logprobs") is not True:
            del out["top_logprobs"]
        return out

    def problems(self) -> list[str]:
        """A message for each value that is set but cannot be sent; empty when all can be.

        Controls greyed out for this model are left out: they are not sent anyway."""
        out = []
        for row in self.rows.values():
            if row.is_set() and row.isEnabledTo(self):
                p = row.problem()
                if p is not None:
                    out.append(p)
        return out

    def set_values(self, params: dict[str, Any]) -> None:
        """Show these parameters; every parameter not in `params` is unset."""
        clean = validate_params(params)
        for name, row in self.rows.items():
            row.set_value(clean.get(name))

    def set_blocked(self, reasons: dict[str, str]) -> None:
        """Grey out what the chosen model does not take, saying why (values are kept)."""
        for name, row in self.rows.items():
            reason = reasons.get(name)
            row.setEnabled(reason is None)
            row.setToolTip(reason or "")

    def set_model(self, model: str) -> None:
        """The model the request goes to: picks the token encoding in the logit_bias editor."""
        self.model = model.strip()

    def note_max_tokens(self, sent_as: str) -> None:
        c = self.controls["max_tokens"]
        c.check.setText(sent_as or "max_tokens")  # the name the request will carry
        c.check.setToolTip(
            self.tr("Sent as {0} for this model.").format(sent_as)
            if sent_as
            else self.tr("Checked: sent with the request. Unchecked: the server's default is used.")
        )

    @property
    def stream(self) -> bool:
        return self.stream_box.isChecked()

    @property
    def include_usage(self) -> bool:
        return self.usage_box.isChecked()

    # -- dialogs -------------------------------------------------------------------------------
    def _keep(self, dlg: Any) -> None:
        self._dialogs.append(dlg)
        dlg.finished.connect(lambda _r: self._dialogs.remove(dlg) if dlg in self._dialogs else None)

    def open_logit_bias_dialog(self) -> LogitBiasDialog:
        from .logit_bias_dialog import LogitBiasDialog

        try:
            current = parse_logit_bias(self.bias_row.edit.text())
        except ParamError:
            current = {}
        dlg = LogitBiasDialog(current, self.model, self)
        dlg.biasChosen.connect(self.bias_row.set_bias)
        self._keep(dlg)
        dlg.open()
        return dlg

    def open_schema_dialog(self) -> SchemaDialog:
        from .schema_dialog import SchemaDialog

        dlg = SchemaDialog(self.format_row.schema, self)
        dlg.schemaChosen.connect(self._on_schema_chosen)
        self._keep(dlg)
        dlg.open()
        return dlg

    def _on_schema_chosen(self, json_schema: dict[str, Any]) -> None:
        self.format_row.set_schema(json_schema)
        self.format_row.combo.setCurrentIndex(self.format_row.combo.findData("json_schema"))

    # -- presets -------------------------------------------------------------------------------
    def set_presets_file(self, path: Path) -> None:
        """Read the user's presets from (and save them to) this file."""
        self.presets = PresetStore(path)
        self._fill_presets()

    def _fill_presets(self, current: str | None = None) -> None:
        box = self.preset_picker
        box.blockSignals(True)
        box.clear()
        for name in self.presets.names():
            label = name
            if self.presets.is_builtin(name):
                label = self.tr("{0} (built-in)").format(tr_text(name))
            box.addItem(label, name)
        box.setCurrentIndex(box.findData(current) if current else -1)
        box.blockSignals(False)
        self._update_delete()

    def _update_delete(self) -> None:
        name = self.preset_picker.currentData()
        self.preset_delete.setEnabled(bool(name) and not self.presets.is_builtin(name))

    def _note(self, text: str, problem: bool = False) -> None:
        pal = self.preset_note.palette()
        pal.setColor(
            QPalette.ColorRole.WindowText,
            problem_colour(self.palette())
            if problem
            else self.palette().color(QPalette.ColorRole.WindowText),
        )
        self.preset_note.setPalette(pal)
        self.preset_note.setText(text)
        self.preset_note.show()
        self._note_timer.start()

    def _on_preset_chosen(self, index: int) -> None:
        self._update_delete()
        name = self.preset_picker.itemData(index)
        if isinstance(name, str):
            self.apply_preset(name)

    def apply_preset(self, name: str) -> bool:
        """Set every parameter, stream and include_usage as the preset has them."""
        preset = self.presets.get(name)
        if preset is None:
            return False
        self.set_values(preset.params)
        self.stream_box.setChecked(preset.stream)
        self.usage_box.setChecked(preset.include_usage)
        i = self.preset_picker.findData(name)
        if i != self.preset_picker.currentIndex():
            self.preset_picker.blockSignals(True)
            self.preset_picker.setCurrentIndex(i)
            self.preset_picker.blockSignals(False)
            self._update_delete()
        return True

    def save_preset_dialog(self) -> QInputDialog:
        from PySide6.QtWidgets import QInputDialog  # a dialog type: made when first asked for

        dlg = QInputDialog(self)
        dlg.setObjectName("paramPresetNameDialog")
        dlg.setWindowTitle(self.tr("Save parameter preset"))
        dlg.setLabelText(self.tr("Name"))
        current = self.preset_picker.currentData()
        if isinstance(current, str) and not self.presets.is_builtin(current):
            dlg.setTextValue(current)
        dlg.textValueSelected.connect(self.save_preset)
        self._keep(dlg)
        dlg.open()
        return dlg

    def save_preset(self, name: str) -> bool:
        """Save the panel's full state (parameters, stream, include_usage) under `name`.

        Refused while a value cannot be sent: the preset would silently lack it."""
        problems = self.problems()
        if problems:
            self._note(self.tr("Fix this first: {0}").format(problems[0]), problem=True)
            return False
        try:
            preset = self.presets.put(name, self.values(), self.stream, self.include_usage)
        except PresetError as exc:
            self._note(tr_text(exc), problem=True)
            return False
        except OSError as exc:
            self._note(self.tr("Could not save the preset: {0}").format(exc.strerror or exc), True)
            return False
        self._fill_presets(preset.name)
        self._note(self.tr("Saved the preset “{0}”.").format(preset.name))
        return True

    def delete_preset(self) -> bool:
        name = self.preset_picker.currentData()
        if not isinstance(name, str):
            return False
        try:
            removed = self.presets.remove(name)
        except PresetError as exc:
            self._note(tr_text(exc), problem=True)
            return False
        except OSError as exc:
            self._note(
                self.tr("Could not delete the preset: {0}").format(exc.strerror or exc), True
            )
            return False
        self._fill_presets()
        if removed:
            self._note(self.tr("Deleted the preset “{0}”.").format(name))
        return removed
