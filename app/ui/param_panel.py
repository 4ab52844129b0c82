"""Request parameters: each a `param_<api name>` container with a "send it" checkbox.

Unchecked means the parameter is not sent and the server's default applies. Moving the slider or
typing a value checks it.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDoubleSpinBox,
    QGroupBox,
    QHBoxLayout,
    QPushButton,
    QSlider,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.core.params import CHAT_PARAMS, ParamSpec


class ParamControl(QWidget):
    changed = Signal()

    def __init__(self, spec: ParamSpec, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.spec = spec
        self.setObjectName(f"param_{spec.name}")
        self._syncing = False
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.check = QCheckBox(spec.name, self)
        self.check.setObjectName(f"param_{spec.name}_set")
        self.check.setToolTip(
            self.tr("Checked: sent with the request. Unchecked: the server's default is used.")
        )
        self.check.setMinimumWidth(150)
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
        self.spin.setMinimumWidth(90)
        top = spec.slider_max if spec.slider_max is not None else spec.maximum
        self.slider.setRange(self._to_steps(spec.minimum), self._to_steps(top))
        self.slider.setValue(self._to_steps(spec.default))
        self.slider.valueChanged.connect(self._from_slider)
        self.check.toggled.connect(self._on_toggled)
        lay.addWidget(self.check)
        lay.addWidget(self.slider, 1)
        lay.addWidget(self.spin)
        self._on_toggled(False)

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

    def _on_toggled(self, on: bool) -> None:
        # The value stays editable (editing it checks the box); it only looks inactive.
        font = self.check.font()
        font.setItalic(not on)
        self.check.setFont(font)
        self.changed.emit()

    def is_set(self) -> bool:
        return self.check.isChecked()

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


class ParameterPanel(QGroupBox):
    changed = Signal()
    rulesRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Parameters"))
        self.setObjectName("parameterPanel")
        lay = QVBoxLayout(self)
        self.controls: dict[str, ParamControl] = {}
        for spec in CHAT_PARAMS:
            c = ParamControl(spec, self)
            c.changed.connect(self.changed)
            self.controls[spec.name] = c
            lay.addWidget(c)
        self.stream_box = self._flag(lay, "stream", self.tr("Stream the answer as it is written"))
        self.usage_box = self._flag(
            lay, "stream_options", self.tr("Ask for token usage at the end of a stream")
        )
        self.stream_box.setChecked(True)
        self.usage_box.setChecked(True)
        self.stream_box.toggled.connect(self.usage_box.setEnabled)
        self.rules_button = QPushButton(self.tr("Rules for this model…"), self)
        self.rules_button.setObjectName("modelRulesButton")
        self.rules_button.setToolTip(
            self.tr("Which parameters this model takes; change them when a server differs")
        )
        self.rules_button.clicked.connect(self.rulesRequested)
        lay.addWidget(self.rules_button)

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

    def values(self) -> dict[str, Any]:
        """The parameters the user set, and nothing else."""
        return {n: c.value() for n, c in self.controls.items() if c.is_set()}

    def set_blocked(self, reasons: dict[str, str]) -> None:
        """Grey out what the chosen model does not take, saying why (values are kept)."""
        for name, c in self.controls.items():
            reason = reasons.get(name)
            c.setEnabled(reason is None)
            c.setToolTip(reason or "")

    def note_max_tokens(self, sent_as: str) -> None:
        c = self.controls["max_tokens"]
        c.check.setText(sent_as or "max_tokens")  # the name the request will carry
        c.check.setToolTip(
            self.tr("Sent as {0} for this model.").format(sent_as)
            if sent_as
            else self.tr("Checked: sent with the request. Unchecked: the server's default is used.")
        )

    def set_values(self, params: dict[str, Any]) -> None:
        for n, c in self.controls.items():
            c.set_value(params.get(n))

    @property
    def stream(self) -> bool:
        return self.stream_box.isChecked()

    @property
    def include_usage(self) -> bool:
        return self.usage_box.isChecked()
