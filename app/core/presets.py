"""Saved parameter sets ("presets"): a small JSON file in the config folder, plus built-ins.

A preset is the panel's full state: the parameters it sends (anything absent is unset) and the
stream / include_usage switches, so applying one gives the same request whatever was set before.
Built-in presets cannot be overwritten or deleted.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .atomic import write_atomic
from .i18n import QT_TRANSLATE_NOOP
from .jsonfile import load_json_object
from .params import validate_params

log = logging.getLogger("chatterdesk.core")

FORMAT = "chatterdesk.param_presets"
VERSION = 1
MAX_NAME = 80


@dataclass
class Preset:
    name: str
    params: dict[str, Any] = field(default_factory=dict)
    stream: bool = True
    include_usage: bool = True
    builtin: bool = False

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "params": self.params,
            "stream": self.stream,
            "include_usage": self.include_usage,
        }


BUILTIN_PRESETS: tuple[Preset, ...] = (
    Preset(
        QT_TRANSLATE_NOOP("Presets", "Deterministic"),
        {"temperature": 0.0, "seed": 42},
        builtin=True,
    ),
    Preset(
        QT_TRANSLATE_NOOP("Presets", "Creative"), {"temperature": 1.2, "top_p": 0.95}, builtin=True
    ),
    Preset(
        QT_TRANSLATE_NOOP("Presets", "Token probabilities"),
        {"logprobs": True, "top_logprobs": 5},
        builtin=True,
    ),
)


class PresetError(ValueError):
    """A preset change that is refused; str() is a message for the user."""


class PresetStore:
    """Built-in presets and the user's, read from and saved to `path` (None: memory only)."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = Path(path) if path is not None else None
        self._user: dict[str, Preset] = {}
        self._builtin = {p.name: p for p in BUILTIN_PRESETS}
        if self.path is not None:
            self._load()

    def _load(self) -> None:
        assert self.path is not None
        data = load_json_object(
            self.path, "parameter presets", lambda d: isinstance(d.get("presets", []), list)
        )
        if data is None:
            return
        for item in data.get("presets", []):
            if not isinstance(item, dict):
                continue
            name = item.get("name")
            name = name.strip() if isinstance(name, str) else ""
            if not name or len(name) > MAX_NAME or name in self._builtin:
                continue
            params = item.get("params")
            stream = item.get("stream")
            usage = item.get("include_usage")
            self._user[name] = Preset(
                name,
                validate_params(params) if isinstance(params, dict) else {},
                stream if isinstance(stream, bool) else True,
                usage if isinstance(usage, bool) else True,
            )

    def _save(self) -> None:
        if self.path is None:
            return
        data = {
            "format": FORMAT,
            "version": VERSION,
            "presets": [self._user[n].to_json() for n in sorted(self._user, key=str.lower)],
        }
        write_atomic(self.path, json.dumps(data, indent=2, ensure_ascii=False).encode("utf-8"))

    # -- queries -----------------------------------------------------------------------------

    def names(self) -> list[str]:
        """Built-ins first (in their order), then the user's, alphabetically."""
        return [p.name for p in BUILTIN_PRESETS] + sorted(self._user, key=str.lower)

    def get(self, name: str) -> Preset | None:
        return self._builtin.get(name) or self._user.get(name)

    def is_builtin(self, name: str) -> bool:
        return name in self._builtin

    # -- changes (saved at once; OSError propagates so the caller can say it) ----------------

    def put(
        self, name: str, params: dict[str, Any], stream: bool = True, include_usage: bool = True
    ) -> Preset:
        """Save (or replace) a user preset; PresetError for an empty or built-in name."""
        name = name.strip()
        if not name:
            raise PresetError(QT_TRANSLATE_NOOP("Presets", "A preset needs a name."))
        if len(name) > MAX_NAME:
            raise PresetError(
                QT_TRANSLATE_NOOP(
                    "Presets", "A preset name can have at most {0} characters."
                ).format(MAX_NAME)
            )
        if name in self._builtin:
            raise PresetError(
                QT_TRANSLATE_NOOP(
                    "Presets", "“{0}” is a built-in preset; choose another name."
                ).format(name)
            )
        preset = Preset(name, validate_params(params), bool(stream), bool(include_usage))
        previous = self._user.get(name)
        self._user[name] = preset
        try:
            self._save()
        except OSError:
            if previous is None:
                del self._user[name]
            else:
                self._user[name] = previous
            raise
        return preset

    def remove(self, name: str) -> bool:
        """Delete a user preset (False if there is none); PresetError for a built-in one."""
        if name in self._builtin:
            raise PresetError(
                QT_TRANSLATE_NOOP(
                    "Presets", "“{0}” is a built-in preset and cannot be deleted."
                ).format(name)
            )
        preset = self._user.pop(name, None)
        if preset is None:
            return False
        try:
            self._save()
        except OSError:
            self._user[name] = preset
            raise
        return True
