"""Start and stop a private Xvfb display for end-to-end tests."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager

from tests.procs import stop_process


@contextmanager
def xvfb(width: int = 1280, height: int = 860, black: bool = False) -> Iterator[str]:
    """Yield a DISPLAY value for a fresh Xvfb server; it is killed on exit. `black`: a black
    root window, so a screen grab tells when a window has painted (ScreenWatcher)."""
    exe = shutil.which("Xvfb")
    if exe is None:
        raise FileNotFoundError("Xvfb")
    r, w = os.pipe()
    screen = ["-screen", "0", f"{width}x{height}x24"]
    proc = subprocess.Popen(
        [exe, "-displayfd", str(w), *(["-br"] if black else []), *screen, "-nolisten", "tcp"],
        pass_fds=(w,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(w)
    try:
        buf = b""
        deadline = time.monotonic() + 15
        while not buf.endswith(b"\n") and time.monotonic() < deadline:
            chunk = os.read(r, 16)
            if not chunk:
                break
            buf += chunk
        os.close(r)
        if not buf.strip():
            raise RuntimeError("Xvfb did not start")
        yield f":{int(buf.strip())}"
    finally:
        stop_process(proc)


class ScreenWatcher:
    """Grabs a black Xvfb screen through Qt: painted() is true once a window's pixels show.
    The same for every program, so start-up times of different programs compare fairly.

    It reads a 4-pixel band across the middle of the screen, not the whole screen: Xvfb
    serves one request at a time, and a whole-screen grab every 5 ms kept it busy enough to
    delay the measured program's own requests (the more of them a program makes, the more)."""

    BAND = 4

    def __init__(self, display: str) -> None:
        os.environ["DISPLAY"] = display
        from PySide6.QtGui import QGuiApplication

        self.app = QGuiApplication(["watcher", "-platform", "xcb"])
        self.screen = self.app.primaryScreen()
        size = self.screen.size()
        self.width, self.height = size.width(), size.height()

    def painted(self) -> bool:
        img = self.screen.grabWindow(0, 0, self.height // 2, self.width, self.BAND).toImage()
        lit = sum(1 for x in range(0, img.width(), 10) if img.pixel(x, 1) & 0xFFFFFF)
        # Most of the band: a window (the measured ones are 1180 of 1280 pixels wide), not a
        # stray cursor or a menu.
        return lit > img.width() // 20

    def start(
        self, argv: list[str], env: dict[str, str], timeout: float = 60
    ) -> tuple[subprocess.Popen[bytes], float]:
        """Start `argv`; (the process, seconds to its first painted frame). Stop it with end()."""
        if self.painted():
            raise SystemExit("the screen is not black before the start")
        t0 = time.perf_counter()
        proc = subprocess.Popen(
            argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=env["HOME"]
        )
        try:
            while time.perf_counter() - t0 < timeout:
                if self.painted():
                    return proc, time.perf_counter() - t0
                if proc.poll() is not None:
                    err = proc.stderr.read().decode() if proc.stderr else ""
                    raise SystemExit(f"{argv} exited with {proc.returncode} unpainted: {err}")
                time.sleep(0.005)
            raise SystemExit(f"{argv} showed no window within {timeout} s")
        except BaseException:
            self.end(proc)
            raise

    def end(self, proc: subprocess.Popen[bytes]) -> None:
        proc.kill()
        proc.wait(10)
        while self.painted():  # the window is gone from the screen again
            time.sleep(0.01)
