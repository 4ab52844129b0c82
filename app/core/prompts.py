"""The library of saved system prompts: a small JSON file in the data folder."""

from __future__ import annotations

import json
import logging
from pathlib import Path

from .atomic import write_atomic
from .jsonfile import load_json_object

log = logging.getLogger("chatterdesk.core")


class PromptLibrary:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.prompts: dict[str, str] = {}
        self.load()

    def load(self) -> None:
        # A damaged library is set aside, not overwritten by the next save.
        data = load_json_object(self.path, "prompt library")
        items = data.get("prompts") if data is not None else None
        if isinstance(items, list):
            for p in items:
                if isinstance(p, dict) and isinstance(p.get("name"), str):
                    text = p.get("text")
                    self.prompts[p["name"]] = text if isinstance(text, str) else ""

    def save(self) -> None:
        data = {
            "format": "chatterdesk.prompts",
            "version": 1,
            "prompts": [{"name": n, "text": t} for n, t in sorted(self.prompts.items())],
        }
        write_atomic(self.path, json.dumps(data, indent=2, ensure_ascii=False).encode("utf-8"))

    def names(self) -> list[str]:
        return sorted(self.prompts, key=str.lower)

    def put(self, name: str, text: str) -> None:
        self.prompts[name] = text
        self.save()

    def remove(self, name: str) -> None:
        if self.prompts.pop(name, None) is not None:
            self.save()
