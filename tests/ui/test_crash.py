"""The crash handler in the real window: an exception in a slot, an asyncio callback or a
worker thread shows one non-modal dialog with a report that has no key in it, writes the
report to the log folder, and the window keeps working."""

from __future__ import annotations

import asyncio
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QTimer, QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import QAbstractButton, QPlainTextEdit

from app.ui.crash import CrashHandler, build_report
from tests.conftest import TEST_KEY
from tests.fakeserver import FakeServer
from tests.ui.test_main_window import find, type_and_send, view_text, wait_idle

# A key that does not look like one (no "sk-"): only the registered-secret redaction catches it.
OTHER_KEY = "Zq9xLmN4pRt7vWy2-custom-provider"


class ProviderBroke(Exception):
    pass


def boom() -> None:
    api_key = TEST_KEY  # a local holding the key: never in the report
    headers = {"Authorization": f"Bearer {api_key}"}
    raise ProviderBroke(f"request failed with {headers} and key={OTHER_KEY} ({api_key})")


def other_boom() -> None:
    raise ValueError("another problem")


@pytest.fixture
def handler(window: Any, running_loop: asyncio.AbstractEventLoop) -> Iterator[CrashHandler]:
    """The window's handler installed as main.py does, and taken off after the test."""
    window._keys["custom"] = OTHER_KEY  # a key typed for a profile (not in the environment)
    h: CrashHandler = window.crash
    h.install()
    h.install_loop(running_loop)
    yield h
    h.uninstall()
    running_loop.set_exception_handler(None)
    if h.dialog is not None:
        h.dialog.close()


def logs(window: Any) -> Path:
    return Path(window.paths.logs)


def assert_no_key(text: str) -> None:
    assert TEST_KEY not in text
    assert OTHER_KEY not in text
    assert "SECRETKEY" not in text  # no part of it either


@pytest.mark.qt_no_exception_capture
def test_exception_in_a_slot_shows_a_report_without_the_key(
    qtbot: Any, window: Any, handler: CrashHandler, fake_server: FakeServer
) -> None:
    QTimer.singleShot(0, boom)
    qtbot.waitUntil(lambda: handler.dialog is not None and handler.dialog.isVisible())
    dlg = handler.dialog
    assert dlg is not None
    assert dlg.objectName() == "crashDialog"
    assert not dlg.isModal()
    report = find(dlg, "crashReport", QPlainTextEdit).toPlainText()
    assert "ProviderBroke" in report and "Traceback" in report and "in boom" in report
    assert "Chatterdesk" in report and "Python" in report and "Qt" in report
    assert "Platform" in report
    assert "[REDACTED]" in report
    assert_no_key(report)

    files = list(logs(window).glob("crash-*.txt"))
    assert len(files) == 1
    saved = files[0].read_text("utf-8")
    assert saved == report
    assert_no_key(saved)
    assert str(files[0]) in find(dlg, "crashSavedLabel").text()

    # Copy report puts exactly the report on the clipboard.
    find(dlg, "crashCopyButton", QAbstractButton).click()
    clip = QGuiApplication.clipboard()
    assert clip is not None and clip.text() == report

    # The window still works: a message goes out and its answer comes back.
    fake_server.behavior.reply = "Still here"
    type_and_send(qtbot, window, "are you alive?")
    wait_idle(qtbot, window)
    assert "Still here" in view_text(window)


@pytest.mark.qt_no_exception_capture
def test_repeated_crashes_count_in_one_dialog(
    qtbot: Any, window: Any, handler: CrashHandler
) -> None:
    for _ in range(3):
        QTimer.singleShot(0, boom)
    qtbot.waitUntil(lambda: handler.count == 3)
    dlg = handler.dialog
    assert dlg is not None
    assert [w for w in window.findChildren(type(dlg)) if w.isVisible()] == [dlg]
    assert "3 times" in find(dlg, "crashCounter").text()
    assert len(list(logs(window).glob("crash-*.txt"))) == 1  # one file per kind of crash

    # A different one: the same dialog shows it, and it gets its own file.
    QTimer.singleShot(0, other_boom)
    qtbot.waitUntil(lambda: handler.count == 4)
    assert handler.dialog is dlg
    assert "another problem" in find(dlg, "crashReport", QPlainTextEdit).toPlainText()
    assert "4 times (2 different errors" in find(dlg, "crashCounter").text()
    assert len(list(logs(window).glob("crash-*.txt"))) == 2

    # Closed and crashing again: a fresh dialog with the report shown.
    dlg.close()
    qtbot.waitUntil(lambda: handler.dialog is None)
    QTimer.singleShot(0, boom)
    qtbot.waitUntil(lambda: handler.dialog is not None and handler.dialog.isVisible())
    assert "ProviderBroke" in find(handler.dialog, "crashReport", QPlainTextEdit).toPlainText()


@pytest.mark.qt_no_exception_capture
def test_asyncio_callback_and_worker_thread_crashes_are_reported(
    qtbot: Any, window: Any, handler: CrashHandler, running_loop: asyncio.AbstractEventLoop
) -> None:
    running_loop.call_soon(other_boom)
    qtbot.waitUntil(lambda: handler.count == 1)
    dlg = handler.dialog
    assert dlg is not None
    assert "ValueError: another problem" in find(dlg, "crashReport", QPlainTextEdit).toPlainText()

    t = threading.Thread(target=boom, name="worker-x")
    t.start()
    t.join()
    qtbot.waitUntil(lambda: handler.count == 2)
    report = find(dlg, "crashReport", QPlainTextEdit).toPlainText()
    assert "worker thread worker-x" in report
    assert_no_key(report)


@pytest.mark.qt_no_exception_capture
def test_open_log_folder_and_keyboard_interrupt_passes_through(
    qtbot: Any, window: Any, handler: CrashHandler, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[QUrl] = []

    def open_url(url: QUrl) -> bool:
        opened.append(url)
        return True

    monkeypatch.setattr(QDesktopServices, "openUrl", open_url)
    QTimer.singleShot(0, boom)
    qtbot.waitUntil(lambda: handler.dialog is not None)
    assert handler.dialog is not None
    find(handler.dialog, "crashOpenLogsButton", QAbstractButton).click()
    assert [u.toLocalFile() for u in opened] == [str(logs(window))]

    # Ctrl+C in a terminal still stops the app the usual way: the previous hook gets it.
    seen: list[type[BaseException]] = []
    handler._prev_hook = lambda t, v, tb: seen.append(t)
    sys.excepthook(KeyboardInterrupt, KeyboardInterrupt(), None)
    assert seen == [KeyboardInterrupt]
    assert handler.count == 1


def test_report_redacts_keys_given_by_the_caller() -> None:
    secret = "plain-looking-secret-123456"
    try:
        raise RuntimeError(f"server said no to {secret} / Bearer abcdefghijkl")
    except RuntimeError as exc:
        report = build_report(exc, "a test", [secret])
    assert secret not in report and "abcdefghijkl" not in report
    assert "RuntimeError: server said no to [REDACTED]" in report
