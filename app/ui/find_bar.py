"""Find in the conversation: a bar above the view (Ctrl+F), matches highlighted, Enter / F3 for
the next one, Shift+Enter / Shift+F3 for the previous, Esc closes it."""

from __future__ import annotations

from PySide6 import QtCore
from PySide6.QtCore import QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QToolButton, QWidget

from .conversation_view import ConversationView


class _FindEdit(QLineEdit):
    def __init__(self, bar: FindBar) -> None:
        super().__init__(bar)
        self.bar = bar

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key == QtCore.Qt.Key.Key_Escape:  # closes the bar here; elsewhere Esc stops an answer
            self.bar.close_bar()
            return
        if key in (QtCore.Qt.Key.Key_Return, QtCore.Qt.Key.Key_Enter):
            if event.modifiers() & QtCore.Qt.KeyboardModifier.ShiftModifier:
                self.bar.previous()
            else:
                self.bar.next()
            return
        super().keyPressEvent(event)


class FindBar(QWidget):
    def __init__(self, view: ConversationView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("findBar")
        self.view = view
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 2)
        self.edit = _FindEdit(self)
        self.edit.setObjectName("findEdit")
        self.edit.setPlaceholderText(self.tr("Find in the conversation"))
        self.edit.setAccessibleName(self.tr("Find in the conversation"))
        self.edit.setClearButtonEnabled(True)
        self.count = QLabel(self)
        self.count.setObjectName("findCount")
        self.prev_button = QToolButton(self)
        self.prev_button.setObjectName("findPreviousButton")
        self.prev_button.setText("▲")
        self.prev_button.setToolTip(self.tr("Previous match (Shift+F3)"))
        self.prev_button.setAccessibleName(self.tr("Previous match"))
        self.next_button = QToolButton(self)
        self.next_button.setObjectName("findNextButton")
        self.next_button.setText("▼")
        self.next_button.setToolTip(self.tr("Next match (F3)"))
        self.next_button.setAccessibleName(self.tr("Next match"))
        self.close_button = QToolButton(self)
        self.close_button.setObjectName("findCloseButton")
        self.close_button.setText("✕")
        self.close_button.setToolTip(self.tr("Close (Esc)"))
        self.close_button.setAccessibleName(self.tr("Close the find bar"))
        lay.addWidget(self.edit, 1)
        lay.addWidget(self.count)
        lay.addWidget(self.prev_button)
        lay.addWidget(self.next_button)
        lay.addWidget(self.close_button)
        # Searching a long conversation takes a moment: wait for a pause in the typing.
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(150)
        self._timer.timeout.connect(self.search)
        self._searched = ""  # the text the view's matches are for
        self.edit.textChanged.connect(lambda _t: self._timer.start())
        self.prev_button.clicked.connect(self.previous)
        self.next_button.clicked.connect(self.next)
        self.close_button.clicked.connect(self.close_bar)
        view.findChanged.connect(self._on_found)
        self.hide()

    def open_bar(self) -> None:
        self.show()
        self.edit.setFocus()
        self.edit.selectAll()
        if self.edit.text():
            self.search()

    def close_bar(self) -> None:
        self._timer.stop()
        self._searched = ""
        self.view.clear_find()
        self.hide()
        self.view.setFocus()

    def search(self) -> int:
        self._timer.stop()
        text = self.edit.text()
        self._searched = text
        if not text:
            self.view.clear_find()
            return 0
        return self.view.find_text(text)

    def _stale(self) -> bool:
        return self._timer.isActive() or self._searched != self.edit.text()

    def next(self) -> None:
        if self._stale():
            self.search()
        elif self._searched:
            self.view.find_next()

    def previous(self) -> None:
        if self._stale():
            self.search()
        elif self._searched:
            self.view.find_previous()

    def _on_found(self, current: int, total: int) -> None:
        if not self.edit.text():
            self.count.clear()
        elif total == 0:
            self.count.setText(self.tr("No matches"))
        else:
            self.count.setText(self.tr("{0} of {1}").format(current, total))
