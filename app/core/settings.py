"""The one typed settings schema, with defaults and validation in one place.

The API key is never part of it: keys stay in memory (and, later, the OS keychain). Values from
`OPENAI_BASE_URL` / `OPENAI_API_KEY` are used when the user has not set their own, and the UI
says when a value comes from the environment.
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

from .atomic import write_atomic
from .jsonfile import load_json_object

log = logging.getLogger("chatterdesk.core")

DEFAULT_BASE_URL = "https://api.openai.com/v1"
SETTINGS_VERSION = 1
THEMES = ("system", "light", "dark")
LANGUAGES = ("system", "en", "zh_CN")


@dataclass
class Settings:
    base_url: str = ""  # empty: environment, else the default
    system_prompt: str = ""
    params: dict[str, Any] = field(default_factory=dict)  # only the ones the user set
    stream: bool = True
    include_usage: bool = True
    last_models: dict[str, str] = field(default_factory=dict)  # base URL -> model id
    request_timeout: float = 120.0
    window_geometry: str = ""
    recent_files: list[str] = field(default_factory=list)  # newest first
    last_conversation: str = ""  # reopened at start (and recovered if it was interrupted)
    # Layout, remembered between runs: the main splitter's three sizes (history, chat, side
    # panel; empty: the built-in layout), which side panels show, and whether it was maximized.
    splitter_sizes: list[int] = field(default_factory=list)
    show_history: bool = True
    show_side_panel: bool = True
    window_maximized: bool = False
    theme: str = "system"  # one of THEMES
    # The platform's colour scheme ("dark", "light" or "": it names none) at the last start:
    # the first frame is painted with it, and it is checked right after (theme.platform_scheme).
    system_scheme: str = ""
    language: str = "system"  # one of LANGUAGES; applies at the next start

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Settings:
        s = cls()
        known = {f.name: f for f in fields(cls)}
        for k, v in d.items():
            if k not in known:
                continue
            default = getattr(s, k)
            if isinstance(default, bool):
                if isinstance(v, bool):
                    setattr(s, k, v)
            elif isinstance(default, float):
                if isinstance(v, (int, float)) and not isinstance(v, bool) and v > 0:
                    setattr(s, k, float(v))
            elif isinstance(default, str):
                if isinstance(v, str):
                    setattr(s, k, v)
            elif isinstance(default, dict) and isinstance(v, dict):
                setattr(s, k, dict(v))
            elif k == "splitter_sizes":
                setattr(s, k, _sizes(v))
            elif isinstance(default, list) and isinstance(v, list):
                setattr(s, k, [x for x in v if isinstance(x, str)])
        # A value this version does not know (a typo, or a newer version's theme) falls back.
        if s.theme not in THEMES:
            s.theme = "system"
        if s.language not in LANGUAGES:
            s.language = "system"
        if s.system_scheme not in ("dark", "light", ""):
            s.system_scheme = ""
        return s

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["version"] = SETTINGS_VERSION
        return d


MAX_RECENT = 10
SPLITTER_PANES = 3
MAX_PANE = 100_000  # pixels: anything larger is a damaged file, not a screen


def _sizes(v: Any) -> list[int]:
    """Splitter sizes as saved: three non-negative whole numbers, else none (the default)."""
    if not isinstance(v, list) or len(v) != SPLITTER_PANES:
        return []
    if not all(isinstance(x, int) and not isinstance(x, bool) and 0 <= x <= MAX_PANE for x in v):
        return []
    if not any(v):
        return []
    return list(v)


def add_recent(settings: Settings, path: str) -> None:
    items = [p for p in settings.recent_files if p != path]
    settings.recent_files = [path, *items][:MAX_RECENT]


def load_settings(path: Path) -> Settings:
    """Read settings; a missing or damaged file gives defaults (and the damaged one is kept)."""
    data = load_json_object(path, "settings")
    return Settings() if data is None else Settings.from_dict(data)


def save_settings(path: Path, settings: Settings) -> None:
    data = json.dumps(settings.to_dict(), indent=2, ensure_ascii=False).encode("utf-8")
    write_atomic(path, data)


@dataclass(frozen=True)
class Connection:
    """The effective base URL and key, and where each came from."""

    base_url: str
    api_key: str | None
    base_url_from_env: bool
    api_key_from_env: bool


def resolve_connection(settings: Settings, session_key: str | None) -> Connection:
    env_url = os.environ.get("OPENAI_BASE_URL", "").strip()
    env_key = os.environ.get("OPENAI_API_KEY", "").strip()
    if settings.base_url.strip():
        url, url_env = settings.base_url.strip(), False
    elif env_url:
        url, url_env = env_url, True
    else:
        url, url_env = DEFAULT_BASE_URL, False
    if session_key:
        key, key_env = session_key, False
    elif env_key:
        key, key_env = env_key, True
    else:
        key, key_env = None, False
    return Connection(url, key, url_env, key_env)
