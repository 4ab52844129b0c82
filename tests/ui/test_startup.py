"""Start-up stays lean: the first paint does not import the network, Markdown or audio stacks,
and an idle window (models loaded) has not imported what only some actions need."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.bench.bench_startup import APP_LATER, HEAVY, idle_modules, idle_state
from tests.fakeserver import FakeServer

ROOT = Path(__file__).resolve().parents[2]

PROBE = """
import sys
from pathlib import Path
from PySide6.QtWidgets import QApplication
app = QApplication([])
from app.core.paths import AppPaths
from app.core.settings import Settings
from app.ui.main_window import MainWindow
w = MainWindow(AppPaths.under(Path(sys.argv[1])), Settings())
w.show()
app.processEvents()
heavy = sys.argv[2].split(",")
print(",".join(m for m in heavy if m in sys.modules))
"""

# Needed only once the event loop runs (after the first paint): requests, the loop, the keychain.
FIRST_PAINT_HEAVY = ("httpx", "qasync", "keyring", *HEAVY)


def test_first_paint_imports_no_heavy_modules(tmp_path: Path) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    proc = subprocess.run(
        [sys.executable, "-c", PROBE, str(tmp_path), ",".join(FIRST_PAINT_HEAVY)],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == ""


def test_idle_window_imports_only_what_it_used(tmp_path: Path) -> None:
    """The real entry point, models loaded from the fake server: audio (sounddevice, numpy,
    soundfile, PyAV), Markdown (markdown-it, pygments), the token counter (bpe-openai),
    httpx's command-line client (click), Completions mode and the crash dialog wait for their
    first use."""
    with FakeServer() as srv:
        loaded, modules = idle_modules(tmp_path / "profile", srv.base_url)
    assert loaded
    assert {"httpx", "qasync", "PySide6"} <= modules  # the probe saw a working app
    assert sorted(m for m in HEAVY if m in modules) == []
    assert "app.ui.main_window" in modules
    assert sorted(m for m in APP_LATER if m in modules) == []


def test_idle_window_does_not_keep_the_sources_pyside_read_at_import(tmp_path: Path) -> None:
    """PySide6's import hook reads every module imported after it (inspect.getsource), which
    leaves the lines in linecache; the loop empties it when it starts (app.ui.asyncbridge)."""
    with FakeServer() as srv:
        loaded, _modules, cached = idle_state(tmp_path / "profile", srv.base_url)
    assert loaded
    assert not [f for f in cached if f.endswith(("main_window.py", "asyncio/base_events.py"))]
