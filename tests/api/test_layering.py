"""The API layer is Qt-free: importing it must not pull in PySide6 (or qasync)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

CHECK = """
import sys
import app.api.client, app.api.sse, app.api.types, app.api.errors
bad = sorted(m for m in sys.modules if m.split(".")[0] in ("PySide6", "shiboken6", "qasync"))
print("QT-MODULES:", bad)
assert not bad, bad
assert "PySide6" not in sys.modules
print("LAYERING-OK")
"""


def test_api_layer_does_not_import_qt() -> None:
    env = dict(os.environ, PYTHONPATH=str(REPO))
    proc = subprocess.run(
        [sys.executable, "-c", CHECK],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "LAYERING-OK" in proc.stdout


def test_api_sources_do_not_mention_qt() -> None:
    for path in (REPO / "app" / "api").glob("*.py"):
        text = path.read_text(encoding="utf-8")
        for name in ("PySide6", "qasync", "from app.ui", "import app.ui", "from ..ui"):
            assert name not in text, f"{path.name} mentions {name}"
