"""Reading the app's small JSON files (settings, providers, model rules, prompts) safely.

A missing file is normal; an unreadable or damaged one is logged and renamed to
`<name>.damaged`, so the next save writes a fresh file and the user's old one is never
overwritten.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

log = logging.getLogger("chatterdesk.core")


def load_json_object(
    path: Path, what: str, valid: Callable[[dict[str, Any]], bool] = lambda _d: True
) -> dict[str, Any] | None:
    """The JSON object in `path`, or None when it is missing, unreadable or damaged."""
    try:
        raw = path.read_text("utf-8")
    except FileNotFoundError:
        return None
    except OSError as exc:
        log.warning("could not read %s %s: %s", what, path, exc)
        return None
    except UnicodeDecodeError as exc:
        _quarantine(path, what, exc)
        return None
    try:
        data = json.loads(raw)
    except (ValueError, RecursionError) as exc:
        _quarantine(path, what, exc)
        return None
    if not isinstance(data, dict) or not valid(data):
        _quarantine(path, what, ValueError(f"not a {what} object"))
        return None
    return data


def _quarantine(path: Path, what: str, exc: BaseException) -> None:
    log.warning("%s file %s is damaged (%s); keeping it as .damaged", what, path, exc)
    try:
        path.replace(path.with_name(path.name + ".damaged"))
    except OSError:
        pass
