"""Desktop integration: the installed entry, icons, MIME type and metainfo, as desktops read them.

Everything is installed into a temporary XDG_DATA_HOME / XDG_CONFIG_HOME and checked with the
freedesktop tools themselves (desktop-file-validate, appstreamcli, xdg-mime, mimetype, gio);
the last test double-clicks a saved conversation: the installed Exec line, run under Xvfb.
"""

from __future__ import annotations

import json
import os
import queue
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from app.core import desktop
from app.core.desktop import APP_ID, DESKTOP_FILE, ICON_SIZES, MIME_TYPE

ROOT = Path(__file__).resolve().parents[2]
LINUX = ROOT / "resources" / "linux"


def need(tool: str) -> str:
    exe = shutil.which(tool)
    if exe is None:
        pytest.skip(f"{tool} is not installed (bash setup.sh test installs it)")
    return exe


def xdg_env(tmp: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("XDG_")}
    env.update(
        XDG_DATA_HOME=str(tmp / "data"),
        XDG_CONFIG_HOME=str(tmp / "config"),
        XDG_DATA_DIRS="/usr/share",  # the system's types (application/json) compete with ours
        XDG_CONFIG_DIRS=str(tmp / "etc"),
    )
    env.update(extra)
    return env


def snapshot(*roots: Path) -> dict[str, bytes | None]:
    """Every file (with its bytes) and folder under the roots."""
    out: dict[str, bytes | None] = {}
    for root in roots:
        for p in sorted(root.rglob("*")):
            out[str(p)] = p.read_bytes() if p.is_file() else None
    return out


def desktop_fields(path: Path) -> dict[str, str]:
    return dict(
        line.split("=", 1)
        for line in path.read_text("utf-8").splitlines()
        if "=" in line and not line.startswith("#")
    )


# -- the Exec line ----------------------------------------------------------------------------

AWKWARD = [
    "/opt/Chatterdesk/chatterdesk",
    "/home/a b/My Apps/chatterdesk",
    '/tmp/quote"and$dollar`tick',
    "/tmp/back\\slash and 100%",
    "/tmp/中文 目录/chatterdesk",
    "/tmp/semi;colon&amp(paren)",
]


@pytest.mark.parametrize("path", AWKWARD)
def test_exec_line_round_trips_any_path(path: str) -> None:
    value = desktop.exec_line([path, "-m", "app"])
    assert value.endswith(" %f")
    assert desktop.expand_exec(value, ["/x/saved chat.chat.json"]) == [
        path,
        "-m",
        "app",
        "/x/saved chat.chat.json",
    ]
    assert desktop.expand_exec(value, []) == [path, "-m", "app"]


def test_exec_line_quotes_only_when_needed() -> None:
    assert desktop.exec_line(["/usr/bin/chatterdesk"]) == "/usr/bin/chatterdesk %f"
    assert desktop.exec_line(["/a b/c"]) == '"/a b/c" %f'
    assert desktop.exec_line(["/a$b"]) == '"/a\\\\$b" %f'  # \$ in quotes, then \ -> \\
    assert desktop.exec_line(["/100%"]) == "/100%% %f"
    with pytest.raises(ValueError, match="unclosed quote"):
        desktop.split_exec('"/a b %f')


def test_desktop_file_validate_accepts_awkward_exec_lines(tmp_path: Path) -> None:
    validate = need("desktop-file-validate")
    template = (LINUX / DESKTOP_FILE).read_text("utf-8")
    for i, path in enumerate(AWKWARD):
        f = tmp_path / f"t{i}.desktop"
        f.write_text(desktop.render_desktop_entry(template, [path], Path("/w d")), "utf-8")
        proc = subprocess.run([validate, str(f)], capture_output=True, text=True)
        assert proc.returncode == 0 and "error" not in proc.stdout, proc.stdout
        assert desktop.expand_exec(desktop_fields(f)["Exec"], ["F"]) == [path, "F"]
        assert desktop_fields(f)["Path"] == "/w d"


def test_launch_command_prefers_bundle_then_launcher_then_module(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    binary = tmp_path / "bundle" / "chatterdesk"
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(binary))
    assert desktop.launch_command() == ([str(binary)], None)
    monkeypatch.setattr(sys, "frozen", False)

    venv = tmp_path / "venv" / "bin"
    venv.mkdir(parents=True)
    monkeypatch.setattr(sys, "executable", str(venv / "python"))
    assert desktop.launch_command() == ([str(venv / "python"), "-m", "app"], ROOT)
    launcher = venv / "chatterdesk"
    launcher.write_text("#!/bin/sh\n")
    launcher.chmod(0o755)
    assert desktop.launch_command() == ([str(launcher)], None)


def test_resources_come_from_the_bundle_when_frozen(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert desktop.resources_dir() == ROOT / "resources"
    files = desktop.window_icon_files()
    sizes = [int(p.parent.parent.name.split("x")[0]) for p in files]
    assert sizes == [s for s in ICON_SIZES if s <= 128] and all(p.suffix == ".png" for p in files)
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert desktop.resources_dir() == tmp_path / "resources"
    assert desktop.window_icon_files() == []


# -- the shipped files ------------------------------------------------------------------------


def test_shipped_desktop_file_and_metainfo_validate() -> None:
    proc = subprocess.run(
        [need("desktop-file-validate"), str(LINUX / DESKTOP_FILE)], capture_output=True, text=True
    )
    assert proc.returncode == 0 and not proc.stdout.strip(), proc.stdout
    fields = desktop_fields(LINUX / DESKTOP_FILE)
    for key in ("Name", "GenericName", "Comment"):
        assert fields[key] and fields[f"{key}[zh_CN]"], key
    assert any("\u4e00" <= c <= "\u9fff" for c in fields["Comment[zh_CN]"])
    assert fields["Icon"] == fields["StartupWMClass"] == APP_ID
    assert fields["MimeType"] == f"{MIME_TYPE};" and fields["Terminal"] == "false"
    assert "%f" in fields["Exec"]

    proc = subprocess.run(
        [need("appstreamcli"), "validate", "--no-net", str(LINUX / f"{APP_ID}.metainfo.xml")],
        capture_output=True,
        text=True,
    )
    # Passes; at most "info"-level remarks (appstreamcli 0.16 does not know <developer> yet).
    assert proc.returncode == 0, proc.stdout
    assert "E:" not in proc.stdout and "W:" not in proc.stdout, proc.stdout


def test_icons_are_real_pictures_of_every_size() -> None:
    from PySide6.QtGui import QImage

    for s in ICON_SIZES:
        img = QImage(str(ROOT / f"resources/icons/hicolor/{s}x{s}/apps/{APP_ID}.png"))
        assert (img.width(), img.height()) == (s, s)
        assert img.pixelColor(s // 2, s // 8).alpha() == 255  # the blue tile
        assert img.pixelColor(0, 0).alpha() < 128  # the rounded, transparent corner
    ico = (ROOT / "resources/icons/chatterdesk.ico").read_bytes()
    assert ico[:4] == b"\0\0\1\0" and int.from_bytes(ico[4:6], "little") == 7
    icns = (ROOT / "resources/icons/chatterdesk.icns").read_bytes()
    assert icns[:4] == b"icns" and int.from_bytes(icns[4:8], "big") == len(icns)
    assert b"ic10" in icns and b"icp4" in icns


# -- install / uninstall ----------------------------------------------------------------------


def test_install_lands_every_file_and_desktops_see_the_type(tmp_path: Path) -> None:
    data, config = tmp_path / "data", tmp_path / "config"
    result = desktop.install(data, config)

    assert result.files == desktop.installed_files(data)
    for f in result.files:
        assert f.is_file() and f.stat().st_size > 0, f
        assert f.stat().st_mode & 0o777 == 0o644
    assert (data / "icons/hicolor/scalable/apps" / f"{APP_ID}.svg").read_bytes() == (
        ROOT / "resources/icons/chatterdesk.svg"
    ).read_bytes()
    assert result.default_registered
    assert "update-mime-database" in result.tools_run and not result.warnings

    entry = data / "applications" / DESKTOP_FILE
    proc = subprocess.run(
        [need("desktop-file-validate"), str(entry)], capture_output=True, text=True
    )
    assert proc.returncode == 0 and not proc.stdout.strip(), proc.stdout
    argv, _ = desktop.launch_command()
    assert desktop.split_exec(desktop_fields(entry)["Exec"]) == [*argv, "%f"]
    # The MIME database was rebuilt with our type, our glob and its parent.
    generated = (data / "mime" / "application" / "x-chatterdesk-conversation.xml").read_text()
    assert "Chatterdesk" in generated
    assert f"{MIME_TYPE}:*.chat.json" in (data / "mime" / "globs2").read_text()

    conv = tmp_path / "x.chat.json"
    conv.write_text('{"format": "chatterdesk-conversation"}')
    plain = tmp_path / "x.json"
    plain.write_text("{}")

    def run(*cmd: str, **extra: str) -> str:
        out = subprocess.run(cmd, env=xdg_env(tmp_path, **extra), capture_output=True, text=True)
        return out.stdout.strip()

    xdg_mime = need("xdg-mime")
    need("mimetype")  # xdg-mime's generic path (no desktop session) asks it
    assert run(xdg_mime, "query", "filetype", str(conv)) == MIME_TYPE
    assert run(xdg_mime, "query", "filetype", str(plain)) == "application/json"
    assert run(xdg_mime, "query", "default", MIME_TYPE) == DESKTOP_FILE
    # GNOME's path (gio), as Files/Nautilus would decide on a double-click.
    need("gio")
    assert run(xdg_mime, "query", "filetype", str(conv), XDG_CURRENT_DESKTOP="GNOME") == MIME_TYPE
    assert f"Default application for “{MIME_TYPE}”: {DESKTOP_FILE}" in run("gio", "mime", MIME_TYPE)


def test_uninstall_leaves_an_empty_home_exactly_as_it_was(tmp_path: Path) -> None:
    data, config = tmp_path / "data", tmp_path / "config"
    data.mkdir()
    config.mkdir()
    before = snapshot(data, config)
    desktop.install(data, config)
    assert (config / "mimeapps.list").is_file() and (data / "mime" / "mime.cache").is_file()
    result = desktop.uninstall(data, config)
    assert sorted(result.files) == sorted(desktop.installed_files(data))
    assert result.default_registered
    assert snapshot(data, config) == before
    again = desktop.uninstall(data, config)
    assert again.files == [] and "nothing to remove" in again.message(installed=False)


def test_uninstall_keeps_other_apps_and_the_users_choices(tmp_path: Path) -> None:
    data, config = tmp_path / "data", tmp_path / "config"
    # Another app installed for this user the same way, with its caches built.
    other = data / "applications" / "org.example.Editor.desktop"
    other.parent.mkdir(parents=True)
    other.write_text(
        "[Desktop Entry]\nType=Application\nName=Editor\nExec=editor %f\nMimeType=text/x-example;\n"
    )
    pkg = data / "mime" / "packages" / "org.example.Editor.xml"
    pkg.parent.mkdir(parents=True)
    pkg.write_text(
        '<?xml version="1.0"?>\n<mime-info xmlns="http://www.freedesktop.org/standards/'
        'shared-mime-info">\n  <mime-type type="text/x-example"><glob pattern="*.example"/>'
        "</mime-type>\n</mime-info>\n"
    )
    icon = data / "icons" / "hicolor" / "48x48" / "apps" / "org.example.Editor.png"
    icon.parent.mkdir(parents=True)
    icon.write_bytes(b"not really a png")
    subprocess.run([need("update-mime-database"), str(data / "mime")], check=True)
    subprocess.run([need("update-desktop-database"), str(data / "applications")], check=True)
    config.mkdir()
    (config / "mimeapps.list").write_text(
        "[Default Applications]\ntext/x-example=org.example.Editor.desktop;\n\n"
        "[Added Associations]\ntext/plain=org.example.Editor.desktop;\n"
    )
    before = snapshot(data, config)

    desktop.install(data, config)
    lines = (config / "mimeapps.list").read_text().splitlines()
    assert lines[:3] == [
        "[Default Applications]",
        "text/x-example=org.example.Editor.desktop;",
        f"{MIME_TYPE}={DESKTOP_FILE};",
    ]
    assert f"{MIME_TYPE}=" in (data / "applications" / "mimeinfo.cache").read_text()
    desktop.uninstall(data, config)
    after = snapshot(data, config)
    assert after == before  # the caches were rebuilt from the same inputs: identical


def test_an_existing_default_for_the_type_is_respected(tmp_path: Path) -> None:
    data, config = tmp_path / "data", tmp_path / "config"
    config.mkdir()
    mimeapps = config / "mimeapps.list"
    chosen = f"[Default Applications]\n{MIME_TYPE}=org.example.Viewer.desktop;\n"
    mimeapps.write_text(chosen)
    result = desktop.install(data, config, run_tools=False)
    assert not result.default_registered and mimeapps.read_text() == chosen
    result = desktop.uninstall(data, config, run_tools=False)
    assert not result.default_registered and mimeapps.read_text() == chosen


def test_missing_tools_still_install_and_say_what_is_missing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    result = desktop.install(tmp_path / "data", tmp_path / "config")
    assert all(f.is_file() for f in desktop.installed_files(tmp_path / "data"))
    assert result.tools_run == []
    message = result.message(installed=True)
    assert "update-mime-database is not installed" in message and "shared-mime-info" in message
    assert "\n" not in message


# -- the command line -------------------------------------------------------------------------

PROBE = """
import sys
from app.main import main
code = main(sys.argv[1:])
print("QT-LOADED" if any(m.startswith("PySide6") for m in sys.modules) else "NO-QT")
sys.exit(code)
"""


def test_command_line_flags_install_and_uninstall_without_qt(tmp_path: Path) -> None:
    env = xdg_env(tmp_path, PYTHONPATH=str(ROOT))
    env.pop("DISPLAY", None)
    env.pop("QT_QPA_PLATFORM", None)
    for flag in ("--install-desktop-entry", "--uninstall-desktop-entry"):
        proc = subprocess.run(
            [sys.executable, "-c", PROBE, flag], env=env, capture_output=True, text=True
        )
        assert proc.returncode == 0, proc.stderr
        line, probe = proc.stdout.splitlines()
        assert line.startswith("chatterdesk: ") and probe == "NO-QT"
        assert "Traceback" not in proc.stderr
        if flag == "--install-desktop-entry":
            assert "installed" in line and str(tmp_path / "data") in line
            assert (tmp_path / "data" / "applications" / DESKTOP_FILE).is_file()
        else:
            assert line.startswith("chatterdesk: removed")
            assert not (tmp_path / "data" / "applications" / DESKTOP_FILE).exists()
    both = subprocess.run(
        [sys.executable, "-m", "app", "--install-desktop-entry", "--uninstall-desktop-entry"],
        env=env,
        capture_output=True,
        text=True,
    )
    assert both.returncode == 2 and "not allowed with" in both.stderr


def test_command_line_install_error_is_one_clear_line(tmp_path: Path) -> None:
    blocker = tmp_path / "data"
    blocker.write_text("a file where the data folder should be")
    env = xdg_env(tmp_path, PYTHONPATH=str(ROOT))
    proc = subprocess.run(
        [sys.executable, "-m", "app", "--install-desktop-entry"],
        env=env,
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 1
    assert proc.stderr.startswith("chatterdesk: cannot install the desktop entry: ")
    assert proc.stderr.count("\n") == 1 and "Traceback" not in proc.stderr


# -- double-clicking a conversation file ------------------------------------------------------


def _read_until(proc: subprocess.Popen[str], marker: str, timeout: float) -> str:
    """stdout up to the line holding `marker` (the rest keeps being drained)."""
    lines: queue.Queue[str | None] = queue.Queue()

    def pump() -> None:
        assert proc.stdout is not None
        for line in proc.stdout:
            lines.put(line)
        lines.put(None)

    threading.Thread(target=pump, daemon=True).start()
    out = ""
    while True:
        line = lines.get(timeout=timeout)
        if line is None:
            return out
        out += line
        if marker in line:
            return out


def _window_props(display: str, title: str) -> str:
    tree = subprocess.run(
        ["xwininfo", "-root", "-tree", "-display", display], capture_output=True, text=True
    ).stdout
    ids = [ln.split()[0] for ln in tree.splitlines() if title in ln]
    assert ids, tree
    return subprocess.run(
        ["xprop", "-display", display, "-id", ids[0]], capture_output=True, text=True
    ).stdout


@pytest.mark.e2e
@pytest.mark.timeout(180)
def test_double_clicked_file_opens_through_the_installed_exec_line(tmp_path: Path) -> None:
    from app.core import storage
    from app.core.conversation import Conversation, Message
    from tests.e2e.xvfb import xvfb
    from tests.fakeserver import FakeServer
    from tests.procs import stop_process

    need("Xvfb")
    need("xwininfo")
    data, config = tmp_path / "data", tmp_path / "config"
    desktop.install(data, config)
    exec_value = desktop_fields(data / "applications" / DESKTOP_FILE)["Exec"]

    conv = Conversation(title="Opened by double-click")
    conv.append(Message(role="user", content="a question saved last week"))
    conv.append(Message(role="assistant", content="and its answer, shown again"))
    folder = tmp_path / "My Documents"
    folder.mkdir()
    path = folder / "weekly notes.chat.json"
    storage.save(conv, path)
    argv = desktop.expand_exec(exec_value, [str(path)])
    assert argv[-1] == str(path)

    script = tmp_path / "look.json"
    script.write_text(json.dumps({"messages": [], "quit": False}))
    with FakeServer() as srv, xvfb() as display:
        env = xdg_env(
            tmp_path,
            DISPLAY=display,
            QT_QPA_PLATFORM="xcb",
            OPENAI_BASE_URL=srv.base_url,
            XDG_STATE_HOME=str(tmp_path / "state"),
            CHATTERDESK_E2E_SCRIPT=str(script),
            PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring",
        )
        env.pop("OPENAI_API_KEY", None)
        workdir = desktop_fields(data / "applications" / DESKTOP_FILE).get("Path")
        proc = subprocess.Popen(
            argv,
            env=env,
            cwd=workdir or str(tmp_path),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            out = _read_until(proc, "E2E-TEXT-END", timeout=90)
            props = _window_props(display, "Opened by double-click")
        finally:
            stop_process(proc)
    shown = out.split("E2E-TEXT-BEGIN", 1)[1].split("E2E-TEXT-END", 1)[0]
    assert "a question saved last week" in shown and "and its answer, shown again" in shown
    # The window says which conversation it shows, and tells the desktop which entry it is.
    assert '_NET_WM_NAME(UTF8_STRING) = "Opened by double-click' in props
    assert f'WM_CLASS(STRING) = "{APP_ID}", "Chatterdesk"' in props
    assert f'_KDE_NET_WM_DESKTOP_FILE(UTF8_STRING) = "{APP_ID}"' in props
