"""Bundle size and start-up time: the bundled binary against `python -m app`, in one run.

    .venv/bin/python packaging/measure.py                  # 5 starts of each, file cache warm
    .venv/bin/python packaging/measure.py --drop-caches    # also truly cold starts (root only)

Start-up = from just before the process is started to the first frame of its window on the
screen: the script runs its own Xvfb with a black root (-br) and grabs the screen through Qt
every few milliseconds until pixels that are not black appear (a mapped but unpainted Qt window
shows the black root through). Both variants run against the same fake server, with empty
user folders each time, alternating, after one unmeasured start of each. The grab loop
resolves about 10 ms. It prints a Markdown table for docs/performance.md; it is a benchmark,
not a test, and always exits 0 once it could measure.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
W, H = 1280, 860

from tests.e2e.xvfb import ScreenWatcher, xvfb  # noqa: E402 - after the path above


class Watcher(ScreenWatcher):
    def time_start(self, argv: list[str], env: dict[str, str], timeout: float = 60) -> float:
        proc, seconds = self.start(argv, env, timeout)
        self.end(proc)
        return seconds


def app_env(display: str, base_url: str, home: Path) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("OPENAI_", "QT_", "XDG_", "PYTHONPATH", "CHATTERDESK_"))
    }
    env.update(
        DISPLAY=display,
        QT_QPA_PLATFORM="xcb",
        HOME=str(home),
        XDG_CONFIG_HOME=str(home / "config"),
        XDG_DATA_HOME=str(home / "data"),
        XDG_STATE_HOME=str(home / "state"),
        XDG_CACHE_HOME=str(home / "cache"),
        OPENAI_BASE_URL=base_url,
        OPENAI_API_KEY="sk-measure",
        PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring",
    )
    return env


def drop_caches() -> bool:
    try:
        subprocess.run(["sync"], check=False)
        Path("/proc/sys/vm/drop_caches").write_text("3\n")
        return True
    except OSError:
        return False


def du(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def build() -> Path:
    out = subprocess.run(
        [sys.executable, str(ROOT / "packaging" / "build.py")],
        stdout=subprocess.PIPE,
        text=True,
        check=True,
    )
    return Path(out.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--repeat", type=int, default=5, help="measured starts of each (default 5)")
    p.add_argument(
        "--drop-caches",
        action="store_true",
        help="also time starts after dropping the kernel's file cache (root; slows the machine)",
    )
    args = p.parse_args(argv)
    if shutil.which("Xvfb") is None:
        print("Xvfb is needed (apt-get install xvfb)", file=sys.stderr)
        return 1
    exe = build()
    folder = exe.parent
    from tests.fakeserver import FakeServer

    variants = {
        "bundle": [str(exe)],
        "python -m app": [sys.executable, "-m", "app"],
    }
    times: dict[str, list[float]] = {k: [] for k in variants}
    cold: dict[str, list[float]] = {k: [] for k in variants}
    with (
        FakeServer() as srv,
        xvfb(W, H, black=True) as display,
        tempfile.TemporaryDirectory() as tmp,
    ):
        watcher = Watcher(display)

        def start(name: str) -> float:
            home = Path(tempfile.mkdtemp(dir=tmp))
            env = app_env(display, srv.base_url, home)
            if name != "bundle":
                env["PYTHONPATH"] = str(ROOT)
            return watcher.time_start(variants[name], env)

        for name in variants:  # warm-up, not counted
            start(name)
        for _ in range(args.repeat):
            for name in variants:
                times[name].append(start(name))
        if args.drop_caches:
            for _ in range(3):
                for name in variants:
                    if not drop_caches():
                        print("cannot drop the file cache (not root?)", file=sys.stderr)
                        args.drop_caches = False
                        break
                    cold[name].append(start(name))

    size = du(folder)
    internal = folder / "_internal"
    top = sorted(
        (du(d) if d.is_dir() else d.stat().st_size, d.name)
        for d in internal.iterdir()
        if not d.is_symlink()  # top-level links to libraries counted where they live
    )[::-1][:5]
    cpu = next(
        (
            ln.split(":", 1)[1].strip()
            for ln in Path("/proc/cpuinfo").read_text().splitlines()
            if ln.startswith("model name")
        ),
        platform.processor(),
    )
    import PyInstaller
    import PySide6

    print(f"Machine: {os.cpu_count()} cores, {cpu}, {platform.platform()}")
    print(
        f"Python {platform.python_version()}, PySide6 {PySide6.__version__}, "
        f"PyInstaller {PyInstaller.__version__}; bundle {folder}"
    )
    print()
    print("| | bundle | `python -m app` | bundle / python |")
    print("|---|---:|---:|---:|")
    b, s = times["bundle"], times["python -m app"]
    print(
        f"| start to first painted window, median of {len(b)} (file cache warm) "
        f"| {statistics.median(b) * 1000:.0f} ms | {statistics.median(s) * 1000:.0f} ms "
        f"| {statistics.median(b) / statistics.median(s):.2f} |"
    )
    print(f"| fastest | {min(b) * 1000:.0f} ms | {min(s) * 1000:.0f} ms | {min(b) / min(s):.2f} |")
    if args.drop_caches and cold["bundle"]:
        cb, cs = cold["bundle"], cold["python -m app"]
        print(
            f"| after dropping the file cache, median of {len(cb)} "
            f"| {statistics.median(cb) * 1000:.0f} ms | {statistics.median(cs) * 1000:.0f} ms "
            f"| {statistics.median(cb) / statistics.median(cs):.2f} |"
        )
    print(f"| size on disk | {size / 2**20:.0f} MiB | – | |")
    print()
    print("Largest parts of the bundle: " + ", ".join(f"{n} {s / 2**20:.0f} MiB" for s, n in top))
    return 0


if __name__ == "__main__":
    sys.exit(main())
