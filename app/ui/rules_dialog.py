"""The rules Chatterdesk applies to one model, and the user's overrides of them."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.core.model_rules import RuleStore, builtin


class ModelRulesDialog(QDialog):
    changed = Signal()

    def __init__(self, model: str, rules: RuleStore, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setObjectName("modelRulesDialog")
        self.setWindowTitle(self.tr("Rules for {0}").format(model))
        self.model = model
        self.rules = rules
        caps = rules.capabilities(model)
        lay = QVBoxLayout(self)
        intro = QLabel(
            self.tr(
                "What Chatterdesk sends to this model. The defaults come from the model's name; "
                "change them when a server behaves differently."
            ),
            self,
        )
        intro.setWordWrap(True)
        lay.addWidget(intro)
        self.max_completion = QCheckBox(self.tr("Send max_tokens as max_completion_tokens"), self)
        self.max_completion.setObjectName("ruleMaxCompletion")
        self.max_completion.setChecked(caps.max_tokens_param == "max_completion_tokens")
        self.sampling = QCheckBox(self.tr("Takes temperature and top_p"), self)
        self.sampling.setObjectName("ruleSampling")
        self.sampling.setChecked(caps.sampling)
        self.penalties = QCheckBox(self.tr("Takes presence and frequency penalties"), self)
        self.penalties.setObjectName("rulePenalties")
        self.penalties.setChecked(caps.penalties)
        self.logprobs = QCheckBox(self.tr("Returns log probabilities"), self)
        self.logprobs.setObjectName("ruleLogprobs")
        self.logprobs.setChecked(caps.logprobs)
        for box in (self.max_completion, self.sampling, self.penalties, self.logprobs):
            lay.addWidget(box)
        lay.addWidget(QLabel(self.tr("Parameters the server refused (not sent):"), self))
        self.dropped = QListWidget(self)
        self.dropped.setObjectName("ruleDropped")
        for name in sorted(caps.dropped):
            QListWidgetItem(name, self.dropped)
        lay.addWidget(self.dropped)
        forget = QPushButton(self.tr("Send the selected one again"), self)
        forget.setObjectName("ruleForgetButton")
        forget.clicked.connect(self._forget)
        lay.addWidget(forget)
        reset = QPushButton(self.tr("Back to the built-in rules"), self)
        reset.setObjectName("ruleResetButton")
        reset.clicked.connect(self._reset)
        lay.addWidget(reset)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self._save)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)

    def _forget(self) -> None:
        item = self.dropped.currentItem()
        if item is not None:
            self.rules.forget_drop(self.model, item.text())
            self.dropped.takeItem(self.dropped.row(item))
            self.changed.emit()

    def _reset(self) -> None:
        self.rules.clear_override(self.model)
        caps = builtin(self.model)
        self.max_completion.setChecked(caps.max_tokens_param == "max_completion_tokens")
        self.sampling.setChecked(caps.sampling)
        self.penalties.setChecked(caps.penalties)
        self.logprobs.setChecked(caps.logprobs)
        self.changed.emit()

    def _save(self) -> None:
        base = builtin(self.model)
        wanted = {
            "max_tokens_param": "max_completion_tokens"
            if self.max_completion.isChecked()
            else "max_tokens",
            "sampling": self.sampling.isChecked(),
            "penalties": self.penalties.isChecked(),
            "logprobs": self.logprobs.isChecked(),
        }
        diff = {k: v for k, v in wanted.items() if getattr(base, k) != v}
        self.rules.clear_override(self.model)
        if diff:
            self.rules.override(self.model, **diff)
        self.changed.emit()
        self.accept()
