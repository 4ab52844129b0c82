"""Start-up in two steps: the first frame (the window's frame, conversation and composer) is
painted before the rest is built, and the rest is complete before the event loop runs.

The first step must not build Qt's `Qt` namespace (~12 ms, a tenth of a bare window's start):
that is checked in a fresh process, since the test process has built it long ago."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from tests.ui.test_main_window import CONTRACT

ROOT = Path(__file__).resolve().parents[2]

PROBE = r"""
import json, sys
from pathlib import Path
from app.ui.pyside_imports import skip_source_scan
skip_source_scan()
from PySide6 import QtCore
from PySide6.QtWidgets import QApplication, QWidget
app = QApplication(["probe"])
from app.core.paths import AppPaths
from app.core.settings import load_settings
from app.main import show_first_frame
from app.ui.main_window import MainWindow
from app.ui.theme import apply_theme

paths = AppPaths.under(Path(sys.argv[1]))
paths.ensure()
settings = load_settings(paths.settings_file)
apply_theme(app, settings.theme, scheme=settings.system_scheme)
window = MainWindow(paths, settings, staged=True)
show_first_frame(app, window)
names = json.loads(sys.argv[2])
first = {
    "qt_namespace": "Qt" in QtCore.__dict__,
    "visible": [n for n in ("conversationView", "composerEdit", "sendButton", "modelPicker",
                            "systemPromptEdit") if (w := window.findChild(QWidget, n)) is not None
                and w.isVisible()],
    "painted": not window.grab().toImage().isNull(),
    "prompt_size": window.system_prompt.size().toTuple(),
}
window.complete()
for _ in range(5):  # the layout, then the scroll area's scroll bar
    app.processEvents()
names_found = [n for n in names if n == "mainWindow" or window.findChild(QWidget, n) is not None]
print("STAGED " + json.dumps({"first": first, "complete": names_found,
                              "qt_after": "Qt" in QtCore.__dict__,
                              "prompt_size": window.system_prompt.size().toTuple()}), flush=True)
"""


def test_the_first_frame_needs_no_qt_namespace_and_complete_builds_the_contract(
    tmp_path: Path,
) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CHATTERDESK_")}
    env.update(QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    proc = subprocess.run(
        [sys.executable, "-c", PROBE, str(tmp_path / "cfg"), json.dumps(CONTRACT)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=str(ROOT),
    )
    line = next((ln for ln in proc.stdout.splitlines() if ln.startswith("STAGED ")), None)
    assert line is not None, proc.stderr
    data = json.loads(line.split(" ", 1)[1])
    first = data["first"]
    assert first["painted"]
    # What the user sees in the first frame: the conversation, the box to type in, Send, the
    # model picker and the system prompt.
    assert first["visible"] == [
        "conversationView",
        "composerEdit",
        "sendButton",
        "modelPicker",
        "systemPromptEdit",
    ]
    assert first["qt_namespace"] is False, "something before the first frame used Qt.<enum>"
    assert data["complete"] == CONTRACT  # every contract name once complete() has run
    assert data["qt_after"] is True
    # Nothing jumps when the panels arrive: the system prompt keeps its size (six lines high,
    # as wide as beside the column's scroll bar).
    assert first["prompt_size"] == data["prompt_size"] and data["prompt_size"][1] > 60


def test_a_remembered_dark_scheme_is_corrected_after_the_first_frame(qapp: Any) -> None:
    """The first frame is painted with the last start's colour scheme; once the platform is
    asked (here it names none), the "system" theme follows it and the setting is updated."""
    from PySide6.QtWidgets import QApplication

    from app.core.settings import Settings
    from app.main import follow_platform_scheme
    from app.ui.theme import apply_theme, is_dark, platform_scheme

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    assert platform_scheme(app) == ""  # offscreen names no scheme
    settings = Settings(theme="system", system_scheme="dark")
    try:
        apply_theme(app, settings.theme, scheme=settings.system_scheme)
        assert is_dark()  # the platform's light palette, darkened as the last start said
        follow_platform_scheme(app, settings)
        assert settings.system_scheme == ""
        assert not is_dark()
    finally:
        apply_theme(app, "system")


def test_an_unknown_remembered_scheme_is_ignored() -> None:
    from app.core.settings import Settings

    assert Settings.from_dict({"system_scheme": "purple"}).system_scheme == ""
    assert Settings.from_dict({"system_scheme": "dark"}).system_scheme == "dark"
