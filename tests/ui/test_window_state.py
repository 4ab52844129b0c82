"""The window remembers its layout: size, splitter positions, which panels show, maximized;
and the settings file keeps loading when these fields are missing or damaged."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QSplitter

from app.core.settings import Settings, load_settings
from tests.fakeserver import FakeServer
from tests.ui.test_main_window import find

ROOT = Path(__file__).resolve().parents[2]


def close(qtbot: Any, w: Any) -> None:
    """Close as the user does: the window saves its settings and shuts down."""
    with qtbot.waitSignal(w.closed, timeout=10000):
        w.close()


def test_hidden_history_and_its_width_are_restored(
    qtbot: Any, make_window: Any, fake_server: FakeServer, tmp_path: Path
) -> None:
    config = tmp_path / "profile"
    w = make_window(fake_server.base_url, config=config)
    split = find(w, "mainSplitter", QSplitter)
    before = split.sizes()
    split.moveSplitter(before[0] + 60, 1)  # drag the history wider
    width = split.sizes()[0]
    assert width == before[0] + 60
    w.act_show_history.trigger()  # hide it
    assert not w.history.isVisible()
    sizes = split.sizes()
    close(qtbot, w)

    saved = load_settings(config / "config" / "settings.json")
    assert saved.show_history is False and saved.show_side_panel is True
    assert saved.splitter_sizes == [width, *sizes[1:]]  # the hidden pane keeps its width
    assert saved.window_maximized is False
    assert saved.window_geometry

    w2 = make_window(fake_server.base_url, config=config)
    split2 = find(w2, "mainSplitter", QSplitter)
    assert not w2.history.isVisible()
    assert not w2.act_show_history.isChecked()
    assert find(w2, "sidePanel").isVisible()
    assert split2.sizes()[0] == 0
    # Showing the history again gives it back the width it had.
    w2.act_show_history.trigger()
    assert w2.history.isVisible()
    assert split2.sizes()[0] == width


# The offscreen screen of the test session is 800 px wide, smaller than the window can be,
# so Qt fits a restored window into it. Sizes are checked exactly on a large virtual screen.
SCREEN = {"screens": [{"name": "big", "x": 0, "y": 0, "width": 1920, "height": 1200}]}
PROBE = """
import asyncio, json, sys
from pathlib import Path
from app.core.paths import AppPaths
from app.core.settings import load_settings
from app.ui import asyncbridge
from PySide6.QtWidgets import QApplication
app = QApplication([])
from app.ui.main_window import MainWindow

paths = AppPaths.under(Path(sys.argv[1]))
paths.ensure()

async def closed(w):
    done = asyncio.Event()
    w.closed.connect(done.set)
    w.close()
    await done.wait()

async def main():
    w = MainWindow(paths, load_settings(paths.settings_file))
    w.show()
    w.resize(1300, 820)
    w.move(40, 30)
    await asyncio.sleep(0.05)
    sizes = w.splitter.sizes()
    w.splitter.moveSplitter(sizes[0] + 70, 1)
    w.splitter.moveSplitter(sizes[0] + 70 + sizes[1] - 30, 2)
    await asyncio.sleep(0.05)
    first = {"size": [w.width(), w.height()], "pos": [w.x(), w.y()], "split": w.splitter.sizes()}
    await closed(w)
    w2 = MainWindow(paths, load_settings(paths.settings_file))
    w2.show()
    await asyncio.sleep(0.05)
    second = {"size": [w2.width(), w2.height()], "pos": [w2.x(), w2.y()], "split": w2.splitter.sizes()}
    await closed(w2)
    print(json.dumps({"first": first, "second": second}))
    return 0

sys.exit(asyncbridge.run(main()))
"""


def test_size_position_and_splitter_are_restored_exactly(tmp_path: Path) -> None:
    screen = tmp_path / "screen.json"
    screen.write_text(json.dumps(SCREEN), "utf-8")
    env = dict(
        os.environ,
        QT_QPA_PLATFORM=f"offscreen:configfile={screen}",
        PYTHONPATH=str(ROOT),
        OPENAI_API_KEY="",
    )
    proc = subprocess.run(
        [sys.executable, "-c", PROBE, str(tmp_path / "profile")],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    first, second = out["first"], out["second"]
    assert first["size"] == [1300, 820]
    assert first["split"] != [220, 720, 380]
    assert second == first


def test_side_panel_hidden_and_maximized_are_restored(
    qtbot: Any, make_window: Any, fake_server: FakeServer, tmp_path: Path
) -> None:
    config = tmp_path / "profile"
    w = make_window(fake_server.base_url, config=config)
    w.act_show_side.trigger()
    w.showMaximized()
    qtbot.waitUntil(w.isMaximized)
    close(qtbot, w)
    saved = load_settings(config / "config" / "settings.json")
    assert saved.window_maximized is True and saved.show_side_panel is False

    w2 = make_window(fake_server.base_url, config=config)
    qtbot.waitUntil(w2.isMaximized)
    assert not find(w2, "sidePanel").isVisible()
    assert w2.history.isVisible()
    # Back to normal: the next start is not maximized.
    w2.showNormal()
    qtbot.waitUntil(lambda: not w2.isMaximized())
    close(qtbot, w2)
    assert load_settings(config / "config" / "settings.json").window_maximized is False


def test_an_old_settings_file_loads_with_the_new_defaults(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    old = {"version": 1, "system_prompt": "Be brief.", "window_geometry": "AdnQywAD"}
    path.write_text(json.dumps(old), "utf-8")
    s = load_settings(path)
    assert s.system_prompt == "Be brief."
    assert s.splitter_sizes == [] and s.show_history and s.show_side_panel
    assert not s.window_maximized
    assert s.theme == "system" and s.language == "system"


def test_damaged_layout_values_fall_back_to_defaults() -> None:
    bad: dict[str, Any] = {
        "splitter_sizes": [100, "wide", 300],
        "show_history": "no",
        "window_maximized": 1,
        "theme": "purple",
        "language": "klingon",
    }
    s = Settings.from_dict(bad)
    assert s == Settings()
    for sizes in ([100, 200], [100, 200, 300, 400], [0, 0, 0], [-5, 10, 10], [True, 1, 1]):
        assert Settings.from_dict({"splitter_sizes": sizes}).splitter_sizes == []
    good = Settings.from_dict(
        {"splitter_sizes": [0, 640, 300], "theme": "dark", "language": "zh_CN"}
    )
    assert good.splitter_sizes == [0, 640, 300]
    assert good.theme == "dark" and good.language == "zh_CN"
    # And what is saved loads back the same.
    assert Settings.from_dict(good.to_dict()) == good


def test_view_menu_switches_the_theme_and_remembers_it(
    qtbot: Any, make_window: Any, fake_server: FakeServer, tmp_path: Path
) -> None:
    from PySide6.QtGui import QAction, QGuiApplication
    from PySide6.QtWidgets import QApplication

    from app.ui import theme

    config = tmp_path / "profile"
    w = make_window(fake_server.base_url, config=config)
    system, light, dark = (find(w, n, QAction) for n in ("themeSystem", "themeLight", "themeDark"))
    assert system.isChecked() and system.isCheckable()
    try:
        dark.trigger()
        assert theme.is_dark(QGuiApplication.palette())
        assert dark.isChecked() and not system.isChecked()
        assert load_settings(config / "config" / "settings.json").theme == "dark"
        light.trigger()
        assert not theme.is_dark(QGuiApplication.palette())
        assert load_settings(config / "config" / "settings.json").theme == "light"
        close(qtbot, w)
        # A new window shows the saved choice ticked (main.py applies it before building it).
        w2 = make_window(fake_server.base_url, config=config)
        assert find(w2, "themeLight", QAction).isChecked()
    finally:
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        theme.apply_theme(app, "system")


def test_view_menu_language_is_saved_for_the_next_start(
    qtbot: Any, make_window: Any, fake_server: FakeServer, tmp_path: Path
) -> None:
    from PySide6.QtGui import QAction

    config = tmp_path / "profile"
    w = make_window(fake_server.base_url, config=config)
    names = ("languageSystem", "languageEnglish", "languageChinese")
    system, english, chinese = (find(w, n, QAction) for n in names)
    assert system.isChecked()
    assert chinese.text() == "中文 (简体)" and english.text() == "English"
    chinese.trigger()
    assert chinese.isChecked() and not system.isChecked()
    assert "when Chatterdesk starts again" in w.statusBar().currentMessage()
    assert load_settings(config / "config" / "settings.json").language == "zh_CN"
    english.trigger()
    assert load_settings(config / "config" / "settings.json").language == "en"
    close(qtbot, w)
    w2 = make_window(fake_server.base_url, config=config)
    assert find(w2, "languageEnglish", QAction).isChecked()
