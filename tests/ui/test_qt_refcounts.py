"""Guard against the Qt binding's reference-count bug seen in PySide6 6.12.0.

There, every value passed through a signal released one reference too many: after a few
thousand emits of True the interpreter aborted ("bool_dealloc: deallocating True or False"),
which users would meet as a crash at exit. The set-up pins a version without it; this test
fails if a version with it comes back.
"""

from __future__ import annotations

import subprocess
import sys

PROBE = """
import os, sys
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication, QCheckBox, QPushButton
app = QApplication([])

class O(QObject):
    flag = Signal(bool)
    value = Signal(object)

o = O()
o.flag.connect(lambda b: None)
o.value.connect(lambda v: None)
box = QCheckBox()
box.toggled.connect(lambda on: None)
button = QPushButton()
button.clicked.connect(lambda: None)
before = sys.getrefcount(True), sys.getrefcount(None)
for _ in range(200):
    o.flag.emit(True)
    o.value.emit(True)
    box.setChecked(True)
    box.setChecked(False)
    button.click()
after = sys.getrefcount(True), sys.getrefcount(None)
print(before[0] - after[0], before[1] - after[1])
"""


def test_signals_do_not_leak_references_of_true_or_none() -> None:
    proc = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr[-2000:]
    lost_true, lost_none = (int(x) for x in proc.stdout.split())
    # A healthy binding loses nothing (a few references may move with Qt's own caches).
    assert lost_true < 50 and lost_none < 50, (lost_true, lost_none)
