"""P1 cold start and P6 idle memory: `python -m app` against a bare PySide6 window, in one run.

    .venv/bin/python -m tests.bench.bench_startup            # 5 starts of each, 3 s idle
    .venv/bin/python -m tests.bench.bench_startup --quick    # 1 start of each, 1 s idle (CI smoke)

Both programs run under a private Xvfb with a black root window (-br), alternating, each with
fresh empty folders, after one unmeasured start of each. "Painted" is detected the same way for
both, from outside: this script grabs the screen through Qt every few milliseconds until the
window's pixels appear (a mapped but unpainted window shows the black root through), so the
time is from just before the process starts to its first frame on the screen (resolution about
10 ms). The bare baseline is a QApplication and a QMainWindow of the app's size, shown.

Idle memory is VmRSS (and PSS) of the process read from /proc after the first paint, once the
app has asked the fake server for its model list (the bare window: at once), and `--idle`
seconds more. The app runs against the in-process fake server with OPENAI_BASE_URL and a key,
so nothing starts the local model and no keychain is touched.

A third program, the floor (info), is the bare window plus the runtime the app cannot idle
without: the qasync loop and httpx on the app's transport, having fetched the model list once. The app's memory above
it is its own code, widgets and fonts; the script prints that against what 1.6× leaves.

An info probe then runs the app offscreen until its model list has loaded and lists the heavy
modules imported by then (tests/ui/test_startup.py asserts the same list stays empty).
A benchmark: it prints ratios and always exits 0 once it could measure.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.e2e.xvfb import ScreenWatcher, xvfb

ROOT = Path(__file__).resolve().parents[2]
W, H = 1280, 860
PYCACHE = Path(tempfile.gettempdir()) / "chatterdesk-bench-pycache"

# The app's own modules for what the idle window does not show (Completions mode, a crash).
APP_LATER = (
    "app.ui.completions_panel",
    "app.ui.heatmap",
    "app.core.logprobs",
    "app.core.tokens",
    "app.ui.crash_dialog",
)

# Imported on first use only: none of these may be in sys.modules while the app sits idle.
# (keyring too: it is imported at start only when a profile has a key stored, and the bench
# uses the environment's key.)
HEAVY = (
    "keyring",
    "sounddevice",
    "numpy",
    "soundfile",
    "av",
    "markdown_it",
    "pygments",
    "click",
    "bpe_openai",
    "openai",
    "llama_cpp",
    # httpx's own transport stack: the app's transport is asyncio's streams with h11; httpx
    # mounts its own (httpcore on anyio) only for a proxy.
    "httpcore",
    "anyio",
    "sniffio",
)

BARE = """
import sys
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv)
w = QMainWindow()
w.setWindowTitle("bare")
w.resize(1180, 780)
w.show()
sys.exit(app.exec())
"""

# The floor under P6: the bare window plus the runtime the app cannot idle without (the qasync
# loop, httpx with httpx-sse on the app's transport), having fetched the model list once with a
# client kept open, as the app does. What the app uses above this is its own code, widgets and fonts.
FLOOR = """
import asyncio, sys
sys.modules.setdefault("httpx._main", None)  # as app/api does: no optional CLI imports
import httpx, httpx_sse, qasync
from app.api.transport import AsyncioTransport  # the app's transport: asyncio streams, h11
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv)
w = QMainWindow()
w.setWindowTitle("floor")
w.resize(1180, 780)
w.show()
client = httpx.AsyncClient(transport=AsyncioTransport(httpx.Limits()))
async def fetch():
    (await client.get(sys.argv[1] + "/models")).json()
loop = qasync.QEventLoop(app)
asyncio.set_event_loop(loop)
with loop:
    task = loop.create_task(fetch())
    loop.run_forever()
"""

# Runs the real entry point; once the model list has loaded and `idle` seconds passed, prints
# the modules of interest in sys.modules as JSON and closes the window the normal way.
IDLE_PROBE = """
import json, sys
from PySide6.QtCore import QTimer
import app.ui.main_window as mw
idle = float(sys.argv[2])
start = mw.MainWindow.start

def report(window, ok):
    import linecache
    mods = sorted({m.split(".")[0] for m in sys.modules} | {m for m in sys.modules if m.startswith("app.")})
    cached = sorted(linecache.cache)
    data = {"models_ok": ok, "modules": mods, "linecache": cached}
    print("IDLE-MODULES " + json.dumps(data), flush=True)
    window.close()

def patched(self, *a, **k):
    self.modelsLoaded.connect(lambda ok: QTimer.singleShot(int(idle * 1000), lambda: report(self, ok)))
    start(self, *a, **k)

mw.MainWindow.start = patched
from app.main import main
sys.exit(main(["--config-dir", sys.argv[1]]))
"""


def clean_env(home: Path, **extra: str) -> dict[str, str]:
    """The environment of a measured process: fresh folders, no real keychain, our display."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("OPENAI_", "QT_", "XDG_", "PYTHON", "CHATTERDESK_", "DISPLAY"))
        and not k.lower().endswith("_proxy")  # the fake server is local: no proxy in between
    }
    env.update(
        HOME=str(home),
        XDG_CONFIG_HOME=str(home / "config"),
        XDG_DATA_HOME=str(home / "data"),
        XDG_STATE_HOME=str(home / "state"),
        XDG_CACHE_HOME=str(home / "cache"),
        PYTHONPATH=str(ROOT),
        PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring",
        # Bytecode is cached as an installed app's would be, outside the source tree.
        PYTHONPYCACHEPREFIX=str(PYCACHE),
    )
    env.update(extra)
    return env


def idle_modules(config_dir: Path, base_url: str, idle: float = 0.5) -> tuple[bool, set[str]]:
    """Top-level modules (and the app's own, by full name) imported by the real app
    (offscreen) once its models have loaded."""
    ok, modules, _cached = idle_state(config_dir, base_url, idle)
    return ok, modules


def idle_state(
    config_dir: Path, base_url: str, idle: float = 0.5
) -> tuple[bool, set[str], list[str]]:
    """(models loaded, top-level modules imported, files in linecache) of the idle app."""
    config_dir.parent.mkdir(parents=True, exist_ok=True)
    env = clean_env(
        config_dir.parent,
        QT_QPA_PLATFORM="offscreen",
        OPENAI_BASE_URL=base_url,
        OPENAI_API_KEY="sk-bench",
    )
    proc = subprocess.run(
        [sys.executable, "-c", IDLE_PROBE, str(config_dir), str(idle)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=str(config_dir.parent),
    )
    for line in proc.stdout.splitlines():
        if line.startswith("IDLE-MODULES "):
            data = json.loads(line.split(" ", 1)[1])
            return bool(data["models_ok"]), set(data["modules"]), list(data["linecache"])
    raise RuntimeError(f"the probe printed no module list (exit {proc.returncode}): {proc.stderr}")


def memory(pid: int) -> tuple[float, float]:
    """(RSS, PSS) of a process in MiB."""
    rss = pss = 0.0
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            rss = int(line.split()[1]) / 1024
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                pss = int(line.split()[1]) / 1024
    except OSError:
        pss = float("nan")
    return rss, pss


class Watcher(ScreenWatcher):
    def run(
        self, argv: list[str], env: dict[str, str], settled: object, idle: float
    ) -> tuple[float, float, float]:
        """Start `argv`; (seconds to the first painted frame, idle RSS MiB, idle PSS MiB)."""
        proc, paint = self.start(argv, env)
        try:
            end = time.monotonic() + 30
            while not settled() and time.monotonic() < end:  # type: ignore[operator]
                time.sleep(0.02)
            time.sleep(idle)
            rss, pss = memory(proc.pid)
            return paint, rss, pss
        finally:
            self.end(proc)


def rest_of_window_ms(log_file: Path) -> float:
    """What the app logged: ms from its first frame to the complete window (NaN if absent)."""
    try:
        for line in log_file.read_text("utf-8").splitlines():
            if "the rest built in" in line:
                return float(line.rsplit("built in", 1)[1].split()[0])
    except (OSError, ValueError, IndexError):
        pass
    return float("nan")


def machine() -> str:
    cpu = next(
        (
            ln.split(":", 1)[1].strip()
            for ln in Path("/proc/cpuinfo").read_text().splitlines()
            if ln.startswith("model name")
        ),
        platform.processor(),
    )
    import PySide6

    return (
        f"{os.cpu_count()} cores, {cpu}, {platform.platform()}, "
        f"CPython {platform.python_version()}, PySide6 {PySide6.__version__}"
    )


def measure(repeat: int, idle: float, probe: bool) -> int:
    from tests.fakeserver import FakeServer

    with (
        FakeServer() as srv,
        xvfb(W, H, black=True) as display,
        tempfile.TemporaryDirectory() as tmp,
    ):
        watcher = Watcher(display)
        bare = Path(tmp) / "bare_window.py"
        bare.write_text(BARE)
        floor = Path(tmp) / "floor_window.py"
        floor.write_text(FLOOR)

        def start(name: str) -> tuple[float, float, float]:
            home = Path(tempfile.mkdtemp(dir=tmp))
            env = clean_env(home, DISPLAY=display, QT_QPA_PLATFORM="xcb")
            if name == "bare":
                return watcher.run([sys.executable, str(bare)], env, lambda: True, idle)
            before = srv.count("/models")
            if name == "floor":
                argv = [sys.executable, str(floor), srv.base_url]
                return watcher.run(argv, env, lambda: srv.count("/models") > before, idle)
            env.update(OPENAI_BASE_URL=srv.base_url, OPENAI_API_KEY="sk-bench")
            argv = [sys.executable, "-m", "app", "--config-dir", str(home / "profile")]
            result = watcher.run(argv, env, lambda: srv.count("/models") > before, idle)
            rest.append(rest_of_window_ms(home / "profile" / "logs" / "chatterdesk.log"))
            return result

        names = ("bare", "app", "floor")
        rest: list[float] = []  # per app start: ms from the first frame to the complete window
        for name in names:  # warm-up: file cache, font cache; not counted
            start(name)
        rest.clear()
        runs: dict[str, list[tuple[float, float, float]]] = {n: [] for n in names}
        for _ in range(repeat):
            for name in names:
                runs[name].append(start(name))
        modules: set[str] | None = None
        models_ok = False
        if probe:
            models_ok, modules = idle_modules(Path(tmp) / "probe" / "profile", srv.base_url)

    def med(name: str, i: int) -> float:
        return statistics.median(r[i] for r in runs[name])

    print(f"Machine: {machine()}")
    print(f"Xvfb {W}x{H}x24 (xcb), screen-grab paint detection; {repeat} starts of each, median")
    print()
    print("| | bare PySide6 window | `python -m app` | app / bare | target |")
    print("|---|---:|---:|---:|---|")
    p_bare, p_app = med("bare", 0) * 1000, med("app", 0) * 1000
    p_ratio = p_app / p_bare
    print(
        f"| P1 start to first painted window | {p_bare:.0f} ms | {p_app:.0f} ms "
        f"| {p_ratio:.2f}× | ≤ 1.5× {'PASS' if p_ratio <= 1.5 else 'MISS'} |"
    )
    r_bare, r_app = med("bare", 1), med("app", 1)
    r_ratio = r_app / r_bare
    print(
        f"| P6 idle RSS ({idle:g} s after the models loaded) | {r_bare:.1f} MiB | {r_app:.1f} MiB "
        f"| {r_ratio:.2f}× | ≤ 1.6× {'PASS' if r_ratio <= 1.6 else 'MISS'} |"
    )
    s_bare, s_app = med("bare", 2), med("app", 2)
    print(f"| (info) idle PSS | {s_bare:.1f} MiB | {s_app:.1f} MiB | {s_app / s_bare:.2f}× | |")
    r_floor = med("floor", 1)
    print(
        f"| (info) floor: bare window + qasync, httpx (app transport), one /models request "
        f"| {r_bare:.1f} MiB "
        f"| {r_floor:.1f} MiB | {r_floor / r_bare:.2f}× | |"
    )
    fastest = min(r[0] for r in runs["app"]) / min(r[0] for r in runs["bare"])
    print(
        f"| (info) fastest start | {min(r[0] for r in runs['bare']) * 1000:.0f} ms "
        f"| {min(r[0] for r in runs['app']) * 1000:.0f} ms | {fastest:.2f}× | |"
    )
    built = [r for r in rest if r == r]  # (NaN: not logged)
    if built:
        rest_ms = statistics.median(built)
        print(
            f"| (info) window complete (first frame + {rest_ms:.0f} ms for the panels, menus "
            f"and controllers) | | {p_app + rest_ms:.0f} ms | {(p_app + rest_ms) / p_bare:.2f}× | |"
        )
    print()
    for name in names:
        print(
            f"{name} runs: "
            + ", ".join(f"{p * 1000:.0f} ms/{rss:.1f} MiB" for p, rss, _ in runs[name])
        )
    print(
        f"P6 budget: the app uses {r_app - r_floor:.1f} MiB above the floor; 1.6× the bare "
        f"window leaves {1.6 * r_bare - r_floor:.1f} MiB for its own code, widgets and fonts"
    )
    print(f"P1 ratio: {p_ratio:.2f}")
    print(f"P6 ratio: {r_ratio:.2f}")
    if modules is not None:
        heavy = sorted(m for m in HEAVY if m in modules)
        kept = sorted(m for m in ("httpx", "qasync", "asyncio", "PySide6") if m in modules)
        print(
            f"idle probe (offscreen, models loaded: {models_ok}): "
            f"{len([m for m in modules if '.' not in m])} top-level "
            f"modules; heavy ones imported: {', '.join(heavy) or 'none'}; "
            f"needed at idle: {', '.join(kept)}"
        )
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--repeat", type=int, default=5, help="measured starts of each (default 5)")
    ap.add_argument("--idle", type=float, default=3.0, help="seconds idle before the RSS reading")
    ap.add_argument("--quick", action="store_true", help="1 start of each, 1 s idle (CI smoke)")
    ap.add_argument("--no-probe", action="store_true", help="skip the idle module probe")
    args = ap.parse_args(argv)
    if args.quick:
        args.repeat, args.idle = 1, 1.0
    if shutil.which("Xvfb") is None:
        print("Xvfb is needed (apt-get install xvfb)", file=sys.stderr)
        return 1
    from PySide6.QtCore import QCoreApplication

    if QCoreApplication.instance() is not None:
        # This process already has a Qt application (pytest-qt's, offscreen): the screen
        # watcher needs its own on the Xvfb display, so measure in a child process.
        cmd = [sys.executable, "-m", "tests.bench.bench_startup", *(argv or [])]
        out = subprocess.run(cmd, cwd=str(ROOT), capture_output=True, text=True, timeout=600)
        print(out.stdout, end="")
        print(out.stderr, end="", file=sys.stderr)
        return out.returncode
    return measure(args.repeat, args.idle, not args.no_probe)


if __name__ == "__main__":
    sys.exit(main())
