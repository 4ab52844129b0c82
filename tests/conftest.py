"""Shared fixtures: the offscreen Qt platform, the qasync loop, the fake server, the window."""

from __future__ import annotations

import asyncio
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from tests.fakeserver import FakeServer

TEST_KEY = "sk-test-SECRETKEY-0123456789abcdef"


@pytest.fixture
def fake_server() -> Iterator[FakeServer]:
    with FakeServer() as srv:
        yield srv


@pytest.fixture(scope="session")
def _shared_srv() -> Iterator[FakeServer]:
    with FakeServer() as srv:
        yield srv


@pytest.fixture
def srv(_shared_srv: FakeServer) -> FakeServer:
    """One fake server for the session, reset before each test (stopping one costs ~0.5 s)."""
    return _shared_srv.reset()


@pytest.fixture(scope="session")
def qt_loop(qapp: Any) -> Iterator[asyncio.AbstractEventLoop]:
    """An asyncio loop driven by Qt's event loop: qtbot.waitUntil runs our tasks."""
    from app.ui.asyncbridge import attach_running_loop, detach_loop

    loop = attach_running_loop()
    yield loop
    detach_loop(loop)


@pytest.fixture
def running_loop(qt_loop: asyncio.AbstractEventLoop) -> Iterator[asyncio.AbstractEventLoop]:
    """The Qt-driven loop counts as running only during a UI test, so tests that use
    asyncio.run() still work when they run after UI tests in the same session."""
    asyncio.events._set_running_loop(qt_loop)
    yield qt_loop
    asyncio.events._set_running_loop(None)


@pytest.fixture
def make_window(
    qtbot: Any, running_loop: asyncio.AbstractEventLoop, tmp_path: Path, monkeypatch: Any
) -> Iterator[Any]:
    """Build real MainWindows against a base URL; each is shut down cleanly after the test."""
    from app.core.paths import AppPaths
    from app.core.settings import Settings, load_settings
    from app.ui.main_window import MainWindow

    windows: list[MainWindow] = []
    monkeypatch.delenv("OPENAI_BASE_URL", raising=False)
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)

    def make(
        base_url: str | None = None,
        key: str | None = TEST_KEY,
        settings: Settings | None = None,
        wait_models: bool = True,
        config: Path | None = None,
    ) -> MainWindow:
        if base_url is not None:
            monkeypatch.setenv("OPENAI_BASE_URL", base_url)
        if key is not None:
            monkeypatch.setenv("OPENAI_API_KEY", key)
        paths = AppPaths.under(config or tmp_path / "profile")
        paths.ensure()
        st = settings if settings is not None else load_settings(paths.settings_file)
        w = MainWindow(paths, st)
        qtbot.addWidget(w)
        w.show()
        windows.append(w)
        if wait_models:
            with qtbot.waitSignal(w.modelsLoaded, timeout=10000):
                w.start()
        else:
            w.start()
        return w

    yield make
    for w in windows:
        task = running_loop.create_task(w.shutdown())
        qtbot.waitUntil(task.done, timeout=10000)


@pytest.fixture
def window(make_window: Any, fake_server: FakeServer) -> Any:
    return make_window(fake_server.base_url)


@pytest.fixture(autouse=True)
def memory_keyring() -> Iterator[dict[tuple[str, str], str]]:
    """A keyring backend in memory: tests never touch (or need) the machine's keychain."""
    import keyring
    from keyring.backend import KeyringBackend

    store: dict[tuple[str, str], str] = {}

    class Backend(KeyringBackend):
        priority = 1

        def get_password(self, service: str, username: str) -> str | None:
            return store.get((service, username))

        def set_password(self, service: str, username: str, password: str) -> None:
            store[(service, username)] = password

        def delete_password(self, service: str, username: str) -> None:
            store.pop((service, username), None)

    previous = keyring.get_keyring()
    keyring.set_keyring(Backend())
    yield store
    keyring.set_keyring(previous)
