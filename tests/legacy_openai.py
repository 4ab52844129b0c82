"""openai==0.28.1 for tests, installed once beside (never into) the dev venv, and a runner
for copied code (Python v1, Python 0.28, curl) in a clean environment.

0.28 and the v1 client are both the `openai` package, so they cannot share a venv. The old one
goes into its own folder with `pip install --target`, done once under a file lock (tests running
in parallel wait for the first) and marked complete only after it imports; later runs and CI
reuse it. Snippets then run with `PYTHONPATH=<that folder>` in front of the venv's packages.

    python -m tests.legacy_openai      # install now (prints the folder)
"""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

VERSION = "0.28.1"
MARKER = ".chatterdesk-complete"


class LegacyOpenAIUnavailable(RuntimeError):
    """pip could not install openai==0.28.1 (PyPI unreachable, no wheel for this Python...)."""


def legacy_dir() -> Path:
    """Where it lives: $CHATTERDESK_LEGACY_OPENAI, else the user cache like setup.sh's wheels."""
    override = os.environ.get("CHATTERDESK_LEGACY_OPENAI")
    if override:
        return Path(override).expanduser()
    cache = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(cache) / "chatterdesk" / f"openai-{VERSION}"


def _imports(path: Path) -> str | None:
    """None when `import openai` from `path` gives 0.28.1, else what went wrong."""
    proc = subprocess.run(
        [sys.executable, "-c", "import openai; print(openai.version.VERSION)"],
        env={**os.environ, "PYTHONPATH": str(path)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    if proc.returncode == 0 and proc.stdout.strip() == VERSION:
        return None
    return (proc.stdout + proc.stderr).strip()[-2000:] or f"exit status {proc.returncode}"


def ensure_legacy_openai() -> Path:
    """The folder to put on PYTHONPATH; installs openai==0.28.1 there the first time."""
    target = legacy_dir()
    if (target / MARKER).exists():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(target.parent / f".openai-{VERSION}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # another test process may be installing it
        if (target / MARKER).exists():
            return target
        partial = target.with_name(target.name + f".partial-{os.getpid()}")
        shutil.rmtree(partial, ignore_errors=True)
        cmd = [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--disable-pip-version-check",
            "--no-input",
            "--quiet",
            "--target",
            str(partial),
            f"openai=={VERSION}",
        ]
        try:
            proc = subprocess.run(cmd, capture_output=True, text=True, timeout=900)
        except subprocess.TimeoutExpired as exc:
            shutil.rmtree(partial, ignore_errors=True)
            raise LegacyOpenAIUnavailable(
                f"pip did not finish installing openai=={VERSION} within 15 minutes"
            ) from exc
        if proc.returncode != 0:
            shutil.rmtree(partial, ignore_errors=True)
            raise LegacyOpenAIUnavailable(
                f"Could not install openai=={VERSION} into {target} (is PyPI reachable?). "
                f"pip said:\n{(proc.stdout + proc.stderr).strip()[-2000:]}"
            )
        problem = _imports(partial)
        if problem is not None:
            shutil.rmtree(partial, ignore_errors=True)
            raise LegacyOpenAIUnavailable(
                f"openai=={VERSION} installed but does not import on Python "
                f"{sys.version.split()[0]}:\n{problem}"
            )
        shutil.rmtree(target, ignore_errors=True)  # an unmarked leftover of a killed run
        partial.rename(target)
        (target / MARKER).write_text(f"openai=={VERSION}\n")
    return target


def snippet_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    """The test process's environment without keys, base URLs or proxies (a proxy would catch
    127.0.0.1), plus `extra`."""
    drop = ("OPENAI_", "AZURE_OPENAI_")
    proxies = {"http_proxy", "https_proxy", "all_proxy", "no_proxy"}
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(drop) and k.lower() not in proxies and k != "PYTHONPATH"
    }
    env["NO_PROXY"] = "*"
    env.update(extra or {})
    return env


@dataclass
class Ran:
    returncode: int
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        return f"exit {self.returncode}\n--- stdout\n{self.stdout}\n--- stderr\n{self.stderr}"


def run_snippet(
    code: str, style: str, cwd: Path, env: dict[str, str] | None = None, timeout: float = 90
) -> Ran:
    """Run the code of `style` ("python", "python-0.28" or "curl") as a user would: saved to a
    file in `cwd`, then `python file` (0.28 from its own folder) or `bash file`."""
    if style == "curl":
        path = cwd / "snippet.sh"
        cmd = ["bash", str(path)]
        extra: dict[str, str] = {}
    else:
        path = cwd / "snippet.py"
        cmd = [sys.executable, str(path)]
        extra = {"PYTHONPATH": str(ensure_legacy_openai())} if style == "python-0.28" else {}
    path.write_text(code, encoding="utf-8")
    proc = subprocess.run(
        cmd,
        cwd=cwd,
        env=snippet_env({**extra, **(env or {})}),
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        timeout=timeout,
    )
    return Ran(proc.returncode, proc.stdout, proc.stderr)


if __name__ == "__main__":
    print(ensure_legacy_openai())
