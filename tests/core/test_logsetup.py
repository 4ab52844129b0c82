"""The log file rolls over by size and keeps its backups; keys never reach it."""

from __future__ import annotations

import logging
from pathlib import Path

from app.core.logsetup import SizeRotatingHandler, register_secret, remove_handlers, setup_logging


def _logger(path: Path, max_bytes: int, backups: int) -> tuple[logging.Logger, SizeRotatingHandler]:
    log = logging.getLogger(f"test.rotate.{path.name}.{max_bytes}.{backups}")
    log.propagate = False
    log.setLevel(logging.INFO)
    handler = SizeRotatingHandler(path, max_bytes=max_bytes, backups=backups)
    handler.setFormatter(logging.Formatter("%(message)s"))
    log.addHandler(handler)
    return log, handler


def test_rolls_over_by_size_keeping_the_newest_records(tmp_path: Path) -> None:
    path = tmp_path / "app.log"
    log, handler = _logger(path, max_bytes=100, backups=3)
    try:
        for i in range(40):
            log.info("record %02d %s", i, "x" * 20)  # 31 bytes a line: 3 lines a file
    finally:
        handler.close()
    files = sorted(tmp_path.iterdir())
    assert [f.name for f in files] == ["app.log", "app.log.1", "app.log.2", "app.log.3"]
    for f in files:
        assert 0 < f.stat().st_size <= 100
    # The newest records are in app.log, the ones before them in .1, .2, .3, in order.
    lines = []
    for name in ("app.log.3", "app.log.2", "app.log.1", "app.log"):
        lines += (tmp_path / name).read_text("utf-8").splitlines()
    numbers = [int(line.split()[1]) for line in lines]
    assert numbers == list(range(40 - len(numbers), 40))
    assert numbers[-1] == 39


def test_a_record_larger_than_the_limit_is_still_written(tmp_path: Path) -> None:
    path = tmp_path / "app.log"
    log, handler = _logger(path, max_bytes=50, backups=1)
    try:
        log.info("short")
        log.info("y" * 200)
        log.info("after")
    finally:
        handler.close()
    assert "y" * 200 in (tmp_path / "app.log.1").read_text("utf-8")
    assert (tmp_path / "app.log").read_text("utf-8") == "after\n"
    assert not (tmp_path / "app.log.2").exists()


def test_no_backups_keeps_only_the_current_file(tmp_path: Path) -> None:
    path = tmp_path / "app.log"
    log, handler = _logger(path, max_bytes=30, backups=0)
    try:
        for i in range(10):
            log.info("line %d of the log", i)
    finally:
        handler.close()
    assert [f.name for f in tmp_path.iterdir()] == ["app.log"]
    assert path.read_text("utf-8").splitlines()[-1] == "line 9 of the log"


def test_setup_logging_writes_redacted_records(tmp_path: Path) -> None:
    path = tmp_path / "logs" / "app.log"
    setup_logging(path)
    try:
        register_secret("sk-test-rotating-1234567890")
        logging.getLogger("chatterdesk.test").warning("key sk-test-rotating-1234567890 used")
    finally:
        remove_handlers()
    text = path.read_text("utf-8")
    assert "key" in text and "used" in text
    assert "sk-test-rotating-1234567890" not in text
