"""Connection settings: base URL and API key, showing what comes from the environment.

Opened with `open()`, never `exec()`: a nested event loop inside the qasync loop breaks tasks.
"""

from __future__ import annotations

import os

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.core.settings import DEFAULT_BASE_URL, Settings


class SettingsDialog(QDialog):
    def __init__(self, settings: Settings, session_key: str | None, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setObjectName("settingsDialog")
        self.setWindowTitle(self.tr("Connection settings"))
        self.setMinimumWidth(520)
        env_url = os.environ.get("OPENAI_BASE_URL", "").strip()
        env_key = bool(os.environ.get("OPENAI_API_KEY", "").strip())

        self.base_url = QLineEdit(settings.base_url, self)
        self.base_url.setObjectName("baseUrlEdit")
        self.base_url.setPlaceholderText(env_url or DEFAULT_BASE_URL)
        self.api_key = QLineEdit(session_key or "", self)
        self.api_key.setObjectName("apiKeyEdit")
        self.api_key.setEchoMode(QLineEdit.EchoMode.Password)
        self.api_key.setPlaceholderText(
            self.tr("from OPENAI_API_KEY") if env_key else self.tr("sk-… (local servers need none)")
        )
        reveal = QToolButton(self)
        reveal.setObjectName("revealKeyButton")
        reveal.setText(self.tr("Show"))
        reveal.setCheckable(True)
        reveal.toggled.connect(self._reveal)
        self.timeout = QDoubleSpinBox(self)
        self.timeout.setObjectName("timeoutSpin")
        self.timeout.setRange(5, 3600)
        self.timeout.setSuffix(" s")
        self.timeout.setValue(settings.request_timeout)

        form = QFormLayout()
        form.addRow(self.tr("Base URL"), self.base_url)
        url_note = (
            self.tr("Empty: OPENAI_BASE_URL from the environment ({0}).").format(env_url)
            if env_url
            else self.tr("Empty: {0}. Local servers: e.g. http://127.0.0.1:8080/v1").format(
                DEFAULT_BASE_URL
            )
        )
        form.addRow("", self._note(url_note))
        key_row = QHBoxLayout()
        key_row.addWidget(self.api_key, 1)
        key_row.addWidget(reveal)
        form.addRow(self.tr("API key"), key_row)
        key_note = self.tr(
            "The key is kept in memory only while Chatterdesk runs and is never written to a file."
        )
        if env_key:
            key_note += " " + self.tr("Empty: OPENAI_API_KEY from the environment is used.")
        form.addRow("", self._note(key_note))
        form.addRow(self.tr("Read timeout"), self.timeout)

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(buttons)

    def _note(self, text: str) -> QLabel:
        lab = QLabel(text, self)
        lab.setWordWrap(True)
        lab.setStyleSheet("color: gray;")
        return lab

    def _reveal(self, on: bool) -> None:
        self.api_key.setEchoMode(QLineEdit.EchoMode.Normal if on else QLineEdit.EchoMode.Password)
