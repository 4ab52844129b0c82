"""The start-up benchmark runs (quick mode): no timing or memory is asserted, only that it
measures both programs and prints the P1 and P6 ratios and the idle-import probe."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.skipif(shutil.which("Xvfb") is None, reason="Xvfb is not installed")
def test_bench_startup_quick() -> None:
    # Its own process: the screen watcher needs a Qt application on the Xvfb display.
    proc = subprocess.run(
        [sys.executable, "-m", "tests.bench.bench_startup", "--quick"],
        cwd=str(ROOT),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    assert re.search(r"^P1 ratio: \d+\.\d\d$", out, re.M), out
    assert re.search(r"^P6 ratio: \d+\.\d\d$", out, re.M), out
    assert "| P1 start to first painted window |" in out
    assert (
        "| (info) floor: bare window + qasync, httpx (app transport), one /models request |" in out
    ), out
    assert re.search(r"^P6 budget: the app uses -?\d+\.\d MiB above the floor", out, re.M), out
    assert "| (info) window complete (first frame + " in out, out  # the app logged it
    assert "idle probe (offscreen, models loaded: True)" in out, out
