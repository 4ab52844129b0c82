"""Help → About Chatterdesk: version, what it runs on, the libraries and their licenses, and
where the files are, with buttons that open those folders."""

from __future__ import annotations

import platform
from importlib import metadata
from pathlib import Path
from typing import Any

import PySide6
import pytest
from PySide6.QtCore import QUrl, qVersion
from PySide6.QtGui import QAction, QDesktopServices, QGuiApplication
from PySide6.QtWidgets import QAbstractButton, QLineEdit, QTableWidget

from app import __version__
from tests.core.test_licenses import REQUIRED
from tests.ui.test_main_window import find

# The same licenses the core test requires, plus Qt itself (shown with the version Qt reports).
LICENSES = {**REQUIRED, "Qt": "LGPL-3.0-only"}


def open_about(qtbot: Any, window: Any) -> Any:
    find(window, "aboutAction", QAction).trigger()
    dlg = next(d for d in window._dialogs if d.objectName() == "aboutDialog")
    qtbot.waitUntil(dlg.isVisible)
    return dlg


def table_rows(dlg: Any) -> dict[str, tuple[str, str]]:
    t = find(dlg, "aboutLicenses", QTableWidget)
    assert t.columnCount() == 3
    rows = {}
    for r in range(t.rowCount()):
        name, version, lic = (t.item(r, c).text() for c in range(3))
        rows[name] = (version, lic)
    return rows


def test_about_shows_versions_and_licenses(qtbot: Any, window: Any) -> None:
    dlg = open_about(qtbot, window)
    assert find(dlg, "aboutTitle").text() == f"Chatterdesk {__version__}"
    assert find(dlg, "aboutVersion_Python").text().startswith(platform.python_version())
    assert find(dlg, "aboutVersion_Qt").text() == qVersion()
    assert find(dlg, "aboutVersion_PySide6").text() == PySide6.__version__
    rows = table_rows(dlg)
    for name, lic in LICENSES.items():
        assert name in rows, name
        assert lic in rows[name][1], (name, rows[name])
    assert rows["httpx"][0] == metadata.version("httpx")
    assert rows["Qt"][0] == qVersion()
    # Reopening brings the same dialog forward instead of a second one.
    find(window, "aboutAction", QAction).trigger()
    assert [d.objectName() for d in window._dialogs].count("aboutDialog") == 1


def test_about_shows_where_files_are_and_opens_the_folders(
    qtbot: Any, window: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[QUrl] = []

    def open_url(url: QUrl) -> bool:
        opened.append(url)
        return True

    monkeypatch.setattr(QDesktopServices, "openUrl", open_url)
    dlg = open_about(qtbot, window)
    paths = window.paths
    expected = {
        "config": paths.config,
        "conversations": paths.conversations,
        "logs": paths.logs,
    }
    for key, path in expected.items():
        assert find(dlg, f"aboutPath_{key}", QLineEdit).text() == str(path)
        find(dlg, f"aboutOpen_{key}", QAbstractButton).click()
    assert [Path(u.toLocalFile()) for u in opened] == list(expected.values())
    assert paths.conversations.is_dir()  # created if it was not there yet
    # Keys: the keychain (the tests' in-memory backend counts as one), and the opt-in file.
    assert "system keychain" in find(dlg, "aboutPath_keys", QLineEdit).text()
    assert dlg.findChild(QAbstractButton, "aboutOpen_keys") is None
    key_file = find(dlg, "aboutPath_keyFile", QLineEdit).text()
    assert key_file == str(window.keystore.key_file)


def test_copy_all_gives_the_whole_text(qtbot: Any, window: Any) -> None:
    dlg = open_about(qtbot, window)
    find(dlg, "aboutCopyButton", QAbstractButton).click()
    clip = QGuiApplication.clipboard()
    assert clip is not None
    text = clip.text()
    assert text.startswith(f"Chatterdesk {__version__}\n")
    assert f"Qt: {qVersion()}" in text
    assert str(window.paths.logs) in text
    assert f"httpx {metadata.version('httpx')}: BSD-3-Clause" in text
    assert "PySide6" in text and "LGPL-3.0-only" in text
    assert window.about_text() == f"Chatterdesk {__version__}"
