"""Where Chatterdesk keeps its settings, data and logs.

`--config-dir DIR` puts all three under DIR so a test or a second profile runs isolated.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

APP_NAME = "chatterdesk"


def _xdg(variable: str, default: str) -> Path:
    """An XDG base folder as platformdirs reads it: the variable when set (and not blank)."""
    value = os.environ.get(variable, "")
    return Path(value if value.strip() else os.path.expanduser(default))


@dataclass(frozen=True)
class AppPaths:
    config: Path
    data: Path
    logs: Path

    @classmethod
    def default(cls) -> AppPaths:
        """The platform's user folders: the XDG ones on Linux, worked out here (importing
        platformdirs costs ~4 ms of start-up), platformdirs' answer elsewhere."""
        if sys.platform.startswith("linux"):
            return cls(
                config=_xdg("XDG_CONFIG_HOME", "~/.config") / APP_NAME,
                data=_xdg("XDG_DATA_HOME", "~/.local/share") / APP_NAME,
                logs=_xdg("XDG_STATE_HOME", "~/.local/state") / APP_NAME / "log",
            )
        import platformdirs

        return cls(
            config=Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)),
            data=Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)),
            logs=Path(platformdirs.user_log_dir(APP_NAME, appauthor=False)),
        )

    @classmethod
    def under(cls, root: Path) -> AppPaths:
        root = root.expanduser().resolve()
        return cls(config=root / "config", data=root / "data", logs=root / "logs")

    def ensure(self) -> None:
        for p in (self.config, self.data, self.logs):
            p.mkdir(parents=True, exist_ok=True)

    @property
    def settings_file(self) -> Path:
        return self.config / "settings.json"

    @property
    def conversations(self) -> Path:
        return self.data / "conversations"

    @property
    def prompts_file(self) -> Path:
        return self.data / "prompts.json"

    @property
    def log_file(self) -> Path:
        return self.logs / "chatterdesk.log"
