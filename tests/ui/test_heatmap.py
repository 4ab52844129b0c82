"""The logprobs heatmap: colours match the probabilities, hover shows the alternatives."""

from __future__ import annotations

import math
import time
from typing import Any

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QGuiApplication, QTextCursor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton, QToolTip

from app.core.logprobs import TokenProb, from_chat, heat_colour, to_tsv
from app.ui.heatmap import HeatmapView, LogprobsDialog, tooltip_text

PROBS = [0.99, 0.8, 0.55, 0.31, 0.12, 0.02, None]


def tokens() -> list[TokenProb]:
    out = []
    for k, p in enumerate(PROBS):
        lp = None if p is None else math.log(p)
        top = ((f"w{k}", lp), ("other", math.log(0.01))) if lp is not None else ()
        out.append(TokenProb(f"w{k} " if k % 3 else f"w{k}\n", lp, top))
    return out


def make_view(qtbot: Any, toks: list[TokenProb], prefix: str = "") -> HeatmapView:
    v = HeatmapView()
    qtbot.addWidget(v)
    v.resize(600, 300)
    v.show()
    qtbot.waitExposed(v)
    # Qt shows tooltips only in the active window; earlier tests may have activated another.
    v.activateWindow()
    qtbot.waitUntil(v.isActiveWindow, timeout=3000)
    v.set_tokens(toks, prefix)
    return v


def background_at(v: HeatmapView, pos: int) -> QColor:
    c = QTextCursor(v.document())
    c.setPosition(pos + 1)  # the format of the character before the cursor
    return c.charFormat().background().color()


def rgb(c: QColor) -> tuple[int, int, int]:
    return (c.red(), c.green(), c.blue())


def token_text(v: HeatmapView, index: int) -> str:
    rng = v.token_range(index)
    assert rng is not None
    c = QTextCursor(v.document())
    c.setPosition(rng[0])
    c.setPosition(rng[1], QTextCursor.MoveMode.KeepAnchor)
    return c.selectedText().replace("\u2029", "\n")


def centre_of(v: HeatmapView, index: int) -> QPoint:
    rng = v.token_range(index)
    assert rng is not None
    c = QTextCursor(v.document())
    c.setPosition(rng[0])
    r0 = v.cursorRect(c)
    c.movePosition(QTextCursor.MoveOperation.NextCharacter)
    r1 = v.cursorRect(c)
    return QPoint((r0.left() + r1.left()) // 2, r0.center().y())


def test_colours_match_the_probabilities(qtbot: Any) -> None:
    toks = tokens()
    v = make_view(qtbot, toks)
    assert v.objectName() == "logprobsHeatmap"
    for i, t in enumerate(toks):
        rng = v.token_range(i)
        assert rng is not None
        for pos in range(*rng):
            if v.document().characterAt(pos) == "\u2029":
                continue  # a paragraph end has no format of its own
            want = heat_colour(None if t.logprob is None else math.exp(t.logprob))
            assert rgb(background_at(v, pos)) == want, (i, pos)
        assert token_text(v, i) == t.text.replace("\n", "↵\n")
    # the colours differ from one probability to the next, red for 2 %, grey for unknown
    assert background_at(v, v.token_range(5)[0]).red() > 200  # type: ignore[index]
    assert rgb(background_at(v, v.token_range(6)[0])) == (200, 200, 200)  # type: ignore[index]
    text = v.toPlainText()
    assert "w0↵\nw1 w2 w3↵\n" in text
    assert "mean probability" in text and "perplexity" in text  # the summary line
    assert "<10%" in text and "≥90%" in text  # the legend


def test_real_characters_from_split_bytes(qtbot: Any) -> None:
    ni, hao = "你".encode(), "好".encode()
    smile = "🙂".encode()
    lp = {
        "content": [
            {"token": "\\xe4\\xbd", "logprob": -0.1, "bytes": list(ni[:2])},
            {"token": "\\xa0", "logprob": -0.2, "bytes": list(ni[2:])},
            {"token": "好", "logprob": -0.3, "bytes": list(hao)},
            {"token": "\\xf0\\x9f\\x99", "logprob": -2.0, "bytes": list(smile[:3])},
            {"token": "\\x82", "logprob": -0.5, "bytes": list(smile[3:])},
            {"token": "!", "logprob": -0.01, "bytes": [33]},
        ]
    }
    toks = from_chat(lp)
    v = make_view(qtbot, toks)
    assert "你好🙂!" in v.toPlainText()
    assert [token_text(v, i) for i in range(len(toks))] == ["你", "好", "🙂", "!"]
    assert v.token_range(2) == (v.token_range(1)[1], v.token_range(1)[1] + 2)  # type: ignore[index]
    assert rgb(background_at(v, v.token_range(2)[0])) == heat_colour(math.exp(-2.5))  # type: ignore[index]
    # hovering the emoji (two UTF-16 units) finds it
    assert v.token_index_at(centre_of(v, 2)) == 2
    assert v.token_index_at(centre_of(v, 3)) == 3


def test_hover_shows_the_tooltip(qtbot: Any) -> None:
    toks = tokens()
    v = make_view(qtbot, toks, prefix="Prompt: ")
    vp = v.viewport()
    for i in (1, 5):
        QTest.mouseMove(vp, centre_of(v, i))
        qtbot.waitUntil(QToolTip.isVisible, timeout=3000)
        qtbot.waitUntil(lambda i=i: QToolTip.text() == v.tooltip_at(i), timeout=3000)
    tip = QToolTip.text()
    assert "w5" in tip and "2.0%" in tip and "logprob -3.912" in tip
    assert "Alternatives:" in tip and "1.0%" in tip
    # the prefix has no probabilities: no tooltip there; far below the text: none either
    pfx = QTextCursor(v.document())
    pfx.setPosition(v.token_range(0)[0] - 4)  # type: ignore[index]
    r = v.cursorRect(pfx)
    assert v.token_index_at(QPoint(r.left() + 2, r.center().y())) is None
    QTest.mouseMove(vp, QPoint(r.left() + 2, r.center().y()))
    qtbot.waitUntil(lambda: not QToolTip.isVisible(), timeout=3000)
    assert v.token_index_at(QPoint(5, vp.height() - 3)) is None
    QToolTip.hideText()


def test_tooltip_text_lists_alternatives_most_likely_first() -> None:
    t = TokenProb(
        "<b>&", math.log(0.25), (("x", math.log(0.5)), ("<b>&", math.log(0.25)), ("\n", -5.0))
    )
    tip = tooltip_text(t)
    assert "&lt;b&gt;&amp;" in tip and "<b>&" not in tip.replace("<b>&quot;", "")
    assert "25.0%" in tip and "50.0%" in tip and "0.7%" in tip  # exp(-5) = 0.674 %
    alts = tip.split("Alternatives:")[1]
    assert alts.index("50.0%") < alts.index("25.0%") < alts.index("0.7%")
    assert "\u25b8" in tip  # the chosen token is marked among the alternatives
    assert "&quot;\\n&quot;" in tip  # a newline alternative is readable
    unknown = tooltip_text(TokenProb("a", None))
    assert "unknown" in unknown and "Alternatives" not in unknown


def test_html_is_escaped_and_nothing_is_fetched(qtbot: Any) -> None:
    evil = '<img src="http://127.0.0.1:9/x.png"><a href="x">link</a> &amp;'
    v = make_view(qtbot, [TokenProb(evil, -0.1), TokenProb("\t  spaced", -0.2)])
    assert evil in v.toPlainText()
    assert "\t  spaced" in v.toPlainText()  # whitespace kept as it is
    assert v.loadResource(2, "http://127.0.0.1:9/x.png") is None


def test_four_thousand_tokens_render_fast(qtbot: Any) -> None:
    toks = [
        TokenProb(f" tok{i}" + ("\n" if i % 50 == 0 else ""), -((i % 97) / 20.0), (("a", -0.1),))
        for i in range(4000)
    ]
    v = make_view(qtbot, toks[:10])
    t0 = time.perf_counter()
    v.set_tokens(toks)
    elapsed = time.perf_counter() - t0
    assert elapsed < 1.0, elapsed
    assert v.token_range(3999) is not None
    assert token_text(v, 3999) == " tok3999"


def test_dialog_copy_as_tsv(qtbot: Any) -> None:
    toks = tokens()
    d = LogprobsDialog(toks, title="Answer 2 · gpt-test")
    qtbot.addWidget(d)
    d.show()
    assert d.objectName() == "logprobsDialog"
    assert d.windowTitle() == "Token probabilities"
    assert d.titleLabel.text() == "Answer 2 · gpt-test"
    assert d.findChild(HeatmapView, "logprobsHeatmap") is d.view
    btn = d.findChild(QAbstractButton, "logprobsCopyTsv")
    assert btn is not None and btn.text() == "Copy as TSV"
    QGuiApplication.clipboard().clear()
    qtbot.mouseClick(btn, Qt.MouseButton.LeftButton)
    text = QGuiApplication.clipboard().text()
    assert text == to_tsv(toks)
    assert text.splitlines()[1].startswith("w0\\n\t0.990000\t")
