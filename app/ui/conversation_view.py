"""The conversation pane: one rich-text document, one frame per message.

Only the frame of a message that changed is re-rendered, at most ~30 times a second while an
answer streams, so a long conversation does not re-layout on every chunk. The document never
loads a resource (no remote images, no local files), and only http(s)/mailto links open, in the
system browser, on click.
"""

from __future__ import annotations

import html
import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QEvent, QTimer, QUrl, Signal
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

from app.core.conversation import Conversation, Message, Status
from app.core.markdown import is_safe_link, render_markdown

from . import theme

log = logging.getLogger("chatterdesk.ui")

RETRY_URL = "chatterdesk:retry"
ACTION_SCHEME = "chatterdesk:"
REPAINT_MS = 33
SYNC_RENDER = 60  # messages rendered at once; longer conversations render in slices
RENDER_SLICE = 25  # messages per slice (~20-50 ms each)
# Actions offered on each message, as links in its header: (action, label, roles).
ACTIONS = (
    (
        "edit",
        QT_TRANSLATE_NOOP("ConversationView", "Edit"),
        ("user", "assistant", "system", "developer"),
    ),
    ("regenerate", QT_TRANSLATE_NOOP("ConversationView", "Regenerate"), ("assistant",)),
    ("read", QT_TRANSLATE_NOOP("ConversationView", "Read aloud"), ("assistant",)),
    (
        "copy",
        QT_TRANSLATE_NOOP("ConversationView", "Copy"),
        ("user", "assistant", "system", "developer"),
    ),
    (
        "delete",
        QT_TRANSLATE_NOOP("ConversationView", "Delete"),
        ("user", "assistant", "system", "developer"),
    ),
    ("inspect", QT_TRANSLATE_NOOP("ConversationView", "Inspect"), ("assistant",)),
)
# Offered only where they apply: (action, label, test on the message).
EXTRA_ACTIONS = (
    ("choices", QT_TRANSLATE_NOOP("ConversationView", "Choices"), lambda m: bool(m.choice_group)),
    (
        "probabilities",
        QT_TRANSLATE_NOOP("ConversationView", "Probabilities"),
        lambda m: m.logprobs is not None,
    ),
)


class ConversationView(QTextBrowser):
    retryRequested = Signal()
    linkRefused = Signal(str)
    messageAction = Signal(str, str)  # action, message id
    renderFinished = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("conversationView")
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setReadOnly(True)
        self.anchorClicked.connect(self._on_anchor)
        self._messages: list[Message] = []
        self._conversation: Conversation | None = None
        self._frames: dict[int, QTextFrame] = {}  # messages shown in frames (the growing end)
        self._dirty: set[int] = set()
        self._build_done = 0
        self._build_upto = 0
        self.rendering = False  # a long conversation is being rendered in slices
        self.open_reasoning: set[str] = set()  # messages whose reasoning the user unfolded
        # A line under each finished answer (tokens, cost, speed), given by the owner.
        self.meta_text: Callable[[Message], str] | None = None
        self._build_timer = QTimer(self)
        self._build_timer.setInterval(0)
        self._build_timer.timeout.connect(self._build_step)
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
        if text.startswith(ACTION_SCHEME):
            action, _, mid = text[len(ACTION_SCHEME) :].partition("/")
            if action == "reasoning":
                self.toggle_reasoning(mid)
            else:
                self.messageAction.emit(action, mid)
            return
        if is_safe_link(text):
            QDesktopServices.openUrl(url)
            return
        log.warning("refused to open link %r", text)
        self.linkRefused.emit(text)

    # -- content --------------------------------------------------------------------------
    def _placeholder(self) -> None:
        self._welcome = self.tr("Pick a model, write a message below and press Enter to send.")
        self.setPlaceholderText(self._welcome)

    def setPlaceholderText(self, text: str) -> None:
        if not self.rendering:
            self._welcome = text
        super().setPlaceholderText(text)

    def set_conversation(self, conv: Conversation) -> None:
        """Show a whole conversation (new, loaded, or its path changed)."""
        self._conversation = conv
        self.set_messages(conv.messages)

    def set_messages(self, messages: list[Message]) -> None:
        """Rebuild: every message but the last as one static HTML document, the last in a frame.

        One setHtml is several times faster than a frame per message. A long conversation is
        rendered in slices between events, so opening it does not freeze the window.
        """
        self._messages = messages
        self._frames = {}
        self._dirty.clear()
        self._build_done = 0
        self._build_upto = max(0, len(messages) - 1)
        if self._build_upto > SYNC_RENDER:
            self.document().clear()
            self.setPlaceholderText(self.tr("Opening {0} messages…").format(len(messages)))
            self.rendering = True
            self._build_timer.start()
        else:
            self._build_step(everything=True)

    def _build_step(self, everything: bool = False) -> None:
        end = self._build_upto
        start = self._build_done
        stop = end if everything else min(end, start + RENDER_SLICE)
        html = "".join(self._static_html(m) for m in self._messages[start:stop])
        if start == 0:
            self.setHtml(html)
        elif html:
            cursor = QTextCursor(self.document())
            cursor.movePosition(QTextCursor.MoveOperation.End)
            cursor.insertHtml(html)
        self._build_done = stop
        if stop < end:
            return  # the timer calls again after the event loop has run
        self._build_timer.stop()
        for i in range(end, len(self._messages)):
            self._add_frame(i)
        if self.rendering:
            self.rendering = False
            self.setPlaceholderText(self._welcome)
        self._scroll_to_bottom()
        self.renderFinished.emit()

    def _static_html(self, msg: Message) -> str:
        bg = ""
        if msg.role == "user":
            bg = f' bgcolor="{self.palette().color(QPalette.ColorRole.AlternateBase).name()}"'
        return (
            f'<table width="100%" cellpadding="8" cellspacing="0"{bg} style="margin-bottom:8px;">'
            f"<tr><td>{self.message_html(msg)}</td></tr></table>"
        )

    def message_added(self, index: int) -> None:
        if self.rendering:
            return  # the slice builder adds it when it finishes
        at_bottom = self._at_bottom()
        self._add_frame(index)
        if at_bottom or self._messages[index].role == "user":
            self._scroll_to_bottom()

    def message_changed(self, index: int, immediate: bool = False) -> None:
        if self.rendering:
            return
        self._dirty.add(index)
        if immediate:
            self.flush()
        elif not self._timer.isActive():
            self._timer.start()

    def flush(self) -> None:
        self._timer.stop()
        if not self._dirty or self.rendering:
            return
        if any(i not in self._frames for i in self._dirty):
            self.set_messages(self._messages)  # an earlier, static message changed
            return
        at_bottom = self._at_bottom()
        for i in sorted(self._dirty):
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
        self._frames[index] = frame
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

    def changeEvent(self, event: QEvent) -> None:
        """A theme change re-renders everything: Markdown, code and status colours follow it."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and self._conversation is not None:
            bar = self.verticalScrollBar()
            at_end, value = bar.value() >= bar.maximum() - 8, bar.value()
            self.set_messages(self._messages)
            if not self.rendering:
                bar.setValue(bar.maximum() if at_end else value)

    def _dark(self) -> bool:
        return self.palette().color(QPalette.ColorRole.Base).lightness() < 128

    def message_html(self, msg: Message) -> str:
        who = {
            "user": self.tr("You"),
            "assistant": self.tr("Assistant"),
            "system": self.tr("System"),
            "developer": self.tr("Developer"),
        }.get(msg.role) or html.escape(msg.role.capitalize())
        pal = self.palette()
        muted = theme.css("muted", pal)
        head = f"<b>{who}</b>"
        if msg.role == "assistant" and msg.model:
            head += f' <span style="color:{muted};">· {html.escape(msg.model)}</span>'
        head += self._branch_html(msg) + self._actions_html(msg)
        parts = [f'<p style="margin-bottom:4px;">{head}</p>']
        if msg.reasoning:
            # Open while it streams; afterwards folded unless the user opened it.
            is_open = msg.status == Status.STREAMING or msg.id in self.open_reasoning
            label = self.tr("Reasoning ({0} words)").format(len(msg.reasoning.split()))
            arrow = "▾" if is_open else "▸"
            parts.append(
                f'<p style="margin-bottom:2px;"><a style="color:{muted}; text-decoration:none;" '
                f'href="{ACTION_SCHEME}reasoning/{msg.id}">{arrow} {html.escape(label)}</a></p>'
            )
            if is_open:
                parts.append(
                    f'<p style="color:{muted}; font-style:italic; margin-bottom:4px;">'
                    + html.escape(msg.reasoning).replace("\n", "<br>")
                    + "</p>"
                )
        if msg.role == "user":
            parts.append("<p>" + html.escape(msg.content).replace("\n", "<br>") + "</p>")
        elif msg.content:
            parts.append(render_markdown(msg.content, self._dark()))
        elif msg.status == Status.STREAMING:
            parts.append(f'<p style="color:{muted};">…</p>')
        if (
            self.meta_text is not None
            and msg.role == "assistant"
            and msg.status != Status.STREAMING
        ):
            meta = self.meta_text(msg)
            if meta:
                parts.append(
                    f'<p style="color:{muted}; font-size:small; margin-top:2px;">'
                    + html.escape(meta)
                    + "</p>"
                )
        if msg.status == Status.STOPPED:
            parts.append(
                f'<p style="color:{theme.css("warning", pal)};"><i>'
                + html.escape(self.tr("Stopped. The partial answer is kept."))
                + "</i></p>"
            )
        elif msg.status == Status.INTERRUPTED:
            parts.append(
                f'<p style="color:{theme.css("warning", pal)};"><i>'
                + html.escape(
                    self.tr("Interrupted: Chatterdesk closed before this answer was complete.")
                )
                + f'</i> <a href="{RETRY_URL}">'
                + html.escape(self.tr("Retry"))
                + "</a></p>"
            )
        elif msg.status == Status.ERROR:
            parts.append(
                f'<p style="color:{theme.css("error", pal)};"><b>'
                + html.escape(self.tr("Error:"))
                + "</b> "
                + html.escape(msg.error or "")
                + f' <a href="{RETRY_URL}">'
                + html.escape(self.tr("Retry"))
                + "</a></p>"
            )
        return "".join(parts)

    def toggle_reasoning(self, message_id: str) -> None:
        if message_id in self.open_reasoning:
            self.open_reasoning.discard(message_id)
        else:
            self.open_reasoning.add(message_id)
        for i, m in enumerate(self._messages):
            if m.id == message_id:
                self.message_changed(i, immediate=True)
                return

    def _branch_html(self, msg: Message) -> str:
        conv = self._conversation
        if conv is None or msg.id not in conv.nodes:
            return ""
        sibs = conv.siblings(msg)
        if len(sibs) < 2:
            return ""
        pos = sibs.index(msg) + 1
        link = 'style="text-decoration:none;"'
        prev = f'<a {link} href="{ACTION_SCHEME}prev/{msg.id}">◀</a>' if pos > 1 else "◀"
        nxt = f'<a {link} href="{ACTION_SCHEME}next/{msg.id}">▶</a>' if pos < len(sibs) else "▶"
        return f"&nbsp;&nbsp;&nbsp;{prev} {pos}/{len(sibs)} {nxt}"

    def _actions_html(self, msg: Message) -> str:
        if msg.status == Status.STREAMING or self._conversation is None:
            return ""
        muted = theme.css("muted", self.palette())
        offered = [(action, label) for action, label, roles in ACTIONS if msg.role in roles]
        offered += [
            (action, label)
            for action, label, applies in EXTRA_ACTIONS
            if msg.role == "assistant" and applies(msg)
        ]
        links = [
            f'<a style="color:{muted};" href="{ACTION_SCHEME}{action}/{msg.id}">'
            f"{html.escape(self.tr(str(label)))}</a>"
            for action, label in offered
        ]
        return '&nbsp;&nbsp;&nbsp;<span style="font-size:small;">' + " · ".join(links) + "</span>"

    # -- scrolling ------------------------------------------------------------------------
    def _at_bottom(self) -> bool:
        sb = self.verticalScrollBar()
        return sb.value() >= sb.maximum() - 8

    def _scroll_to_bottom(self) -> None:
        sb = self.verticalScrollBar()
        sb.setValue(sb.maximum())
