"""Start-up stays lean: the first paint does not import the network or Markdown stacks."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

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
heavy = ("httpx", "httpcore", "anyio", "qasync", "markdown_it", "pygments", "openai")
print(",".join(m for m in heavy if m in sys.modules))
"""


def test_first_paint_imports_no_heavy_modules(tmp_path: Path) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    proc = subprocess.run(
        [sys.executable, "-c", PROBE, str(tmp_path)],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == ""
