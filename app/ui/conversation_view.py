"""The conversation pane: one rich-text document, one frame per message.

Only the frame of a message that changed is re-rendered, at most ~30 times a second while an
answer streams, so a long conversation does not re-layout on every chunk. The document never
loads a resource (no remote images, no local files), and only http(s)/mailto links open, in the
system browser, on click.
"""

from __future__ import annotations

import html
import logging
from typing import Any

from PySide6.QtCore import QTimer, QUrl, Signal
from PySide6.QtGui import (
    QDesktopServices,
    QPalette,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextFrame,
    QTextFrameFormat,
)
from PySide6.QtWidgets import QTextBrowser, QWidget

from app.core.conversation import Message, Status
from app.core.markdown import is_safe_link, render_markdown

log = logging.getLogger("chatterdesk.ui")

RETRY_URL = "chatterdesk:retry"
REPAINT_MS = 33


class ConversationView(QTextBrowser):
    retryRequested = Signal()
    linkRefused = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("conversationView")
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setReadOnly(True)
        self.anchorClicked.connect(self._on_anchor)
        self._messages: list[Message] = []
        self._frames: list[QTextFrame] = []
        self._dirty: set[int] = set()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(REPAINT_MS)
        self._timer.timeout.connect(self.flush)
        self.document().setDocumentMargin(10)
        self._placeholder()

    # -- no resource is ever loaded -------------------------------------------------------
    def loadResource(self, type: int, name: QUrl | str) -> Any:
        log.info("refused to load a resource for the conversation: %s", name)
        return None

    def _on_anchor(self, url: QUrl) -> None:
        text = url.toString()
        if text == RETRY_URL:
            self.retryRequested.emit()
            return
        if is_safe_link(text):
            QDesktopServices.openUrl(url)
            return
        log.warning("refused to open link %r", text)
        self.linkRefused.emit(text)

    # -- content --------------------------------------------------------------------------
    def _placeholder(self) -> None:
        self.setPlaceholderText(
            self.tr("Pick a model, write a message below and press Enter to send.")
        )

    def set_messages(self, messages: list[Message]) -> None:
        """Show a whole conversation (new, loaded or reset)."""
        self._messages = messages
        self._frames = []
        self._dirty.clear()
        self.document().clear()
        for i in range(len(messages)):
            self._add_frame(i)
        self._scroll_to_bottom()

    def message_added(self, index: int) -> None:
        at_bottom = self._at_bottom()
        while len(self._frames) <= index:
            self._add_frame(len(self._frames))
        if at_bottom or self._messages[index].role == "user":
            self._scroll_to_bottom()

    def message_changed(self, index: int, immediate: bool = False) -> None:
        self._dirty.add(index)
        if immediate:
            self.flush()
        elif not self._timer.isActive():
            self._timer.start()

    def flush(self) -> None:
        self._timer.stop()
        if not self._dirty:
            return
        at_bottom = self._at_bottom()
        for i in sorted(self._dirty):
            if i < len(self._frames):
                self._render_into(self._frames[i], self._messages[i])
        self._dirty.clear()
        if at_bottom:
            self._scroll_to_bottom()

    def _frame_format(self, msg: Message) -> QTextFrameFormat:
        fmt = QTextFrameFormat()
        fmt.setPadding(8)
        fmt.setTopMargin(2)
        fmt.setBottomMargin(8)
        fmt.setBorder(0)
        if msg.role == "user":
            fmt.setBackground(self.palette().color(QPalette.ColorRole.AlternateBase))
        return fmt

    def _add_frame(self, index: int) -> None:
        cursor = QTextCursor(self.document())
        cursor.movePosition(QTextCursor.MoveOperation.End)
        frame = cursor.insertFrame(self._frame_format(self._messages[index]))
        self._frames.append(frame)
        self._render_into(frame, self._messages[index])

    def _render_into(self, frame: QTextFrame, msg: Message) -> None:
        cursor = frame.firstCursorPosition()
        cursor.beginEditBlock()
        cursor.setPosition(frame.lastPosition(), QTextCursor.MoveMode.KeepAnchor)
        cursor.removeSelectedText()
        # The emptied block keeps the format of what was there (a list item, a code block):
        # reset it so the new content does not inherit it.
        lst = cursor.currentList()
        if lst is not None:
            lst.remove(cursor.block())
        cursor.setBlockFormat(QTextBlockFormat())
        cursor.setCharFormat(QTextCharFormat())
        cursor.insertHtml(self.message_html(msg))
        cursor.endEditBlock()

    def _dark(self) -> bool:
        return self.palette().color(QPalette.ColorRole.Base).lightness() < 128

    def message_html(self, msg: Message) -> str:
        if msg.role == "user":
            who = self.tr("You")
        elif msg.role == "assistant":
            who = self.tr("Assistant")
        else:
            who = html.escape(msg.role.capitalize())
        head = f"<b>{who}</b>"
        if msg.role == "assistant" and msg.model:
            head += f' <span style="color:gray;">· {html.escape(msg.model)}</span>'
        parts = [f'<p style="margin-bottom:4px;">{head}</p>']
        if msg.reasoning:
            parts.append(
                '<p style="color:gray; font-style:italic; margin-bottom:4px;">'
                + html.escape(msg.reasoning).replace("\n", "<br>")
                + "</p>"
            )
        if msg.role == "user":
            parts.append("<p>" + html.escape(msg.content).replace("\n", "<br>") + "</p>")
        elif msg.content:
            parts.append(render_markdown(msg.content, self._dark()))
        elif msg.status == Status.STREAMING:
            parts.append('<p style="color:gray;">…</p>')
        if msg.status == Status.STOPPED:
            parts.append(
                '<p style="color:#b26a00;"><i>'
                + html.escape(self.tr("Stopped. The partial answer is kept."))
                + "</i></p>"
            )
        elif msg.status == Status.ERROR:
            parts.append(
                '<p style="color:#c0392b;"><b>'
                + html.escape(self.tr("Error:"))
                + "</b> "
                + html.escape(msg.error or "")
                + f' <a href="{RETRY_URL}">'
                + html.escape(self.tr("Retry"))
                + "</a></p>"
            )
        return "".join(parts)

    # -- scrolling ------------------------------------------------------------------------
    def _at_bottom(self) -> bool:
        sb = self.verticalScrollBar()
        return sb.value() >= sb.maximum() - 8

    def _scroll_to_bottom(self) -> None:
        sb = self.verticalScrollBar()
        sb.setValue(sb.maximum())
