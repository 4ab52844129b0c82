"""The PyInstaller bundle: built (or reused) by packaging/build.py, then run as a user runs it.

The first run after a change to app/, resources/, packaging/ or the installed packages builds
it (about 20 s of PyInstaller on 2 cores, outside the git tree); later runs reuse it.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import TEST_KEY
from tests.fakeserver import FakeServer

ROOT = Path(__file__).resolve().parents[2]
BAD_STDERR = ("Traceback", "Exception ignored", "was destroyed but it is pending", "GeneratorExit")

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(sys.platform != "linux", reason="the suite builds the Linux bundle"),
]


@pytest.fixture(scope="module")
def bundle() -> Iterator[Path]:
    """The bundled executable (built once per change of its inputs, then reused)."""
    pytest.importorskip("PyInstaller", reason="PyInstaller is in the dev extra: bash setup.sh")
    proc = subprocess.run(
        [sys.executable, str(ROOT / "packaging" / "build.py")],
        capture_output=True,
        text=True,
        timeout=1500,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    exe = Path(proc.stdout.strip().splitlines()[-1])
    assert exe.is_file() and os.access(exe, os.X_OK)
    yield exe


def clean_env(tmp: Path, **extra: str) -> dict[str, str]:
    """No display, no key, no PYTHONPATH: the bundle must stand on its own; user folders in tmp."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("OPENAI_", "QT_", "XDG_", "PYTHON", "VIRTUAL_ENV"))
        and k not in ("DISPLAY", "WAYLAND_DISPLAY")
    }
    env["PATH"] = "/usr/local/bin:/usr/bin:/bin"  # not the venv's
    env["HOME"] = str(tmp / "home")
    env["XDG_CONFIG_HOME"] = str(tmp / "home" / ".config")
    env["XDG_DATA_HOME"] = str(tmp / "home" / ".local" / "share")
    env["XDG_STATE_HOME"] = str(tmp / "home" / ".local" / "state")
    env["XDG_CACHE_HOME"] = str(tmp / "home" / ".cache")
    env["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"  # never the real keychain
    env.update(extra)
    return env


@pytest.mark.timeout(1600)
def test_bundle_holds_what_the_app_needs_and_not_the_rest(bundle: Path) -> None:
    internal = bundle.parent / "_internal"
    names = {p.name for p in internal.iterdir()}
    # Resources where app.core.desktop.resources_dir() looks for them.
    res = internal / "resources"
    assert (res / "icons" / "chatterdesk.svg").is_file()
    assert (res / "icons" / "hicolor" / "256x256" / "apps").is_dir()
    assert (res / "linux" / "io.github.chatterdesk.Chatterdesk.desktop").is_file()
    for qm in (ROOT / "resources" / "translations").glob("*.qm"):
        assert (res / "translations" / qm.name).read_bytes() == qm.read_bytes()
    assert not list(res.rglob("*.ts"))
    # Qt's own translations, the xcb platform, the SVG icon engine.
    qt = internal / "PySide6" / "Qt"
    assert (qt / "translations" / "qtbase_zh_CN.qm").is_file()
    assert (qt / "plugins" / "platforms" / "libqxcb.so").is_file()
    assert (qt / "plugins" / "iconengines" / "libqsvgicon.so").is_file()
    # Audio: PortAudio (sounddevice) and libsndfile (soundfile), PyAV; token encodings.
    assert "libportaudio.so.2" in names
    assert list((internal / "_soundfile_data").glob("libsndfile*.so"))
    assert "av" in names
    assert list((internal / "bpe_openai" / "data").glob("o200k_base*"))
    # Left out: the local model, test tools, unused Qt modules, the GTK theme's libraries.
    for absent in ("llama_cpp", "openai", "pytest", "hypothesis", "mypy", "libgtk-3.so.0"):
        assert absent not in names, absent
    assert not list(qt.glob("lib/libQt6WebEngine*")) and not list(qt.glob("lib/libQt6Qml*"))
    assert not (qt / "plugins" / "platformthemes" / "libqgtk3.so").exists()
    # The bundled libraries resolve within the bundle or the base system: nothing missing.
    for lib in (internal / "libportaudio.so.2", qt / "plugins" / "platforms" / "libqxcb.so"):
        out = subprocess.run(
            ["ldd", str(lib)],
            env={"LD_LIBRARY_PATH": str(internal)},
            capture_output=True,
            text=True,
            check=False,
        ).stdout
        assert "not found" not in out, out


@pytest.mark.timeout(1600)
def test_version_and_no_display_message(bundle: Path, tmp_path: Path) -> None:
    from app import __version__

    proc = subprocess.run(
        [str(bundle), "--version"], env=clean_env(tmp_path), capture_output=True, text=True
    )
    assert proc.returncode == 0 and proc.stdout.strip() == f"chatterdesk {__version__}"
    proc = subprocess.run([str(bundle)], env=clean_env(tmp_path), capture_output=True, text=True)
    assert proc.returncode == 2
    assert proc.stderr.count("\n") == 1 and "cannot open a window" in proc.stderr


@pytest.mark.timeout(1600)
@pytest.mark.skipif(shutil.which("Xvfb") is None, reason="Xvfb is not installed")
def test_bundled_app_chats_on_xvfb_and_quits_cleanly(bundle: Path, tmp_path: Path) -> None:
    from PySide6.QtGui import QImage

    from tests.e2e.xvfb import xvfb

    shot = ROOT / "screenshots" / "e2e-bundle-window.png"
    shot.parent.mkdir(exist_ok=True)
    shot.unlink(missing_ok=True)
    script = tmp_path / "script.json"
    script.write_text(
        json.dumps(
            {
                "model": "gpt-4o-mini",
                "messages": ["Hello from the bundle"],
                "screenshot": str(shot),
            }
        )
    )
    with FakeServer() as srv, xvfb() as display:
        env = clean_env(
            tmp_path,
            DISPLAY=display,
            QT_QPA_PLATFORM="xcb",
            OPENAI_BASE_URL=srv.base_url,
            OPENAI_API_KEY=TEST_KEY,
            CHATTERDESK_E2E_SCRIPT=str(script),
        )
        proc = subprocess.run(
            [str(bundle)], env=env, capture_output=True, text=True, timeout=120, cwd=tmp_path
        )
        chat = [r for r in srv.requests if r.path.endswith("/chat/completions")]
    assert proc.returncode == 0, proc.stderr
    for bad in BAD_STDERR:
        assert bad not in proc.stderr, proc.stderr
    shown = proc.stdout.split("E2E-TEXT-BEGIN", 1)[1].split("E2E-TEXT-END", 1)[0]
    assert "Hello from the bundle" in shown
    # The Markdown answer rendered: markdown-it and pygments made it into the bundle.
    assert "def greet(name):" in shown and "Here is bold text" in shown
    assert "finish: stop" in proc.stdout and "tokens" in proc.stdout  # the usage line
    assert len(chat) == 1 and chat[0].json["model"] == "gpt-4o-mini"
    assert chat[0].headers["authorization"] == f"Bearer {TEST_KEY}"
    # A real picture of the window, not an empty frame.
    img = QImage(str(shot))
    assert not img.isNull() and img.width() > 800 and img.height() > 500
    colours = {img.pixel(x, y) for x in range(0, img.width(), 7) for y in range(0, img.height(), 7)}
    assert len(colours) > 20
    # The app wrote its files under the user folders given, none holds the key.
    written = [p for p in (tmp_path / "home").rglob("*") if p.is_file()]
    assert any(p.name.endswith(".chat.json") for p in written)
    for p in written:
        assert TEST_KEY.encode() not in p.read_bytes(), p


@pytest.mark.timeout(1600)
@pytest.mark.skipif(shutil.which("Xvfb") is None, reason="Xvfb is not installed")
def test_bundle_installs_its_desktop_entry_and_opens_a_double_clicked_file(
    bundle: Path, tmp_path: Path
) -> None:
    from app.core import desktop, storage
    from app.core.conversation import Conversation, Message
    from tests.e2e.xvfb import xvfb

    env = clean_env(tmp_path)
    proc = subprocess.run(
        [str(bundle), "--install-desktop-entry"], env=env, capture_output=True, text=True
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.count("\n") == 1 and str(bundle) in proc.stdout
    entry = Path(env["XDG_DATA_HOME"]) / "applications" / desktop.DESKTOP_FILE
    fields = dict(line.split("=", 1) for line in entry.read_text().splitlines() if "=" in line)
    assert desktop.split_exec(fields["Exec"]) == [str(bundle), "%f"]
    assert (Path(env["XDG_DATA_HOME"]) / "mime" / "packages" / f"{desktop.APP_ID}.xml").is_file()

    conv = Conversation(title="bundle double-click")
    conv.append(Message(role="user", content="opened by the bundled binary"))
    conv.append(Message(role="assistant", content="from its desktop entry"))
    folder = tmp_path / "My files"
    folder.mkdir()
    path = folder / "saved chat.chat.json"
    storage.save(conv, path)
    script = tmp_path / "look.json"
    script.write_text(json.dumps({"messages": []}))
    with FakeServer() as srv, xvfb() as display:
        run_env = dict(
            env,
            DISPLAY=display,
            QT_QPA_PLATFORM="xcb",
            OPENAI_BASE_URL=srv.base_url,
            CHATTERDESK_E2E_SCRIPT=str(script),
        )
        argv = desktop.expand_exec(fields["Exec"], [str(path)])
        opened = subprocess.run(argv, env=run_env, capture_output=True, text=True, timeout=120)
    assert opened.returncode == 0, opened.stderr
    shown = opened.stdout.split("E2E-TEXT-BEGIN", 1)[1].split("E2E-TEXT-END", 1)[0]
    assert "opened by the bundled binary" in shown and "from its desktop entry" in shown

    proc = subprocess.run(
        [str(bundle), "--uninstall-desktop-entry"], env=env, capture_output=True, text=True
    )
    assert proc.returncode == 0, proc.stderr
    assert not entry.exists()
