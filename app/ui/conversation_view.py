"""The conversation pane: one rich-text document, one box (a 1×1 table or a frame) per message.

Fast at any length (measured in docs/view-design.md):
- Only what is visible gets full Markdown. Opening a long conversation renders the newest
  messages (about two screens) in full and paints; the older ones are then added above in slices
  between events, as cheap escaped text (no Markdown, no highlighting). A message is upgraded to
  its full Markdown when it comes within a screen of the visible part; what is above the view is
  compensated so the text the user reads does not move.
- A streaming answer is appended incrementally: finished Markdown blocks (paragraphs, lists,
  closed code fences, pieces of a long open fence) are rendered once and inserted after the last
  one; only the still-growing block is re-rendered, at most ~30 times a second (less when a
  render takes long, so the window always has time for the user).
- Rendered Markdown is cached per message (id, content hash, light/dark).

The document never loads a resource (no remote images, no local files), and only http(s)/mailto
links open, in the system browser, on click.
"""

from __future__ import annotations

import logging
import re
import time
from bisect import bisect_right
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from PySide6 import QtGui
from PySide6.QtCore import QT_TRANSLATE_NOOP, QTimer, Signal
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QPaintEvent,
    QPalette,
    QResizeEvent,
    QShowEvent,
    QTextDocument,
)
from PySide6.QtWidgets import QTextBrowser, QTextEdit, QWidget

from app.core.conversation import Conversation, Message, Status
from app.core.markdown import escape, is_safe_link, render_markdown

from . import theme

if TYPE_CHECKING:
    from PySide6.QtCore import QUrl

log = logging.getLogger("chatterdesk.ui")

RETRY_URL = "chatterdesk:retry"
ACTION_SCHEME = "chatterdesk:"
REPAINT_MS = 33  # at most ~30 renders a second of a growing answer
REPAINT_SHARE = 3  # ...and a render that took t waits at least REPAINT_SHARE × t for the next
SYNC_RENDER = 60  # conversations up to this many messages...
SYNC_CHARS = 30_000  # ...and characters are rendered whole, at once (~60 ms)
FIRST_CHARS = 6000  # the newest messages rendered in full before the first paint (≈ 2 screens)
RENDER_SLICE = 50  # older messages added per slice as cheap text (~15 ms per slice)
AHEAD = 1.0  # screens above and below the visible part upgraded to full Markdown ahead of time
CACHE_CHARS = 8_000_000  # rendered Markdown kept (characters of HTML)
FENCE_PIECE = 1500  # an open code fence longer than this streams in finished pieces
TAIL_MARKDOWN = 8000  # a still-growing block longer than this shows as plain text until it ends
FINAL_EXACT = 8000  # a finished answer up to this size is rendered again in one piece
GROW_BUDGET_MS = 5.0  # Markdown rendered per step of a growing answer (~15 ms with Qt's part)
FIND_MAX = 5000  # matches highlighted by find_text
_ZW = "\u200b"  # lead-in that makes insertHtml keep the first block's format (removed after)

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


# -- splitting a growing answer into finished blocks ------------------------------------------
@dataclass
class Piece:
    """A finished part of a growing answer: Markdown, or a piece of a long open code fence."""

    kind: str  # "md", or "code" for fence pieces
    text: str
    lang: str = ""
    first: bool = False  # the fence's first piece (with its language label)
    last: bool = False  # the fence's closing piece


@dataclass
class Split:
    """How far a growing text has been rendered as finished pieces."""

    done: int = 0  # characters rendered as finished pieces
    fence: str = ""  # the marker of an open code fence being shown in pieces ("" if none)
    lang: str = ""


_FENCE_OPEN = re.compile(r" {0,3}(`{3,}|~{3,})")


@lru_cache(maxsize=1)
def _block_parser() -> Any:
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"html": False})
    md.enable("table")
    md.enable("strikethrough")
    return md


def _lines(s: str) -> list[str]:
    """Lines split at "\n" only, as the Markdown parser counts them (str.splitlines also
    splits at other separators)."""
    parts = s.split("\n")
    out = [p + "\n" for p in parts[:-1]]
    if parts[-1]:
        out.append(parts[-1])
    return out


def _closes(line: str, marker: str) -> bool:
    s = line.rstrip("\n")
    body = s.lstrip(" ")
    if len(s) - len(body) > 3 or not body.startswith(marker):
        return False
    run = len(body) - len(body.lstrip(marker[0]))
    return run >= len(marker) and not body[run:].strip()


def _top_blocks(src: str) -> list[Any]:
    """The top-level block tokens of a Markdown text (structure only, no inline parsing)."""
    md = _block_parser()
    tokens: list[Any] = []
    md.block.parse(src, md, {}, tokens)
    return [t for t in tokens if t.level == 0 and t.nesting >= 0 and t.map]


def split_finished(text: str, state: Split) -> list[Piece]:
    """Advance `state` over the blocks of `text` that can no longer change; return them.

    CommonMark closes a block for good once a later block starts, so every top-level block but
    the last is final; a closed code fence is final too. Only complete lines are looked at, so a
    half-received line cannot fake a boundary. An open fence longer than FENCE_PIECE is cut into
    pieces of whole lines, so a long code block is never highlighted again from its start.
    """
    pieces: list[Piece] = []
    while True:
        end = text.rfind("\n", state.done) + 1
        if end <= state.done:
            return pieces
        if state.fence:
            pos = state.done
            for line in _lines(text[state.done : end]):
                if _closes(line, state.fence):
                    pieces.append(Piece("code", text[state.done : pos], state.lang, last=True))
                    state.done, state.fence, state.lang = pos + len(line), "", ""
                    break
                pos += len(line)
            else:
                if end - state.done >= FENCE_PIECE:
                    pieces.append(Piece("code", text[state.done : end], state.lang))
                    state.done = end
                return pieces
            continue
        chunk = text[state.done : end]
        if "\r" in chunk:
            return pieces  # the parser counts "\r" as a line end: keep it all in the tail
        blocks = _top_blocks(chunk)
        if not blocks:
            return pieces
        starts = [0]
        for line in _lines(chunk):
            starts.append(starts[-1] + len(line))
        last = blocks[-1]
        cut = starts[last.map[0]]
        lines = _lines(chunk[cut:])
        if last.type == "fence":
            marker = str(last.markup)
            own = lines[: last.map[1] - last.map[0]]
            if len(own) > 1 and _closes(own[-1], marker):
                cut = starts[min(last.map[1], len(starts) - 1)]  # closed: final
            elif sum(len(x) for x in lines[1:]) >= FENCE_PIECE:
                pieces += _md_pieces(chunk, [starts[b.map[0]] for b in blocks[1:]], cut)
                lang = str(last.info or "").strip().split(" ")[0]
                pieces.append(Piece("code", "".join(lines[1:]), lang, first=True))
                state.done += len(chunk)
                state.fence, state.lang = marker, lang
                continue
        if cut:
            bounds = [starts[b.map[0]] for b in blocks[1:]]
            pieces += _md_pieces(chunk, [x for x in bounds if x < cut] + [cut], cut)
            state.done += cut
        return pieces


def _md_pieces(chunk: str, bounds: list[int], cut: int) -> list[Piece]:
    """chunk[:cut] as Markdown pieces of whole blocks (block starts in `bounds`), each about
    FENCE_PIECE characters or more, so a budget can stop between them."""
    pieces: list[Piece] = []
    start = 0
    for b in bounds:
        if b >= cut:
            break
        if b - start >= FENCE_PIECE:
            pieces.append(Piece("md", chunk[start:b]))
            start = b
    if cut > start:
        pieces.append(Piece("md", chunk[start:cut]))
    return pieces


@lru_cache(maxsize=2)
def _pre_style(dark: bool) -> str:
    """The style markdown.py gives a code block, without its margins."""
    m = re.search(r'<pre style="([^"]*)"', render_markdown("```\nx\n```", dark))
    style = m.group(1) if m else ""
    return "".join(f"{d.strip()}; " for d in style.split(";") if d.strip() and "margin" not in d)


def render_pieces(pieces: list[Piece], dark: bool) -> str:
    """HTML for finished pieces; the pieces of one code fence join without gaps."""
    out = []
    for p in pieces:
        if p.kind == "md":
            out.append(render_markdown(p.text, dark))
            continue
        text = p.text if not p.text or p.text.endswith("\n") else p.text + "\n"
        ticks = "`" * max(3, max((len(r) for r in re.findall("`+", text)), default=0) + 1)
        body = render_markdown(f"{ticks}{p.lang}\n{text}{ticks}\n", dark)
        if p.first:
            body = body.rstrip().removesuffix("\n</pre>")
            body = body if body.endswith("</pre>") else body + "</pre>"
            out.append(body.replace('margin-top:2px;">', 'margin-top:2px; margin-bottom:0px;">', 1))
            continue
        code = body[body.find("<pre") :]
        code = code[code.find(">") + 1 :].rstrip()
        if code.endswith("\n</pre>"):  # a newline ending a piece would show as a space
            code = code[: -len("\n</pre>")] + "</pre>"
        bottom = "" if p.last else " margin-bottom:0px;"
        out.append(f'<pre style="{_pre_style(dark)}margin-top:0px;{bottom}">{code}')
    return "".join(out)


@dataclass
class _Growing:
    """The incremental rendering of a streaming answer, in its box.

    Positions are relative to the cell's first position, so edits elsewhere do not matter.
    """

    split: Split
    queue: list[Piece] = field(default_factory=list)  # finished, not rendered yet
    closed: bool = False  # the answer ended: all of it is queued or shown
    reasoning: int = 0  # reasoning characters shown
    label: int = -1  # position of the reasoning label's block (-1: no reasoning shown)
    body_end: int = -1  # position just after the reasoning text shown
    stable_end: int = 0  # end of the last finished block; the growing tail follows


class ConversationView(QTextBrowser):
    retryRequested = Signal()
    linkRefused = Signal(str)
    messageAction = Signal(str, str)  # action, message id
    renderFinished = Signal()
    findChanged = Signal(int, int)  # current match (1-based, 0: none), number of matches

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("conversationView")
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setReadOnly(True)
        self.anchorClicked.connect(self._on_anchor)
        theme.on_theme_switch(self._theme_switched)
        self._messages: list[Message] = []
        self._conversation: Conversation | None = None
        # One box per message once it is in the document: a 1×1 table (history, built from
        # HTML at once) or a frame (messages added at the end: Qt lays out an edit inside a frame
        # incrementally, but a table cell again whole, which a long growing answer cannot afford).
        self._boxes: list[QtGui.QTextFrame | None] = []
        self._full: list[bool] = []  # the message shows its full Markdown (not the cheap form)
        self._first = 0  # messages [_first:_last] are in the document
        self._last = 0
        self._growing: dict[int, _Growing] = {}
        self._dirty: set[int] = set()
        self._cache: OrderedDict[tuple[str, int, bool], str] = OrderedDict()
        self._cache_chars = 0
        self._kids: tuple[int, int, dict[str | None, list[Message]]] | None = None
        self._busy = False  # upgrading or restoring the scroll position
        self._interval = REPAINT_MS
        self._find_text = ""
        self._matches: list[QtGui.QTextCursor] = []
        self._current = -1
        self.rendering = False  # a long conversation is still being added in slices
        self.open_reasoning: set[str] = set()  # messages whose reasoning the user unfolded
        # A line under each finished answer (tokens, cost, speed), given by the owner.
        self.meta_text: Callable[[Message], str] | None = None
        self._build_timer = QTimer(self)
        self._build_timer.setInterval(0)
        self._build_timer.timeout.connect(self._build_step)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(REPAINT_MS)
        self._timer.timeout.connect(lambda: self._flush(GROW_BUDGET_MS))
        self._visible_timer = QTimer(self)
        self._visible_timer.setSingleShot(True)
        self._visible_timer.setInterval(0)
        self._visible_timer.timeout.connect(self._upgrade_visible)
        self.verticalScrollBar().valueChanged.connect(self._on_scrolled)
        self.document().setDocumentMargin(10)
        # Read-only: an undo stack would keep every streamed edit of the document in memory.
        self.document().setUndoRedoEnabled(False)
        self._placeholder: QTextDocument | None = None  # lays out the welcome text
        self.setPlaceholderText(
            self.tr("Pick a model, write a message below and press Enter to send.")
        )

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
            QtGui.QDesktopServices.openUrl(url)
            return
        log.warning("refused to open link %r", text)
        self.linkRefused.emit(text)

    # -- building the document ------------------------------------------------------------
    def set_conversation(self, conv: Conversation) -> None:
        """Show a whole conversation (new, loaded, or its path changed)."""
        self._conversation = conv
        self.set_messages(conv.messages)

    def set_messages(self, messages: list[Message], around: int | None = None) -> None:
        """Rebuild: the newest messages (or those around `around`) in full, at once; the rest
        in slices between events, as cheap text until they come into view."""
        self._build_timer.stop()
        self._timer.stop()
        self._messages = messages
        self._boxes, self._full, self._growing = [], [], {}
        self._dirty.clear()
        self._kids = None
        n = len(messages)
        if n <= SYNC_RENDER and sum(len(m.content) for m in messages) <= SYNC_CHARS:
            a, b = 0, n
        elif around is None:
            a, size = n - 1, 0
            while a > 0 and size < FIRST_CHARS:
                size += len(messages[a].content) + 100
                a -= 1
            b = n
        else:
            a = b = max(0, min(around, n - 1))
            size = 0
            while b < n and size < FIRST_CHARS:
                size += len(messages[b].content) + 100
                b += 1
        self._boxes = [None] * n
        self._full = [False] * n
        self._first = self._last = 0
        self._busy = True  # no upgrades while the document is half built
        try:
            t = self._static_end(a, b)
            self.setHtml("".join(self._table_html(m, full=True) for m in messages[a:t]))
            # (An empty conversation asks for no frames: their types are not needed yet.)
            for k, box in enumerate(self._top_frames()[: t - a] if t > a else ()):
                self._boxes[a + k] = box
                self._full[a + k] = True
            self._first, self._last = a, t
            self._finish_slice(a, t, b)
        finally:
            self._busy = False
        self._refind(full=True)
        self.rendering = a > 0 or b < n
        if around is None:
            self._scroll_to_bottom()
        else:
            self._restore((around, 0.0))
        self._upgrade_visible()
        if self.rendering:
            self._build_timer.start()
        else:
            self.renderFinished.emit()

    def _pad(self) -> None:
        """Room for messages appended to the conversation since the last build."""
        while len(self._boxes) < len(self._messages):
            self._boxes.append(None)
            self._full.append(False)

    def _top_frames(self) -> list[QtGui.QTextFrame]:
        return list(self.document().rootFrame().childFrames())

    def _range(self, i: int) -> tuple[int, int]:
        """First and last position of message i's content."""
        box = self._boxes[i]
        assert box is not None
        if isinstance(box, QtGui.QTextTable):
            cell = box.cellAt(0, 0)
            return cell.firstPosition(), cell.lastPosition()
        return box.firstPosition(), box.lastPosition()

    def _append_frame(self, i: int) -> None:
        """Add message i at the end of the document, in a frame, rendered."""
        msg = self._messages[i]
        fmt = QtGui.QTextFrameFormat()
        fmt.setPadding(8)
        fmt.setBottomMargin(8)
        fmt.setBorder(0)
        if msg.role == "user":
            fmt.setBackground(self.palette().color(QPalette.ColorRole.AlternateBase))
        cursor = QtGui.QTextCursor(self.document())
        cursor.movePosition(QtGui.QTextCursor.MoveOperation.End)
        self._boxes[i] = cursor.insertFrame(fmt)
        self._last = i + 1
        self._full[i] = True
        if msg.status == Status.STREAMING:
            self._render(i)
        else:
            self._fill(i, self._message_html(msg, True))

    def _build_step(self) -> None:
        """Add the next slice of messages not yet in the document: newer ones first (below the
        view, nothing moves), then older ones above (the view is kept where it is)."""
        self._pad()
        n = len(self._messages)
        if self._last < n:
            a, b = self._last, min(n, self._last + RENDER_SLICE)
            self._busy = True
            try:
                t = self._static_end(a, b)
                cursor = QtGui.QTextCursor(self.document())
                cursor.movePosition(QtGui.QTextCursor.MoveOperation.End)
                cursor.insertHtml("".join(self._table_html(m) for m in self._messages[a:t]))
                boxes = self._top_frames()
                for k, box in enumerate(boxes[len(boxes) - (t - a) :] if t > a else []):
                    self._boxes[a + k] = box
                self._last = t
                self._finish_slice(a, t, b)
            finally:
                self._busy = False
            self._refind(full=True)
        elif self._first > 0:
            a, b = max(0, self._first - RENDER_SLICE), self._first
            anchor = self._anchor()
            self._busy = True
            try:
                cursor = QtGui.QTextCursor(self.document())
                cursor.insertHtml("".join(self._table_html(m) for m in self._messages[a:b]))
                for k, box in enumerate(self._top_frames()[: b - a]):
                    self._boxes[a + k] = box
                self._first = a
                self._restore(anchor)
            finally:
                self._busy = False
            self._refind(full=True)
        if self._first == 0 and self._last >= len(self._messages):
            self._build_timer.stop()
            self.rendering = False
            self._upgrade_visible()
            self.renderFinished.emit()
        else:
            self._upgrade_visible()

    def _table_html(self, msg: Message, full: bool = False) -> str:
        bg = ""
        if msg.role == "user":
            bg = f' bgcolor="{self.palette().color(QPalette.ColorRole.AlternateBase).name()}"'
        return (
            f'<table width="100%" cellpadding="8" cellspacing="0"{bg} style="margin-bottom:8px;">'
            f"<tr><td>{self._message_html(msg, full)}</td></tr></table>"
        )

    # -- changes from the controller -----------------------------------------------------
    def message_added(self, index: int) -> None:
        if index != self._last or index >= len(self._messages):
            if self.rendering:
                return  # the slice builder adds it
            self.set_messages(self._messages)
            return
        at_bottom = self._at_bottom()
        self._pad()
        self._kids = None
        msg = self._messages[index]
        self._append_frame(index)
        self._refind([index])
        if at_bottom or msg.role == "user":
            self._scroll_to_bottom()

    def message_changed(self, index: int, immediate: bool = False) -> None:
        self._dirty.add(index)
        if immediate:
            self._flush(GROW_BUDGET_MS)
        elif not self._timer.isActive():
            self._timer.start(self._interval)

    def flush(self) -> None:
        """Render every change now, completely."""
        self._flush(None)

    def _flush(self, budget: float | None) -> None:
        """Render the messages that changed; a render that took long delays the next one.
        With a budget, a growing answer that is behind continues in later steps."""
        self._timer.stop()
        if not self._dirty:
            return
        t0 = time.perf_counter()
        dirty = sorted(self._dirty)
        self._dirty.clear()
        if any(i >= len(self._boxes) for i in dirty) and not self.rendering:
            self.set_messages(self._messages)  # the path changed without telling us
            return
        todo = [i for i in dirty if i < len(self._boxes) and self._boxes[i] is not None]
        if not todo:
            return
        anchor = self._anchor()
        self._busy = True
        behind: list[int] = []
        try:
            for i in todo:
                if self._render(i, budget):
                    behind.append(i)
            self._restore(anchor)
        finally:
            self._busy = False
        self._refind(todo)
        self._upgrade_visible()
        spent = (time.perf_counter() - t0) * 1000
        self._interval = max(REPAINT_MS, min(1000, round(spent * REPAINT_SHARE)))
        if behind:  # catching up: soon, with as much time left to the user as it took
            self._dirty.update(behind)
            self._timer.start(max(8, round(spent)))

    # -- rendering one message -----------------------------------------------------------
    def _render(self, i: int, budget: float | None = None) -> bool:
        """Show message i as it is now: incrementally while it streams, else in full.
        True when part of a growing answer is still to be shown."""
        msg = self._messages[i]
        self._full[i] = True
        if msg.status == Status.STREAMING or i in self._growing:
            return self._grow(i, budget)
        self._fill(i, self._message_html(msg, True))
        return False

    def _fill(self, i: int, content: str) -> None:
        """Replace the content of message i's box."""
        c0, last = self._range(i)
        cursor = QtGui.QTextCursor(self.document())
        cursor.setPosition(c0)
        cursor.beginEditBlock()
        cursor.setPosition(last, QtGui.QTextCursor.MoveMode.KeepAnchor)
        cursor.removeSelectedText()
        # The emptied block keeps the format of what was there (a list item, a code block):
        # reset it so the new content does not inherit it.
        lst = cursor.currentList()
        if lst is not None:
            lst.remove(cursor.block())
        cursor.setBlockFormat(QtGui.QTextBlockFormat())
        cursor.setCharFormat(QtGui.QTextCharFormat())
        cursor.insertHtml(f"<p>{_ZW}</p>{content.strip()}")
        # insertHtml merges its first block into the current one, losing that block's format;
        # with the lead-in block merged instead, the content keeps every format. Drop it.
        cursor.setPosition(c0)
        cursor.setPosition(c0 + 2, QtGui.QTextCursor.MoveMode.KeepAnchor)
        cursor.removeSelectedText()
        cursor.endEditBlock()

    def _append_blocks(self, cursor: QtGui.QTextCursor, content: str) -> None:
        """Insert blocks after the block the cursor ends, keeping their formats."""
        at = cursor.position()
        # Whitespace after the last tag would become a space at the end of its block.
        cursor.insertHtml(f"<p>{_ZW}</p>{content.strip()}")
        end = cursor.position()
        cursor.setPosition(at)
        cursor.setPosition(at + 1, QtGui.QTextCursor.MoveMode.KeepAnchor)
        cursor.removeSelectedText()
        cursor.setPosition(end - 1)

    def _grow(self, i: int, budget: float | None) -> bool:
        """Append what arrived to a streaming answer: finished blocks once, then the growing
        tail again. At most `budget` ms of Markdown per call (None: all of it); returns True
        when finished blocks are still waiting (the answer arrives faster than it renders)."""
        msg = self._messages[i]
        final = msg.status != Status.STREAMING
        st = self._growing.get(i)
        if st is not None and (
            len(msg.content) < st.split.done
            or len(msg.reasoning) < st.reasoning
            or (msg.reasoning and st.label < 0)
        ):
            st = None  # it changed shape: start again
        if final and (st is None or len(msg.content) <= FINAL_EXACT):
            self._growing.pop(i, None)  # short: rendered again exactly, in one piece
            self._fill(i, self._message_html(msg, True))
            return False
        # Each edit below is its own edit block: Qt lays out everything between the first and
        # the last change of a block, and a change near the top plus one at the end would lay
        # out the whole answer again.
        dark = self._dark()
        c0 = self._range(i)[0]
        cursor = QtGui.QTextCursor(self.document())
        if st is None:
            st = _Growing(Split())
            self._growing[i] = st
            self._fill(i, self._head_block(msg))
            cursor.setPosition(self._range(i)[1])
            if msg.reasoning:
                st.label = cursor.position() - c0 + 1
                cursor.beginEditBlock()
                self._append_blocks(cursor, self._reasoning_html(msg, True))
                cursor.endEditBlock()
                st.body_end = cursor.position() - c0
                st.reasoning = len(msg.reasoning)
            st.stable_end = cursor.position() - c0
        if len(msg.reasoning) > st.reasoning:
            cursor.setPosition(c0 + st.body_end)
            cursor.insertText(msg.reasoning[st.reasoning :].replace("\n", "\u2028"))
            grown = cursor.position() - c0 - st.body_end
            st.body_end += grown
            st.stable_end += grown
            st.reasoning = len(msg.reasoning)
            shift = self._replace_block(c0 + st.label, self._reasoning_label(msg, True))
            st.body_end += shift
            st.stable_end += shift
        st.queue += split_finished(msg.content, st.split)
        if final and not st.closed:  # the open tail is finished too
            rest = msg.content[st.split.done :]
            if st.split.fence and rest:
                st.queue.append(Piece("code", rest, st.split.lang, last=True))
            elif rest.strip():
                st.queue.append(Piece("md", rest))
            st.split = Split(len(msg.content))
            st.closed = True
        cursor.beginEditBlock()
        cursor.setPosition(c0 + st.stable_end)
        cursor.setPosition(self._range(i)[1], QtGui.QTextCursor.MoveMode.KeepAnchor)
        cursor.removeSelectedText()
        parts: list[str] = []
        t0 = time.perf_counter()
        while st.queue and (
            budget is None or not parts or (time.perf_counter() - t0) * 1000 < budget
        ):
            parts.append(render_pieces([st.queue.pop(0)], dark))
        if parts:
            self._append_blocks(cursor, "".join(parts))
            st.stable_end = cursor.position() - c0
        if st.queue:
            cursor.endEditBlock()
            return True
        if not final:
            self._append_blocks(cursor, self._tail_html(msg, st.split, dark))
            cursor.endEditBlock()
            return False
        # Complete: the line under it, the reasoning folded, the header with its actions. The
        # finished blocks stay: rendering a long answer again would freeze the window.
        self._append_blocks(cursor, self._footer_html(msg))
        cursor.endEditBlock()
        if st.label >= 0:
            is_open = msg.id in self.open_reasoning
            if not is_open:  # fold: drop the reasoning text's block
                cursor.setPosition(c0 + st.label)
                label = cursor.block()
                cursor.setPosition(label.position() + label.length() - 1)
                cursor.setPosition(c0 + st.body_end, QtGui.QTextCursor.MoveMode.KeepAnchor)
                cursor.removeSelectedText()
            self._replace_block(c0 + st.label, self._reasoning_label(msg, is_open))
        self._replace_block(c0, self._head_html(msg))
        del self._growing[i]
        return False

    def _tail_html(self, msg: Message, split: Split, dark: bool) -> str:
        tail = msg.content[split.done :]
        if split.fence:
            return render_pieces([Piece("code", tail, split.lang, last=True)], dark) if tail else ""
        if tail.strip():
            if len(tail) > TAIL_MARKDOWN:
                return "<p>" + escape(tail).replace("\n", "<br>") + "</p>"
            return render_markdown(tail, dark)
        if msg.content:
            return ""
        muted = theme.css("muted", self.palette())
        return f'<p style="color:{muted};">…</p>'

    def _replace_block(self, pos: int, inline_html: str) -> int:
        """Replace the text of the block at pos with inline HTML; returns the length change."""
        block = self.document().findBlock(pos)
        before = block.length()
        cursor = QtGui.QTextCursor(self.document())
        cursor.setPosition(block.position())
        cursor.setPosition(
            block.position() + block.length() - 1, QtGui.QTextCursor.MoveMode.KeepAnchor
        )
        cursor.insertHtml(inline_html)
        return self.document().findBlock(block.position()).length() - before

    # -- HTML of a message ---------------------------------------------------------------
    def _dark(self) -> bool:
        return self.palette().color(QPalette.ColorRole.Base).lightness() < 128

    def message_html(self, msg: Message) -> str:
        return self._message_html(msg, True)

    def _message_html(self, msg: Message, full: bool) -> str:
        """A message; `full` False gives the cheap form: its text escaped, not rendered."""
        parts = [self._head_block(msg, links=full)]
        if msg.reasoning:
            is_open = msg.status == Status.STREAMING or msg.id in self.open_reasoning
            parts.append(self._reasoning_html(msg, is_open))
        if msg.role == "user" or (msg.content and not full):
            parts.append("<p>" + escape(msg.content).replace("\n", "<br>") + "</p>")
        elif msg.content:
            parts.append(self._markdown(msg))
        elif msg.status == Status.STREAMING:
            parts.append(f'<p style="color:{theme.css("muted", self.palette())};">…</p>')
        parts.append(self._footer_html(msg))
        return "".join(parts)

    def _markdown(self, msg: Message) -> str:
        key = (msg.id, hash(msg.content), self._dark())
        out = self._cache.get(key)
        if out is not None:
            self._cache.move_to_end(key)
            return out
        out = render_markdown(msg.content, key[2])
        self._cache[key] = out
        self._cache_chars += len(out)
        while self._cache_chars > CACHE_CHARS and len(self._cache) > 1:
            _, old = self._cache.popitem(last=False)
            self._cache_chars -= len(old)
        return out

    def _head_html(self, msg: Message, links: bool = True) -> str:
        who = {
            "user": self.tr("You"),
            "assistant": self.tr("Assistant"),
            "system": self.tr("System"),
            "developer": self.tr("Developer"),
        }.get(msg.role) or escape(msg.role.capitalize())
        head = f"<b>{who}</b>"
        if msg.role == "assistant" and msg.model:
            muted = theme.css("muted", self.palette())
            head += f' <span style="color:{muted};">· {escape(msg.model)}</span>'
        return head + self._branch_html(msg) + self._actions_html(msg, links)

    def _head_block(self, msg: Message, links: bool = True) -> str:
        return f'<p style="margin-bottom:4px;">{self._head_html(msg, links)}</p>'

    def _reasoning_label(self, msg: Message, is_open: bool) -> str:
        muted = theme.css("muted", self.palette())
        label = self.tr("Reasoning ({0} words)").format(len(msg.reasoning.split()))
        arrow = "▾" if is_open else "▸"
        return (
            f'<a style="color:{muted}; text-decoration:none;" '
            f'href="{ACTION_SCHEME}reasoning/{msg.id}">{arrow} {escape(label)}</a>'
        )

    def _reasoning_html(self, msg: Message, is_open: bool) -> str:
        out = f'<p style="margin-bottom:2px;">{self._reasoning_label(msg, is_open)}</p>'
        if is_open:
            muted = theme.css("muted", self.palette())
            out += (
                f'<p style="color:{muted}; font-style:italic; margin-bottom:4px;">'
                + escape(msg.reasoning).replace("\n", "<br>")
                + "</p>"
            )
        return out

    def _footer_html(self, msg: Message) -> str:
        pal = self.palette()
        parts = []
        if (
            self.meta_text is not None
            and msg.role == "assistant"
            and msg.status != Status.STREAMING
        ):
            meta = self.meta_text(msg)
            if meta:
                parts.append(
                    f'<p style="color:{theme.css("muted", pal)}; font-size:small; '
                    'margin-top:2px;">' + escape(meta) + "</p>"
                )
        if msg.status == Status.STOPPED:
            parts.append(
                f'<p style="color:{theme.css("warning", pal)};"><i>'
                + escape(self.tr("Stopped. The partial answer is kept."))
                + "</i></p>"
            )
        elif msg.status == Status.INTERRUPTED:
            parts.append(
                f'<p style="color:{theme.css("warning", pal)};"><i>'
                + escape(
                    self.tr("Interrupted: Chatterdesk closed before this answer was complete.")
                )
                + f'</i> <a href="{RETRY_URL}">'
                + escape(self.tr("Retry"))
                + "</a></p>"
            )
        elif msg.status == Status.ERROR:
            parts.append(
                f'<p style="color:{theme.css("error", pal)};"><b>'
                + escape(self.tr("Error:"))
                + "</b> "
                + escape(msg.error or "")
                + f' <a href="{RETRY_URL}">'
                + escape(self.tr("Retry"))
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

    def _siblings(self, msg: Message) -> list[Message]:
        """The versions of a message: a parent → children map built once per render, not a
        scan of every node for every message (quadratic on a long conversation)."""
        conv = self._conversation
        assert conv is not None
        key = (id(conv), len(conv.nodes))
        if self._kids is None or self._kids[:2] != key:
            kids: dict[str | None, list[Message]] = {}
            for m in conv.nodes.values():
                kids.setdefault(m.parent, []).append(m)
            self._kids = (*key, kids)
        return self._kids[2].get(msg.parent, [])

    def _branch_html(self, msg: Message) -> str:
        conv = self._conversation
        if conv is None or msg.id not in conv.nodes:
            return ""
        sibs = self._siblings(msg)
        if len(sibs) < 2:
            return ""
        pos = next((k for k, s in enumerate(sibs) if s is msg), 0) + 1
        link = 'style="text-decoration:none;"'
        prev = f'<a {link} href="{ACTION_SCHEME}prev/{msg.id}">◀</a>' if pos > 1 else "◀"
        nxt = f'<a {link} href="{ACTION_SCHEME}next/{msg.id}">▶</a>' if pos < len(sibs) else "▶"
        return f"&nbsp;&nbsp;&nbsp;{prev} {pos}/{len(sibs)} {nxt}"

    def _actions_html(self, msg: Message, links: bool = True) -> str:
        """The action links; without `links` the same words as plain text (the cheap form: 40 %
        less to parse and lay out, and it is upgraded before it is ever painted)."""
        if msg.status == Status.STREAMING or self._conversation is None:
            return ""
        muted = theme.css("muted", self.palette())
        offered = [(action, label) for action, label, roles in ACTIONS if msg.role in roles]
        offered += [
            (action, label)
            for action, label, applies in EXTRA_ACTIONS
            if msg.role == "assistant" and applies(msg)
        ]
        if not links:
            return "&nbsp;&nbsp;&nbsp;" + " · ".join(escape(self.tr(str(t))) for _, t in offered)
        anchors = [
            f'<a style="color:{muted};" href="{ACTION_SCHEME}{action}/{msg.id}">'
            f"{escape(self.tr(str(label)))}</a>"
            for action, label in offered
        ]
        return '&nbsp;&nbsp;&nbsp;<span style="font-size:small;">' + " · ".join(anchors) + "</span>"

    def _static_end(self, a: int, b: int) -> int:
        """Where the static HTML of messages a..b ends: a growing answer at the very end of the
        conversation goes in a frame of its own instead."""
        t = b
        while (
            t > a and t == len(self._messages) and self._messages[t - 1].status == Status.STREAMING
        ):
            t -= 1
        return t

    def _finish_slice(self, a: int, t: int, b: int) -> None:
        """After messages a..t went in as static HTML: render the streaming ones among them,
        and put t..b in frames."""
        for i in range(a, t):
            if self._messages[i].status == Status.STREAMING:
                self._render(i)
        for i in range(t, b):
            self._append_frame(i)

    def paintEvent(self, event: QPaintEvent) -> None:
        """Qt draws a placeholder on one line, cut at the edge; the welcome text wraps here.

        It is laid out by a small document of its own: QPainter.setPen and drawText would make
        PySide build Qt's `Qt` namespace (~12 ms) while the first frame is painted."""
        text = self.placeholderText()
        if text and self.document().isEmpty() and not self._fits_on_one_line(text):
            doc = self._placeholder
            if doc is None:
                doc = self._placeholder = QTextDocument(self)
                doc.setDocumentMargin(0)
            if doc.toPlainText() != text:
                doc.setPlainText(text)
            doc.setDefaultFont(self.font())
            m = self.document().documentMargin()
            doc.setTextWidth(max(1.0, self.viewport().width() - 2 * m))
            ctx = QAbstractTextDocumentLayout.PaintContext()
            ctx.palette.setColor(
                QPalette.ColorRole.Text, self.palette().color(QPalette.ColorRole.PlaceholderText)
            )
            p = QtGui.QPainter(self.viewport())
            p.translate(m, m)
            layout = doc.documentLayout()
            assert layout is not None
            layout.draw(p, ctx)
            p.end()
            return
        super().paintEvent(event)

    def _fits_on_one_line(self, text: str) -> bool:
        """Qt's own placeholder (one line) is enough: it costs the first frame nothing, where
        the first QPainter on the viewport makes PySide build some 80 enum types (~8 ms)."""
        m = 2 * self.document().documentMargin()
        room = self.contentsRect().width() - m - 4  # a few pixels to spare: never cut
        return "\n" not in text and self.fontMetrics().horizontalAdvance(text) <= room

    def _theme_switched(self) -> None:
        """A theme switch re-renders everything: Markdown, code and status colours follow it."""
        if self._conversation is not None:
            anchor = self._anchor()
            _pre_style.cache_clear()
            self.set_messages(self._messages, around=None if anchor is None else anchor[0])
            if anchor is not None:
                self._restore(anchor)

    # -- what is visible -----------------------------------------------------------------
    def is_full(self, index: int) -> bool:
        """Whether message `index` shows its full Markdown (not the cheap form)."""
        return 0 <= index < len(self._full) and self._full[index]

    def _top(self, i: int) -> float:
        box = self._boxes[i]
        assert box is not None
        return float(self.document().documentLayout().frameBoundingRect(box).top())

    def _index_at(self, y: float) -> int:
        """The message at document height y (the nearest one in the document)."""
        built = range(self._first, self._last)
        if not built:
            return -1
        k = bisect_right(built, y, key=self._top) - 1
        return built[max(0, k)]

    def _anchor(self) -> tuple[int, float] | None:
        """Where the view is: None at the bottom, else (message at the top, offset into it)."""
        if self._at_bottom() or self._first >= self._last:
            return None
        value = self.verticalScrollBar().value()
        i = self._index_at(value)
        return i, value - self._top(i)

    def _restore(self, anchor: tuple[int, float] | None) -> None:
        if anchor is None:
            self._scroll_to_bottom()
            return
        i, offset = anchor
        if self._boxes[i] is not None:
            self.verticalScrollBar().setValue(round(self._top(i) + offset))

    def _on_scrolled(self, _value: int) -> None:
        if not self._busy:
            self._upgrade_visible()

    def _upgrade_visible(self) -> None:
        """Give the messages on screen, and a screen around it, their full Markdown, before
        they are painted; keep what the user reads where it is."""
        if self._busy or self._first >= self._last:
            return
        self._busy = True
        try:
            for _ in range(3):  # heights change as messages are upgraded
                bar = self.verticalScrollBar()
                h = max(1, self.viewport().height())
                top = bar.value() - AHEAD * h
                i0 = self._index_at(top)
                i1 = self._index_at(bar.value() + h + AHEAD * h)
                todo = [i for i in range(i0, i1 + 1) if not self._full[i]]
                if not todo:
                    break
                anchor = self._anchor()
                group = QtGui.QTextCursor(self.document())
                group.beginEditBlock()  # one layout for all of them
                for i in todo:
                    self._render(i)
                group.endEditBlock()
                self._restore(anchor)
                self._refind(todo)
        finally:
            self._busy = False

    def resizeEvent(self, e: QResizeEvent) -> None:
        super().resizeEvent(e)
        self._visible_timer.start()

    def showEvent(self, e: QShowEvent) -> None:
        super().showEvent(e)
        self._visible_timer.start()

    def _at_bottom(self) -> bool:
        sb = self.verticalScrollBar()
        return sb.value() >= sb.maximum() - 8

    def _scroll_to_bottom(self) -> None:
        sb = self.verticalScrollBar()
        sb.setValue(sb.maximum())

    # -- find in the conversation ---------------------------------------------------------
    def find_text(self, text: str) -> int:
        """Highlight every match of `text` (any case) and scroll to the first; returns how many.

        Matches in messages still shown as cheap text are found too: the cheap form holds the
        same words. At most FIND_MAX matches are highlighted."""
        self._find_text = text
        self._current = -1
        self._refind(full=True)
        if self._matches:
            self._show_match(0)
        else:
            self.findChanged.emit(0, 0)
        return len(self._matches)

    def find_next(self) -> bool:
        """Go to the next match (wrapping); False when there is none."""
        return self._step_match(1)

    def find_previous(self) -> bool:
        return self._step_match(-1)

    def clear_find(self) -> None:
        self._find_text = ""
        self._matches, self._current = [], -1
        self.setExtraSelections([])
        self.findChanged.emit(0, 0)

    def find_matches(self) -> list[tuple[int, int]]:
        """(start, end) document positions of the highlighted matches, in order."""
        return [(c.selectionStart(), c.selectionEnd()) for c in self._matches]

    def current_match(self) -> int:
        """Index of the current match in find_matches(), -1 if none."""
        return self._current

    def _step_match(self, step: int) -> bool:
        if not self._matches:
            return False
        k = (self._current + step) % len(self._matches) if self._current >= 0 else 0
        self._show_match(k)
        return True

    def _show_match(self, k: int) -> None:
        """Scroll match k into view (upgrading what comes into view) and mark it current."""
        self._current = k
        self._paint_matches()
        for _ in range(3):
            if not 0 <= self._current < len(self._matches):
                return
            rect = self.cursorRect(self._matches[self._current])
            h = self.viewport().height()
            if 0 <= rect.top() and rect.bottom() <= h:
                return
            bar = self.verticalScrollBar()
            # This upgrades what comes into view; _refind keeps the current match.
            bar.setValue(bar.value() + rect.top() - h // 3)

    def _message_at(self, pos: int) -> int:
        built = range(self._first, self._last)
        if not built:
            return -1
        k = bisect_right(built, pos, key=lambda i: self._boxes[i].firstPosition()) - 1  # type: ignore[union-attr]
        return built[max(0, k)]

    def _match_key(self, k: int) -> tuple[int, int]:
        """Match k as (message, which of its matches): still valid after the message is
        rendered again, when its old match cursors are gone."""
        i = self._message_at(self._matches[k].position())
        j = k
        while j > 0 and self._message_at(self._matches[j - 1].position()) == i:
            j -= 1
        return i, k - j

    def _match_of(self, key: tuple[int, int]) -> int:
        i, nth = key
        box = self._boxes[i] if 0 <= i < len(self._boxes) else None
        if box is None or not self._matches:
            return 0 if self._matches else -1
        start, end = box.firstPosition(), box.lastPosition()
        first = next(
            (j for j, c in enumerate(self._matches) if c.selectionStart() >= start),
            len(self._matches) - 1,
        )
        last = first
        while last + 1 < len(self._matches) and self._matches[last + 1].selectionEnd() <= end:
            last += 1
        return min(first + nth, last)

    def _refind(self, indexes: list[int] | None = None, full: bool = False) -> None:
        """Find the matches again: everywhere, or in the messages just re-rendered (matches
        inside replaced text are gone; the others follow the edits)."""
        if not self._find_text:
            return
        doc = self.document()
        found: list[QtGui.QTextCursor] = []
        if full:
            ranges = [(0, doc.characterCount())]
            kept: list[QtGui.QTextCursor] = []
        else:
            kept = [c for c in self._matches if c.hasSelection()]
            ranges = []
            for i in indexes or []:
                box = self._boxes[i] if i < len(self._boxes) else None
                if box is not None:
                    ranges.append((box.firstPosition(), box.lastPosition()))
        current = (
            self._match_key(self._current) if 0 <= self._current < len(self._matches) else None
        )
        for start, end in ranges:
            cursor = QtGui.QTextCursor(doc)
            cursor.setPosition(start)
            while len(found) + len(kept) < FIND_MAX:
                cursor = doc.find(self._find_text, cursor)
                if cursor.isNull() or cursor.selectionEnd() > end:
                    break
                found.append(cursor)
        have = {c.selectionStart() for c in kept}
        found = [c for c in found if c.selectionStart() not in have]
        if not found and not full and len(kept) == len(self._matches):
            return  # nothing changed
        self._matches = sorted(kept + found, key=lambda c: c.selectionStart())
        if current is not None:
            self._current = self._match_of(current)
        elif not self._matches:
            self._current = -1
        self._paint_matches()

    def _paint_matches(self) -> None:
        pal = self.palette()
        other = QtGui.QTextCharFormat()
        soft = QtGui.QColor(pal.color(QPalette.ColorRole.Highlight))
        soft.setAlpha(90)
        other.setBackground(soft)
        current = QtGui.QTextCharFormat()
        current.setBackground(pal.color(QPalette.ColorRole.Highlight))
        current.setForeground(pal.color(QPalette.ColorRole.HighlightedText))
        selections = []
        for j, c in enumerate(self._matches):
            sel = QTextEdit.ExtraSelection()
            sel.cursor = c
            sel.format = current if j == self._current else other
            selections.append(sel)
        self.setExtraSelections(selections)
        self.findChanged.emit(self._current + 1, len(self._matches))
