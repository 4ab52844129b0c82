"""Build the one-folder PyInstaller bundle, or reuse the one built from the same inputs.

    .venv/bin/python packaging/build.py            # build if needed; prints the binary's path
    .venv/bin/python packaging/build.py --force    # build again even if nothing changed

The bundle goes OUTSIDE the git tree, to $CHATTERDESK_BUNDLE_CACHE (default
~/.cache/chatterdesk/bundle)/<hash>/chatterdesk/, where <hash> covers everything that decides
its content: app/, resources/, packaging/, pyproject.toml, the Python version and every
installed distribution's version. The test suite calls this on every run; only the first run
after a change pays for a build (a few minutes on 2 cores). The two newest builds are kept.
The last line printed to stdout is the path of the bundled executable.
"""

from __future__ import annotations

import argparse
import fcntl
import hashlib
import importlib.metadata
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SPEC = ROOT / "packaging" / "chatterdesk.spec"
INPUTS = ("app", "resources", "packaging", "pyproject.toml")
# Scripts in packaging/ that do not shape the bundle (their outputs, if any, are in resources/).
NOT_INPUTS = ("packaging/measure.py", "packaging/make_icons.py")
KEEP = 2
STAMP = "complete.json"
EXE_NAME = "chatterdesk.exe" if sys.platform == "win32" else "chatterdesk"


def cache_root() -> Path:
    env = os.environ.get("CHATTERDESK_BUNDLE_CACHE")
    if env:
        return Path(env).expanduser()
    cache = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(cache) / "chatterdesk" / "bundle"


def input_files() -> list[Path]:
    """The files whose content goes into the bundle (caches and editor litter left out)."""
    files: list[Path] = []
    for name in INPUTS:
        p = ROOT / name
        if p.is_file():
            files.append(p)
            continue
        for f in p.rglob("*"):
            rel = f.relative_to(ROOT).parts
            if not f.is_file() or "__pycache__" in rel or f.suffix in (".pyc", ".pyo"):
                continue
            if f.name.startswith(".") or f.name.endswith("~") or "/".join(rel) in NOT_INPUTS:
                continue
            files.append(f)
    return sorted(files)


def input_hash() -> str:
    """A digest of the sources, the Python version and the installed packages' versions."""
    h = hashlib.sha256()
    h.update(f"{sys.version}\n{sys.platform}\n".encode())
    dists = sorted(
        f"{d.metadata['Name']}=={d.version}".lower() for d in importlib.metadata.distributions()
    )
    h.update("\n".join(dists).encode())
    for f in input_files():
        h.update(b"\0" + str(f.relative_to(ROOT)).encode() + b"\0")
        h.update(f.read_bytes())
    return h.hexdigest()[:16]


def bundle_exe(folder: Path) -> Path:
    return folder / "chatterdesk" / EXE_NAME


def ensure_bundle(force: bool = False, nice: int = 10) -> Path:
    """The bundled executable, built now only if no complete build of these inputs exists."""
    root = cache_root()
    root.mkdir(parents=True, exist_ok=True)
    digest = input_hash()
    final = root / digest
    with open(root / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # one builder at a time; the others then reuse it
        if not force and (final / STAMP).is_file() and bundle_exe(final).is_file():
            (final / STAMP).touch()  # most recently used: kept by the pruning below
            log(f"reusing the bundle in {final}")
            return bundle_exe(final)
        _build(root, final, digest, nice)
        _prune(root, keep=final)
    return bundle_exe(final)


def _build(root: Path, final: Path, digest: str, nice: int) -> None:
    import PyInstaller  # noqa: F401  (a clear message below if it is missing)

    tmp = root / f"{digest}.tmp"
    work = root / f"{digest}.work"
    for d in (tmp, work):
        shutil.rmtree(d, ignore_errors=True)
    tmp.mkdir()
    log(f"building the bundle into {final} (PyInstaller, a few minutes; log in build.log)")
    started = time.monotonic()
    cmd = [
        sys.executable,
        "-m",
        "PyInstaller",
        "--noconfirm",
        "--log-level",
        "WARN",
        "--distpath",
        str(tmp),
        "--workpath",
        str(work),
        str(SPEC),
    ]
    with open(tmp / "build.log", "w") as out:
        proc = subprocess.run(
            cmd,
            cwd=ROOT,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            preexec_fn=(lambda: os.nice(nice)) if nice else None,  # share the cores politely
            check=False,
        )
    shutil.rmtree(work, ignore_errors=True)
    if proc.returncode != 0 or not bundle_exe(tmp).is_file():
        tail = (tmp / "build.log").read_text(errors="replace").splitlines()[-30:]
        raise SystemExit("PyInstaller failed:\n" + "\n".join(tail))
    seconds = time.monotonic() - started
    (tmp / STAMP).write_text(
        json.dumps({"hash": digest, "seconds": round(seconds, 1), "built": time.time()}) + "\n"
    )
    shutil.rmtree(final, ignore_errors=True)
    os.replace(tmp, final)
    log(f"built in {seconds:.0f} s")


def _prune(root: Path, keep: Path) -> None:
    """Keep the KEEP most recently used builds; remove the rest and leftovers of failed ones."""
    builds = sorted(
        (d for d in root.iterdir() if d.is_dir() and (d / STAMP).is_file()),
        key=lambda d: (d / STAMP).stat().st_mtime,
        reverse=True,
    )
    old = [d for d in builds[KEEP:] if d != keep]
    old += [d for d in root.iterdir() if d.is_dir() and d.suffix in (".tmp", ".work")]
    for d in old:
        shutil.rmtree(d, ignore_errors=True)


def log(text: str) -> None:
    print(f"[bundle] {text}", file=sys.stderr, flush=True)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--force", action="store_true", help="build even if an identical one exists")
    p.add_argument("--nice", type=int, default=10, help="niceness of the build (default 10)")
    p.add_argument("--print-hash", action="store_true", help="print the input hash and exit")
    args = p.parse_args(argv)
    if args.print_hash:
        print(input_hash())
        return 0
    try:
        exe = ensure_bundle(force=args.force, nice=args.nice)
    except ImportError:
        print("PyInstaller is not installed: pip install -e '.[dev]'", file=sys.stderr)
        return 1
    print(exe)
    return 0


if __name__ == "__main__":
    sys.exit(main())
