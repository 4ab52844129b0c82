"""Linux desktop integration: menu entry, icons, the conversation file type, AppStream data.

`chatterdesk --install-desktop-entry` puts them under $XDG_DATA_HOME (default ~/.local/share)
for the current user, so the app shows in the menu with its icon and double-clicking a
`*.chat.json` file in a file manager opens it here; `--uninstall-desktop-entry` takes exactly
those files away again. Qt-free and cheap to import: `app.main` reads APP_ID and the resource
folder from here before the first paint.
"""

from __future__ import annotations

import contextlib
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path

# One reverse-DNS id for the .desktop file name, setDesktopFileName, StartupWMClass, the
# AppStream id and the icon name, so the window, the menu entry and the icon find each other.
APP_ID = "io.github.chatterdesk.Chatterdesk"
MIME_TYPE = "application/x-chatterdesk-conversation"
DESKTOP_FILE = f"{APP_ID}.desktop"
ICON_SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)

# Characters that force an Exec argument into double quotes (Desktop Entry spec, "Exec key").
_RESERVED = set(" \t\n\"'\\><~|&;$*?#()`")
_FIELD_CODES = set("fFuUdDnNickvm")


class DesktopIntegrationError(Exception):
    """Installing or removing the desktop entry failed; the message says why, in words."""


def is_frozen() -> bool:
    """True inside a PyInstaller bundle."""
    return bool(getattr(sys, "frozen", False))


def resources_dir() -> Path:
    """The `resources/` folder: next to the bundled code when frozen, else in the source tree."""
    base = getattr(sys, "_MEIPASS", None)
    if is_frozen() and base:
        return Path(base) / "resources"
    return Path(__file__).resolve().parents[2] / "resources"


WINDOW_ICON_MAX = 128


def window_icon_files() -> list[Path]:
    """The window's icon as PNG files up to 128 px (64 px at 2x), smallest first.

    On X11 Qt sends every size it has to the window manager and keeps each one drawn: the
    512 px PNG and the SVG (which loads QtSvg) cost 2 MiB for good, the 256 px one 0.2 MiB.
    Docks, launchers and task switchers take the big sizes from the icon theme that
    `install` puts in place."""
    icons = resources_dir() / "icons" / "hicolor"
    pngs = [icons / f"{s}x{s}" / "apps" / f"{APP_ID}.png" for s in ICON_SIZES]
    return [
        p for s, p in zip(ICON_SIZES, pngs, strict=True) if s <= WINDOW_ICON_MAX and p.is_file()
    ]


# -- the Exec line ----------------------------------------------------------------------------


def launch_command() -> tuple[list[str], Path | None]:
    """How the menu starts this app, and the working folder it needs (None: any).

    The bundled binary when frozen; else the `chatterdesk` launcher next to this Python (pip
    writes it into the venv); else `<python> -m app`, run from the folder that holds `app/`.
    """
    if is_frozen():
        return [os.path.abspath(sys.executable)], None
    python = Path(os.path.abspath(sys.executable))
    launcher = python.with_name("chatterdesk")
    if launcher.is_file() and os.access(launcher, os.X_OK):
        return [str(launcher)], None
    return [str(python), "-m", "app"], Path(__file__).resolve().parents[2]


def quote_exec_arg(arg: str) -> str:
    """One argument as the Exec key writes it: %% for %, quoted if needed, string-escaped."""
    s = arg.replace("%", "%%")
    if not s or any(c in _RESERVED for c in s):
        s = '"' + "".join("\\" + c if c in '"`$\\' else c for c in s) + '"'
    return s.replace("\\", "\\\\")  # the value is a desktop-entry string: \ is written \\


def exec_line(argv: list[str]) -> str:
    """The Exec value for this command, taking one file (%f)."""
    return " ".join(quote_exec_arg(a) for a in argv) + " %f"


def unescape_string(value: str) -> str:
    r"""A desktop-entry string value as text (\s \n \t \r \\)."""
    out: list[str] = []
    it = iter(value)
    for c in it:
        if c != "\\":
            out.append(c)
            continue
        nxt = next(it, "")
        out.append({"s": " ", "n": "\n", "t": "\t", "r": "\r", "\\": "\\"}.get(nxt, "\\" + nxt))
    return "".join(out)


def split_exec(value: str) -> list[str]:
    """The raw Exec value split into arguments, quotes removed (field codes left as they are)."""
    text = unescape_string(value)
    args: list[str] = []
    cur: list[str] = []
    started = False
    i = 0
    while i < len(text):
        c = text[i]
        if c == '"':
            started = True
            i += 1
            while i < len(text) and text[i] != '"':
                if text[i] == "\\" and i + 1 < len(text) and text[i + 1] in '"`$\\':
                    i += 1
                cur.append(text[i])
                i += 1
            if i >= len(text):
                raise ValueError(f"unclosed quote in Exec={value}")
        elif c in " \t":
            if started:
                args.append("".join(cur))
                cur, started = [], False
        else:
            started = True
            cur.append(c)
        i += 1
    if started:
        args.append("".join(cur))
    return args


def expand_exec(value: str, files: list[str]) -> list[str]:
    """The command a file manager runs for `files`: %f/%F/%u/%U filled in, %% unescaped."""
    out: list[str] = []
    for arg in split_exec(value):
        if arg in ("%f", "%u"):
            out.extend(files[:1])
        elif arg in ("%F", "%U"):
            out.extend(files)
        elif len(arg) == 2 and arg[0] == "%" and arg[1] in _FIELD_CODES:
            continue  # %i %c %k and the deprecated codes: nothing to pass here
        else:
            out.append(arg.replace("%%", "%"))
    return out


# -- where things go --------------------------------------------------------------------------


def _xdg_dir(var: str, default: str, env: dict[str, str] | None) -> Path:
    value = (os.environ if env is None else env).get(var, "")
    if value and os.path.isabs(value):  # the spec says a relative path is to be ignored
        return Path(value)
    return Path(default).expanduser()


def data_home(env: dict[str, str] | None = None) -> Path:
    return _xdg_dir("XDG_DATA_HOME", "~/.local/share", env)


def config_home(env: dict[str, str] | None = None) -> Path:
    return _xdg_dir("XDG_CONFIG_HOME", "~/.config", env)


def installed_files(data: Path) -> list[Path]:
    """Every file the installer writes under `data`, in install order."""
    icons = data / "icons" / "hicolor"
    return [
        *(icons / f"{s}x{s}" / "apps" / f"{APP_ID}.png" for s in ICON_SIZES),
        icons / "scalable" / "apps" / f"{APP_ID}.svg",
        data / "mime" / "packages" / f"{APP_ID}.xml",
        data / "metainfo" / f"{APP_ID}.metainfo.xml",
        data / "applications" / DESKTOP_FILE,
    ]


def _sources(data: Path) -> dict[Path, Path]:
    """Installed path -> the resource it is copied from (the .desktop file is rendered)."""
    res = resources_dir()
    linux = res / "linux"
    icons = res / "icons"
    src: dict[Path, Path] = {}
    for dest in installed_files(data):
        if dest.suffix == ".png":
            src[dest] = icons / "hicolor" / dest.parent.parent.name / "apps" / dest.name
        elif dest.suffix == ".svg":
            src[dest] = icons / "chatterdesk.svg"
        elif dest.name.endswith(".metainfo.xml"):
            src[dest] = linux / f"{APP_ID}.metainfo.xml"
        elif dest.suffix == ".xml":
            src[dest] = linux / f"{APP_ID}.mime.xml"
        else:
            src[dest] = linux / DESKTOP_FILE
    return src


def render_desktop_entry(template: str, argv: list[str], workdir: Path | None) -> str:
    """The .desktop file with Exec (and TryExec, Path) for this installation."""
    lines: list[str] = []
    group = ""
    for line in template.splitlines():
        stripped = line.strip()
        if stripped.startswith("["):
            group = stripped
        if group == "[Desktop Entry]" and stripped.startswith(("Exec=", "TryExec=", "Path=")):
            if stripped.startswith("Exec="):
                lines.append("Exec=" + exec_line(argv))
                lines.append("TryExec=" + _escape_string(argv[0]))
                if workdir is not None:
                    lines.append("Path=" + _escape_string(str(workdir)))
            continue
        lines.append(line)
    return "\n".join(lines) + "\n"


def _escape_string(text: str) -> str:
    return text.replace("\\", "\\\\").replace("\n", "\\n").replace("\t", "\\t")


# -- install / uninstall ----------------------------------------------------------------------


@dataclass
class Result:
    """What an install or uninstall did, for a one-line message and for tests."""

    data_home: Path
    files: list[Path] = field(default_factory=list)  # written, or removed
    exec_line: str = ""
    default_registered: bool = False  # install: added, uninstall: removed from mimeapps.list
    tools_run: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def message(self, installed: bool) -> str:
        """One line for the terminal."""
        where = _tilde(self.data_home)
        if installed:
            text = (
                f"installed the desktop entry, icons and the *.chat.json file type under {where};"
                f" the menu entry runs: {self.exec_line.removesuffix(' %f')}"
            )
        elif self.files:
            text = f"removed the desktop entry, icons and the *.chat.json file type from {where}"
        else:
            text = f"nothing to remove: no Chatterdesk desktop entry was installed under {where}"
        if self.warnings:
            text += " (" + "; ".join(self.warnings) + ")"
        return text


def _tilde(p: Path) -> str:
    home = str(Path.home())
    s = str(p)
    return "~" + s[len(home) :] if s == home or s.startswith(home + os.sep) else s


def install(
    data: Path | None = None, config: Path | None = None, *, run_tools: bool = True
) -> Result:
    """Install for the current user; raises DesktopIntegrationError with a reason in words."""
    data = data_home() if data is None else data
    config = config_home() if config is None else config
    argv, workdir = launch_command()
    result = Result(data_home=data, exec_line=exec_line(argv))
    sources = _sources(data)
    missing = [str(s) for s in sources.values() if not s.is_file()]
    if missing:
        raise DesktopIntegrationError(
            f"the files to install are missing from {resources_dir()} ({', '.join(missing)})"
        )
    try:
        for dest, src in sources.items():
            if dest.suffix == ".desktop":
                text = render_desktop_entry(src.read_text("utf-8"), argv, workdir)
                _write(dest, text.encode("utf-8"))
            else:
                _write(dest, src.read_bytes())
            result.files.append(dest)
        result.default_registered = _add_default(config)
    except OSError as exc:
        raise DesktopIntegrationError(_os_error(exc)) from None
    if run_tools:
        _refresh(data, result)
    return result


def uninstall(
    data: Path | None = None, config: Path | None = None, *, run_tools: bool = True
) -> Result:
    """Remove what install() wrote, and the caches made only because of it."""
    data = data_home() if data is None else data
    config = config_home() if config is None else config
    result = Result(data_home=data)
    try:
        for path in installed_files(data):
            if path.is_file() or path.is_symlink():
                path.unlink()
                result.files.append(path)
                _prune_dirs(path.parent, data)
        result.default_registered = _remove_default(config)
    except OSError as exc:
        raise DesktopIntegrationError(_os_error(exc)) from None
    if not result.files:
        return result
    mime = data / "mime"
    packages = mime / "packages"
    if packages.is_dir() and any(packages.glob("*.xml")):
        if run_tools:
            _tool(["update-mime-database", str(mime)], result)
        for sub in mime.iterdir():  # update-mime-database leaves our media type's folder empty
            if sub.is_dir() and sub.name != "packages" and not any(sub.iterdir()):
                sub.rmdir()
    else:
        _remove_mime_database(mime)
    apps = data / "applications"
    if apps.is_dir() and any(apps.rglob("*.desktop")):
        if run_tools and (apps / "mimeinfo.cache").exists():
            _tool(["update-desktop-database", "-q", str(apps)], result)
    else:
        with contextlib.suppress(OSError):
            (apps / "mimeinfo.cache").unlink()
        _prune_dirs(apps, data)
    hicolor = data / "icons" / "hicolor"
    if run_tools and (hicolor / "icon-theme.cache").exists():
        _tool(["gtk-update-icon-cache", "-f", "-t", "-q", str(hicolor)], result)
    return result


def _refresh(data: Path, result: Result) -> None:
    """Rebuild the caches desktops read: the MIME database and the desktop-file MIME cache.

    The user's icon cache is rebuilt only when one exists already: creating one would make GTK
    trust it and miss icons that other programs later install without rebuilding it.
    """
    _tool(["update-mime-database", str(data / "mime")], result)
    _tool(["update-desktop-database", "-q", str(data / "applications")], result)
    hicolor = data / "icons" / "hicolor"
    if (hicolor / "icon-theme.cache").exists():
        _tool(["gtk-update-icon-cache", "-f", "-t", "-q", str(hicolor)], result)


def _tool(argv: list[str], result: Result) -> None:
    import shutil
    import subprocess

    exe = shutil.which(argv[0])
    if exe is None:
        if argv[0] == "update-mime-database":
            result.warnings.append(
                "update-mime-database is not installed (package shared-mime-info), so file "
                "managers will not know the file type until it runs"
            )
        return
    try:
        proc = subprocess.run(
            [exe, *argv[1:]],
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        result.warnings.append(f"{argv[0]} did not run: {exc}")
        return
    result.tools_run.append(argv[0])
    if proc.returncode != 0:
        last = (proc.stderr.strip().splitlines() or [f"exit status {proc.returncode}"])[-1]
        result.warnings.append(f"{argv[0]} failed: {last}")


# update-mime-database writes these next to packages/, plus one folder per media type.
_MIME_GENERATED = (
    "aliases",
    "generic-icons",
    "globs",
    "globs2",
    "icons",
    "magic",
    "mime.cache",
    "subclasses",
    "treemagic",
    "types",
    "version",
    "XMLnamespaces",
)


def _remove_mime_database(mime: Path) -> None:
    """With no package left, the generated database describes nothing: take it away."""
    import shutil

    if not mime.is_dir():
        return
    for name in _MIME_GENERATED:
        with contextlib.suppress(OSError):
            (mime / name).unlink()
    for sub in mime.iterdir():
        if (
            sub.is_dir()
            and sub.name != "packages"
            and all(f.suffix == ".xml" for f in sub.iterdir())
        ):
            shutil.rmtree(sub, ignore_errors=True)
    with contextlib.suppress(OSError):
        (mime / "packages").rmdir()
    with contextlib.suppress(OSError):
        mime.rmdir()


def _prune_dirs(folder: Path, stop: Path) -> None:
    """Remove `folder` and its parents while they are empty, never `stop` itself."""
    stop = stop.resolve()
    folder = folder.resolve()
    while folder != stop and stop in folder.parents:
        try:
            folder.rmdir()
        except OSError:
            return
        folder = folder.parent


def _write(path: Path, data: bytes) -> None:
    """Write through a temp file and rename, so a watching file manager never reads half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        tmp.write_bytes(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


def _os_error(exc: OSError) -> str:
    where = f" ({exc.filename})" if exc.filename else ""
    return f"{exc.strerror or exc}{where}"


# -- the default application for the file type ------------------------------------------------

_DEFAULTS = "[Default Applications]"


def _add_default(config: Path) -> bool:
    """Make us the default for our type in mimeapps.list, unless some default exists already."""
    path = config / "mimeapps.list"
    text = path.read_text("utf-8") if path.is_file() else ""
    lines = text.splitlines()
    in_defaults = False
    header_at = -1
    end_at = len(lines)
    for i, line in enumerate(lines):
        s = line.strip()
        if s.startswith("["):
            if in_defaults:
                end_at = i
            in_defaults = s == _DEFAULTS
            if in_defaults:
                header_at = i
                end_at = len(lines)
            continue
        if in_defaults and s.split("=", 1)[0].strip() == MIME_TYPE and s.split("=", 1)[-1].strip():
            return False
    entry = f"{MIME_TYPE}={DESKTOP_FILE};"
    if header_at >= 0:
        # After the section's last entry (before any blank lines that separate sections).
        at = end_at
        while at > header_at + 1 and not lines[at - 1].strip():
            at -= 1
        lines.insert(at, entry)
    else:
        lines += [_DEFAULTS, entry]
    _write(path, ("\n".join(lines) + "\n").encode("utf-8"))
    return True


def _remove_default(config: Path) -> bool:
    """Take our desktop file out of the default for our type; drop what becomes empty."""
    path = config / "mimeapps.list"
    if not path.is_file():
        return False
    lines = path.read_text("utf-8").splitlines()
    out: list[str] = []
    changed = False
    in_defaults = False
    for line in lines:
        s = line.strip()
        if s.startswith("["):
            in_defaults = s == _DEFAULTS
        elif in_defaults and s.split("=", 1)[0].strip() == MIME_TYPE and "=" in s:
            apps = [a for a in s.split("=", 1)[1].split(";") if a.strip()]
            if DESKTOP_FILE in apps:
                changed = True
                apps.remove(DESKTOP_FILE)
                if apps:
                    out.append(f"{MIME_TYPE}={';'.join(apps)};")
                continue
        out.append(line)
    if not changed:
        return False
    # A [Default Applications] header left with no entries goes too.
    cleaned: list[str] = []
    for i, line in enumerate(out):
        if line.strip() == _DEFAULTS:
            rest = out[i + 1 :]
            nxt = next((r.strip() for r in rest if r.strip()), "[")
            if nxt.startswith("["):
                continue
        cleaned.append(line)
    while cleaned and not cleaned[-1].strip():
        cleaned.pop()
    if cleaned:
        _write(path, ("\n".join(cleaned) + "\n").encode("utf-8"))
    else:
        path.unlink()
    return True
