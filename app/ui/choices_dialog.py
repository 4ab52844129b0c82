"""The n choices of one request side by side; the user picks the one the conversation follows.

Every choice is already a branch in the conversation (◀ k/n ▶), so nothing is lost whichever is
picked; this window only makes them comparable at a glance, live while they stream.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.core.conversation import Message, Status
from app.core.markdown import render_markdown

from .safe_browser import SafeBrowser

if TYPE_CHECKING:
    from .controller import ChatController


class _Column(QGroupBox):
    def __init__(self, k: int, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName(f"choice_{k}")
        self.setMinimumWidth(260)
        lay = QVBoxLayout(self)
        self.info = QLabel(self)
        self.info.setObjectName(f"choiceInfo_{k}")
        self.info.setWordWrap(True)
        self.view = SafeBrowser(self)
        self.view.setObjectName(f"choiceView_{k}")
        self.use = QPushButton(self)
        self.use.setObjectName(f"choiceUse_{k}")
        lay.addWidget(self.info)
        lay.addWidget(self.view, 1)
        lay.addWidget(self.use)
        self.shown_text: str | None = None


class ChoicesDialog(QDialog):
    def __init__(
        self, controller: ChatController, group: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("choicesDialog")
        self.setWindowTitle(self.tr("Choices"))
        self.resize(980, 560)
        self.controller = controller
        self.group = group
        lay = QVBoxLayout(self)
        self.note = QLabel(
            self.tr(
                "Each choice is kept as a branch of the conversation. "
                "Pick the one the conversation continues with."
            ),
            self,
        )
        self.note.setWordWrap(True)
        lay.addWidget(self.note)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        holder = QWidget(scroll)
        self.row = QHBoxLayout(holder)
        scroll.setWidget(holder)
        lay.addWidget(scroll, 1)
        self.columns: list[_Column] = []
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(33)  # at most ~30 repaints a second while streaming
        self._timer.timeout.connect(self.refresh)
        controller.choicesChanged.connect(self._on_changed)
        controller.conversationReset.connect(self.schedule)
        self.refresh()

    def _on_changed(self, group: str) -> None:
        if group == self.group:
            self.schedule()

    def schedule(self) -> None:
        if not self._timer.isActive():
            self._timer.start()

    def choices(self) -> list[Message]:
        return self.controller.choices_of(self.group)

    def refresh(self) -> None:
        choices = self.choices()
        while len(self.columns) < len(choices):
            k = len(self.columns)
            col = _Column(k, self)
            col.use.clicked.connect(lambda _=False, k=k: self.use(k))
            self.columns.append(col)
            self.row.addWidget(col)
        on_path = {m.id for m in self.controller.conversation.messages}
        dark = self.palette().color(QPalette.ColorRole.Base).lightness() < 128
        for k, (col, msg) in enumerate(zip(self.columns, choices, strict=False)):
            shown = msg.id in on_path
            title = self.tr("Choice {0}").format(k + 1)
            col.setTitle(title + (" ✓" if shown else ""))
            facts = []
            if msg.status == Status.STREAMING:
                facts.append(self.tr("streaming…"))
            if msg.finish_reason:
                facts.append(self.tr("finish: {0}").format(msg.finish_reason))
            facts.append(self.tr("{0} words").format(len(msg.content.split())))
            col.info.setText(" · ".join(facts))
            if col.shown_text != msg.content:
                bar = col.view.verticalScrollBar()
                at_end = bar.value() >= bar.maximum() - 8
                col.view.setHtml(
                    render_markdown(msg.content, dark)
                    if msg.content
                    else f"<p>{html.escape('…')}</p>"
                )
                col.shown_text = msg.content
                if at_end and msg.status == Status.STREAMING:
                    bar.setValue(bar.maximum())
            col.use.setText(
                self.tr("Shown in the conversation") if shown else self.tr("Continue with this")
            )
            col.use.setEnabled(not shown and not self.controller.busy)
        self.setWindowTitle(self.tr("Choices ({0})").format(len(choices)))

    def use(self, k: int) -> None:
        choices = self.choices()
        if 0 <= k < len(choices) and self.controller.use_choice(choices[k].id):
            self.refresh()

    def text_of(self, k: int) -> str:
        return self.columns[k].view.toPlainText() if k < len(self.columns) else ""
