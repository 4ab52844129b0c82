"""Make every import after PySide6 cheaper.

PySide6 hooks `__import__` to note, for its opt-in `__feature__` switches, whether each newly
imported module uses PySide6. It finds out with `inspect.getsource(module)`, which reads,
decodes and caches (in linecache, for the life of the process) the source of every module
imported after Qt: about a fifth of the app's import time and a few MiB kept for nothing.
The same answer comes from one plain read of the file, which is what this installs.
"""

from __future__ import annotations

import sys
from types import ModuleType


def _uses_pyside(module: ModuleType) -> bool:
    """PySide6's own test ("PySide6" occurs in the source), without inspect or linecache."""
    path = getattr(module, "__file__", None)
    if not isinstance(path, str) or not path.endswith(".py"):
        return False  # built-in, extension or frozen: PySide6's test says False for these too
    try:
        with open(path, "rb") as f:
            return b"PySide6" in f.read()
    except OSError:
        return False


def skip_source_scan() -> bool:
    """Install the cheaper test; False where this PySide6 has no such hook (nothing to do)."""
    import shiboken6  # noqa: F401  # loads shibokensupport, where the hook lives

    feature = sys.modules.get("shibokensupport.feature")
    if feature is None or not callable(getattr(feature, "_mod_uses_pyside", None)):
        return False
    feature._mod_uses_pyside = _uses_pyside  # type: ignore[attr-defined]
    return True
