"""The default folders are platformdirs' on Linux too, worked out without importing it."""

from __future__ import annotations

import sys
from pathlib import Path

import platformdirs
import pytest

from app.core.paths import APP_NAME, AppPaths

VARIABLES = ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the XDG folders are Linux's")
@pytest.mark.parametrize(
    "env",
    [
        {},
        {"XDG_CONFIG_HOME": "/tmp/cfg", "XDG_DATA_HOME": "/tmp/data", "XDG_STATE_HOME": "/tmp/st"},
        {"XDG_CONFIG_HOME": "   ", "XDG_DATA_HOME": "", "XDG_STATE_HOME": "/srv/state"},
    ],
)
def test_default_folders_match_platformdirs(
    env: dict[str, str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    for name in VARIABLES:
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    paths = AppPaths.default()
    assert paths.config == Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))
    assert paths.data == Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    assert paths.logs == Path(platformdirs.user_log_dir(APP_NAME, appauthor=False))
    if not env:
        assert paths.config == tmp_path / ".config" / APP_NAME
