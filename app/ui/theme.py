"""Light, dark and "follow the system", switched live.

Qt's own color-scheme request (QStyleHints.setColorScheme) only works where the platform theme
supports it, so dark and light are explicit Fusion palettes. "System" uses the platform's
palette, and the dark one when the platform says its scheme is dark, following changes live.

Widgets never hard-code colours: they take palette roles, or one of the few semantic colours
below (error, warning, success, muted), which are defined here once per light/dark and re-applied
to every tinted widget when the theme changes.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable

import shiboken6
from PySide6 import QtCore
from PySide6.QtCore import QObject
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QStyleFactory, QWidget

THEMES = ("system", "light", "dark")

# Semantic colours: (light theme, dark theme). Chosen for contrast on each theme's Base colour.
SEMANTIC: dict[str, tuple[str, str]] = {
    "error": ("#b3261e", "#ff8a80"),
    "warning": ("#9a5b00", "#ffb74d"),
    "success": ("#1e7e34", "#81c995"),
}

_TINT_PROPERTY = "chatterdeskTint"


def is_dark(palette: QPalette | None = None) -> bool:
    if palette is None:
        palette = QGuiApplication.palette()
    return palette.color(QPalette.ColorRole.Base).lightness() < 128


def colour(kind: str, palette: QPalette | None = None) -> QColor:
    """A semantic colour ("error", "warning", "success", "muted") for the current theme."""
    if palette is None:
        palette = QGuiApplication.palette()
    if kind == "muted":  # between text and base: PlaceholderText is often text with alpha
        t = palette.color(QPalette.ColorRole.Text)
        b = palette.color(QPalette.ColorRole.Base)
        return QColor(
            round(t.red() * 0.55 + b.red() * 0.45),
            round(t.green() * 0.55 + b.green() * 0.45),
            round(t.blue() * 0.55 + b.blue() * 0.45),
        )
    light, dark = SEMANTIC[kind]
    return QColor(dark if is_dark(palette) else light)


def css(kind: str, palette: QPalette | None = None) -> str:
    """The colour as #rrggbb, for rich text."""
    return str(colour(kind, palette).name())


def tint(widget: QWidget, kind: str) -> None:
    """Colour a widget's text with a semantic colour, kept right when the theme changes."""
    widget.setProperty(_TINT_PROPERTY, kind)
    _apply_tint(widget, kind)


def _apply_tint(widget: QWidget, kind: str) -> None:
    pal = widget.palette()
    c = colour(kind, QGuiApplication.palette())
    for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text):
        pal.setColor(role, c)
    widget.setPalette(pal)


def dark_palette() -> QPalette:
    p = QPalette()
    base, window, text = QColor(30, 31, 34), QColor(43, 45, 48), QColor(223, 225, 229)
    roles = {
        QPalette.ColorRole.Window: window,
        QPalette.ColorRole.WindowText: text,
        QPalette.ColorRole.Base: base,
        QPalette.ColorRole.AlternateBase: QColor(38, 40, 43),
        QPalette.ColorRole.ToolTipBase: QColor(50, 52, 56),
        QPalette.ColorRole.ToolTipText: text,
        QPalette.ColorRole.PlaceholderText: QColor(140, 145, 152),
        QPalette.ColorRole.Text: text,
        QPalette.ColorRole.Button: QColor(53, 55, 59),
        QPalette.ColorRole.ButtonText: text,
        QPalette.ColorRole.BrightText: QColor(255, 110, 110),
        QPalette.ColorRole.Light: QColor(70, 72, 76),
        QPalette.ColorRole.Midlight: QColor(60, 62, 66),
        QPalette.ColorRole.Mid: QColor(45, 47, 50),
        QPalette.ColorRole.Dark: QColor(22, 23, 25),
        QPalette.ColorRole.Shadow: QColor(0, 0, 0),
        QPalette.ColorRole.Highlight: QColor(53, 116, 240),
        QPalette.ColorRole.HighlightedText: QColor(255, 255, 255),
        QPalette.ColorRole.Link: QColor(110, 168, 254),
        QPalette.ColorRole.LinkVisited: QColor(180, 140, 250),
    }
    for role, c in roles.items():
        p.setColor(role, c)
    disabled = QColor(120, 123, 128)
    for role in (
        QPalette.ColorRole.WindowText,
        QPalette.ColorRole.Text,
        QPalette.ColorRole.ButtonText,
    ):
        p.setColor(QPalette.ColorGroup.Disabled, role, disabled)
    return p


def light_palette() -> QPalette:
    style = QStyleFactory.create("Fusion")
    return style.standardPalette() if style is not None else QPalette()


class _Follower(QObject):
    """Re-applies "system" when the platform's colour scheme changes."""

    mode = "system"

    def on_scheme(self, _scheme: object) -> None:
        app = QApplication.instance()
        if isinstance(app, QApplication) and self.mode == "system":
            apply_theme(app, "system")


_follower: _Follower | None = None
_system_palette: QPalette | None = None
_on_switch: list[weakref.WeakMethod[Callable[[], object]]] = []


def on_theme_switch(callback: Callable[[], object]) -> None:
    """Call `callback`, a widget's bound method (held weakly), after each theme switch, once
    the new palette is in place: for what a palette cannot recolour (rendered HTML).

    Instead of a changeEvent override: the first event of any kind through such an override
    makes PySide build some 40 event types (~0.4 MiB) the idle window otherwise never needs."""
    _on_switch.append(weakref.WeakMethod(callback))


def current_mode() -> str:
    return _follower.mode if _follower is not None else "system"


def platform_scheme(app: QApplication) -> str:
    """The colour scheme the platform names: "dark", "light", or "" when it names none.

    Asking builds Qt's `Qt` namespace (~12 ms, once), so the first frame is painted with the
    scheme remembered from the last start and main() asks here right after it."""
    scheme = app.styleHints().colorScheme()
    if scheme == QtCore.Qt.ColorScheme.Dark:
        return "dark"
    if scheme == QtCore.Qt.ColorScheme.Light:
        return "light"
    return ""


def apply_theme(app: QApplication, mode: str, scheme: str | None = None) -> None:
    """Switch the whole app to a theme now; every window repaints and re-renders.

    `scheme`: the platform's colour scheme as platform_scheme() gives it, if the caller knows
    it already; None asks the platform."""
    global _follower, _system_palette
    if mode not in THEMES:
        mode = "system"
    if _follower is None:
        _system_palette = app.palette()  # a copy: the platform's, before we change it
        _follower = _Follower()
        app.styleHints().colorSchemeChanged.connect(_follower.on_scheme)
    _follower.mode = mode
    if mode == "dark":
        palette = dark_palette()
    elif mode == "light":
        palette = light_palette()
    else:
        if scheme is None:
            scheme = platform_scheme(app)
        # (Not QPalette(other): that overload makes PySide build the `Qt` namespace, ~12 ms.)
        base = _system_palette if _system_palette is not None else QPalette()
        if scheme == "dark" and not is_dark(base):
            palette = dark_palette()  # the platform says dark but its style paints light
        elif scheme == "light" and is_dark(base):
            palette = light_palette()
        else:
            palette = base
    app.setPalette(palette)
    for w in app.allWidgets():
        kind = w.property(_TINT_PROPERTY)
        if isinstance(kind, str):
            _apply_tint(w, kind)
    if _on_switch:  # widgets get the new palette through posted events: deliver them first
        app.sendPostedEvents(None, QtCore.QEvent.Type.ApplicationPaletteChange.value)
    live = []
    for ref in _on_switch:
        callback = ref()
        if callback is not None and shiboken6.isValid(callback.__self__):  # type: ignore[attr-defined]
            live.append(ref)
            callback()
    _on_switch[:] = live
