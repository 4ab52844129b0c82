"""Light, dark and system themes switch live: palette, conversation colours, tinted labels."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication, QLabel

from app.ui import theme
from tests.fakeserver import FakeServer
from tests.ui.test_main_window import type_and_send, wait_idle


@pytest.fixture(autouse=True)
def back_to_system(qapp: QApplication) -> Iterator[None]:
    yield
    theme.apply_theme(qapp, "system")


def base_lightness(w: Any) -> int:
    return int(w.palette().color(QPalette.ColorRole.Base).lightness())


def test_dark_and_light_switch_the_whole_window_live(
    qtbot: Any, qapp: QApplication, window: Any, fake_server: FakeServer
) -> None:
    fake_server.behavior.reply = "Some `code` and text"
    fake_server.fail_next(status=400, path="chat/completions")
    type_and_send(qtbot, window, "first")
    wait_idle(qtbot, window)
    light_html = window.view.toHtml()
    assert theme.SEMANTIC["error"][0] in light_html  # the error line, in the light theme's red
    theme.apply_theme(qapp, "dark")
    qtbot.wait(10)  # the palette reaches widgets through posted events
    assert base_lightness(window) < 128 and base_lightness(window.view) < 128
    qtbot.waitUntil(lambda: not window.view.rendering, timeout=3000)
    dark_html = window.view.toHtml()
    assert theme.SEMANTIC["error"][1] in dark_html and theme.SEMANTIC["error"][0] not in dark_html
    theme.apply_theme(qapp, "light")
    qtbot.wait(10)
    assert base_lightness(window) > 128
    assert theme.SEMANTIC["error"][0] in window.view.toHtml()


def test_tinted_labels_follow_the_theme(qtbot: Any, qapp: QApplication) -> None:
    label = QLabel("Something failed")
    qtbot.addWidget(label)
    theme.apply_theme(qapp, "light")
    theme.tint(label, "error")
    light = label.palette().color(QPalette.ColorRole.WindowText).name()
    theme.apply_theme(qapp, "dark")
    dark = label.palette().color(QPalette.ColorRole.WindowText).name()
    assert (light, dark) == theme.SEMANTIC["error"]
    # The rest of the label's palette still follows the app (only the text colour is set).
    assert label.palette().color(QPalette.ColorRole.Window) == qapp.palette().color(
        QPalette.ColorRole.Window
    )


def test_system_mode_uses_the_platforms_palette(qapp: QApplication) -> None:
    theme.apply_theme(qapp, "dark")
    theme.apply_theme(qapp, "system")
    assert theme.current_mode() == "system"
    # Offscreen reports no colour scheme, so the platform's (light Fusion) palette is used.
    assert qapp.palette().color(QPalette.ColorRole.Base).lightness() > 128
    theme.apply_theme(qapp, "nonsense")  # an unknown mode from a settings file
    assert theme.current_mode() == "system"


def test_semantic_colours_are_readable_on_their_theme(qapp: QApplication) -> None:
    def contrast(a: Any, b: Any) -> float:
        def lum(c: Any) -> float:
            def lin(v: float) -> float:
                v /= 255
                return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

            return 0.2126 * lin(c.red()) + 0.7152 * lin(c.green()) + 0.0722 * lin(c.blue())

        la, lb = sorted((lum(a), lum(b)), reverse=True)
        return (la + 0.05) / (lb + 0.05)

    for mode in ("light", "dark"):
        theme.apply_theme(qapp, mode)
        base = qapp.palette().color(QPalette.ColorRole.Base)
        for kind in ("error", "warning", "success"):
            assert contrast(theme.colour(kind), base) >= 4.5, (mode, kind)
