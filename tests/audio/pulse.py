"""A private PulseAudio server with a null sink, and a recorder of that sink's monitor.

    with PulseServer(tmp_dir) as pulse:        # started and stopped here, nothing left running
        with pulse.recorder() as rec:          # parec on chatterdesk_test.monitor, timestamped
            ... play through PcmPlayer ...
        rec.first_sound_time(threshold)        # time.monotonic() of the first loud sample

How it works here (root, no session, no D-Bus, no sound card):
- `pulseaudio --daemonize=no -n` loads only a unix socket with anonymous auth, the null sink and
  module-always-sink; HOME, XDG_RUNTIME_DIR, PULSE_RUNTIME_PATH, PULSE_STATE_PATH point into the
  tmp dir, so nothing touches the real user's state. Root gets a warning, not a refusal.
- The daemon gets PR_SET_PDEATHSIG: if the test process dies, so does the daemon.
- This process gets PULSE_SERVER=unix:<socket> (and a client.conf without autospawn); ALSA's
  pulse plugin (libasound2-plugins: /etc/alsa/conf.d/99-pulse.conf makes "default" the pulse PCM
  when a server answers) then routes PortAudio's default device to it. PortAudio enumerates
  devices once, so sounddevice is re-initialised after the server starts and after it stops.
- An idle null sink renders up to 2 s ahead (its latency when nothing asks for less), and a new
  stream can wait behind that: sound started 1.0-1.4 s late for the first stream after the server
  started (and, with a 44.1 kHz stereo sink, for every stream in some runs), which a real sound
  card's sink avoids by rewinding. A silent low-latency stream (pacat of zeros,
  --latency-msec=10) keeps the sink at low latency, like a real card; it adds only zeros to the
  recording. `keepalive=False` leaves it out (the benchmark shows the difference).
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np

from tests.procs import stop_process

SINK = "chatterdesk_test"
RATE = 24000
# The null sink's format: a sound card's 44.1 kHz stereo, so our 24 kHz mono is resampled and
# upmixed as on a real machine (a 24 kHz mono sink hides device underruns: see PcmPlayer's latency).
SOUND_CARD = "rate=44100 channels=2"
_ENV_KEYS = ("PULSE_SERVER", "PULSE_CLIENTCONFIG", "PULSE_COOKIE")


def missing_tools() -> list[str]:
    return [t for t in ("pulseaudio", "parec", "pacat", "pactl") if shutil.which(t) is None]


def _die_with_parent() -> None:
    """Runs in the child before exec: SIGTERM it when the test process goes away."""
    with contextlib.suppress(Exception):
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


class PulseError(RuntimeError):
    """PulseAudio could not be started or reached; the message says why (used as skip reason)."""


class PulseServer:
    def __init__(self, folder: Path, keepalive: bool = True, sink_args: str = SOUND_CARD) -> None:
        self.folder = Path(folder)
        self.use_keepalive = keepalive
        self.sink_args = sink_args
        self.socket = self.folder / "native"
        self.server = f"unix:{self.socket}"
        self.proc: subprocess.Popen[bytes] | None = None
        self.keepalive: subprocess.Popen[bytes] | None = None
        self._saved_env: dict[str, str | None] = {}
        self.log_path = self.folder / "pulseaudio.log"

    # -- environments -------------------------------------------------------------------------

    def client_env(self, base: dict[str, str] | None = None) -> dict[str, str]:
        """Environment for a client process (parec, pacat, a subprocess using PortAudio)."""
        env = dict(os.environ if base is None else base)
        env["PULSE_SERVER"] = self.server
        env["PULSE_CLIENTCONFIG"] = str(self.folder / "client.conf")
        env["PULSE_COOKIE"] = str(self.folder / "cookie")
        return env

    def _daemon_env(self) -> dict[str, str]:
        env = {
            k: v
            for k, v in os.environ.items()
            if not k.startswith(("PULSE_", "DBUS_")) and k not in ("XDG_RUNTIME_DIR", "HOME")
        }
        run = self.folder / "run"
        env.update(
            HOME=str(self.folder / "home"),
            XDG_RUNTIME_DIR=str(run),
            XDG_CONFIG_HOME=str(self.folder / "home" / ".config"),
            PULSE_RUNTIME_PATH=str(run / "pulse"),
            PULSE_STATE_PATH=str(self.folder / "state"),
        )
        return env

    # -- lifecycle ----------------------------------------------------------------------------

    def start(self, timeout: float = 10.0) -> PulseServer:
        missing = missing_tools()
        if missing:
            raise PulseError(f"PulseAudio tools not installed: {', '.join(missing)}")
        for sub in ("run", "home", "state"):
            (self.folder / sub).mkdir(parents=True, exist_ok=True)
        os.chmod(self.folder / "run", 0o700)
        (self.folder / "client.conf").write_text("autospawn = no\n")
        cmd = [
            "pulseaudio",
            "--daemonize=no",
            "--exit-idle-time=-1",
            "--disallow-exit",
            "--use-pid-file=no",
            "--system=false",
            "-n",
            "--log-target=stderr",
            f"--load=module-native-protocol-unix auth-anonymous=1 socket={self.socket}",
            f"--load=module-null-sink sink_name={SINK} {self.sink_args}".strip(),
            "--load=module-always-sink",
        ]
        with open(self.log_path, "wb") as log:
            self.proc = subprocess.Popen(
                cmd,
                env=self._daemon_env(),
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                preexec_fn=_die_with_parent,
            )
        deadline = time.monotonic() + timeout
        while True:
            if self.proc.poll() is not None:
                raise PulseError(
                    f"pulseaudio exited with {self.proc.returncode}: {self._log_tail()}"
                )
            if self.socket.exists() and self._pactl_ok():
                break
            if time.monotonic() > deadline:
                self.stop()
                raise PulseError(
                    f"pulseaudio did not answer in {timeout:.0f} s: {self._log_tail()}"
                )
            time.sleep(0.05)
        if self.use_keepalive:
            with open("/dev/zero", "rb") as zero:
                self.keepalive = self._start_keepalive(zero)
        self._use_in_this_process()
        return self

    def _start_keepalive(self, zero: Any) -> subprocess.Popen[bytes]:
        return subprocess.Popen(
            [
                "pacat",
                "--playback",
                f"--device={SINK}",
                "--format=s16le",
                f"--rate={RATE}",
                "--channels=1",
                "--latency-msec=10",
                "--client-name=chatterdesk-test-keepalive",
            ],
            env=self.client_env(),
            stdin=zero,  # pacat reads only as fast as the server plays
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            preexec_fn=_die_with_parent,
        )

    def _pactl_ok(self) -> bool:
        try:
            proc = subprocess.run(
                ["pactl", "info"],
                env=self.client_env(),
                capture_output=True,
                text=True,
                timeout=5,
            )
        except (OSError, subprocess.TimeoutExpired):
            return False
        return proc.returncode == 0 and SINK in proc.stdout

    def _log_tail(self) -> str:
        try:
            text = self.log_path.read_text(errors="replace")
        except OSError:
            return "(no log)"
        lines = [ln for ln in text.splitlines() if ln.startswith("E:")] or text.splitlines()
        return " | ".join(lines[-4:])

    def _use_in_this_process(self) -> None:
        for key in _ENV_KEYS:
            self._saved_env[key] = os.environ.get(key)
        os.environ.update({k: v for k, v in self.client_env().items() if k in _ENV_KEYS})
        reinit_portaudio()

    def stop(self) -> None:
        for key, value in self._saved_env.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        self._saved_env.clear()
        for proc in (self.keepalive, self.proc):
            if proc is not None:
                stop_process(proc)
        self.keepalive = self.proc = None
        reinit_portaudio()

    def __enter__(self) -> PulseServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- checks ---------------------------------------------------------------------------------

    def default_device_reaches_pulse(self) -> str | None:
        """None when PortAudio's default output goes to this server, else the reason."""
        try:
            import sounddevice as sd
        except (ImportError, OSError) as exc:
            return f"sounddevice cannot load PortAudio: {exc}"
        names = [str(d["name"]) for d in sd.query_devices() if d["max_output_channels"] > 0]
        if not names:
            return (
                "PortAudio lists no output device with PULSE_SERVER set: ALSA's pulse plugin "
                "(libasound2-plugins) is missing or not the default"
            )
        return None

    @contextlib.contextmanager
    def recorder(self) -> Iterator[Recorder]:
        rec = Recorder(self)
        rec.start()
        try:
            yield rec
        finally:
            rec.stop()

    def sink_inputs(self) -> str:
        return subprocess.run(
            ["pactl", "list", "short", "sink-inputs"],
            env=self.client_env(),
            capture_output=True,
            text=True,
            timeout=5,
        ).stdout


def reinit_portaudio() -> None:
    """Make PortAudio enumerate devices again (it does so once, at sounddevice's import)."""
    sd: Any = sys.modules.get("sounddevice")
    if sd is None:
        return
    with contextlib.suppress(Exception):
        sd._terminate()
    with contextlib.suppress(Exception):
        sd._initialize()


class Recorder:
    """parec of the sink monitor; every read is stamped with time.monotonic() on arrival."""

    READ = 480  # bytes: 10 ms, so arrival stamps are fine-grained

    def __init__(self, pulse: PulseServer) -> None:
        self.pulse = pulse
        self.reads: list[tuple[float, bytes]] = []
        self.proc: subprocess.Popen[bytes] | None = None
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        self.proc = subprocess.Popen(
            [
                "parec",
                f"--device={SINK}.monitor",
                "--format=s16le",
                f"--rate={RATE}",
                "--channels=1",
                "--latency-msec=10",
                "--client-name=chatterdesk-test-recorder",
            ],
            env=self.pulse.client_env(),
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            bufsize=0,
            preexec_fn=_die_with_parent,
        )
        self._thread = threading.Thread(target=self._read, name="parec-reader", daemon=True)
        self._thread.start()
        # wait for the first data, so nothing played afterwards is missed
        deadline = time.monotonic() + 5
        while not self.reads and time.monotonic() < deadline:
            time.sleep(0.01)
        if not self.reads:
            self.stop()
            raise PulseError("parec recorded nothing from the null sink's monitor in 5 s")

    def _read(self) -> None:
        proc = self.proc
        assert proc is not None and proc.stdout is not None
        while True:
            data = proc.stdout.read(self.READ)
            if not data:
                return
            self.reads.append((time.monotonic(), data))

    def stop(self) -> None:
        proc = self.proc
        if proc is not None:
            stop_process(proc)
            if self._thread is not None:
                self._thread.join(5)
            if proc.stdout is not None:
                proc.stdout.close()
        self.proc = None

    def samples(self, since: float = 0.0) -> np.ndarray:
        """The recording (int16 mono 24 kHz) from the read that arrived at or after `since`."""
        data = b"".join(d for t, d in self.reads if t >= since)
        return np.frombuffer(data[: len(data) - len(data) % 2], dtype="<i2")

    def first_sound_time(self, threshold: int = 500, since: float = 0.0) -> float | None:
        """Arrival time of the first sample above `threshold`, corrected to that sample.

        A read of n bytes arrives when its last sample was captured; a sample k bytes before the
        end sounded about k / 48000 s earlier.
        """
        for t, d in self.reads:
            if t < since:
                continue
            x = np.frombuffer(d[: len(d) - len(d) % 2], dtype="<i2")
            loud = np.flatnonzero(np.abs(x.astype(np.int32)) > threshold)
            if len(loud):
                return t - (len(x) - int(loud[0])) / RATE
        return None
