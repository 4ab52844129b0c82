"""PyInstaller runtime hook: let sounddevice fall back to the bundled PortAudio.

sounddevice asks ctypes.util.find_library("portaudio"), which only sees the system's libraries
(ldconfig). The system's PortAudio is preferred, as it matches the system's ALSA and PulseAudio;
on a machine without it, the copy in the bundle is used instead of failing.
"""

import ctypes.util
import os
import sys

_BUNDLED = {"portaudio": "libportaudio.so.2"}
_system_find_library = ctypes.util.find_library


def _find_library(name):  # type: ignore[no-untyped-def]
    found = _system_find_library(name)
    if found is None and name in _BUNDLED:
        path = os.path.join(getattr(sys, "_MEIPASS", ""), _BUNDLED[name])
        if os.path.isfile(path):
            return path
    return found


ctypes.util.find_library = _find_library
