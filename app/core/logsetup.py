"""Logging to a rotating file in the user's log folder, with secrets redacted.

Every record passes a filter that removes the API keys the app knows about and anything shaped
like a key or a bearer token, so a key never reaches a log file, whatever the code logs.
"""

from __future__ import annotations

import faulthandler
import logging
import os
import re
import sys
from pathlib import Path
from typing import IO

_PATTERNS = [
    re.compile(r"(?i)(bearer\s+)[A-Za-z0-9._~+/=-]{6,}"),
    re.compile(r"\bsk-[A-Za-z0-9_-]{8,}"),
    re.compile(r"(?i)(api[-_]?key[\"']?\s*[:=]\s*[\"']?)[^\s\"',}]{6,}"),
]
_known_secrets: set[str] = set()
_fault_file: IO[str] | None = None


def register_secret(value: str | None) -> None:
    """Make sure this exact string never appears in a log record."""
    if value and len(value) >= 4:
        _known_secrets.add(value)


def redact(text: str) -> str:
    for s in _known_secrets:
        if s in text:
            text = text.replace(s, "[REDACTED]")
    for p in _PATTERNS:
        text = p.sub(lambda m: (m.group(1) if m.groups() else "") + "[REDACTED]", text)
    return text


class RedactingFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        try:
            msg = record.getMessage()
        except Exception:  # a bad format string must not kill logging
            msg = str(record.msg)
        clean = redact(msg)
        if clean != msg or record.args:
            record.msg = clean
            record.args = None
        if record.exc_info and record.exc_info[1] is not None:
            record.exc_text = redact(logging.Formatter().formatException(record.exc_info))
            record.exc_info = None
        return True


class SizeRotatingHandler(logging.FileHandler):
    """app.log, app.log.1 … app.log.N, rolled over before a record would pass `max_bytes`.

    The stdlib's RotatingFileHandler does the same, but logging.handlers imports socket,
    pickle and selectors: ~4 ms before the first frame, for a file handler."""

    def __init__(self, path: Path, max_bytes: int, backups: int) -> None:
        super().__init__(path, encoding="utf-8")
        self.max_bytes = max_bytes
        self.backups = backups

    def emit(self, record: logging.LogRecord) -> None:
        try:
            if self._full(record):
                self._roll_over()
        except (OSError, ValueError):
            self.handleError(record)
            return
        super().emit(record)

    def _full(self, record: logging.LogRecord) -> bool:
        if self.stream is None:  # opened on first use, after a roll-over
            self.stream = self._open()
        pos = self.stream.tell()
        return pos > 0 and pos + len(self.format(record)) + 1 > self.max_bytes

    def _roll_over(self) -> None:
        if self.stream is not None:
            self.stream.close()
            self.stream = None
        base = self.baseFilename
        for i in range(self.backups - 1, 0, -1):
            if os.path.exists(f"{base}.{i}"):
                os.replace(f"{base}.{i}", f"{base}.{i + 1}")
        if self.backups > 0:
            os.replace(base, f"{base}.1")
        else:
            os.remove(base)
        self.stream = self._open()


def remove_handlers() -> None:
    """Detach and close the handlers setup_logging added (and its debug level)."""
    root = logging.getLogger()
    for h in list(root.handlers):
        if getattr(h, "_chatterdesk", False):
            root.removeHandler(h)
            h.close()
    root.setLevel(logging.WARNING)


def setup_logging(log_file: Path, debug: bool = False) -> None:
    log_file.parent.mkdir(parents=True, exist_ok=True)
    remove_handlers()
    root = logging.getLogger()
    handler = SizeRotatingHandler(log_file, max_bytes=2_000_000, backups=3)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(RedactingFilter())
    handler._chatterdesk = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    if debug:
        err = logging.StreamHandler(sys.stderr)
        err.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
        err.addFilter(RedactingFilter())
        err._chatterdesk = True  # type: ignore[attr-defined]
        root.addHandler(err)
    root.setLevel(logging.DEBUG if debug else logging.INFO)
    # httpx logs every request at INFO; keep it for --debug only.
    logging.getLogger("httpx").setLevel(logging.DEBUG if debug else logging.WARNING)
    logging.getLogger("httpcore").setLevel(logging.INFO if debug else logging.WARNING)
    global _fault_file
    if _fault_file is None:
        try:
            _fault_file = open(log_file.parent / "crash-faulthandler.log", "a")
            faulthandler.enable(_fault_file)
        except OSError:
            pass
