"""Fixtures for the audio tests: real speech in every format, a private PulseAudio, the fake server.

The speech files and the PulseAudio server are made once per session (in a tmp dir) and the
server is stopped at the end; a machine without espeak-ng/sox/ffmpeg or PulseAudio skips the
tests that need them, saying which tool is missing.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from .pulse import PulseError, PulseServer
from .speechgen import make_speech_assets, missing_tools


@pytest.fixture(scope="session")
def speech_assets(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    missing = missing_tools()
    if missing:
        pytest.skip(f"speech tools not installed: {', '.join(missing)} (setup.sh DEB_TEST)")
    return make_speech_assets(tmp_path_factory.mktemp("speech"))


@pytest.fixture(scope="session")
def pulse(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PulseServer]:
    server = PulseServer(tmp_path_factory.mktemp("pulse"))
    try:
        server.start()
    except PulseError as exc:
        pytest.skip(f"PulseAudio could not run here: {exc}")
    try:
        reason = server.default_device_reaches_pulse()
        if reason:
            pytest.skip(reason)
        yield server
    finally:
        server.stop()
