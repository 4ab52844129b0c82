"""The logprobs heatmap: an answer's tokens coloured by probability, alternatives on hover.

The whole view is one HTML string set at once (4,000 tokens render in a few tens of
milliseconds); hovering maps the mouse to a document position and that to a token by bisection,
so no anchors or per-token widgets are needed. Nothing is ever fetched (`loadResource`).
"""

from __future__ import annotations

import bisect
import logging
import math
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QCoreApplication, QPoint, Qt, QUrl, Signal
from PySide6.QtGui import QGuiApplication, QMouseEvent, QPalette, QTextCursor
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTextBrowser,
    QTextEdit,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from app.core.logprobs import TokenProb, escape_token, heat_colour, summary, text_colour, to_tsv
from app.core.markdown import escape

log = logging.getLogger("chatterdesk.ui")

NEWLINE_MARK = "\u21b5"  # ↵ before a newline inside a token, so its colour shows
LEGEND_STOPS = (0.05, 0.1, 0.3, 0.5, 0.7, 0.9)


def utf16_len(text: str) -> int:
    """Length in QTextDocument positions (UTF-16 code units)."""
    return len(text.encode("utf-16-le")) // 2


def percent(p: float | None) -> str:
    """A probability as a percentage with enough digits to tell small ones apart."""
    if p is None:
        return QCoreApplication.translate("HeatmapView", "unknown")
    v = p * 100
    if v >= 99.95 and p < 1.0:
        return "99.9%" if v < 99.995 else f"{v:.3f}%"
    if v >= 0.1:
        return f"{v:.1f}%"
    if v == 0:
        return "0%"
    return f"{v:.2g}%"


def display_text(text: str) -> str:
    """A token as shown in the heatmap: a newline gets a visible ↵ before it; CR is dropped."""
    return text.replace("\r", "").replace("\n", NEWLINE_MARK + "\n")


def tooltip_text(tok: TokenProb) -> str:
    """Rich text for a token's tooltip: the token, its probability and logprob, alternatives."""
    label = escape(f'"{escape_token(tok.text)}"')
    lp = (
        ""
        if tok.logprob is None
        else QCoreApplication.translate("HeatmapView", " (logprob {0})").format(
            f"{tok.logprob:.3f}"
        )
    )
    rows = [
        f"<qt><p style='white-space:pre'><b>{label}</b> {escape(percent(tok.probability))}"
        f"{escape(lp)}</p>"
    ]
    if tok.top:
        rows.append(
            f"<p>{escape(QCoreApplication.translate('HeatmapView', 'Alternatives:'))}</p><table cellspacing='0'>"
        )
        for alt, alp in tok.top:
            mark = "\u25b8" if alt == tok.text else ""
            rows.append(
                f"<tr><td>{mark}</td><td style='white-space:pre'>"
                f"{escape(repr_token(alt))}</td>"
                f"<td align='right'>&nbsp;{escape(percent(math.exp(alp)))}</td></tr>"
            )
        rows.append("</table>")
    return "".join(rows) + "</qt>"


def repr_token(text: str) -> str:
    return f'"{escape_token(text)}"'


def _rgb(c: tuple[int, int, int]) -> str:
    return "#{:02x}{:02x}{:02x}".format(*c)


def char_at(edit: QTextEdit | QPlainTextEdit, point: QPoint) -> int | None:
    """The document position of the character under `point` (viewport coordinates), or None
    when the point is beside the text (past a line's end, below the last line)."""
    doc = edit.document()
    c = edit.cursorForPosition(point)
    p = c.position()
    x, y = point.x(), point.y()
    r = edit.cursorRect(c)
    if not r.top() <= y <= r.bottom():
        return None
    probe = QTextCursor(doc)
    if x >= r.left():
        probe.setPosition(p)
        if not probe.movePosition(QTextCursor.MoveOperation.NextCharacter):
            return None
        rn = edit.cursorRect(probe)
        if rn.top() == r.top() and x < rn.left():
            return p
        return None
    probe.setPosition(p)
    if not probe.movePosition(QTextCursor.MoveOperation.PreviousCharacter):
        return None
    rp = edit.cursorRect(probe)
    if rp.top() == r.top() and rp.left() <= x:
        return probe.position()
    return None


class TokenSpans:
    """Document ranges of tokens, for finding the token at a position by bisection."""

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []
        self.indexes: list[int] = []  # the token index of each range

    def add(self, start: int, end: int, index: int) -> None:
        if end > start:
            self.starts.append(start)
            self.ends.append(end)
            self.indexes.append(index)

    def index_at(self, pos: int) -> int | None:
        k = bisect.bisect_right(self.starts, pos) - 1
        if k >= 0 and pos < self.ends[k]:
            return self.indexes[k]
        return None

    def range_of(self, index: int) -> tuple[int, int] | None:
        for s, e, i in zip(self.starts, self.ends, self.indexes, strict=True):
            if i == index:
                return s, e
        return None


class HeatmapView(QTextBrowser):
    """Tokens as coloured spans; hovering one shows its probability and the alternatives."""

    tokenHovered = Signal(int)  # token index, -1 when the mouse left the tokens

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("logprobsHeatmap")
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setReadOnly(True)
        self.viewport().setMouseTracking(True)
        self._tokens: list[TokenProb] = []
        self._spans = TokenSpans()
        self._hovered = -1

    # -- no resource is ever loaded -------------------------------------------------------
    def loadResource(self, type: int, name: QUrl | str) -> Any:
        log.info("refused to load a resource for the heatmap: %s", name)
        return None

    @property
    def tokens(self) -> list[TokenProb]:
        return self._tokens

    def set_tokens(self, tokens: Sequence[TokenProb], prefix_text: str = "") -> None:
        """Show `tokens` after `prefix_text` (text without probabilities, shown muted)."""
        self._tokens = list(tokens)
        self._hovered = -1
        muted = self.palette().color(QPalette.ColorRole.PlaceholderText).name()
        parts = [
            f"<p style='margin-bottom:2px'>{self.legend_html()}</p>",
            f"<p style='margin-bottom:6px'>{escape(self.summary_text())}</p>",
            "<p style='white-space:pre-wrap'>",
        ]
        pos = 0
        spans = TokenSpans()
        if prefix_text:
            shown = prefix_text.replace("\r", "")
            parts.append(f"<span style='color:{muted}'>{escape(shown)}</span>")
            pos += utf16_len(shown)
        for i, t in enumerate(self._tokens):
            shown = display_text(t.text)
            if not shown:
                continue
            bg = heat_colour(t.probability)
            parts.append(
                f"<span style='background-color:{_rgb(bg)};color:{_rgb(text_colour(bg))}'>"
                f"{escape(shown)}</span>"
            )
            n = utf16_len(shown)
            spans.add(pos, pos + n, i)
            pos += n
        parts.append("</p>")
        self.setHtml("".join(parts))
        # The tokens' paragraph is the third block: shift the ranges to where it starts.
        base = self.document().findBlockByNumber(2).position()
        self._spans = TokenSpans()
        for s, e, i in zip(spans.starts, spans.ends, spans.indexes, strict=True):
            self._spans.add(base + s, base + e, i)

    def legend_html(self) -> str:
        cells = [escape(QCoreApplication.translate("HeatmapView", "Probability:"))]
        for p in LEGEND_STOPS:
            bg = heat_colour(p)
            label = (
                QCoreApplication.translate("HeatmapView", "<10%")
                if p < 0.1
                else (
                    QCoreApplication.translate("HeatmapView", "≥90%")
                    if p >= 0.9
                    else f"{p * 100:.0f}%"
                )
            )
            cells.append(
                f"<span style='background-color:{_rgb(bg)};color:{_rgb(text_colour(bg))}'>"
                f"&nbsp;{escape(label)}&nbsp;</span>"
            )
        bg = heat_colour(None)
        cells.append(
            f"<span style='background-color:{_rgb(bg)};color:{_rgb(text_colour(bg))}'>"
            f"&nbsp;{escape(QCoreApplication.translate('HeatmapView', 'unknown'))}&nbsp;</span>"
        )
        return " ".join(cells)

    def summary_text(self) -> str:
        return summary_line(self._tokens)

    # -- hover ----------------------------------------------------------------------------
    def token_range(self, index: int) -> tuple[int, int] | None:
        """The document positions [start, end) of token `index` (None: not shown)."""
        return self._spans.range_of(index)

    def token_index_at(self, point: QPoint) -> int | None:
        pos = char_at(self, point)
        return None if pos is None else self._spans.index_at(pos)

    def tooltip_at(self, index: int) -> str:
        if not 0 <= index < len(self._tokens):
            return ""
        return tooltip_text(self._tokens[index])

    def mouseMoveEvent(self, e: QMouseEvent) -> None:
        super().mouseMoveEvent(e)
        idx = self.token_index_at(e.position().toPoint())
        if idx is None:
            if self._hovered != -1:
                QToolTip.hideText()
                self._hovered = -1
                self.tokenHovered.emit(-1)
            return
        QToolTip.showText(e.globalPosition().toPoint(), self.tooltip_at(idx), self.viewport())
        if idx != self._hovered:
            self._hovered = idx
            self.tokenHovered.emit(idx)


def summary_line(tokens: Sequence[TokenProb]) -> str:
    """One line of figures: tokens, mean probability, perplexity, the least likely tokens."""
    s = summary(tokens)
    if not s["count"]:
        return QCoreApplication.translate("HeatmapView", "No token probabilities.")
    parts = [QCoreApplication.translate("HeatmapView", "{0} tokens").format(s["count"])]
    if s["scored"]:
        parts.append(
            QCoreApplication.translate("HeatmapView", "mean probability {0}").format(
                percent(s["mean_probability"])
            )
        )
        parts.append(
            QCoreApplication.translate("HeatmapView", "perplexity {0}").format(
                f"{s['perplexity']:.2f}"
            )
        )
        low = ", ".join(f"{repr_token(t)} {percent(p)}" for _, t, p in s["lowest"][:3])
        parts.append(QCoreApplication.translate("HeatmapView", "least likely: {0}").format(low))
    else:
        parts.append(QCoreApplication.translate("HeatmapView", "no probabilities"))
    return " · ".join(parts)


class LogprobsDialog(QDialog):
    """The heatmap of one answer in a window of its own, with Copy as TSV."""

    def __init__(
        self,
        tokens: Sequence[TokenProb],
        title: str = "",
        prefix_text: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("logprobsDialog")
        self.setWindowTitle(self.tr("Token probabilities"))
        self.resize(720, 480)
        lay = QVBoxLayout(self)
        self.titleLabel = QLabel(title or self.tr("Token probabilities"))
        self.titleLabel.setObjectName("logprobsTitle")
        self.titleLabel.setTextFormat(Qt.TextFormat.PlainText)
        f = self.titleLabel.font()
        f.setBold(True)
        self.titleLabel.setFont(f)
        lay.addWidget(self.titleLabel)
        self.view = HeatmapView(self)
        self.view.set_tokens(tokens, prefix_text)
        lay.addWidget(self.view, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.copyButton = QPushButton(self.tr("Copy as TSV"))
        self.copyButton.setObjectName("logprobsCopyTsv")
        self.copyButton.setToolTip(
            self.tr("Copy every token with its probability and alternatives, tab-separated")
        )
        buttons.addButton(self.copyButton, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        self.copyButton.clicked.connect(self.copy_tsv)
        lay.addWidget(buttons)

    def tsv(self) -> str:
        return to_tsv(self.view.tokens)

    def copy_tsv(self) -> None:
        QGuiApplication.clipboard().setText(self.tsv())
