"""Atomic file writes: a crash or a full disk never leaves a half-written file behind."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path


def write_atomic(path: Path, data: bytes, *, backup: bool = False) -> None:
    """Write to a temp file in the same folder, fsync, rename over `path`, fsync the folder.

    With `backup`, the previous version is kept as `<name>.bak`. It is made as a second link to
    (or, where links are not supported, a copy of) the old file before the rename, so `path` itself
    always exists: a crash at any point leaves either the old or the new complete file there.
    """
    import tempfile  # here, not at the top: settings are read before the first frame

    path = Path(path)
    folder = path.parent
    folder.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        if backup and path.exists():
            with contextlib.suppress(OSError):  # best effort: a missing .bak never blocks a save
                _keep_backup(path, path.with_name(path.name + ".bak"))
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    with contextlib.suppress(OSError):
        dfd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(dfd)
        finally:
            os.close(dfd)


def _keep_backup(path: Path, bak: Path) -> None:
    """Make `bak` the current content of `path` atomically, leaving `path` in place."""
    import shutil
    import tempfile

    fd, tmp = tempfile.mkstemp(prefix=f".{bak.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        os.unlink(tmp)
        try:
            os.link(path, tmp)  # no copy: the old file is already complete and on disk
        except OSError:  # a file system without hard links (FAT, some network shares)
            with open(path, "rb") as src, open(tmp, "xb") as dst:
                shutil.copyfileobj(src, dst)
                dst.flush()
                os.fsync(dst.fileno())
        os.replace(tmp, bak)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
