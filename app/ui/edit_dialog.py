"""Edit a message: save in place, or (for your own messages) save as a new branch and resend."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)


class EditMessageDialog(QDialog):
    saved = Signal(str, str, bool)  # message id, text, resend

    def __init__(self, message_id: str, role: str, text: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setObjectName("editMessageDialog")
        self.setWindowTitle(self.tr("Edit message"))
        self.resize(640, 400)
        self.message_id = message_id
        lay = QVBoxLayout(self)
        lay.addWidget(QLabel(self.tr("Role: {0}").format(role), self))
        self.editor = QPlainTextEdit(text, self)
        self.editor.setObjectName("editMessageText")
        lay.addWidget(self.editor, 1)
        buttons = QDialogButtonBox(self)
        self.save_button = QPushButton(self.tr("Save"), self)
        self.save_button.setObjectName("editSaveButton")
        self.save_button.setToolTip(self.tr("Change this message in place"))
        buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.resend_button: QPushButton | None = None
        if role == "user":
            self.resend_button = QPushButton(self.tr("Save and resend"), self)
            self.resend_button.setObjectName("editResendButton")
            self.resend_button.setToolTip(
                self.tr("Send the edited message for a new answer; the old one stays as a branch")
            )
            buttons.addButton(self.resend_button, QDialogButtonBox.ButtonRole.AcceptRole)
            self.resend_button.clicked.connect(lambda: self._done(True))
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.save_button.clicked.connect(lambda: self._done(False))
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)

    def _done(self, resend: bool) -> None:
        self.saved.emit(self.message_id, self.editor.toPlainText(), resend)
        self.accept()
