"""The message box: Enter sends, Shift+Enter starts a new line."""

from __future__ import annotations

from PySide6 import QtCore
from PySide6.QtCore import Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QPlainTextEdit, QWidget


class Composer(QPlainTextEdit):
    submitted = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("composerEdit")
        self.setPlaceholderText(self.tr("Write a message. Enter sends, Shift+Enter adds a line."))
        self.setTabChangesFocus(True)

    def keyPressEvent(self, e: QKeyEvent) -> None:
        if e.key() in (QtCore.Qt.Key.Key_Return, QtCore.Qt.Key.Key_Enter):
            mods = e.modifiers()
            if not (mods & QtCore.Qt.KeyboardModifier.ShiftModifier):
                e.accept()
                self.submitted.emit()
                return
            self.insertPlainText("\n")
            e.accept()
            return
        super().keyPressEvent(e)
