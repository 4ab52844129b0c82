"""What the server says about one model (`GET /models/{id}`), fields and raw JSON."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)


class ModelDetailsDialog(QDialog):
    def __init__(self, model: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setObjectName("modelDetailsDialog")
        self.setWindowTitle(self.tr("Model {0}").format(model))
        self.resize(520, 380)
        lay = QVBoxLayout(self)
        self.summary = QLabel(self.tr("Asking the server about {0}…").format(model), self)
        self.summary.setObjectName("modelDetailsSummary")
        self.summary.setWordWrap(True)
        lay.addWidget(self.summary)
        self.text = QPlainTextEdit(self)
        self.text.setObjectName("modelDetailsText")
        self.text.setReadOnly(True)
        lay.addWidget(self.text, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)

    def show_model(
        self, model_id: str, owner: str | None, created: int | None, raw: dict[str, Any]
    ) -> None:
        lines = [self.tr("Id: {0}").format(model_id)]
        if owner:
            lines.append(self.tr("Owner: {0}").format(owner))
        if created:
            when = datetime.fromtimestamp(created, UTC).strftime("%Y-%m-%d %H:%M UTC")
            lines.append(self.tr("Created: {0}").format(when))
        self.summary.setText("\n".join(lines))
        self.text.setPlainText(json.dumps(raw, indent=2, ensure_ascii=False))

    def show_error(self, message: str) -> None:
        self.summary.setText(message)
